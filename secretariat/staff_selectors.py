"""Reads of the staff tools: the verification and moderation queues, the overdue board.

Every function costs a fixed number of queries whatever the number of rows.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.enums import OrganisationKind, VerificationStatus
from portal.models import Country, Organisation, Pillar

from . import moderation
from .enums import FlagReason, FlagStatus, WorkPlanStatus
from .models import Flag, WorkPlanItem

LIST_LIMIT = 200
MODERATION_GROUPS = 100
HIDDEN_SHOWN = 20
INACTIVE_DAYS = 90
# An agenda is due at most 120 days before its briefing (Briefing.agenda_deadline_days).
MAX_AGENDA_DAYS = 120


def reverse_or_none(name, args):
    """A URL, or None while the page that would serve it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- Verification -------------------------------------------------------------------------


def unverified_organisations():
    """Organisations the secretariat has not verified (its own kind needs no verification)."""
    return Organisation.objects.filter(verified=False).exclude(kind=OrganisationKind.SECRETARIAT)


def verification_queue(status=""):
    """Unverified organisations, oldest first, with what the queue shows."""
    qs = unverified_organisations()
    if status:
        qs = qs.filter(verification_status=status)
    return (
        qs.annotate(member_count=Count("memberships", filter=Q(memberships__accepted=True)))
        .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        .order_by("created_at", "pk")
    )


def pending_verification_count():
    """Unverified organisations still in the queue (refused ones are out of it)."""
    return (
        unverified_organisations().exclude(verification_status=VerificationStatus.REJECTED).count()
    )


# --- Moderation ---------------------------------------------------------------------------


def open_flag_object_count():
    """How many distinct objects have open flags."""
    return (
        Flag.objects.filter(status=FlagStatus.OPEN)
        .values("content_type_id", "object_id")
        .distinct()
        .order_by()
        .count()
    )


def _kind_by_content_type():
    return {
        ContentType.objects.get_for_model(kind.model).pk: kind for kind in moderation.KINDS.values()
    }


def _targets(kind, ids):
    if not ids:
        return {}
    objects = kind.model.objects.select_related(*kind.select_related).filter(pk__in=ids)
    return {str(obj.pk): obj for obj in objects}


def _describe(kind, obj):
    return {
        "kind": kind,
        "object": obj,
        "url": kind.url(obj),
        "excerpt": kind.excerpt(obj),
        "context": kind.context_label(obj),
    }


def moderation_queue(limit=MODERATION_GROUPS):
    """Open flags grouped per object, the longest waiting first.

    Each group has the object (excerpt, kind, link), the number of flags, the
    reasons with their counts and the details people wrote.
    """
    groups = list(
        Flag.objects.filter(status=FlagStatus.OPEN)
        .values("content_type_id", "object_id")
        .annotate(count=Count("pk"), first=Min("created_at"))
        .order_by("first", "content_type_id", "object_id")[:limit]
    )
    if not groups:
        return []
    kinds = _kind_by_content_type()
    ids_by_type = defaultdict(set)
    for group in groups:
        ids_by_type[group["content_type_id"]].add(group["object_id"])
    flags = Flag.objects.filter(
        status=FlagStatus.OPEN,
        content_type_id__in=list(ids_by_type),
        object_id__in=[i for ids in ids_by_type.values() for i in ids],
    ).order_by("created_at", "pk")
    reasons, notes = defaultdict(Counter), defaultdict(list)
    for flag in flags:
        key = (flag.content_type_id, flag.object_id)
        reasons[key][flag.reason] += 1
        if flag.note:
            notes[key].append(flag.note)
    targets = {}
    for type_id, ids in ids_by_type.items():
        kind = kinds.get(type_id)
        if kind is not None:
            targets[type_id] = _targets(kind, ids)
    rows = []
    for group in groups:
        key = (group["content_type_id"], group["object_id"])
        kind = kinds.get(group["content_type_id"])
        obj = targets.get(group["content_type_id"], {}).get(group["object_id"])
        if kind is None or obj is None:
            continue
        rows.append(
            {
                **_describe(kind, obj),
                "count": group["count"],
                "first": group["first"],
                "reasons": [
                    (FlagReason(reason).label if reason in FlagReason.values else reason, n)
                    for reason, n in reasons[key].most_common()
                ],
                "notes": notes[key],
            }
        )
    return rows


def hidden_content(limit=HIDDEN_SHOWN):
    """The most recently hidden objects of each kind (one query per kind)."""
    rows = []
    for kind in moderation.KINDS.values():
        objects = (
            kind.model.objects.filter(hidden=True)
            .select_related(*kind.select_related, "hidden_by")
            .order_by("-hidden_at", "-pk")[:limit]
        )
        rows += [_describe(kind, obj) for obj in objects]
    rows.sort(key=lambda row: row["object"].hidden_at or timezone.now(), reverse=True)
    return rows[:limit]


# --- Overdue board ------------------------------------------------------------------------


def _listed(qs, limit=LIST_LIMIT):
    """(rows, total) with at most ``limit`` rows and a count only when cut."""
    rows = list(qs[:limit])
    return rows, (len(rows) if len(rows) < limit else qs.count())


