"""Meetings, quarterly national meetings and invitation requests: the writes.

A country's special coordinator records each national meeting; recording the same
country and start date twice (a double submit, two tabs) returns the first record.
Local and national organisations ask to be invited; coordinators answer. A daily
task reminds coordinators 30 and 7 days before the end of a quarter without a
recorded meeting.
"""

from datetime import UTC

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.enums import Level, MembershipRole
from portal.models import Country, CountryCoordinator, User
from portal.rules import require_perm
from portal.selectors import civil_society_organisations
from portal.services import notify

from .enums import InvitationStatus, MeetingKind, MeetingStatus
from .meeting_selectors import (
    Quarter,
    countries_with_meeting_in,
    local_start_date,
    national_meetings_starting,
)
from .models import InvitationRequest, Meeting

# The usual time zone of each endorsing country's capital: the form's default.
COUNTRY_TIME_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "BB": "America/Barbados",
    "BZ": "America/Belize",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "CR": "America/Costa_Rica",
    "EC": "America/Guayaquil",
    "SV": "America/El_Salvador",
    "GT": "America/Guatemala",
    "GY": "America/Guyana",
    "HT": "America/Port-au-Prince",
    "HN": "America/Tegucigalpa",
    "JM": "America/Jamaica",
    "MX": "America/Mexico_City",
    "PA": "America/Panama",
    "PY": "America/Asuncion",
    "PE": "America/Lima",
    "US": "America/New_York",
    "UY": "America/Montevideo",
}
DEFAULT_TIME_ZONE = "America/Bogota"
# Days before a quarter's end at which coordinators are reminded.
REMINDER_DAYS = (30, 7)
# Levels of the organisations that may ask to be invited to national meetings.
INVITATION_LEVELS = (Level.LOCAL, Level.NATIONAL)


def country_time_zone(country):
    return COUNTRY_TIME_ZONES.get(country.code, DEFAULT_TIME_ZONE)


# --- General meetings -------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, by, slug, mechanisms=(), **fields):
    """Create a meeting (staff); translated fields are passed as ``title_es`` etc."""
    require_perm(by, "meetings.manage_meeting")
    meeting = Meeting(slug=slug, created_by=by, **fields)
    meeting.full_clean()
    meeting._history_user = by
    meeting.save()
    if mechanisms:
        meeting.mechanisms.set(mechanisms)
    return meeting


# --- National meetings ------------------------------------------------------------------


def suggested_title(country, quarter):
    """ "National meeting – Colombia – Q2 2025" in the active language."""
    return _("National meeting – %(country)s – %(quarter)s") % {
        "country": country.name,
        "quarter": quarter.label,
    }


def _titles_in_every_language(country, quarter):
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[f"title_{code}"] = suggested_title(country, quarter)
    return titles


def _set_text(meeting, field, text, language):
    """Write ``text`` in ``language``; other languages are dropped when the text changes."""
    text = (text or "").strip()
    if getattr(meeting, f"{field}_{language}", "") == text:
        return
    for code, _name in settings.LANGUAGES:
        setattr(meeting, f"{field}_{code}", text if code == language else "")


def national_meeting_on(country, day):
    """The national meeting of ``country`` starting on local date ``day``, if any."""
    candidates = national_meetings_starting(day, day, country=country)
    return next((m for m in candidates if local_start_date(m) == day), None)


def _unique_slug(base):
    slug, n = base, 2
    while Meeting.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_times(*, starts_at, ends_at, status, now):
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError(_("The times need a time zone."))
    if ends_at < starts_at:
        raise ValidationError({"end_time": _("The meeting cannot end before it starts.")})
    if status == MeetingStatus.HELD and starts_at > now:
        raise ValidationError(
            {"status": _("A meeting that has not started yet cannot be marked as held.")}
        )


def _check_organisations(country, organisations):
    organisations = list(organisations or [])
    allowed = set(
        country.organisations.filter(pk__in=[o.pk for o in organisations]).values_list(
            "pk", flat=True
        )
    )
    if any(o.pk not in allowed for o in organisations):
        raise ValidationError(
            {"organisations": _("Choose organisations that work in this country.")}
        )
    return organisations


