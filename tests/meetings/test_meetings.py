"""Meeting pages: list, detail, calendar, documents, the admin's frozen method, the demo."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings import meeting_demo
from meetings.enums import MeetingKind, MeetingStatus
from meetings.models import Criterion, Meeting, MeetingDocument, RegistrationCall
from portal.models import Country
from tests.factories import (
    ApplicationFactory,
    CountryCoordinatorFactory,
    MeetingFactory,
    ParticipantFactory,
    RegistrationCallFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def days(n):
    return timezone.now() + timedelta(days=n)


def a_meeting(*, in_days=30, **fields):
    starts_at = fields.pop("starts_at", days(in_days))
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=8), **fields)


def with_results(meeting, **fields):
    """A call of ``meeting`` whose results are published."""
    fields.setdefault("opens_at", days(-60))
    fields.setdefault("closes_at", days(-40))
    fields.setdefault("review_deadline", days(-35))
    return RegistrationCallFactory(meeting=meeting, results_published_at=days(-30), **fields)


def selected(call, *, organisation=None, participants=(), **fields):
    """A selected application of ``call`` with the given participants (dicts of fields)."""
    application = ApplicationFactory(
        call=call,
        organisation=organisation or VerifiedOrganisationFactory(),
        outcome="selected",
        participants=False,
        **fields,
    )
    for values in participants:
        ParticipantFactory(application=application, **values)
    return application


def a_document(meeting, **fields):
    document = MeetingDocument(
        meeting=meeting,
        kind=fields.pop("kind", "agenda"),
        language=fields.pop("language", "es"),
        title_en=fields.pop("title_en", "Annotated agenda"),
        **fields,
    )
    document.file.save("agenda.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


# --- List -------------------------------------------------------------------------------


def test_meeting_list_splits_upcoming_and_past(client):
    later = a_meeting(in_days=20, title_en="Later meeting")
    sooner = a_meeting(in_days=5, title_en="Sooner meeting")
    recent = a_meeting(in_days=-10, title_en="Recent meeting")
    older = a_meeting(in_days=-60, title_en="Older meeting")

    response = client.get(reverse("meeting_list"))

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [sooner, later]
    assert list(response.context["page"].object_list) == [recent, older]
    text = response.content.decode()
    assert text.index("Sooner meeting") < text.index("Later meeting") < text.index("Recent")
    assert text.index("Recent meeting") < text.index("Older meeting")


def test_meeting_list_filters_by_kind_and_country(client):
    colombia = a_meeting(kind=MeetingKind.HIGH_LEVEL, title_en="Bogotá high-level")
    a_meeting(kind=MeetingKind.REGIONAL, title_en="Regional in Bogotá")
    a_meeting(
        kind=MeetingKind.HIGH_LEVEL,
        title_en="Quito high-level",
        host_country=Country.objects.get(code="EC"),
    )

    response = client.get(reverse("meeting_list"), {"kind": "high_level", "country": "CO"})

    assert list(response.context["upcoming"]) == [colombia]
    text = response.content.decode()
    assert "Bogotá high-level" in text
    assert "Regional in Bogotá" not in text
    assert "Quito high-level" not in text


def test_meeting_list_ignores_an_unknown_filter_value(client):
    a_meeting(title_en="Any meeting")
    response = client.get(reverse("meeting_list"), {"kind": "party"})
    assert response.status_code == 200
    assert "Any meeting" in response.content.decode()


def test_meeting_list_hides_unpublished_meetings_from_the_public(client):
    a_meeting(title_en="Public meeting")
    a_meeting(title_en="Draft meeting", is_published=False)

    text = client.get(reverse("meeting_list")).content.decode()
    assert "Public meeting" in text
    assert "Draft meeting" not in text

    client.force_login(StaffFactory())
    text = client.get(reverse("meeting_list")).content.decode()
    assert "Draft meeting" in text
    assert "Not published" in text


def test_meeting_list_shows_until_when_registration_is_open(client):
    meeting = a_meeting(in_days=40, title_en="With a call")
    call = RegistrationCallFactory(meeting=meeting, closes_at=datetime(2099, 3, 4, 12, tzinfo=UTC))
    call.review_deadline = call.closes_at + timedelta(days=5)
    call.save()
    a_meeting(in_days=50, title_en="Without a call")

    response = client.get(reverse("meeting_list"))

    rows = {m.title_en: m for m in response.context["upcoming"]}
    assert rows["With a call"].open_call_closes_at == call.closes_at
    assert rows["Without a call"].open_call_closes_at is None
    assert "Registration open until March 4, 2099" in response.content.decode()


def test_meeting_list_shows_the_fallback_title_with_its_language(client):
    a_meeting(title_en="", title_es="Solo en español")
    text = client.get(reverse("meeting_list")).content.decode()
    assert 'lang="es"><strong>Solo en español</strong>' in text


def test_meeting_list_is_in_the_main_navigation(client):
    text = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("meeting_list")}"' in text


@pytest.mark.parametrize("count", [2, 30])
def test_meeting_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, count):
    for index in range(count):
        meeting = a_meeting(in_days=index + 1)
        RegistrationCallFactory(meeting=meeting)
        a_meeting(in_days=-(index + 1))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("meeting_list"))
    assert len(response.context["upcoming"]) == count


# --- Detail -----------------------------------------------------------------------------


def test_meeting_detail_shows_times_in_the_meeting_time_zone(client):
    meeting = MeetingFactory(
        title_en="Bogotá meeting",
        starts_at=datetime(2030, 1, 5, 14, 0, tzinfo=UTC),
        ends_at=datetime(2030, 1, 5, 22, 30, tzinfo=UTC),
        time_zone="America/Bogota",
        agenda_en="1. Opening\n\n2. Dialogue",
        working_languages=["es", "en", "ht"],
    )

    response = client.get(meeting.get_absolute_url())

    text = response.content.decode()
    assert "Jan. 5, 2030 09:00" in text
    assert "17:30</time> (America/Bogota)" in text
    assert "14:00 UTC" in text
    assert "Spanish, English, Haitian Creole" in text
    assert "<p>1. Opening</p>" in text
    assert reverse("meeting_ics", args=[meeting.slug]) in text
    assert f'href="{meeting.host_country.get_absolute_url()}"' in text


def test_meeting_detail_of_unpublished_meeting_is_staff_only(client):
    meeting = a_meeting(is_published=False)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Not published" in response.content.decode()


def test_meeting_detail_lists_calls_and_documents_by_kind(client):
    meeting = a_meeting()
    RegistrationCallFactory(meeting=meeting, seats=12)
    RegistrationCallFactory(meeting=meeting, kind="observers", published_at=None)
    a_document(meeting, kind="agenda", title_en="Annotated agenda", language="es")
    a_document(meeting, kind="background", title_en="Regional study", language="en")

    response = client.get(meeting.get_absolute_url())

    text = response.content.decode()
    assert [c.kind for c in response.context["calls"]] == ["participants"]
    assert "Civil-society participants" in text
    assert "<td>12</td>" in text
    kinds = [kind for kind, _documents in response.context["documents"]]
    assert kinds == ["Agenda", "Background document"]
    assert "Annotated agenda" in text
    assert "Regional study" in text


def test_meeting_detail_lists_selected_organisations_and_consenting_names_only(client):
    meeting = a_meeting(in_days=10)
    call = with_results(meeting)
    listed = selected(
        call,
        organisation=VerifiedOrganisationFactory(name="Red Listed"),
        participants=[
            {"full_name": "Alicia Consiente", "consent_listed": True},
            {"full_name": "Bruno Privado", "consent_listed": False},
        ],
    )
    selected(
        call,
        organisation=VerifiedOrganisationFactory(name="Withdrawn Org"),
        status="withdrawn",
        participants=[{"full_name": "Carla Withdrawn", "consent_listed": True}],
    )
    ApplicationFactory(
        call=call,
        organisation=VerifiedOrganisationFactory(name="Not Selected Org"),
        outcome="not_selected",
    )

    response = client.get(meeting.get_absolute_url())

    text = response.content.decode()
    assert listed.organisation.name in text
    assert "Alicia Consiente" in text
    assert "Bruno Privado" not in text
    assert "Withdrawn Org" not in text
    assert "Carla Withdrawn" not in text
    assert "Not Selected Org" not in text


def test_meeting_detail_hides_participants_until_results_are_published(client):
    meeting = a_meeting(in_days=10)
    call = RegistrationCallFactory(meeting=meeting)
    selected(call, organisation=VerifiedOrganisationFactory(name="Early Org"))

    text = client.get(meeting.get_absolute_url()).content.decode()

    assert "Early Org" not in text
    assert 'id="participants"' not in text


def test_meeting_detail_shows_attendance_by_group_after_the_meeting(client):
    meeting = a_meeting(in_days=-3)
    call = with_results(meeting, opens_at=days(-90), closes_at=days(-60))
    national = VerifiedOrganisationFactory(level="national", leadership=["indigenous"])
    local = VerifiedOrganisationFactory(level="local", countries=["PE"])
    now = timezone.now()
    selected(
        call,
        organisation=national,
        participants=[{"checked_in_at": now}, {"checked_in_at": None}],
    )
    selected(call, organisation=local, participants=[{"checked_in_at": now}])

    response = client.get(meeting.get_absolute_url())

    attendance = response.context["attendance"]
    assert (attendance["checked_in"], attendance["selected"]) == (2, 3)
    groups = {group["id"]: group["rows"] for group in attendance["groups"]}
    assert groups["attendance-level"] == [("Local", 1, 1), ("National", 1, 2)]
    assert ("Indigenous-led", 1, 2) in groups["attendance-leadership"]
    assert groups["attendance-country"] == [("Colombia", 1, 2), ("Peru", 1, 1)]
    text = response.content.decode()
    assert "2 of 3 selected civil-society participants checked in." in text
    assert '<svg role="img"' in text


def test_meeting_detail_shows_no_attendance_before_the_meeting(client):
    meeting = a_meeting(in_days=10)
    call = with_results(meeting)
    selected(call, participants=[{"checked_in_at": None}])
    response = client.get(meeting.get_absolute_url())
    assert response.context["attendance"] is None
    assert "Attendance" not in response.content.decode()


def test_national_meeting_page_shows_organisations_concerns_and_follow_ups(client):
    organisation = VerifiedOrganisationFactory(name="Casa Migrante Cúcuta")
    meeting = a_meeting(
        in_days=-20,
        kind=MeetingKind.NATIONAL,
        status=MeetingStatus.HELD,
        minutes_en="We met twelve organisations.",
        concerns_raised="Delays in work permits.",
        follow_ups="Publish processing times.",
    )
    meeting.participating_organisations.add(organisation)

    text = client.get(meeting.get_absolute_url()).content.decode()

    assert "Casa Migrante Cúcuta" in text
    assert "We met twelve organisations." in text
    assert "Delays in work permits." in text
    assert "Publish processing times." in text
    assert reverse("national_meeting_edit", args=[meeting.slug]) not in text


def test_national_meeting_page_offers_editing_to_its_coordinator(client):
    meeting = a_meeting(in_days=-20, kind=MeetingKind.NATIONAL, status=MeetingStatus.HELD)
    coordinator = CountryCoordinatorFactory().user
    client.force_login(coordinator)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("national_meeting_edit", args=[meeting.slug]) in text


@pytest.mark.parametrize("count", [1, 12])
def test_meeting_detail_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, count):
    meeting = a_meeting(in_days=-2)
    call = with_results(meeting, opens_at=days(-90), closes_at=days(-60))
    for index in range(count):
        a_document(meeting, title_en=f"Document {index}")
        RegistrationCallFactory(meeting=meeting, criteria=False, questions=False)
        selected(
            call,
            organisation=VerifiedOrganisationFactory(countries=["CO", "PE"]),
            participants=[
                {"consent_listed": True, "checked_in_at": timezone.now()},
                {"consent_listed": False},
            ],
        )
        meeting.participating_organisations.add(VerifiedOrganisationFactory())
    with django_assert_max_num_queries(9):
        response = client.get(meeting.get_absolute_url())
    assert response.context["attendance"]["selected"] == 2 * count


# --- Calendar and documents -------------------------------------------------------------


def test_meeting_ics_describes_the_meeting(client):
    meeting = MeetingFactory(
        title_en="High-level meeting, Bogotá; 2030",
        starts_at=datetime(2030, 1, 5, 14, 0, tzinfo=UTC),
        ends_at=datetime(2030, 1, 6, 22, 0, tzinfo=UTC),
        venue="Ágora",
    )

    response = client.get(reverse("meeting_ics", args=[meeting.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{meeting.slug}.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART:20300105T140000Z\r\n" in body
    assert "DTEND:20300106T220000Z\r\n" in body
    assert "SUMMARY:High-level meeting\\, Bogotá\\; 2030\r\n" in body
    assert "LOCATION:Ágora\\, Colombia\r\n" in body
    assert f"UID:meeting-{meeting.pk}@" in body
    assert "STATUS:CONFIRMED" in body


def test_meeting_ics_of_a_cancelled_meeting_says_so(client):
    meeting = a_meeting(status=MeetingStatus.CANCELLED)
    body = client.get(reverse("meeting_ics", args=[meeting.slug])).content.decode()
    assert "STATUS:CANCELLED" in body


def test_meeting_ics_of_an_unpublished_meeting_is_not_found(client):
    meeting = a_meeting(is_published=False)
    assert client.get(reverse("meeting_ics", args=[meeting.slug])).status_code == 404


def test_meeting_document_downloads_as_an_attachment(client):
    document = a_document(a_meeting(), title_en="Annotated agenda", language="es")

    response = client.get(reverse("meeting_document", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="annotated-agenda-es.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_meeting_document_of_an_unpublished_meeting_is_staff_only(client):
    document = a_document(a_meeting(is_published=False))
    url = reverse("meeting_document", args=[document.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_meeting_document_unknown_is_not_found(client):
    assert client.get(reverse("meeting_document", args=[999])).status_code == 404


# --- Admin: the call's method freezes with the first application -------------------------


class _FormValues(HTMLParser):
    """What a browser would submit from the admin's change form."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.values.append(tuple(self._textarea))
            self._textarea = None


