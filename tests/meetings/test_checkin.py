"""Check-in at the door with registration codes, and the QR image of a code."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import checkin_services as services
from meetings.models import Participant, new_registration_code
from portal.enums import MembershipRole
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    RegistrationCallFactory,
    StaffFactory,
    UserFactory,
    org_admin,
)

pytestmark = pytest.mark.django_db


def selected_participant(call=None, **kwargs):
    """A participant of a selected application, with a registration code."""
    application = ApplicationFactory(
        call=call or RegistrationCallFactory(), outcome="selected", participants=False
    )
    return ParticipantFactory(
        application=application, registration_code=new_registration_code(), **kwargs
    )


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def participant():
    return selected_participant(full_name="Ana Pérez")


def check_in_url(meeting):
    return reverse("meeting_check_in", args=[meeting.slug])


def meeting_of(participant):
    return participant.application.call.meeting


# --- Services -----------------------------------------------------------------------


def test_check_in_by_code_ignoring_case_and_spaces(participant, staff):
    code = participant.registration_code
    typed = f" {code[:4].lower()} {code[4:].lower()} "

    result = services.participant_check_in(meeting=meeting_of(participant), code=typed, by=staff)

    participant.refresh_from_db()
    assert result == participant
    assert participant.checked_in_at is not None
    assert participant.checked_in_by == staff


def test_check_in_unknown_code_refused(participant, staff):
    with pytest.raises(ValidationError) as exc:
        services.participant_check_in(meeting=meeting_of(participant), code="ZZZZ9999", by=staff)

    assert exc.value.code == "unknown_code"
    assert "ZZZZ9999" in exc.value.messages[0]


def test_check_in_code_of_another_meeting_refused(participant, staff):
    other_meeting = MeetingFactory(title_en="Another meeting")

    with pytest.raises(ValidationError) as exc:
        services.participant_check_in(
            meeting=other_meeting, code=participant.registration_code, by=staff
        )

    assert exc.value.code == "other_meeting"
    assert meeting_of(participant).title in exc.value.messages[0]
    participant.refresh_from_db()
    assert participant.checked_in_at is None


def test_check_in_twice_says_when_the_first_was(participant, staff):
    meeting = meeting_of(participant)
    services.participant_check_in(meeting=meeting, code=participant.registration_code, by=staff)
    participant.refresh_from_db()
    first = timezone.localtime(participant.checked_in_at, meeting.tz)

    with pytest.raises(ValidationError) as exc:
        services.participant_check_in(
            meeting=meeting, code=participant.registration_code, by=StaffFactory()
        )

    message = exc.value.messages[0]
    assert exc.value.code == "already_checked_in"
    assert "Ana Pérez" in message
    assert first.strftime("%H:%M") in message
    assert "America/Bogota" in message
    participant.refresh_from_db()
    assert participant.checked_in_by == staff


@pytest.mark.parametrize(
    "changes", [{"status": "withdrawn"}, {"outcome": "waitlisted"}, {"outcome": "not_selected"}]
)
def test_check_in_refused_without_a_place(participant, staff, changes):
    # The code stays, the place is gone.
    for field, value in changes.items():
        setattr(participant.application, field, value)
    participant.application.save()

    with pytest.raises(ValidationError) as exc:
        services.participant_check_in(
            meeting=meeting_of(participant), code=participant.registration_code, by=staff
        )

    assert exc.value.code == "no_place"


def test_check_in_empty_code_refused(participant, staff):
    with pytest.raises(ValidationError) as exc:
        services.participant_check_in(meeting=meeting_of(participant), code="  ", by=staff)

    assert exc.value.code == "empty"


def test_check_in_needs_the_permission(participant):
    with pytest.raises(PermissionDenied):
        services.participant_check_in(
            meeting=meeting_of(participant),
            code=participant.registration_code,
            by=UserFactory(),
        )


def test_undo_check_in(participant, staff):
    services.participant_check_in(
        meeting=meeting_of(participant), code=participant.registration_code, by=staff
    )

    services.participant_undo_check_in(participant=participant, by=staff)

    participant.refresh_from_db()
    assert participant.checked_in_at is None
    assert participant.checked_in_by is None
    with pytest.raises(ValidationError):
        services.participant_undo_check_in(participant=participant, by=staff)


def test_undo_check_in_needs_the_permission(participant):
    participant.checked_in_at = timezone.now()
    participant.save()

    with pytest.raises(PermissionDenied):
        services.participant_undo_check_in(participant=participant, by=UserFactory())


# --- Check-in page ------------------------------------------------------------------


def test_check_in_page_lists_expected_participants_with_counts(client, participant, staff):
    call = participant.application.call
    arrived = selected_participant(call=call, full_name="Bruno Silva")
    arrived.checked_in_at = timezone.now() - timedelta(minutes=5)
    arrived.save()
    waitlisted = ApplicationFactory(call=call, outcome="waitlisted", participants=False)
    ParticipantFactory(application=waitlisted, full_name="Waiting Person")
    client.force_login(staff)

    response = client.get(check_in_url(meeting_of(participant)))

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 checked in" in content
    assert "Ana Pérez" in content
    assert participant.registration_code in content
    assert participant.application.organisation.name in content
    assert "Bruno Silva" in content
    assert "Waiting Person" not in content
    assert "autofocus" in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_check_in_page_checks_in_by_code(client, participant, staff):
    client.force_login(staff)
    url = check_in_url(meeting_of(participant))

    response = client.post(url, {"code": participant.registration_code.lower()}, follow=True)

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Checked in: Ana Pérez" in content
    assert "1 of 1 checked in" in content
    participant.refresh_from_db()
    assert participant.checked_in_by == staff


def test_check_in_page_shows_error_for_unknown_code(client, participant, staff):
    client.force_login(staff)

    response = client.post(check_in_url(meeting_of(participant)), {"code": "abcd 2345"})

    assert response.status_code == 200
    assert "No participant has the code ABCD2345" in response.content.decode()


def test_check_in_page_shows_double_check_in(client, participant, staff):
    client.force_login(staff)
    url = check_in_url(meeting_of(participant))
    client.post(url, {"code": participant.registration_code})

    response = client.post(url, {"code": participant.registration_code})

    assert "was already checked in at" in response.content.decode()


def test_check_in_page_undo(client, participant, staff):
    client.force_login(staff)
    url = check_in_url(meeting_of(participant))
    client.post(url, {"code": participant.registration_code})

    response = client.post(url, {"action": "undo", "participant": participant.pk}, follow=True)

    assert "The check-in of Ana Pérez was undone." in response.content.decode()
    participant.refresh_from_db()
    assert participant.checked_in_at is None


def test_check_in_page_undo_of_another_meetings_participant_is_404(client, participant, staff):
    other = selected_participant()
    other.checked_in_at = timezone.now()
    other.save()
    client.force_login(staff)

    response = client.post(
        check_in_url(meeting_of(participant)), {"action": "undo", "participant": other.pk}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.checked_in_at is not None


def test_check_in_page_anonymous_redirected_to_login(client, participant):
    response = client.get(check_in_url(meeting_of(participant)))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_check_in_page_forbidden_to_non_staff(client, participant):
    member = org_admin(participant.application.organisation)
    client.force_login(member)
    url = check_in_url(meeting_of(participant))

    assert client.get(url).status_code == 403
    assert client.post(url, {"code": participant.registration_code}).status_code == 403
    participant.refresh_from_db()
    assert participant.checked_in_at is None


def test_check_in_page_staff_without_totp_sent_to_set_it_up(client, participant):
    client.force_login(StaffFactory(totp=False))

    response = client.get(check_in_url(meeting_of(participant)))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_check_in_page_unknown_meeting_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("meeting_check_in", args=["no-such-meeting"])).status_code == 404


def test_check_in_page_queries_do_not_grow_with_participants(
    client, participant, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    url = check_in_url(meeting_of(participant))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(10):
        selected_participant(call=participant.application.call)
    Participant.objects.exclude(pk=participant.pk).update(
        checked_in_at=timezone.now(), checked_in_by=staff
    )

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert "10 of 11 checked in" in response.content.decode()


# --- QR code ------------------------------------------------------------------------


def qr_url(participant):
    return reverse("participant_qr", args=[participant.pk])


def test_qr_for_member_of_the_organisation(client, participant):
    member = UserFactory()
    MembershipFactory(
        user=member, organisation=participant.application.organisation, role=MembershipRole.MEMBER
    )
    client.force_login(member)

    response = client.get(qr_url(participant))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert b"<svg" in response.content
    assert not response.content.startswith(b"<?xml")


def test_qr_for_staff(client, participant, staff):
    client.force_login(staff)

    assert b"<svg" in client.get(qr_url(participant)).content


def test_qr_hidden_from_other_organisations_member(client, participant):
    client.force_login(org_admin())

    assert client.get(qr_url(participant)).status_code == 404


def test_qr_hidden_from_panel_reviewer(client, participant):
    reviewer = UserFactory()
    participant.application.call.panel.add(reviewer)
    client.force_login(reviewer)

    assert client.get(qr_url(participant)).status_code == 404


def test_qr_pending_member_sees_nothing(client, participant):
    pending = UserFactory()
    MembershipFactory(
        user=pending, organisation=participant.application.organisation, accepted=False
    )
    client.force_login(pending)

    assert client.get(qr_url(participant)).status_code == 404


def test_qr_anonymous_redirected_to_login(client, participant):
    response = client.get(qr_url(participant))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_qr_404_without_code(client, staff):
    application = ApplicationFactory(outcome="selected", participants=False)
    without_code = ParticipantFactory(application=application)
    client.force_login(staff)

    assert client.get(qr_url(without_code)).status_code == 404
    assert client.get(reverse("participant_qr", args=[999999])).status_code == 404


def test_qr_404_once_the_application_is_withdrawn(client, participant, staff):
    participant.application.status = "withdrawn"
    participant.application.save()
    client.force_login(staff)

    assert client.get(qr_url(participant)).status_code == 404