@transaction.atomic
def national_meeting_record(
    *,
    country,
    by,
    starts_at,
    ends_at,
    time_zone,
    format,
    venue="",
    online_url="",
    title="",
    summary="",
    language=None,
    organisations=(),
    concerns_raised="",
    follow_ups="",
    status=MeetingStatus.HELD,
):
    """Record a quarterly national meeting of ``country``; return ``(meeting, created)``.

    A national meeting of the same country starting on the same local date is the
    same record: it is returned unchanged with ``created`` False. An empty
    ``title`` gets the suggested one, in every language; ``summary`` becomes the
    minutes, in ``language``.
    """
    require_perm(by, "meetings.record_national_meeting", country)
    now = timezone.now()
    _check_times(starts_at=starts_at, ends_at=ends_at, status=status, now=now)
    organisations = _check_organisations(country, organisations)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    # Serialises records of one country, so the same date is recorded once.
    country = Country.objects.select_for_update().get(pk=country.pk)
    meeting = Meeting(
        kind=MeetingKind.NATIONAL,
        host_country=country,
        starts_at=starts_at.astimezone(UTC),
        ends_at=ends_at.astimezone(UTC),
        time_zone=time_zone,
        format=format,
        venue=venue.strip(),
        online_url=online_url.strip(),
        concerns_raised=concerns_raised.strip(),
        follow_ups=follow_ups.strip(),
        status=status,
        created_by=by,
    )
    day = local_start_date(meeting)
    existing = national_meeting_on(country, day)
    if existing is not None:
        return existing, False
    if title.strip():
        _set_text(meeting, "title", title, language)
    else:
        for field, text in _titles_in_every_language(country, Quarter.of(day)).items():
            setattr(meeting, field, text)
    _set_text(meeting, "minutes", summary, language)
    meeting.slug = _unique_slug(f"national-meeting-{country.code.lower()}-{day.isoformat()}")
    meeting.full_clean()
    meeting._history_user = by
    meeting._change_reason = "national meeting recorded"
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        # The same form was sent twice at once: the other request recorded it.
        existing = national_meeting_on(country, day)
        if existing is None:
            raise
        return existing, False
    meeting.participating_organisations.set(organisations)
    return meeting, True


@transaction.atomic
def national_meeting_update(
    *,
    meeting,
    by,
    starts_at,
    ends_at,
    time_zone,
    format,
    venue="",
    online_url="",
    title="",
    summary="",
    language=None,
    organisations=(),
    concerns_raised="",
    follow_ups="",
    status=MeetingStatus.HELD,
):
    """Correct or complete the record of a national meeting (its slug stays)."""
    if meeting.kind != MeetingKind.NATIONAL or meeting.host_country_id is None:
        raise ValidationError(_("Only national meetings are recorded this way."))
    country = meeting.host_country
    require_perm(by, "meetings.record_national_meeting", country)
    now = timezone.now()
    _check_times(starts_at=starts_at, ends_at=ends_at, status=status, now=now)
    organisations = _check_organisations(country, organisations)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    Country.objects.select_for_update().get(pk=country.pk)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.starts_at = starts_at.astimezone(UTC)
    locked.ends_at = ends_at.astimezone(UTC)
    locked.time_zone = time_zone
    day = local_start_date(locked)
    other = national_meeting_on(country, day)
    if other is not None and other.pk != locked.pk:
        raise ValidationError(
            {
                "date": _("Another national meeting of %(country)s is recorded on %(date)s.")
                % {"country": country.name, "date": day.isoformat()}
            }
        )
    if title.strip():
        _set_text(locked, "title", title, language)
    _set_text(locked, "minutes", summary, language)
    locked.format = format
    locked.venue = venue.strip()
    locked.online_url = online_url.strip()
    locked.concerns_raised = concerns_raised.strip()
    locked.follow_ups = follow_ups.strip()
    locked.status = status
    locked.full_clean()
    locked._history_user = by
    locked._change_reason = "national meeting updated"
    locked.save()
    locked.participating_organisations.set(organisations)
    return locked


# --- Invitation requests ----------------------------------------------------------------


def invitation_organisations(user, country):
    """``user``'s verified local or national organisations working in ``country``."""
    return civil_society_organisations(user).filter(countries=country, level__in=INVITATION_LEVELS)


def invitation_countries(user):
    """Countries whose national meetings ``user`` may ask to be invited to."""
    organisations = civil_society_organisations(user).filter(level__in=INVITATION_LEVELS)
    return (
        Country.objects.filter(organisations__in=organisations.values("pk"))
        .distinct()
        .order_by("name")
    )