def late_agendas(now):
    """Planned briefings whose agenda deadline passed without the agenda published."""
    from committees.enums import BriefingStatus
    from committees.models import Briefing

    candidates = (
        Briefing.objects.filter(
            agenda_published_at__isnull=True,
            status=BriefingStatus.PLANNED,
            starts_at__lte=now + timedelta(days=MAX_AGENDA_DAYS),
        )
        .select_related("committee__action_package")
        .order_by("starts_at", "pk")
    )
    rows = [b for b in candidates if b.agenda_deadline < now]
    return rows, len(rows)


def overdue_proposals(today):
    from committees.models import Proposal
    from committees.proposal_services import OPEN_STATUSES

    qs = (
        Proposal.objects.filter(status__in=OPEN_STATUSES, response_due__lt=today, hidden=False)
        .select_related("committee__action_package", "organisation")
        .order_by("response_due", "pk")
    )
    return _listed(qs)


def countries_without_national_meeting(today, now):
    """Endorsing countries with no national meeting (held or planned) this quarter.

    Each row also counts the past quarters since the launch (or the country's
    endorsement) without a held meeting, by the rule of the public grid.
    """
    from meetings.meeting_selectors import (
        LAUNCH,
        NOT_HELD_STATUSES,
        Quarter,
        counts_as_held,
        local_start_date,
        national_meetings_starting,
        quarters_between,
    )

    current = Quarter.of(today)
    countries = list(Country.objects.filter(endorsed_on__isnull=False).order_by("name"))
    meetings = (
        national_meetings_starting(LAUNCH, current.end)
        .exclude(status__in=NOT_HELD_STATUSES)
        .only("pk", "host_country", "starts_at", "time_zone", "status", "is_published")
    )
    this_quarter, held = set(), set()
    for meeting in meetings:
        quarter = Quarter.of(local_start_date(meeting))
        if quarter == current:
            this_quarter.add(meeting.host_country_id)
        elif meeting.is_published and counts_as_held(meeting, now):
            held.add((meeting.host_country_id, quarter))
    rows = []
    for country in countries:
        if country.pk in this_quarter:
            continue
        first = max(Quarter.of(LAUNCH), Quarter.of(country.endorsed_on))
        past = [q for q in quarters_between(first, current) if q < current]
        missed = sum(1 for q in past if (country.pk, q) not in held)
        rows.append({"country": country, "missed": missed, "past": len(past)})
    return rows, len(rows), current


def inactive_pillars(now, days=INACTIVE_DAYS):
    """Pillars with no progress update, assessment or data point in the last ``days``."""
    from commitments.enums import Publication
    from commitments.models import CsoAssessment, DataPoint, ProgressUpdate

    last = {}

    def merge(pairs):
        for pillar_id, at in pairs:
            if pillar_id is None or at is None:
                continue
            if pillar_id not in last or at > last[pillar_id]:
                last[pillar_id] = at

    public = ~Q(commitment__publication=Publication.DRAFT)
    merge(
        ProgressUpdate.objects.filter(public, published_at__isnull=False)
        .values_list("commitment__pillar_id")
        .annotate(at=Max("published_at"))
        .order_by()
    )
    merge(
        CsoAssessment.objects.filter(public, hidden=False)
        .values_list("commitment__pillar_id")
        .annotate(at=Max("updated_at"))
        .order_by()
    )
    merge(
        DataPoint.objects.values_list("indicator__pillars")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    merge(
        DataPoint.objects.values_list("indicator__commitments__pillar_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    since = now - timedelta(days=days)
    rows = []
    for pillar in Pillar.objects.order_by("number"):
        at = last.get(pillar.pk)
        if at is None or at < since:
            rows.append({"pillar": pillar, "last": at})
    return rows, len(rows)


def overdue_work_plan_items(today):
    """Work-plan items past their due date and not done (``WorkPlanItem.is_overdue``)."""
    qs = (
        WorkPlanItem.objects.filter(due_date__isnull=False, due_date__lt=today)
        .exclude(status=WorkPlanStatus.DONE)
        .select_related("work_plan", "responsible_country", "co_owner")
        .order_by("due_date", "pk")
    )
    rows, total = _listed(qs)
    for item in rows:
        item.url = reverse_or_none(
            "work_plan_item", [item.work_plan.slug, item.pk]
        ) or reverse_or_none("work_plan_detail", [item.work_plan.slug])
    return rows, total


def overdue_board(today=None, *, now=None):
    """Every section of the overdue board: {name: {"rows", "count", ...}}."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    agendas, agenda_count = late_agendas(now)
    proposals, proposal_count = overdue_proposals(today)
    countries, country_count, quarter = countries_without_national_meeting(today, now)
    pillars, pillar_count = inactive_pillars(now)
    items, item_count = overdue_work_plan_items(today)
    return {
        "agendas": {"rows": agendas, "count": agenda_count},
        "proposals": {"rows": proposals, "count": proposal_count},
        "countries": {"rows": countries, "count": country_count, "quarter": quarter},
        "pillars": {"rows": pillars, "count": pillar_count, "days": INACTIVE_DAYS},
        "work_plan": {"rows": items, "count": item_count},
    }


def overdue_total(board):
    return sum(section["count"] for section in board.values())
