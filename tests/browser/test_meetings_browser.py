"""Meeting pages in a real browser at phone width: accessibility, the grid's scrolling."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.enums import MeetingKind, MeetingStatus
from meetings.meeting_selectors import Quarter, quarters_between
from meetings.models import InvitationRequest, Meeting
from portal.models import Country
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    ApplicationFactory,
    CountryCoordinatorFactory,
    MeetingFactory,
    ParticipantFactory,
    RegistrationCallFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844})
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


def _pages_data():
    now = timezone.now()
    upcoming = MeetingFactory(title_en="High-level meeting 2027", agenda_en="1. Opening")
    RegistrationCallFactory(meeting=upcoming)
    past = MeetingFactory(
        title_en="",
        title_es="Reunión pasada de alto nivel",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=29),
        status=MeetingStatus.HELD,
        minutes_en="Countries presented their progress.",
    )
    call = RegistrationCallFactory(
        meeting=past,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
        review_deadline=now - timedelta(days=50),
        results_published_at=now - timedelta(days=45),
    )
    application = ApplicationFactory(call=call, outcome="selected", participants=False)
    ParticipantFactory(application=application, consent_listed=True, checked_in_at=now)
    ParticipantFactory(application=application)
    quarter = quarters_between(Quarter(2022, 2), Quarter.of(timezone.localdate()))[-2]
    national = Meeting.objects.create(
        kind=MeetingKind.NATIONAL,
        slug="national-co",
        title_en="National meeting – Colombia",
        host_country=Country.objects.get(code="CO"),
        starts_at=now.replace(year=quarter.start.year, month=quarter.start.month, day=15),
        ends_at=now.replace(year=quarter.start.year, month=quarter.start.month, day=15)
        + timedelta(hours=2),
        status=MeetingStatus.HELD,
        concerns_raised="Delays in work permits.",
    )
    national.participating_organisations.add(VerifiedOrganisationFactory())
    return upcoming, past, national


@pytest.mark.parametrize("lang", ["en", "es"])
def test_meeting_pages_have_no_axe_violations(live_server, browser, page, lang, artifacts):
    from django.utils import translation

    upcoming, past, national = _pages_data()
    with translation.override(lang):
        paths = [
            reverse("meeting_list"),
            upcoming.get_absolute_url(),
            past.get_absolute_url(),
            national.get_absolute_url(),
            reverse("national_meeting_grid"),
        ]
        coordinator_paths = [
            reverse("national_meeting_grid"),
            reverse("national_meeting_create", args=["CO"]),
            reverse("national_meeting_edit", args=[national.slug]),
            reverse("invitation_request_list", args=["CO"]),
        ]
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(page)
    page.goto(f"{live_server.url}{paths[-1]}")
    # The wide grid scrolls inside its container, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / f"national-grid-{lang}-phone.png"), full_page=True)
    page.goto(f"{live_server.url}{paths[2]}")
    page.screenshot(path=str(artifacts / f"meeting-past-{lang}-phone.png"), full_page=True)

    user = UserFactory()
    CountryCoordinatorFactory(user=user)
    InvitationRequest.objects.create(
        country=Country.objects.get(code="CO"),
        organisation=VerifiedOrganisationFactory(),
        message="We work in Cúcuta.",
    )
    coordinator_page = signed_in(browser, live_server, user)
    for path in coordinator_paths:
        response = coordinator_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_no_axe_violations(coordinator_page)
    coordinator_page.context.close()
