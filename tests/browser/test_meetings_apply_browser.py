"""Applying to a registration call in a real browser, with accessibility checks."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from meetings.enums import ApplicationStatus
from meetings.models import Application
from portal.enums import MembershipRole
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    MembershipFactory,
    RegistrationCallFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def signed_in(browser, live_server, user, **options):
    """A browser page whose session belongs to ``user`` (no sign-in form needed)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_member_applies_to_a_call_and_sees_it_submitted(live_server, browser):
    call = RegistrationCallFactory(seats_per_organisation=1)
    question = call.questions.get()
    organisation = VerifiedOrganisationFactory(name="Red de Acogida del Sur")
    member = UserFactory(full_name="Rosa Mamani")
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    call_path = reverse("call_detail", args=[call.pk])

    # Plain forms only: the whole flow works without JavaScript.
    page = signed_in(browser, live_server, member, java_script_enabled=False)
    page.goto(f"{live_server.url}{call_path}")
    assert "Expertise on the agenda" in page.inner_text("main")
    page.context.close()

    # axe needs JavaScript; the pages are the same.
    page = signed_in(browser, live_server, member)
    page.goto(f"{live_server.url}{call_path}")
    assert_no_axe_violations(page)

    page.click("main a.button[href$='/apply/']")
    page.wait_for_url("**/apply/")
    assert "Red de Acogida del Sur" in page.inner_text("main")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/edit/")
    assert_no_axe_violations(page)

    page.fill(f"textarea[name=question_{question.pk}]", "We run two shelters in Cúcuta.")
    page.fill("input[name='participants-0-full_name']", "Rosa Mamani")
    page.fill("input[name='participants-0-position']", "Coordinator")
    page.fill("input[name='participants-0-email']", "rosa@example.org")
    page.check("input[name='participants-0-consent_listed']")
    page.check("input[name=consent]")
    page.click("button[name=action][value=submit]")
    page.wait_for_url("**/applications/*/")

    main = page.inner_text("main")
    assert "Submitted" in main and "Your application was submitted." in main
    assert_no_axe_violations(page)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.organisation == organisation
    assert application.answers == {str(question.pk): "We run two shelters in Cúcuta."}
    assert application.participants.get().email == "rosa@example.org"
    page.context.close()
