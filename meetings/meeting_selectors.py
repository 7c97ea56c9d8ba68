"""Reads of the meetings pages: lists, a meeting's page, attendance, the national grid.

Quarters are calendar quarters of the portal's date (``timezone.localdate``); a
meeting belongs to the quarter of its start date in its own time zone.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from portal.models import Country, CountryCoordinator, Organisation
from secretariat.models import WorkPlan

from .enums import ApplicationStatus, InvitationStatus, MeetingKind, MeetingStatus, Outcome
from .models import (
    Application,
    InvitationRequest,
    Meeting,
    MeetingDocument,
    Participant,
    RegistrationCall,
)

# The declaration was adopted in Los Angeles in June 2022: its first quarter.
LAUNCH = date(2022, 4, 1)
# Statuses of a recorded national meeting that does not count for its quarter.
NOT_HELD_STATUSES = (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)


# --- Quarters ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self):
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self):
        """The quarter's last day."""
        return self.next().start - timedelta(days=1)

    def next(self):
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    @property
    def code(self):
        return f"{self.year}Q{self.number}"

    @property
    def label(self):
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self):
        return self.label


def quarters_between(first, last):
    """Every quarter from ``first`` to ``last``, both included."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def local_start_date(meeting):
    return timezone.localtime(meeting.starts_at, meeting.tz).date()


def counts_as_held(meeting, now=None):
    """The grid's rule: marked as held, or scheduled with its start already past."""
    now = now or timezone.now()
    if meeting.status == MeetingStatus.HELD:
        return True
    return meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= now


def national_meetings_starting(first_day, last_day, *, country=None):
    """National meetings that may start between two local dates (both included).

    The range has a day of margin on each side, since a local date differs from
    the UTC one by less than a day: filter exactly with ``local_start_date``.
    """
    meetings = Meeting.objects.filter(
        kind=MeetingKind.NATIONAL,
        host_country__isnull=False,
        starts_at__gte=datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC),
        starts_at__lt=datetime.combine(last_day + timedelta(days=2), time.min, tzinfo=UTC),
    )
    if country is not None:
        meetings = meetings.filter(host_country=country)
    return meetings.order_by("starts_at", "pk")


def _national_meetings_between(first_day, last_day):
    """National meetings, not cancelled or postponed, with what the grid needs."""
    return (
        national_meetings_starting(first_day, last_day)
        .exclude(status__in=NOT_HELD_STATUSES)
        .only("pk", "slug", "host_country", "starts_at", "time_zone", "status", "is_published")
    )


def countries_with_meeting_in(quarter):
    """Ids of the countries with a national meeting recorded (held or planned) in ``quarter``."""
    return {
        meeting.host_country_id
        for meeting in _national_meetings_between(quarter.start, quarter.end)
        if quarter.start <= local_start_date(meeting) <= quarter.end
    }


# --- Meeting lists and pages ------------------------------------------------------------


def can_see_unpublished(user):
    return bool(user and user.has_perm("meetings.manage_meeting"))


def meetings_visible(user):
    meetings = Meeting.objects.all()
    if not can_see_unpublished(user):
        meetings = meetings.filter(is_published=True)
    return meetings


def open_call_filter(now):
    return Q(calls__published_at__isnull=False, calls__opens_at__lte=now, calls__closes_at__gt=now)


def meeting_list_sections(*, user, kind="", country="", now=None):
    """(upcoming, past) querysets: upcoming soonest first, past most recent first.

    Each meeting carries ``open_call_closes_at``, the closing time of its open call
    (the earliest if several are open), or None.
    """
    now = now or timezone.now()
    meetings = (
        meetings_visible(user)
        .select_related("host_country")
        .annotate(open_call_closes_at=Min("calls__closes_at", filter=open_call_filter(now)))
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    if country:
        meetings = meetings.filter(host_country__code=country)
    upcoming = meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    past = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def meeting_for_page(slug, user):
    """The meeting with what its page shows (documents, calls, organisations), or None."""
    calls = RegistrationCall.objects.order_by("opens_at", "pk")
    if not can_see_unpublished(user):
        calls = calls.filter(published_at__isnull=False)
    return (
        meetings_visible(user)
        .select_related("host_country")
        .prefetch_related(
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("kind", "language")),
            Prefetch("calls", queryset=calls),
            Prefetch(
                "participating_organisations",
                queryset=Organisation.objects.order_by("name"),
            ),
            Prefetch("work_plans", queryset=WorkPlan.objects.filter(is_published=True)),
        )
        .filter(slug=slug)
        .first()
    )


def document_groups(meeting):
    """The meeting's documents grouped by kind: [(kind label, [documents])]."""
    groups = {}
    for document in meeting.documents.all():
        groups.setdefault(document.get_kind_display(), []).append(document)
    return list(groups.items())


