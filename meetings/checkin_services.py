"""Checking participants in at the door with their registration code."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.rules import require_perm

from .enums import ApplicationStatus, Outcome
from .models import Participant

CHECK_IN = "meetings.check_in"


def normalise_code(code):
    """The code as stored: upper case, without spaces or dashes (as read aloud or typed)."""
    return "".join(str(code or "").split()).replace("-", "").upper()


def format_in_meeting_time(value, meeting):
    """``value`` as a date and time in the meeting's own time zone, with the zone's name."""
    local = timezone.localtime(value, meeting.tz)
    return _("%(date)s %(time)s (%(zone)s)") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": local.strftime("%H:%M"),
        "zone": meeting.time_zone,
    }


def expected_participants(meeting):
    """Participants of the meeting's selected, active applications, with their organisation."""
    return (
        Participant.objects.filter(
            application__call__meeting=meeting,
            application__outcome=Outcome.SELECTED,
        )
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .select_related("application__organisation", "checked_in_by")
        .order_by("application__organisation__name", "full_name", "pk")
    )


def has_place(participant):
    """Whether the participant's application holds a place (selected, not withdrawn)."""
    application = participant.application
    return (
        application.outcome == Outcome.SELECTED
        and application.status != ApplicationStatus.WITHDRAWN
    )


@transaction.atomic
def participant_check_in(*, meeting, code, by):
    """Record that the holder of ``code`` arrived at ``meeting``; returns the participant.

    The code is matched without regard to case, spaces or dashes. Unknown codes,
    codes of another meeting, codes whose application no longer has a place and
    participants already checked in raise ``ValidationError`` saying which.
    """
    require_perm(by, CHECK_IN, meeting)
    normalised = normalise_code(code)
    if not normalised:
        raise ValidationError(_("Type the participant's registration code."), code="empty")
    # Locked so two doors checking the same person in at once record one arrival.
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "application__call__meeting")
        .filter(registration_code=normalised)
        .first()
    )
    if participant is None:
        raise ValidationError(
            _("No participant has the code %(code)s. Check it and try again.")
            % {"code": normalised},
            code="unknown_code",
        )
    other = participant.application.call.meeting
    if other.pk != meeting.pk:
        raise ValidationError(
            _("The code %(code)s is for another meeting: %(meeting)s.")
            % {"code": normalised, "meeting": other.title},
            code="other_meeting",
        )
    if not has_place(participant):
        raise ValidationError(
            _(
                "The code %(code)s belongs to an application that no longer has a place "
                "at this meeting (withdrawn or not selected)."
            )
            % {"code": normalised},
            code="no_place",
        )
    if participant.checked_in_at is not None:
        raise ValidationError(
            _("%(name)s (%(organisation)s) was already checked in at %(time)s.")
            % {
                "name": participant.full_name,
                "organisation": participant.application.organisation.name,
                "time": format_in_meeting_time(participant.checked_in_at, meeting),
            },
            code="already_checked_in",
        )
    participant.checked_in_at = timezone.now()
    participant.checked_in_by = by
    participant.save(update_fields=["checked_in_at", "checked_in_by"])
    return participant


@transaction.atomic
def participant_undo_check_in(*, participant, by):
    """Clear a check-in recorded by mistake; returns the participant."""
    locked = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "application__call__meeting")
        .get(pk=participant.pk)
    )
    require_perm(by, CHECK_IN, locked.application.call.meeting)
    if locked.checked_in_at is None:
        raise ValidationError(
            _("%(name)s is not checked in.") % {"name": locked.full_name},
            code="not_checked_in",
        )
    locked.checked_in_at = None
    locked.checked_in_by = None
    locked.save(update_fields=["checked_in_at", "checked_in_by"])
    return locked
