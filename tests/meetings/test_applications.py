"""Applications to registration calls: starting, saving, submitting, withdrawing, privacy."""

import sys
import types
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meetings import call_dashboard
from meetings import call_services as services
from meetings.call_tasks import task_remind_applicants
from meetings.enums import ApplicationStatus, Outcome
from meetings.models import Application, ApplicationAttachment, Participant
from portal.enums import MembershipRole, OrganisationKind
from portal.models import Notification
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    QuestionFactory,
    RegistrationCallFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


# --- People and objects -------------------------------------------------------------------


def cso_member(
    *,
    language="en",
    verified=True,
    countries=("CO",),
    kind=OrganisationKind.CSO,
    role=MembershipRole.ADMIN,
    organisation=None,
):
    """A member of a civil-society organisation: (user, organisation)."""
    if organisation is None:
        factory = VerifiedOrganisationFactory if verified else OrganisationFactory
        organisation = factory(kind=kind, countries=list(countries))
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user, organisation


def draft_of(call, organisation, user, **fields):
    return ApplicationFactory(
        call=call,
        organisation=organisation,
        status=ApplicationStatus.DRAFT,
        submitted_at=None,
        consent_given_at=None,
        created_by=user,
        participants=False,
        **fields,
    )


def complete_draft(call, organisation, user):
    application = draft_of(call, organisation, user)
    application.consent_given_at = timezone.now()
    application.save()
    ParticipantFactory(application=application)
    return application


def close(call, *, days_ago=1):
    call.opens_at = timezone.now() - timedelta(days=days_ago + 10)
    call.closes_at = timezone.now() - timedelta(days=days_ago)
    call.save()


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def form_data(call, *, answers=None, people=(), consent=True, action="save", initial_forms=0):
    """The POST body of the application form."""
    data = {
        "action": action,
        "participants-TOTAL_FORMS": str(max(call.seats_per_organisation, len(people))),
        "participants-INITIAL_FORMS": str(initial_forms),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": str(call.seats_per_organisation),
    }
    if consent:
        data["consent"] = "on"
    for question in call.questions.all():
        data[f"question_{question.pk}"] = (answers or {}).get(question.pk, "")
    for index, person in enumerate(people):
        for key, value in person.items():
            if key == "consent_listed":
                if value:
                    data[f"participants-{index}-consent_listed"] = "on"
            else:
                data[f"participants-{index}-{key}"] = value
    return data


PERSON = {"full_name": "Rosa Mamani", "position": "Coordinator", "email": "rosa@example.org"}


# --- Starting -----------------------------------------------------------------------------


def test_application_start_creates_one_draft_when_started_twice():
    call = RegistrationCallFactory()
    user, organisation = cso_member()

    first = services.application_start(call=call, organisation=organisation, by=user)
    second = services.application_start(call=call, organisation=organisation, by=user)

    assert first.pk == second.pk
    assert first.status == ApplicationStatus.DRAFT and first.created_by == user
    assert Application.objects.filter(call=call, organisation=organisation).count() == 1


def test_application_start_rereads_after_a_concurrent_insert(monkeypatch):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    other = Application.objects.create(call=call, organisation=organisation, created_by=user)
    calls = []
    real_active = services._active

    def miss_first_time(*args):
        # The first look finds nothing, as if the other request had not committed yet.
        calls.append(args)
        return None if len(calls) == 1 else real_active(*args)

    monkeypatch.setattr(services, "_active", miss_first_time)

    application = services.application_start(call=call, organisation=organisation, by=user)

    assert application.pk == other.pk
    assert Application.objects.filter(call=call).count() == 1


def test_apply_view_posted_twice_makes_one_application(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("call_apply", args=[call.pk])

    first = client.post(url, {"organisation": organisation.pk})
    second = client.post(url, {"organisation": organisation.pk})

    application = Application.objects.get(call=call, organisation=organisation)
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"]
        == second["Location"]
        == reverse("application_edit", args=[application.pk])
    )


