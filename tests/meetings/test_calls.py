"""Public registration calls: the list, the published method, its history, who may apply."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from meetings import call_demo
from meetings.enums import ApplicationStatus, CallKind, QuotaGroup
from meetings.models import Application, Criterion, Quota, RegistrationCall
from portal.enums import MembershipRole
from portal.models import Country
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    QuestionFactory,
    QuotaFactory,
    RegistrationCallFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def member_of(organisation=None, **user_fields):
    organisation = organisation or VerifiedOrganisationFactory()
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user, organisation


def page_of(client, call):
    response = client.get(reverse("call_detail", args=[call.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The call's page ------------------------------------------------------------------------


def test_call_page_publishes_the_method(client):
    call = RegistrationCallFactory(seats=12, seats_per_organisation=2, min_reviews=3)
    QuotaFactory(call=call, group=QuotaGroup.INDIGENOUS, target=1)
    QuotaFactory(call=call, group=QuotaGroup.LOCAL, target=2)
    QuestionFactory(call=call, text_en="Where do you work?", required=False, max_length=800)
    ApplicationFactory(call=call)
    ApplicationFactory(call=call, status=ApplicationStatus.DRAFT)

    page = page_of(client, call)

    assert call.meeting.title in page
    assert "Civil-society participants" in page
    assert "<dt>Seats</dt><dd>12</dd>" in page
    assert "<dt>Seats per organisation</dt><dd>2</dd>" in page
    assert "Expertise on the agenda" in page and "Work with affected people" in page
    assert "67 %" in page and "33 %" in page and "Weights add up to 3." in page
    assert "0: no evidence; 5: strong, documented evidence." in page
    assert "Indigenous-led organisations: at least 1 selected organisation" in page
    assert "Local organisations: at least 2 selected organisations" in page
    assert "Why should your organisation take part?" in page
    assert "Where do you work?" in page and "up to 800 characters" in page
    assert "weighted mean score" in page and "Quotas are filled first while they are unmet" in page
    assert "Ties are broken by the earlier submission, then by the lower application reference" in (
        page
    )
    assert "written reason" in page and "waiting list" in page
    assert "Participants&#x27; names are published only with their consent." in page
    assert "America/Bogota" in page
    assert "At least 3 independent reviews" in page
    assert "Working in any of the endorsing countries" in page
    # Submitted applications are counted; drafts are not.
    assert "<dt>Applications submitted so far</dt><dd>1</dd>" in page


def test_call_page_shows_eligible_countries_and_times_in_the_meeting_zone(client):
    meeting = MeetingFactory(time_zone="America/Lima")
    closes = timezone.now().replace(microsecond=0) + timedelta(days=3)
    call = RegistrationCallFactory(meeting=meeting, closes_at=closes)
    call.eligible_countries.set(Country.objects.filter(code__in=["PE", "CO"]))

    page = page_of(client, call)

    local = timezone.localtime(closes, meeting.tz)
    assert f"{local:%H:%M}</time> (America/Lima)" in page
    peru = Country.objects.get(code="PE").name
    colombia = Country.objects.get(code="CO").name
    assert f"Working in: {colombia}, {peru}" in page


def test_call_page_records_edits_before_the_method_freezes(client):
    staff = StaffFactory(full_name="Sofía Secretaría")
    call = RegistrationCallFactory()
    criterion = call.criteria.get(position=1)
    criterion.weight = 3
    criterion._history_user = staff
    criterion.save()
    call.seats = 5
    call._history_user = staff
    call.save()
    quota = Quota(call=call, group=QuotaGroup.MIGRANT, target=2)
    quota._history_user = staff
    quota.save()

    page = page_of(client, call)

    assert "The method may still be corrected until the first application arrives" in page
    assert "Criterion changed: “Expertise on the agenda” (weight 3) (Weight)" in page
    assert "Changed: Civil-society seats" in page
    assert "Quota added: Migrant-led organisations ≥ 2" in page
    assert "Call created" in page
    assert "Sofía Secretaría" not in page

    client.force_login(staff)
    assert "Sofía Secretaría" in page_of(client, call)


def test_call_page_says_since_when_the_method_is_frozen(client):
    call = RegistrationCallFactory()
    application = ApplicationFactory(call=call)
    first_at = timezone.now() - timedelta(days=2)
    Application.objects.filter(pk=application.pk).update(created_at=first_at)

    page = page_of(client, call)

    date = formats.date_format(timezone.localtime(first_at, call.meeting.tz), "DATE_FORMAT")
    assert f"The method has been frozen since {date}, when the first application arrived" in page


def test_call_page_lists_eligible_country_changes(client):
    call = RegistrationCallFactory()
    call.eligible_countries.set(Country.objects.filter(code="CO"))

    page = page_of(client, call)

    assert f"Eligible countries: {Country.objects.get(code='CO').name}" in page


def test_unpublished_call_is_404_except_for_staff(client):
    call = RegistrationCallFactory(published_at=None)
    url = reverse("call_detail", args=[call.pk])

    assert client.get(url).status_code == 404
    user, _organisation = member_of()
    client.force_login(user)
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200 and "Not published" in response.content.decode()
    assert client.get(reverse("call_apply", args=[call.pk])).status_code == 404


def test_unknown_call_is_404(client):
    assert client.get(reverse("call_detail", args=[999999])).status_code == 404


# --- Who may apply ---------------------------------------------------------------------------


def test_anonymous_reader_is_invited_to_sign_in(client):
    call = RegistrationCallFactory()

    page = page_of(client, call)

    assert "Sign in to apply" in page
    assert f"?next=/en/calls/{call.pk}/" in page


def test_member_of_a_verified_organisation_sees_apply(client):
    call = RegistrationCallFactory()
    user, _organisation = member_of()
    client.force_login(user)

    page = page_of(client, call)

    assert reverse("call_apply", args=[call.pk]) in page and ">Apply</a>" in page


def test_member_with_an_application_sees_continue(client):
    call = RegistrationCallFactory()
    user, organisation = member_of()
    application = ApplicationFactory(call=call, organisation=organisation)
    client.force_login(user)

    page = page_of(client, call)

    assert "Continue your application" in page
    assert application.get_absolute_url() in page


def test_person_without_verified_organisation_is_told_why(client):
    call = RegistrationCallFactory()
    user, _organisation = member_of(OrganisationFactory())
    client.force_login(user)

    page = page_of(client, call)

    assert "Only members of a verified civil-society organisation can apply" in page
    assert reverse("call_apply", args=[call.pk]) not in page


def test_organisation_from_another_country_is_told_why(client):
    call = RegistrationCallFactory()
    call.eligible_countries.set(Country.objects.filter(code="PE"))
    user, _organisation = member_of(VerifiedOrganisationFactory(countries=["MX"]))
    client.force_login(user)

    page = page_of(client, call)

    assert "None of your organisations can apply" in page
    assert "does not work in any of them" in page


def test_closed_and_upcoming_calls_say_so(client):
    user, _organisation = member_of()
    client.force_login(user)
    closed = RegistrationCallFactory(
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    upcoming = RegistrationCallFactory(
        opens_at=timezone.now() + timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=20),
    )

    assert "applications are no longer accepted" in page_of(client, closed)
    assert "Applications open on" in page_of(client, upcoming)
    assert reverse("call_apply", args=[closed.pk]) not in page_of(client, closed)


def test_observer_call_gives_priority_to_host_country_organisations(client):
    call = RegistrationCallFactory(kind=CallKind.OBSERVERS, seats=4)
    QuotaFactory(call=call, group=QuotaGroup.HOST_COUNTRY_NATIONAL, target=2)
    plain = RegistrationCallFactory(kind=CallKind.OBSERVERS)

    page = page_of(client, call)

    colombia = Country.objects.get(code="CO").name
    assert (
        f"National civil-society organisations of the host country ({colombia}) have priority"
        in (page)
    )
    assert "have priority" not in page_of(client, plain)


# --- The list ---------------------------------------------------------------------------------


def test_call_list_groups_open_upcoming_and_closed_calls(client):
    now = timezone.now()
    open_call = RegistrationCallFactory(meeting__title_en="Open meeting")
    upcoming = RegistrationCallFactory(
        meeting__title_en="Upcoming meeting",
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=10),
    )
    closed = RegistrationCallFactory(
        meeting__title_en="Closed meeting",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=3),
    )
    decided = RegistrationCallFactory(
        meeting__title_en="Decided meeting",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        results_published_at=now - timedelta(days=2),
    )
    RegistrationCallFactory(meeting__title_en="Hidden meeting", published_at=None)

    page = client.get(reverse("call_list")).content.decode()

    assert "Hidden meeting" not in page
    current, past = page.split("Closed calls")
    assert current.index("Open meeting") < current.index("Upcoming meeting")
    assert "Open until" in current and "Opens on" in current
    assert "Closed meeting" in past and "Decided meeting" in past
    assert "Results published" in past
    for call in (open_call, upcoming, closed, decided):
        assert call.get_absolute_url() in page


def _many_calls(count):
    for number in range(count):
        call = RegistrationCallFactory()
        QuotaFactory(call=call)
        ApplicationFactory(call=call)
        if number % 2:
            call.closes_at = timezone.now() - timedelta(days=1)
            call.opens_at = timezone.now() - timedelta(days=9)
            call.save()


@pytest.mark.parametrize("count", [1, 12])
def test_call_list_runs_constant_queries(client, django_assert_max_num_queries, count):
    _many_calls(count)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("call_list"))

    assert len(set(re.findall(r'href="/en/calls/(\d+)/"', response.content.decode()))) == count


@pytest.mark.parametrize("rows", [1, 15])
def test_call_detail_runs_constant_queries(client, django_assert_max_num_queries, rows):
    call = RegistrationCallFactory(seats=20, seats_per_organisation=1)
    for number in range(rows):
        CriterionFactory(call=call, name_en=f"Extra criterion {number}", position=10 + number)
        QuestionFactory(call=call, text_en=f"Extra question {number}?")
        ApplicationFactory(call=call)
    for group in list(QuotaGroup)[:rows]:
        QuotaFactory(call=call, group=group, target=1)
    for number in range(rows):
        call.seats = 20 + number
        call.save()
    Criterion.objects.filter(call=call).update(guide_en="Revised guide")
    call.eligible_countries.set(Country.objects.all()[:rows])

    with django_assert_max_num_queries(10):
        client.get(reverse("call_detail", args=[call.pk]))
    user, _organisation = member_of()
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("call_detail", args=[call.pk]))
    assert "Extra criterion 0" in response.content.decode()


# --- Demo -------------------------------------------------------------------------------------


def demo_people():
    people = {key: UserFactory() for key in ("staff", "reviewer", "applicant", "cso_admin")}
    people["staff"].is_staff = True
    people["staff"].save()
    return people


def test_demo_seeds_the_calls_idempotently():
    people = demo_people()
    for slug in ("high-level-meeting-2027", "special-coordinators-2027", "regional-meeting-2027"):
        MeetingFactory(slug=slug, starts_at=timezone.now() + timedelta(days=90))
    applicant_org = VerifiedOrganisationFactory(
        name="Coordinadora de Mujeres Migrantes del Perú", countries=["PE"]
    )
    MembershipFactory(user=people["applicant"], organisation=applicant_org, role="admin")
    for name in ("Red Clamor Colombia", "Kolektif Fanm Migran Ayisyen"):
        member_of(VerifiedOrganisationFactory(name=name))
    for _ in range(3):
        member_of()
    out = StringIO()

    call_demo.seed(people=people, stdout=out)
    call_demo.seed(people=people, stdout=out)

    high_level = RegistrationCall.objects.get(meeting__slug="high-level-meeting-2027")
    assert high_level.is_open and high_level.seats == 12
    assert [c.weight for c in high_level.criteria.all()] == [3, 3, 2, 1]
    assert high_level.criteria.first().name_fr and high_level.data_policy_pt
    assert high_level.questions.count() == 2 and high_level.quotas.count() == 4
    assert high_level.applications.filter(status=ApplicationStatus.SUBMITTED).count() == 2
    draft = high_level.applications.get(status=ApplicationStatus.DRAFT)
    assert draft.organisation == applicant_org
    assert (
        high_level.applications.get(organisation__name="Red Clamor Colombia").attachments.count()
        == 1
    )
    observers = RegistrationCall.objects.get(meeting__slug="special-coordinators-2027")
    assert observers.kind == CallKind.OBSERVERS and not observers.is_open
    assert observers.quotas.get().group == QuotaGroup.HOST_COUNTRY_NATIONAL
    closed = RegistrationCall.objects.get(meeting__slug="regional-meeting-2027")
    assert closed.is_closed
    submitted = closed.applications.filter(status=ApplicationStatus.SUBMITTED)
    assert submitted.count() == 6
    assert all(a.created_at < closed.closes_at for a in submitted)
    assert all(a.participants.count() == 1 for a in submitted)
    assert RegistrationCall.objects.count() == 3


def test_demo_skips_missing_meetings():
    out = StringIO()

    call_demo.seed(people=demo_people(), stdout=out)

    assert not RegistrationCall.objects.exists()
    assert "high-level-meeting-2027" in out.getvalue()