def admin_form_data(response, form_id="registrationcall_form"):
    parser = _FormValues(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return data


def add_criterion(data, name):
    total = int(data["criteria-TOTAL_FORMS"][0])
    prefix = f"criteria-{total}-"
    data.update(
        {
            f"{prefix}name_en": [name],
            f"{prefix}weight": ["1"],
            f"{prefix}position": ["9"],
            f"{prefix}call": data.get("criteria-0-call", [""]),
            "criteria-TOTAL_FORMS": [str(total + 1)],
        }
    )
    return data


@pytest.fixture
def superuser_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_admin_edits_a_call_before_it_freezes_and_keeps_the_history(superuser_client):
    call = RegistrationCallFactory(seats=3)
    url = reverse("admin:meetings_registrationcall_change", args=[call.pk])
    data = admin_form_data(superuser_client.get(url))
    data["seats"] = ["7"]
    add_criterion(data, "Continuity with other mechanisms")

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    call.refresh_from_db()
    assert call.seats == 7
    assert call.criteria.filter(name_en="Continuity with other mechanisms").exists()
    assert call.history.filter(seats=3).exists()
    assert call.history.filter(seats=7, history_user__isnull=False).exists()


def test_admin_refuses_to_change_a_frozen_method(superuser_client):
    call = RegistrationCallFactory(seats=3)
    ApplicationFactory(call=call)
    url = reverse("admin:meetings_registrationcall_change", args=[call.pk])
    page = superuser_client.get(url)
    data = admin_form_data(page)
    assert "seats" not in data
    data["seats"] = ["99"]
    add_criterion(data, "Added after the first application")
    data["criteria-0-weight"] = ["9"]

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.seats == 3
    assert call.criteria.count() == 2
    assert not Criterion.objects.filter(name_en="Added after the first application").exists()
    assert not call.criteria.filter(weight=9).exists()


def test_admin_offers_no_inline_change_once_frozen(superuser_client):
    call = RegistrationCallFactory()
    ApplicationFactory(call=call)
    page = superuser_client.get(reverse("admin:meetings_registrationcall_change", args=[call.pk]))
    formsets = {
        formset.formset.prefix: formset for formset in page.context["inline_admin_formsets"]
    }
    for prefix in ("questions", "criteria", "quotas"):
        assert not formsets[prefix].has_add_permission
        assert not formsets[prefix].has_change_permission
        assert not formsets[prefix].has_delete_permission


def test_admin_pages_of_meetings_open(superuser_client):
    meeting = a_meeting()
    a_document(meeting)
    call = RegistrationCallFactory(meeting=meeting)
    application = ApplicationFactory(call=call)
    for url in [
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        reverse("admin:meetings_registrationcall_changelist"),
        reverse("admin:meetings_application_change", args=[application.pk]),
        reverse("admin:meetings_invitationrequest_changelist"),
    ]:
        assert superuser_client.get(url).status_code == 200, url


# --- Demo -------------------------------------------------------------------------------


def test_meeting_demo_is_idempotent():
    staff = StaffFactory(is_superuser=True)
    coordinator = UserFactory(preferred_language="es")
    people = {
        "staff": staff,
        "coordinator": coordinator,
        "coordinator_ca": UserFactory(preferred_language="fr"),
        "cso_admin": UserFactory(),
    }
    meeting_demo.seed(people=people)
    counts = (Meeting.objects.count(), MeetingDocument.objects.count())
    meeting_demo.seed(people=people)

    assert (Meeting.objects.count(), MeetingDocument.objects.count()) == counts
    for slug in ("high-level-meeting-2027", "regional-meeting-2027", "special-coordinators-2027"):
        assert Meeting.objects.get(slug=slug).starts_at > timezone.now()
    assert Meeting.objects.get(slug="special-coordinators-2027").host_country.code == "EC"
    assert Meeting.objects.get(slug="high-level-meeting-2027").host_country.code == "CO"
    national = Meeting.objects.filter(kind=MeetingKind.NATIONAL, host_country__code="CO")
    assert national.count() >= 5
    assert national.filter(created_by=coordinator).exists()
    assert not RegistrationCall.objects.exists()