def _special_coordinators(country):
    return [
        row.user
        for row in CountryCoordinator.objects.filter(
            country=country, active=True, is_special_coordinator=True, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ]


def _pending_request(country, organisation):
    return InvitationRequest.objects.filter(
        country=country, organisation=organisation, status=InvitationStatus.PENDING
    ).first()


@transaction.atomic
def invitation_request_create(*, country, organisation, by, message=""):
    """Ask, for ``organisation``, to be invited to ``country``'s national meetings.

    Returns ``(invitation_request, created)``: an organisation has at most one
    pending request per country, so asking again returns the pending one. The
    country's special coordinators are notified.
    """
    require_perm(by, "meetings.request_invitation")
    if not invitation_organisations(by, country).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    existing = _pending_request(country, organisation)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            invitation = InvitationRequest.objects.create(
                country=country,
                organisation=organisation,
                message=message.strip(),
                requested_by=by,
            )
    except IntegrityError:
        existing = _pending_request(country, organisation)
        if existing is None:
            raise
        return existing, False
    context = {"invitation": invitation, "country": country, "organisation": organisation}
    for person in _special_coordinators(country):
        notify(
            recipient=person,
            reason="invitation_requested",
            target=invitation,
            template="invitation_requested",
            context=context,
            url_name="invitation_request_list",
            url_args=[country.code],
        )
    return invitation, True


@transaction.atomic
def invitation_request_answer(*, invitation, by, invite):
    """Invite the organisation or decline; its administrators are told.

    Raises ``ValidationError`` if the request was already answered.
    """
    require_perm(by, "meetings.answer_invitation_request", invitation.country)
    locked = (
        InvitationRequest.objects.select_for_update(of=("self",))
        .select_related("country", "organisation")
        .get(pk=invitation.pk)
    )
    if locked.status != InvitationStatus.PENDING:
        raise ValidationError(_("This request was already answered."), code="answered")
    locked.status = InvitationStatus.INVITED if invite else InvitationStatus.DECLINED
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at"])
    admins = User.objects.filter(
        memberships__organisation_id=locked.organisation_id,
        memberships__accepted=True,
        memberships__role=MembershipRole.ADMIN,
        is_active=True,
    ).order_by("pk")
    context = {
        "invitation": locked,
        "country": locked.country,
        "organisation": locked.organisation,
        "invited": invite,
    }
    for person in admins:
        notify(
            recipient=person,
            reason="invitation_answered",
            target=locked,
            template="invitation_answered",
            context=context,
            url_name="invitation_request_create",
            url_args=[locked.country.code],
        )
    return locked


# --- Reminders --------------------------------------------------------------------------


def _reminder_due(days_left, thresholds):
    """The nearest threshold whose window contains ``days_left``, or None.

    With (30, 7): 8–30 days left gives 30, 0–7 gives 7, so a missed day still
    sends the reminder later, and a late one does not arrive with an older one.
    """
    due = None
    for days in sorted(thresholds, reverse=True):
        if 0 <= days_left <= days:
            due = days
    return due


def national_meetings_remind(*, today=None):
    """Remind special coordinators of countries whose quarter has no national meeting.

    Sent 30 and 7 days before the quarter ends, once per coordinator, reminder
    and country; returns how many notifications were created.
    """
    today = today or timezone.localdate()
    quarter = Quarter.of(today)
    days = _reminder_due((quarter.end - today).days, REMINDER_DAYS)
    if days is None:
        return 0
    covered = countries_with_meeting_in(quarter)
    coordinators = (
        CountryCoordinator.objects.filter(
            active=True, is_special_coordinator=True, user__is_active=True
        )
        .exclude(country_id__in=covered)
        .select_related("user", "country")
        .order_by("country__code", "pk")
    )
    sent = 0
    for row in coordinators:
        notification = notify(
            recipient=row.user,
            reason=f"national_meeting_due_{days}:{quarter.code}",
            target=row.country,
            template="national_meeting_due",
            context={
                "country": row.country,
                "quarter": quarter,
                "quarter_end": quarter.end,
                "days": days,
            },
            url_name="national_meeting_create",
            url_args=[row.country.code],
        )
        sent += notification.just_created
    return sent
