"""Quarterly national meetings: the public grid, records, invitation requests, reminders."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import meeting_dashboard
from meetings import meeting_selectors as selectors
from meetings import meeting_services as services
from meetings.enums import InvitationStatus, MeetingKind, MeetingStatus
from meetings.meeting_selectors import Quarter
from meetings.meeting_tasks import task_remind_national_meetings
from meetings.models import InvitationRequest, Meeting
from portal.enums import Level, MembershipRole
from portal.models import Country, Notification
from tests.factories import (
    CountryCoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def country(code="CO"):
    return Country.objects.get(code=code)


def national(code="CO", *, starts_at, status=MeetingStatus.HELD, **fields):
    fields.setdefault("slug", f"national-{code.lower()}-{starts_at:%Y%m%d%H%M}")
    fields.setdefault("title_en", f"National meeting {code} {starts_at:%Y-%m-%d}")
    fields.setdefault("time_zone", "America/Bogota")
    return Meeting.objects.create(
        kind=MeetingKind.NATIONAL,
        host_country=country(code),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        status=status,
        **fields,
    )


def at(day, hour=15):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def coordinator(code="CO", *, language="en", **fields):
    user = UserFactory(preferred_language=language)
    CountryCoordinatorFactory(user=user, country=country(code), **fields)
    return user


def cso_member(*, level=Level.NATIONAL, codes=("CO",), verified=True, role=MembershipRole.MEMBER):
    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    organisation = factory(level=level, countries=list(codes))
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user, organisation


def cell_states(grid, code):
    row = next(r for r in grid["rows"] if r["country"].code == code)
    return {cell["quarter"].code: cell["state"] for cell in row["cells"]}


# --- Quarters ---------------------------------------------------------------------------


def test_quarters_have_their_first_and_last_days():
    quarter = Quarter.of(date(2024, 5, 17))
    assert (quarter.code, quarter.start, quarter.end) == (
        "2024Q2",
        date(2024, 4, 1),
        date(2024, 6, 30),
    )
    assert Quarter(2024, 4).end == date(2024, 12, 31)
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    quarters = selectors.quarters_between(Quarter(2022, 2), Quarter(2023, 1))
    assert [q.code for q in quarters] == ["2022Q2", "2022Q3", "2022Q4", "2023Q1"]


# --- The grid ---------------------------------------------------------------------------


def test_grid_marks_held_and_not_held_quarters():
    now = datetime(2023, 12, 1, tzinfo=UTC)
    national(starts_at=at(date(2023, 2, 10)), status=MeetingStatus.HELD)
    # Scheduled with a past date counts; cancelled, postponed and future ones do not.
    national(starts_at=at(date(2023, 5, 10)), status=MeetingStatus.SCHEDULED)
    national(starts_at=at(date(2023, 8, 10)), status=MeetingStatus.CANCELLED)
    national(starts_at=at(date(2023, 8, 20)), status=MeetingStatus.POSTPONED)
    national(starts_at=at(date(2023, 12, 10)), status=MeetingStatus.SCHEDULED)
    # Another country's meeting and an unpublished one do not count for Colombia.
    national("EC", starts_at=at(date(2023, 8, 10)))
    national(starts_at=at(date(2022, 11, 3)), is_published=False)

    grid = selectors.national_meeting_grid(today=now.date(), now=now)

    states = cell_states(grid, "CO")
    assert states["2023Q1"] == "held"
    assert states["2023Q2"] == "held"
    assert states["2023Q3"] == "not_held"
    assert states["2023Q4"] == "not_held"
    assert states["2022Q4"] == "not_held"
    assert cell_states(grid, "EC")["2023Q3"] == "held"
    assert grid["quarters"][0].code == "2022Q2"
    assert grid["quarters"][-1].code == "2023Q4"
    row = next(r for r in grid["rows"] if r["country"].code == "CO")
    assert row["last"].starts_at == at(date(2023, 5, 10))


def test_grid_counts_a_meeting_in_the_quarter_of_its_local_date():
    # 1 April 02:00 UTC is still 31 March in Bogotá.
    national(starts_at=datetime(2023, 4, 1, 2, tzinfo=UTC), time_zone="America/Bogota")
    now = datetime(2023, 6, 1, tzinfo=UTC)
    states = cell_states(selectors.national_meeting_grid(today=now.date(), now=now), "CO")
    assert states["2023Q1"] == "held"
    assert states["2023Q2"] == "not_held"


def test_grid_leaves_quarters_before_endorsement_empty():
    now = datetime(2023, 3, 1, tzinfo=UTC)
    grid = selectors.national_meeting_grid(today=now.date(), now=now)
    # Guyana endorsed the declaration in October 2022.
    states = cell_states(grid, "GY")
    assert states["2022Q2"] == "before"
    assert states["2022Q3"] == "before"
    assert states["2022Q4"] == "not_held"
    endorsing = Country.objects.filter(endorsed_on__isnull=False).count()
    assert grid["totals"][0]["countries"] == endorsing - 1
    assert grid["totals"][-1]["countries"] == endorsing


def test_grid_page_is_accessible_text_with_totals(client):
    quarter = Quarter.of(timezone.localdate())
    previous = selectors.quarters_between(Quarter(2022, 2), quarter)[-2]
    meeting = national(starts_at=at(previous.start + timedelta(days=20)))

    response = client.get(reverse("national_meeting_grid"))

    text = response.content.decode()
    assert "<caption" in text
    assert '<th scope="col">Country</th>' in text
    assert f'<th scope="col">{previous.label}</th>' in text
    assert f'<a href="{meeting.get_absolute_url()}"><span aria-hidden="true">✓</span>' in text
    assert f"Held in {previous.label}" in text
    assert f"Not held in {quarter.label}" in text
    assert "Countries that held one" in text
    assert 'class="table-scroll national-grid-scroll"' in text
    assert "Cancelled and postponed meetings do not count." in text
    assert "last meeting: " in text
    assert reverse("country_detail", args=["CO"]) in text
    totals = {t["quarter"]: t["held"] for t in response.context["totals"]}
    assert totals[previous] == 1


def test_grid_shows_coordinators_their_countries(client):
    user = coordinator("CO")
    InvitationRequest.objects.create(
        country=country("CO"), organisation=VerifiedOrganisationFactory()
    )
    client.force_login(user)

    response = client.get(reverse("national_meeting_grid"))

    text = response.content.decode()
    assert reverse("national_meeting_create", args=["CO"]) in text
    assert reverse("invitation_request_list", args=["CO"]) in text
    assert "1 awaits an answer" in text
    assert reverse("national_meeting_create", args=["EC"]) not in text


def test_grid_offers_eligible_members_to_ask_for_an_invitation(client):
    user, _organisation = cso_member(codes=("PE",))
    client.force_login(user)
    response = client.get(reverse("national_meeting_grid"))
    assert [c.code for c in response.context["invitable"]] == ["PE"]
    assert reverse("invitation_request_create", args=["PE"]) in response.content.decode()


@pytest.mark.parametrize("per_country", [0, 8])
def test_grid_queries_do_not_grow_with_meetings(client, django_assert_max_num_queries, per_country):
    quarters = selectors.quarters_between(Quarter(2022, 2), Quarter.of(timezone.localdate()))
    for code in ("CO", "EC", "MX", "PE"):
        for quarter in quarters[:per_country]:
            national(code, starts_at=at(quarter.start + timedelta(days=10)))
    with django_assert_max_num_queries(3):
        response = client.get(reverse("national_meeting_grid"))
    assert response.status_code == 200


# --- Recording a national meeting -------------------------------------------------------


def record_data(**changes):
    day = timezone.localdate() - timedelta(days=2)
    data = {
        "title": "",
        "language": "es",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "time_zone": "America/Bogota",
        "format": "in_person",
        "venue": "Bogotá",
        "online_url": "",
        "status": "held",
        "summary": "Nos reunimos con doce organizaciones.",
        "concerns_raised": "Demoras en permisos de trabajo.",
        "follow_ups": "Publicar los tiempos de trámite.",
    }
    data.update(changes)
    return data


def test_record_form_is_closed_to_others(client):
    url = reverse("national_meeting_create", args=["CO"])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url

    for user in (UserFactory(), cso_member()[0], coordinator("EC")):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "special coordinators of Colombia" in response.content.decode()
        assert client.post(url, record_data()).status_code == 403
    assert not Meeting.objects.exists()


def test_record_form_is_open_to_the_coordinator_and_staff(client):
    url = reverse("national_meeting_create", args=["CO"])
    client.force_login(coordinator("CO"))
    response = client.get(url)
    assert response.status_code == 200
    quarter = Quarter.of(timezone.localdate())
    assert f"National meeting – Colombia – {quarter.label}" in response.content.decode()
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_record_form_lists_the_country_organisations_verified_first(client):
    verified = VerifiedOrganisationFactory(name="Zeta verified")
    unverified = OrganisationFactory(name="Alpha unverified")
    VerifiedOrganisationFactory(name="Elsewhere", countries=["PE"])
    client.force_login(coordinator("CO"))
    form = client.get(reverse("national_meeting_create", args=["CO"])).context["form"]
    assert list(form.fields["organisations"].queryset) == [verified, unverified]
    assert "Alpha unverified (not verified)" in str(form["organisations"])


def test_coordinator_records_a_national_meeting(client, on_commit):
    organisation = VerifiedOrganisationFactory()
    user = coordinator("CO")
    client.force_login(user)

    with on_commit(execute=True):
        response = client.post(
            reverse("national_meeting_create", args=["CO"]),
            record_data(organisations=[organisation.pk]),
        )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    day = timezone.localdate() - timedelta(days=2)
    assert meeting.kind == MeetingKind.NATIONAL
    assert meeting.host_country.code == "CO"
    assert meeting.slug == f"national-meeting-co-{day.isoformat()}"
    assert timezone.localtime(meeting.starts_at, meeting.tz).hour == 10
    assert meeting.minutes_es == "Nos reunimos con doce organizaciones."
    assert meeting.concerns_raised == "Demoras en permisos de trabajo."
    assert list(meeting.participating_organisations.all()) == [organisation]
    quarter = Quarter.of(day)
    assert meeting.title_en == f"National meeting – Colombia – {quarter.label}"
    assert meeting.title_es and meeting.title_fr
    assert meeting.created_by == user
    assert meeting.history.filter(history_user=user).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Nos reunimos con doce organizaciones." in page


def test_recording_twice_the_same_date_keeps_one_record(client):
    client.force_login(coordinator("CO"))
    url = reverse("national_meeting_create", args=["CO"])
    client.post(url, record_data())
    response = client.post(url, record_data(start_time="15:00", end_time="16:00"), follow=True)

    assert Meeting.objects.count() == 1
    assert "was already recorded" in response.content.decode()


def test_record_keeps_a_written_title_in_its_language(client):
    client.force_login(coordinator("CO"))
    client.post(
        reverse("national_meeting_create", args=["CO"]),
        record_data(title="Encuentro con redes de la frontera"),
    )
    meeting = Meeting.objects.get()
    assert meeting.title_es == "Encuentro con redes de la frontera"
    assert not meeting.title_en


def test_record_refuses_a_held_meeting_in_the_future_and_bad_times(client):
    client.force_login(coordinator("CO"))
    url = reverse("national_meeting_create", args=["CO"])
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(url, record_data(date=future))
    assert "cannot be marked as held" in response.content.decode()
    response = client.post(url, record_data(start_time="13:00", end_time="10:00"))
    assert "must end after it starts" in response.content.decode()
    assert not Meeting.objects.exists()
    client.post(url, record_data(date=future, status="scheduled"))
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


def test_record_refuses_organisations_of_another_country():
    elsewhere = VerifiedOrganisationFactory(countries=["PE"])
    with pytest.raises(services.ValidationError):
        services.national_meeting_record(
            country=country("CO"),
            by=StaffFactory(),
            starts_at=at(date(2024, 5, 2)),
            ends_at=at(date(2024, 5, 2), 18),
            time_zone="America/Bogota",
            format="online",
            organisations=[elsewhere],
        )


def test_edit_is_for_the_country_coordinator(client):
    meeting = national(starts_at=at(timezone.localdate() - timedelta(days=10)))
    url = reverse("national_meeting_edit", args=[meeting.slug])
    assert reverse("account_login") in client.get(url).url
    client.force_login(coordinator("EC"))
    assert client.get(url).status_code == 403
    client.force_login(coordinator("CO"))
    assert client.get(url).status_code == 200


def test_coordinator_corrects_a_record(client):
    day = timezone.localdate() - timedelta(days=10)
    client.force_login(coordinator("CO"))
    client.post(reverse("national_meeting_create", args=["CO"]), record_data(date=day.isoformat()))
    meeting = Meeting.objects.get()
    url = reverse("national_meeting_edit", args=[meeting.slug])
    form = client.get(url).context["form"]
    assert form.initial["summary"] == "Nos reunimos con doce organizaciones."
    assert form.initial["language"] == "es"

    response = client.post(
        url,
        record_data(
            date=day.isoformat(),
            title=form.initial["title"],
            summary="Nos reunimos con quince organizaciones.",
            follow_ups="Segunda reunión con la Defensoría.",
        ),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_es == "Nos reunimos con quince organizaciones."
    assert meeting.follow_ups == "Segunda reunión con la Defensoría."
    # The untouched suggested title keeps its translations.
    assert meeting.title_en.startswith("National meeting – Colombia")
    assert meeting.slug == f"national-meeting-co-{day.isoformat()}"


def test_edit_form_keeps_a_title_written_in_another_language(client):
    meeting = national(
        starts_at=at(timezone.localdate() - timedelta(days=10)),
        title_en="",
        title_es="Encuentro de la frontera",
    )
    client.force_login(coordinator("CO"))
    url = reverse("national_meeting_edit", args=[meeting.slug])
    form = client.get(url).context["form"]
    assert (form.initial["language"], form.initial["title"]) == ("es", "Encuentro de la frontera")
    day = timezone.localtime(meeting.starts_at, meeting.tz).date().isoformat()
    client.post(url, record_data(date=day, title=form.initial["title"], language="es"))
    meeting.refresh_from_db()
    assert (meeting.title_es, meeting.title_en) == ("Encuentro de la frontera", "")


def test_edit_refuses_the_date_of_another_record(client):
    first = national(starts_at=at(timezone.localdate() - timedelta(days=10)))
    second = national(starts_at=at(timezone.localdate() - timedelta(days=3)))
    client.force_login(coordinator("CO"))
    response = client.post(
        reverse("national_meeting_edit", args=[second.slug]),
        record_data(date=timezone.localtime(first.starts_at, first.tz).date().isoformat()),
    )
    assert response.status_code == 200
    assert "Another national meeting of Colombia" in response.content.decode()


def test_edit_of_a_meeting_that_is_not_national_is_not_found(client):
    meeting = Meeting.objects.create(
        kind=MeetingKind.HIGH_LEVEL,
        slug="summit",
        title_en="Summit",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
        host_country=country("CO"),
    )
    client.force_login(StaffFactory())
    assert client.get(reverse("national_meeting_edit", args=[meeting.slug])).status_code == 404


# --- Invitation requests ----------------------------------------------------------------


def test_member_asks_to_be_invited_and_coordinators_are_told(client, on_commit):
    spanish = coordinator("CO", language="es")
    coordinator("CO", active=False)
    coordinator("CO", is_special_coordinator=False)
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("invitation_request_create", args=["CO"])
    assert client.get(url).status_code == 200

    with on_commit(execute=True):
        response = client.post(
            url, {"organisation": organisation.pk, "message": "Trabajamos en Cúcuta."}
        )

    assert response.status_code == 302
    invitation = InvitationRequest.objects.get()
    assert (invitation.organisation, invitation.status) == (organisation, InvitationStatus.PENDING)
    assert invitation.requested_by == user
    notifications = Notification.objects.filter(reason="invitation_requested")
    assert [n.recipient for n in notifications] == [spanish]
    assert notifications[0].language == "es"
    assert [m.to for m in mail.outbox] == [[spanish.email]]
    # The link is in the recipient's language.
    assert "/es/meetings/national/CO/invitations/" in mail.outbox[0].body
    page = client.get(url).content.decode()
    assert organisation.name in page
    assert "Awaiting an answer" in page


def test_asking_twice_keeps_one_pending_request(client):
    coordinator("CO")
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("invitation_request_create", args=["CO"])
    client.post(url, {"organisation": organisation.pk})
    response = client.post(url, {"organisation": organisation.pk}, follow=True)

    assert InvitationRequest.objects.count() == 1
    assert "already asked to be invited" in response.content.decode()
    assert Notification.objects.filter(reason="invitation_requested").count() == 1


def test_a_concurrent_duplicate_request_returns_the_pending_one(monkeypatch):
    user, organisation = cso_member()
    existing = InvitationRequest.objects.create(country=country("CO"), organisation=organisation)
    answers = iter([None, existing])
    monkeypatch.setattr(services, "_pending_request", lambda *args: next(answers))

    invitation, created = services.invitation_request_create(
        country=country("CO"), organisation=organisation, by=user
    )

    assert (invitation, created) == (existing, False)
    assert InvitationRequest.objects.count() == 1


def test_asking_again_after_an_answer_opens_a_new_request():
    user, organisation = cso_member()
    InvitationRequest.objects.create(
        country=country("CO"), organisation=organisation, status=InvitationStatus.DECLINED
    )
    _invitation, created = services.invitation_request_create(
        country=country("CO"), organisation=organisation, by=user
    )
    assert created
    assert InvitationRequest.objects.count() == 2


@pytest.mark.parametrize(
    "member",
    [
        {"codes": ("PE",)},
        {"level": Level.REGIONAL},
        {"verified": False},
    ],
    ids=["other country", "regional level", "unverified"],
)
def test_ineligible_members_cannot_ask(client, member):
    user, organisation = cso_member(**member)
    client.force_login(user)
    url = reverse("invitation_request_create", args=["CO"])
    response = client.get(url)
    assert response.status_code == 403
    assert "local or national civil-society organisations" in response.content.decode()
    assert client.post(url, {"organisation": organisation.pk}).status_code == 403
    assert not InvitationRequest.objects.exists()


def test_invitation_request_needs_sign_in(client):
    response = client.get(reverse("invitation_request_create", args=["CO"]))
    assert reverse("account_login") in response.url


def test_member_cannot_ask_for_an_organisation_of_someone_else(client):
    user, _organisation = cso_member()
    _other_user, other = cso_member()
    client.force_login(user)
    response = client.post(
        reverse("invitation_request_create", args=["CO"]), {"organisation": other.pk}
    )
    assert response.status_code == 200
    assert not InvitationRequest.objects.exists()


def test_invitation_request_list_is_for_the_country_coordinators(client):
    _user, organisation = cso_member()
    InvitationRequest.objects.create(country=country("CO"), organisation=organisation)
    url = reverse("invitation_request_list", args=["CO"])
    assert reverse("account_login") in client.get(url).url
    for user in (UserFactory(), coordinator("EC")):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(coordinator("CO"))
    response = client.get(url)
    assert response.status_code == 200
    assert [i.organisation for i in response.context["pending"]] == [organisation]


def test_coordinator_invites_and_the_organisation_admins_are_told(client, on_commit):
    _member, organisation = cso_member()
    admin = UserFactory(preferred_language="es")
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    invitation = InvitationRequest.objects.create(country=country("CO"), organisation=organisation)
    user = coordinator("CO")
    client.force_login(user)
    url = reverse("invitation_request_answer", args=[invitation.pk])

    with on_commit(execute=True):
        response = client.post(url, {"decision": "invite"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED
    assert invitation.answered_by == user
    notification = Notification.objects.get(reason="invitation_answered")
    assert (notification.recipient, notification.language) == (admin, "es")
    assert [m.to for m in mail.outbox] == [[admin.email]]

    response = client.post(url, {"decision": "decline"}, follow=True)
    assert "already answered" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_coordinator_declines_a_request():
    _member, organisation = cso_member()
    invitation = InvitationRequest.objects.create(country=country("CO"), organisation=organisation)
    services.invitation_request_answer(invitation=invitation, by=coordinator("CO"), invite=False)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_answering_is_hidden_from_others(client):
    _member, organisation = cso_member()
    invitation = InvitationRequest.objects.create(country=country("CO"), organisation=organisation)
    url = reverse("invitation_request_answer", args=[invitation.pk])
    client.force_login(coordinator("EC"))
    assert client.post(url, {"decision": "invite"}).status_code == 404
    assert client.get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


# --- Reminders --------------------------------------------------------------------------

QUARTER = Quarter(2030, 2)  # ends on 30 June 2030


def test_reminders_go_30_and_7_days_before_the_quarter_ends_once_each(on_commit):
    spanish = coordinator("CO", language="es")
    coordinator("CO", active=False)
    coordinator("CO", is_special_coordinator=False)
    canadian = coordinator("CA", language="fr")

    assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=31)) == 0
    with on_commit(execute=True):
        assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=30)) == 2
    assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=29)) == 0
    with on_commit(execute=True):
        assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=7)) == 2
    assert services.national_meetings_remind(today=QUARTER.end) == 0

    reasons = sorted(Notification.objects.values_list("recipient_id", "reason"))
    assert reasons == sorted(
        [
            (spanish.pk, "national_meeting_due_30:2030Q2"),
            (spanish.pk, "national_meeting_due_7:2030Q2"),
            (canadian.pk, "national_meeting_due_30:2030Q2"),
            (canadian.pk, "national_meeting_due_7:2030Q2"),
        ]
    )
    languages = set(
        Notification.objects.filter(recipient=spanish).values_list("language", flat=True)
    )
    assert languages == {"es"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([spanish.email, canadian.email] * 2)
    assert Notification.objects.filter(recipient=spanish).first().url == (
        "/es/meetings/national/CO/new/"
    )


def test_a_missed_day_still_sends_the_reminder_later():
    coordinator("CO")
    assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=12)) == 1
    assert Notification.objects.get().reason == "national_meeting_due_30:2030Q2"
    assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=2)) == 1


def test_no_reminder_when_the_quarter_has_a_meeting():
    coordinator("CO")
    other = coordinator("EC")
    national(starts_at=at(QUARTER.end - timedelta(days=3)), status=MeetingStatus.SCHEDULED)
    national("EC", starts_at=at(QUARTER.start), status=MeetingStatus.CANCELLED)

    assert services.national_meetings_remind(today=QUARTER.end - timedelta(days=30)) == 1
    assert Notification.objects.get().recipient == other


def test_reminder_task_runs_the_service(monkeypatch):
    coordinator("CO")
    monkeypatch.setattr(
        services.timezone, "localdate", lambda *args: QUARTER.end - timedelta(days=5)
    )
    assert task_remind_national_meetings.delay().get() == 1
    assert task_remind_national_meetings.delay().get() == 0


# --- Dashboard --------------------------------------------------------------------------


def test_dashboard_asks_coordinators_to_record_this_quarter():
    user = coordinator("CO")
    items = meeting_dashboard.national_meetings_to_record(user)
    assert len(items) == 1
    assert items[0]["text"].startswith("Record this quarter's national meeting for Colombia")
    assert items[0]["url"] == reverse("national_meeting_create", args=["CO"])
    national(starts_at=timezone.now() - timedelta(minutes=5))
    assert meeting_dashboard.national_meetings_to_record(user) == []
    assert meeting_dashboard.national_meetings_to_record(UserFactory()) == []


def test_dashboard_lists_pending_invitation_requests(client):
    user = coordinator("CO")
    for _index in range(2):
        InvitationRequest.objects.create(
            country=country("CO"), organisation=VerifiedOrganisationFactory()
        )
    items = meeting_dashboard.invitation_requests_to_answer(user)
    assert [item["text"] for item in items] == [
        "2 organisations ask to be invited to the national meetings of Colombia"
    ]
    client.force_login(user)
    text = client.get(reverse("dashboard")).content.decode()
    assert reverse("invitation_request_list", args=["CO"]) in text
