"""National coordination, mechanism and good-practice pages in a real browser: axe."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.secretariat.test_national import (
    COORDINATOR_EMAIL,
    contact_url,
    cso_member,
    make_commitment,
    record,
    special_coordinator,
)

# --- In a real browser: accessibility of every page of this area ------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_have_no_axe_violations(live_server, browser, reference_data):
    from django.conf import settings
    from django.test import Client

    from portal.models import MechanismParticipation, RegionalMechanism
    from tests.browser.conftest import assert_no_axe_violations
    from tests.factories import GoodPracticeFactory, org_admin

    coordinator = special_coordinator(email=COORDINATOR_EMAIL)
    record(title="Taller en Cúcuta", languages=["es", "guc"], link="https://example.org/t")
    member, organisation = cso_member()
    admin = org_admin(organisation)
    quito = RegionalMechanism.objects.get(slug="quito-process")
    MechanismParticipation.objects.create(
        organisation=organisation, mechanism=quito, from_year=2019, listed=True, role="Observer"
    )
    commitment = make_commitment(codes=["CO"], title_es="Regularización")
    commitment.mechanisms.add(quito)
    practice = GoodPracticeFactory(mechanism=quito, organisation=organisation)
    practice.commitments.add(commitment)
    returned = GoodPracticeFactory(
        submitted_by=member, status="returned", published_at=None, review_note="Cambios"
    )
    staff = StaffFactory()

    def visit(user, paths):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        if user is not None:
            client = Client()
            client.force_login(user)
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
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert_no_axe_violations(page)
        context.close()

    visit(
        None,
        [
            reverse("country_detail", args=["CO"]),
            reverse("mechanism_list"),
            quito.get_absolute_url(),
            reverse("good_practice_list"),
            practice.get_absolute_url(),
        ],
    )
    visit(
        member,
        [
            contact_url(coordinator),
            reverse("good_practice_create") + "?country=CO",
            reverse("good_practice_edit", args=[returned.slug]),
        ],
    )
    visit(admin, [reverse("organisation_mechanisms", args=[organisation.slug])])
    visit(
        staff,
        [
            reverse("dissemination_create", args=["CO"]),
            reverse("good_practice_review", args=[returned.slug]),
        ],
    )