def test_apply_page_offers_a_choice_between_eligible_organisations(client):
    call = RegistrationCallFactory()
    user, first = cso_member()
    _same, second = cso_member()
    MembershipFactory(user=user, organisation=second)
    unverified = OrganisationFactory()
    MembershipFactory(user=user, organisation=unverified)
    client.force_login(user)

    response = client.get(reverse("call_apply", args=[call.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert first.name in text and second.name in text and unverified.name not in text
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("verified", "countries", "kind", "message"),
    [
        (False, ("CO",), OrganisationKind.CSO, "Only verified organisations"),
        (True, ("MX",), OrganisationKind.CSO, "open to organisations working in"),
        (True, ("CO",), OrganisationKind.GOVERNMENT, "civil-society organisations"),
    ],
)
def test_application_start_refuses_ineligible_organisations(verified, countries, kind, message):
    from portal.models import Country

    call = RegistrationCallFactory()
    call.eligible_countries.set(Country.objects.filter(code__in=["CO", "PE"]))
    user, organisation = cso_member(verified=verified, countries=countries, kind=kind)

    with pytest.raises(ValidationError) as error:
        services.application_start(call=call, organisation=organisation, by=user)

    assert message in " ".join(error.value.messages)
    assert not Application.objects.exists()


def test_application_start_refuses_non_members_and_pending_members():
    call = RegistrationCallFactory()
    _admin, organisation = cso_member()
    outsider = UserFactory()
    pending = UserFactory()
    MembershipFactory(user=pending, organisation=organisation, accepted=False)

    for person in (outsider, pending):
        with pytest.raises(ValidationError, match="accepted members"):
            services.application_start(call=call, organisation=organisation, by=person)
    assert not Application.objects.exists()


def test_application_start_refuses_closed_and_unopened_calls():
    user, organisation = cso_member()
    closed = RegistrationCallFactory()
    close(closed)
    upcoming = RegistrationCallFactory(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9)
    )

    with pytest.raises(ValidationError, match="Late submission refused"):
        services.application_start(call=closed, organisation=organisation, by=user)
    with pytest.raises(ValidationError, match="opens on"):
        services.application_start(call=upcoming, organisation=organisation, by=user)
    assert not Application.objects.exists()


def test_apply_view_refuses_a_user_without_eligible_organisation(client):
    call = RegistrationCallFactory()
    user, _organisation = cso_member(verified=False)
    client.force_login(user)

    assert client.get(reverse("call_apply", args=[call.pk])).status_code == 403
    assert client.post(reverse("call_apply", args=[call.pk])).status_code == 403
    assert not Application.objects.exists()


def test_apply_view_for_a_closed_call_says_it_closed(client):
    call = RegistrationCallFactory()
    close(call)
    user, organisation = cso_member()
    client.force_login(user)

    response = client.post(
        reverse("call_apply", args=[call.pk]), {"organisation": organisation.pk}, follow=True
    )

    assert "Late submission refused" in response.content.decode()
    assert not Application.objects.exists()


def test_a_withdrawn_application_lets_the_organisation_start_again():
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    first = services.application_start(call=call, organisation=organisation, by=user)
    services.application_withdraw(application=first, by=user)

    second = services.application_start(call=call, organisation=organisation, by=user)

    assert second.pk != first.pk and second.status == ApplicationStatus.DRAFT


# --- Saving and submitting ----------------------------------------------------------------


def test_apply_edit_submit_happy_path(client, on_commit):
    call = RegistrationCallFactory(seats_per_organisation=2)
    optional = QuestionFactory(call=call, text_en="Anything else?", required=False, position=5)
    question = call.questions.exclude(pk=optional.pk).get()
    user, organisation = cso_member()
    colleague, _org = cso_member(organisation=organisation, role=MembershipRole.ADMIN)
    client.force_login(user)

    response = client.post(reverse("call_apply", args=[call.pk]), {"organisation": organisation.pk})
    application = Application.objects.get()
    assert response["Location"] == reverse("application_edit", args=[application.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Why should your organisation take part?" in page.content.decode()
    assert "Participants&#x27; names are published only with their consent." in (
        page.content.decode()
    )

    data = form_data(
        call,
        answers={question.pk: "  We run shelters in Cúcuta.  "},
        people=[
            {**PERSON, "consent_listed": True},
            {"full_name": "Luis Quispe", "position": "", "email": "LUIS@example.org"},
        ],
        action="submit",
    )
    with on_commit(execute=True):
        response = client.post(reverse("application_edit", args=[application.pk]), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("application_detail", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_by == user and application.submitted_at is not None
    assert application.answers == {str(question.pk): "We run shelters in Cúcuta."}
    assert application.consent_given_at is not None
    people = list(application.participants.order_by("full_name"))
    assert [(p.full_name, p.email, p.consent_listed) for p in people] == [
        ("Luis Quispe", "luis@example.org", False),
        ("Rosa Mamani", "rosa@example.org", True),
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Submitted" in detail and "Awaiting the decision" in detail
    assert "rosa@example.org" in detail
    notified = set(
        Notification.objects.filter(reason="application_submitted").values_list(
            "recipient__email", flat=True
        )
    )
    assert notified == {user.email, colleague.email}


def test_save_draft_keeps_incomplete_answers_and_says_what_is_missing(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    client.force_login(user)

    response = client.post(
        reverse("application_edit", args=[application.pk]), form_data(call, consent=False)
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Answer the question" in detail and "Name at least one participant" in detail


def test_save_and_submit_of_an_incomplete_application_saves_the_draft_only(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    client.force_login(user)

    response = client.post(
        reverse("application_edit", args=[application.pk]),
        form_data(call, people=[PERSON], action="submit"),
        follow=True,
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.participants.count() == 1
    assert "saved but not submitted" in response.content.decode()


def test_application_save_refuses_too_long_answers_and_too_many_participants():
    call = RegistrationCallFactory(seats_per_organisation=1)
    question = call.questions.get()
    question.max_length = 10
    question.save()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)

    with pytest.raises(ValidationError) as error:
        services.application_save(
            application=application,
            by=user,
            answers={question.pk: "x" * 11},
            participants=[PERSON, {**PERSON, "email": "other@example.org"}],
            consent=True,
        )

    text = " ".join(error.value.messages)
    assert "too long" in text and "at most 1 participants" in text
    application.refresh_from_db()
    assert application.answers == {str(question.pk): "We work with migrants every day."}
    assert application.participants.count() == 0


def test_form_refuses_more_participants_than_seats(client):
    call = RegistrationCallFactory(seats_per_organisation=1)
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    client.force_login(user)
    data = form_data(call, people=[PERSON, {**PERSON, "email": "b@example.org"}])

    response = client.post(reverse("application_edit", args=[application.pk]), data)

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert application.participants.count() == 0


def test_submitting_twice_keeps_one_submitted_application(on_commit):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = complete_draft(call, organisation, user)

    with on_commit(execute=True):
        first = services.application_submit(application=application, by=user)
    submitted_at = first.submitted_at
    with on_commit(execute=True):
        second = services.application_submit(application=application, by=user)

    assert second.status == ApplicationStatus.SUBMITTED and second.submitted_at == submitted_at
    assert Application.objects.filter(call=call).count() == 1
    assert Notification.objects.filter(reason="application_submitted").count() == 1


def test_submit_view_posted_twice_says_already_submitted(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = complete_draft(call, organisation, user)
    client.force_login(user)
    url = reverse("application_submit", args=[application.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert "already submitted" in response.content.decode()
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_late_submission_is_refused_with_the_deadline_and_nothing_changes(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = complete_draft(call, organisation, user)
    close(call)
    deadline = services.format_deadline(call)
    before = Application.objects.values().get(pk=application.pk)

    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=user)
    assert "Late submission refused" in error.value.messages[0]
    assert deadline in error.value.messages[0]

    client.force_login(user)
    response = client.post(reverse("application_submit", args=[application.pk]), follow=True)
    assert deadline in response.content.decode()
    response = client.post(
        reverse("application_edit", args=[application.pk]),
        form_data(call, people=[PERSON], action="submit"),
        follow=True,
    )
    assert "Late submission refused" in response.content.decode()
    assert Application.objects.values().get(pk=application.pk) == before
    assert not Notification.objects.exists()


def test_late_save_is_refused_by_the_service():
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    close(call)

    with pytest.raises(ValidationError, match="Late submission refused"):
        services.application_save(
            application=application, by=user, answers={}, participants=[PERSON], consent=True
        )
    assert application.participants.count() == 0


def test_only_members_may_save_or_submit():
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = complete_draft(call, organisation, user)
    stranger, _other = cso_member()

    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, by=stranger)
    with pytest.raises(PermissionDenied):
        services.application_save(
            application=application, by=stranger, answers={}, participants=[], consent=True
        )
    assert Application.objects.get().status == ApplicationStatus.DRAFT


# --- Privacy ------------------------------------------------------------------------------


def test_applications_are_invisible_to_other_applicants(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = ApplicationFactory(call=call, organisation=organisation)
    ApplicationAttachment.objects.create(
        application=application, title="Report", file=SimpleUploadedFile("a.pdf", PDF)
    )
    attachment = application.attachments.get()
    rival, rival_org = cso_member()
    ApplicationFactory(call=call, organisation=rival_org)
    client.force_login(rival)

    for url in (
        reverse("application_detail", args=[application.pk]),
        reverse("application_edit", args=[application.pk]),
        reverse("application_withdraw", args=[application.pk]),
        reverse("application_attachment", args=[application.pk, attachment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("application_submit", args=[application.pk])).status_code == 404


def test_anonymous_readers_are_sent_to_sign_in(client):
    application = ApplicationFactory()

    for name in ("application_detail", "application_edit", "application_withdraw"):
        response = client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert client.get(reverse("my_applications")).status_code == 302
    response = client.post(reverse("call_apply", args=[application.call.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_applicant_sees_status_and_emails_panel_does_not(client):
    application = ApplicationFactory()
    participant = application.participants.get()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    reviewer = UserFactory()
    application.call.panel.add(reviewer)
    staff = StaffFactory()

    client.force_login(member)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Submitted" in page and participant.email in page
    assert "Withdraw the application" in page

    client.force_login(reviewer)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert participant.full_name in page and participant.email not in page
    assert "Withdraw the application" not in page

    client.force_login(staff)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert participant.email in page


def test_panel_member_of_the_applying_organisation_gets_404(client):
    application = ApplicationFactory()
    reviewer = UserFactory()
    application.call.panel.add(reviewer)
    MembershipFactory(user=reviewer, organisation=application.organisation, accepted=False)
    client.force_login(reviewer)

    assert client.get(reverse("application_detail", args=[application.pk])).status_code == 404


def test_outcome_is_pending_until_results_are_published(client):
    application = ApplicationFactory(outcome=Outcome.SELECTED)
    participant = application.participants.get()
    participant.registration_code = "ABCD2345"
    participant.save()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    client.force_login(member)
    url = reverse("application_detail", args=[application.pk])

    page = client.get(url).content.decode()
    assert "Awaiting the decision" in page and "ABCD2345" not in page

    application.call.results_published_at = timezone.now()
    application.call.save()
    page = client.get(url).content.decode()
    assert "Selected" in page and "ABCD2345" in page
    try:
        qr_url = reverse("participant_qr", args=[participant.pk])
    except NoReverseMatch:  # the check-in pages may not be wired yet
        qr_url = None
    if qr_url:
        assert f'src="{qr_url}"' in page


def test_waitlist_position_is_shown_after_publication(client):
    application = ApplicationFactory(outcome=Outcome.WAITLISTED, waitlist_position=3)
    application.call.results_published_at = timezone.now()
    application.call.save()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    client.force_login(member)

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()

    assert "On the waiting list" in page and "place 3 on the waiting list" in page


def test_my_applications_lists_the_organisations_applications(
    client, django_assert_max_num_queries
):
    user, organisation = cso_member()
    mine = [ApplicationFactory(organisation=organisation) for _ in range(3)]
    draft_of(RegistrationCallFactory(), organisation, user)
    other = ApplicationFactory()
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("my_applications"))

    page = response.content.decode()
    assert all(a.reference in page for a in mine)
    assert other.reference not in page
    assert "Finish and submit" in page


# --- Withdrawing --------------------------------------------------------------------------


def test_withdraw_confirms_then_withdraws(client):
    application = ApplicationFactory()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    client.force_login(member)
    url = reverse("application_withdraw", args=[application.pk])

    page = client.get(url)
    assert page.status_code == 200 and "cannot be reopened" in page.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    response = client.post(url, follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    assert "Withdrawn" in response.content.decode()


def test_withdraw_refused_once_the_meeting_started():
    application = ApplicationFactory()
    meeting = application.call.meeting
    meeting.starts_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)

    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_withdrawing_a_selected_application_promotes_the_waiting_list(monkeypatch):
    application = ApplicationFactory(outcome=Outcome.SELECTED)
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    promoted = []

    def fake_promote(*, call, by=None):
        promoted.append((call.pk, by))
        return []

    try:
        import meetings.selection_services as selection_services
    except ImportError:
        selection_services = types.ModuleType("meetings.selection_services")
        monkeypatch.setitem(sys.modules, "meetings.selection_services", selection_services)
    monkeypatch.setattr(selection_services, "call_promote_waitlist", fake_promote, raising=False)

    services.application_withdraw(application=application, by=member)

    assert promoted == [(application.call.pk, member)]


def test_withdrawing_an_unselected_application_promotes_no_one(monkeypatch):
    application = ApplicationFactory(outcome=Outcome.WAITLISTED, waitlist_position=2)
    member = UserFactory()
    MembershipFactory(user=member, organisation=application.organisation)
    fake = types.ModuleType("meetings.selection_services")
    fake.call_promote_waitlist = lambda **kwargs: pytest.fail("no seat was freed")
    monkeypatch.setitem(sys.modules, "meetings.selection_services", fake)

    services.application_withdraw(application=application, by=member)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.waitlist_position is None


# --- Attachments --------------------------------------------------------------------------


def test_a_pdf_is_attached_and_downloaded(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    client.force_login(user)
    data = form_data(call, people=[PERSON])
    data["attachment_title"] = "Annual report 2025"
    data["attachment_file"] = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")

    response = client.post(reverse("application_edit", args=[application.pk]), data)

    assert response.status_code == 302
    attachment = application.attachments.get()
    assert attachment.title == "Annual report 2025" and attachment.uploaded_by == user
    assert attachment.file.name.endswith(".pdf")
    download = client.get(reverse("application_attachment", args=[application.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "annual-report-2025.pdf" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


def test_a_renamed_text_file_is_refused_and_leaves_nothing(client, settings):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    client.force_login(user)
    data = form_data(call, answers={call.questions.get().pk: "New answer"}, people=[PERSON])
    data["attachment_file"] = SimpleUploadedFile("notes.pdf", b"just some text\n")

    response = client.post(reverse("application_edit", args=[application.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "“notes.pdf” was not accepted" in page and "the content is checked" in page
    assert not ApplicationAttachment.objects.exists()
    assert media_files(settings) == []
    application.refresh_from_db()
    assert application.answers != {str(call.questions.get().pk): "New answer"}
    assert application.participants.count() == 0


def test_attachments_are_limited_and_removable(settings, on_commit):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    for number in range(services.MAX_ATTACHMENTS):
        services.application_attach(
            application=application,
            by=user,
            title=f"Doc {number}",
            file=SimpleUploadedFile("doc.pdf", PDF),
        )
    with pytest.raises(ValidationError, match="at most 5 attachments"):
        services.application_attach(
            application=application, by=user, title="", file=SimpleUploadedFile("x.pdf", PDF)
        )
    assert len(media_files(settings)) == services.MAX_ATTACHMENTS

    attachment = application.attachments.first()
    with on_commit(execute=True):
        services.application_detach(application=application, by=user, attachment=attachment)

    assert application.attachments.count() == services.MAX_ATTACHMENTS - 1
    assert len(media_files(settings)) == services.MAX_ATTACHMENTS - 1


def test_attachments_can_be_removed_from_the_form(client):
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    application = draft_of(call, organisation, user)
    attachment = services.application_attach(
        application=application, by=user, title="Old", file=SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(user)
    data = form_data(call, people=[PERSON])
    data["remove_attachments"] = [str(attachment.pk)]

    response = client.post(reverse("application_edit", args=[application.pk]), data)

    assert response.status_code == 302
    assert not application.attachments.exists()


# --- Reminders and emails -----------------------------------------------------------------


def test_draft_reminders_go_once_to_creator_and_admins(on_commit):
    call = RegistrationCallFactory(closes_at=timezone.now() + timedelta(days=2))
    creator, organisation = cso_member(role=MembershipRole.MEMBER)
    admin, _org = cso_member(organisation=organisation, role=MembershipRole.ADMIN)
    draft_of(call, organisation, creator)
    ApplicationFactory(call=call)  # submitted: no reminder
    later = RegistrationCallFactory(closes_at=timezone.now() + timedelta(days=6))
    other_creator, other_org = cso_member()
    draft_of(later, other_org, other_creator)

    with on_commit(execute=True):
        assert services.applications_remind_drafts() == 2
    with on_commit(execute=True):
        assert task_remind_applicants.delay().get() == 0

    reminded = Notification.objects.filter(reason="application_draft_closing")
    assert set(reminded.values_list("recipient_id", flat=True)) == {creator.pk, admin.pk}
    assert all(n.url.endswith("/edit/") for n in reminded)


def test_draft_reminder_is_not_sent_for_closed_or_unpublished_calls():
    closed = RegistrationCallFactory()
    user, organisation = cso_member()
    draft_of(closed, organisation, user)
    close(closed)
    hidden = RegistrationCallFactory(
        closes_at=timezone.now() + timedelta(days=1), published_at=None
    )
    other, other_org = cso_member()
    draft_of(hidden, other_org, other)

    assert services.applications_remind_drafts() == 0


def test_notifications_follow_the_recipients_language(on_commit):
    from django.core import mail

    call = RegistrationCallFactory(closes_at=timezone.now() + timedelta(days=2))
    user, organisation = cso_member(language="es")
    french_admin, _org = cso_member(organisation=organisation, language="fr")
    application = complete_draft(call, organisation, user)

    with on_commit(execute=True):
        services.application_submit(application=application, by=user)

    languages = dict(
        Notification.objects.filter(reason="application_submitted").values_list(
            "recipient__email", "language"
        )
    )
    assert languages == {user.email: "es", french_admin.email: "fr"}
    sent = [m for m in mail.outbox if user.email in m.to]
    assert len(sent) == 1 and application.reference in sent[0].body


def test_dashboard_lists_drafts_and_open_calls(client):
    user, organisation = cso_member()
    call = RegistrationCallFactory()
    draft_of(call, organisation, user)
    other_call = RegistrationCallFactory()
    RegistrationCallFactory(published_at=None)

    drafts = call_dashboard.application_drafts(user)
    calls = call_dashboard.calls_to_apply_to(user)

    assert [item["url"] for item in drafts] == [
        reverse("application_detail", args=[Application.objects.get().pk])
    ]
    assert [item["url"] for item in calls] == [other_call.get_absolute_url()]
    assert call_dashboard.application_drafts(UserFactory()) == []


def test_apply_is_rate_limited(client, settings):
    settings.PORTAL_RATE_LIMITS = {"application": "1/h"}
    call = RegistrationCallFactory()
    user, organisation = cso_member()
    client.force_login(user)
    url = reverse("call_apply", args=[call.pk])

    assert client.post(url, {"organisation": organisation.pk}).status_code == 302
    assert client.post(url, {"organisation": organisation.pk}).status_code == 429
    assert Participant.objects.count() == 0