def language_names(codes):
    names = []
    for code in codes or []:
        try:
            names.append(get_language_info(code)["name_translated"])
        except KeyError:
            names.append(code)
    return names


def selected_applications(meeting):
    """Selected, not withdrawn applications of the meeting's calls with published results."""
    return list(
        Application.objects.filter(
            call__meeting=meeting,
            call__results_published_at__isnull=False,
            outcome=Outcome.SELECTED,
        )
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("organisation", "call")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("pk")),
            Prefetch("organisation__countries", queryset=Country.objects.order_by("name")),
        )
        .order_by("organisation__name", "call_id", "pk")
    )


def public_participants(applications):
    """Rows of the public participants list: organisation and consenting names only."""
    return [
        {
            "organisation": application.organisation,
            "call": application.call,
            "names": [p.full_name for p in application.participants.all() if p.consent_listed],
        }
        for application in applications
    ]


def _tally(table, label, checked_in):
    row = table.setdefault(str(label), [0, 0])
    row[1] += 1
    row[0] += int(checked_in)


def attendance_figures(applications):
    """Checked-in against selected participants, by level, leadership and country.

    Returns ``None`` when no selected participant exists, else a dict with the
    totals and three groups of rows ``(label, checked in, selected)``.
    """
    by_level, by_leadership, by_country = {}, {}, {}
    total = [0, 0]
    for application in applications:
        organisation = application.organisation
        countries = [c.name for c in organisation.countries.all()] or [_("No country given")]
        leadership = organisation.leadership_labels or [_("None declared")]
        for participant in application.participants.all():
            checked_in = participant.checked_in_at is not None
            total[1] += 1
            total[0] += int(checked_in)
            _tally(by_level, organisation.get_level_display(), checked_in)
            for label in leadership:
                _tally(by_leadership, label, checked_in)
            for label in countries:
                _tally(by_country, label, checked_in)
    if not total[1]:
        return None

    def group(group_id, title, table):
        rows = [(label, values[0], values[1]) for label, values in sorted(table.items())]
        return {
            "id": group_id,
            "title": title,
            "rows": rows,
            "chart": [(label, checked_in) for label, checked_in, _selected in rows],
        }

    return {
        "checked_in": total[0],
        "selected": total[1],
        "groups": [
            group("attendance-level", _("Checked in, by level of work"), by_level),
            group(
                "attendance-leadership", _("Checked in, by self-declared leadership"), by_leadership
            ),
            group("attendance-country", _("Checked in, by country"), by_country),
        ],
    }


# --- The national meetings grid ---------------------------------------------------------


def national_meeting_grid(*, today=None, now=None):
    """Endorsing countries × quarters since the launch: which held a national meeting.

    Returns ``{"quarters", "rows", "totals"}``; each row has the country, its cells
    (``state`` "held", "not_held" or "before" its endorsement, with the meeting) and
    its last held meeting. Three queries whatever the number of meetings.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    quarters = quarters_between(Quarter.of(LAUNCH), Quarter.of(today))
    countries = list(Country.objects.filter(endorsed_on__isnull=False).order_by("name"))
    held, last = {}, {}
    meetings = _national_meetings_between(LAUNCH, quarters[-1].end).filter(is_published=True)
    for meeting in meetings:
        if not counts_as_held(meeting, now):
            continue
        key = (meeting.host_country_id, Quarter.of(local_start_date(meeting)))
        held[key] = meeting
        last[meeting.host_country_id] = meeting
    totals = [{"held": 0, "countries": 0} for _quarter in quarters]
    rows = []
    for country in countries:
        first = Quarter.of(country.endorsed_on)
        cells = []
        for index, quarter in enumerate(quarters):
            meeting = held.get((country.pk, quarter))
            if quarter < first and meeting is None:
                state = "before"
            else:
                state = "held" if meeting else "not_held"
                totals[index]["countries"] += 1
                totals[index]["held"] += int(meeting is not None)
            cells.append({"quarter": quarter, "state": state, "meeting": meeting})
        rows.append({"country": country, "cells": cells, "last": last.get(country.pk)})
    for total, quarter in zip(totals, quarters, strict=True):
        total["quarter"] = quarter
    return {"quarters": quarters, "rows": rows, "totals": totals}


def coordinated_country_ids(user):
    """Countries ``user`` is an active special coordinator of."""
    if not (user and user.is_authenticated):
        return set()
    return set(
        CountryCoordinator.objects.filter(
            user=user, active=True, is_special_coordinator=True
        ).values_list("country_id", flat=True)
    )


def pending_invitation_counts(country_ids):
    """{country id: number of invitation requests awaiting an answer}."""
    return dict(
        InvitationRequest.objects.filter(
            country_id__in=country_ids, status=InvitationStatus.PENDING
        )
        .values_list("country_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
