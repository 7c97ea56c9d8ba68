"""Scheduled reminders of the committees app (called daily by ``committees.send_reminders``).

Each reminder goes through ``portal.services.notify``, whose unique notification row
per (recipient, reason, object) makes a second run send nothing. Reminders are chosen
by date windows, not exact days, so a run that was missed still sends them later.
The reason carries the date it is about, so a rescheduled briefing or an extended
response date is reminded again.
"""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from portal.services import notify

from .enums import ProposalStatus
from .models import Briefing, CommitteeCoordinator, Proposal

logger = logging.getLogger(__name__)

# Days before the agenda deadline, before the briefing and before a response is due.
AGENDA_REMINDER_DAYS = (14, 7)
BRIEFING_REMINDER_DAYS = (7, 1)
PROPOSAL_REMINDER_DAYS = 7
# Briefing.agenda_deadline_days is validated to at most this many days.
MAX_AGENDA_DEADLINE_DAYS = 120


def briefing_zone(briefing):
    """The briefing's time zone, or UTC when its name is not a known zone."""
    try:
        return ZoneInfo(briefing.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("Briefing %s has an unknown time zone %r.", briefing.pk, briefing.time_zone)
        return ZoneInfo("UTC")


def _reminder_due(days_left, thresholds):
    """The nearest threshold whose window contains ``days_left``, or None.

    With thresholds (14, 7): 8–14 days left gives 14, 0–7 gives 7. Only the nearest
    is sent, so a reminder created late does not arrive together with an older one.
    """
    due = None
    for days in sorted(thresholds, reverse=True):
        if 0 <= days_left <= days:
            due = days
    return due


def _active_coordinators():
    return Prefetch(
        "committee__coordinators",
        queryset=CommitteeCoordinator.objects.filter(
            active=True, user__is_active=True
        ).select_related("user"),
        to_attr="active_coordinators",
    )


def _upcoming_briefings(now, horizon_days):
    """Briefings starting after ``now`` and at most ``horizon_days`` days later."""
    return Briefing.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(days=horizon_days + 1)
    ).select_related("committee__action_package")


def _briefing_context(briefing):
    zone = briefing_zone(briefing)
    return {
        "briefing": briefing,
        "committee": briefing.committee,
        "time_zone": zone.key,
    }


def remind_agenda_deadlines(*, now=None):
    """Remind active coordinators 14 and 7 days before an unpublished agenda is due."""
    now = now or timezone.now()
    horizon = max(AGENDA_REMINDER_DAYS) + MAX_AGENDA_DEADLINE_DAYS
    briefings = (
        _upcoming_briefings(now, horizon)
        .filter(agenda_published_at__isnull=True)
        .prefetch_related(_active_coordinators())
    )
    sent = 0
    for briefing in briefings:
        deadline = briefing.agenda_deadline
        if deadline <= now:
            continue
        zone = briefing_zone(briefing)
        local_deadline = timezone.localtime(deadline, zone).date()
        days_left = (local_deadline - timezone.localtime(now, zone).date()).days
        days = _reminder_due(days_left, AGENDA_REMINDER_DAYS)
        if days is None:
            continue
        context = _briefing_context(briefing)
        for coordinator in briefing.committee.active_coordinators:
            notification = notify(
                recipient=coordinator.user,
                reason=f"agenda_due_{days}:{local_deadline.isoformat()}",
                target=briefing,
                template="reminder_agenda_due",
                context=context,
                url_name="briefing_detail",
                url_args=[briefing.committee.slug, briefing.pk],
            )
            sent += notification.just_created
    return sent


def remind_briefing_followers(*, now=None):
    """Remind a committee's followers 7 days and 1 day before a briefing."""
    now = now or timezone.now()
    User = get_user_model()
    briefings = _upcoming_briefings(now, max(BRIEFING_REMINDER_DAYS)).prefetch_related(
        Prefetch(
            "committee__followers",
            queryset=User.objects.filter(is_active=True),
            to_attr="active_followers",
        )
    )
    sent = 0
    for briefing in briefings:
        zone = briefing_zone(briefing)
        local_start = timezone.localtime(briefing.starts_at, zone).date()
        days_left = (local_start - timezone.localtime(now, zone).date()).days
        days = _reminder_due(days_left, BRIEFING_REMINDER_DAYS)
        if days is None:
            continue
        context = _briefing_context(briefing)
        for follower in briefing.committee.active_followers:
            notification = notify(
                recipient=follower,
                reason=f"briefing_soon_{days}:{local_start.isoformat()}",
                target=briefing,
                template="reminder_briefing_soon",
                context=context,
                url_name="briefing_detail",
                url_args=[briefing.committee.slug, briefing.pk],
            )
            sent += notification.just_created
    return sent


def _open_proposals():
    return (
        Proposal.objects.exclude(status__in=[ProposalStatus.RESPONDED, ProposalStatus.CLOSED])
        .filter(hidden=False)
        .select_related("committee__action_package", "organisation")
        .prefetch_related(_active_coordinators())
    )


def _remind_proposal(proposal, *, reason, template):
    sent = 0
    context = {"proposal": proposal, "committee": proposal.committee}
    for coordinator in proposal.committee.active_coordinators:
        notification = notify(
            recipient=coordinator.user,
            reason=f"{reason}:{proposal.response_due.isoformat()}",
            target=proposal,
            template=template,
            context=context,
            url_name="proposal_detail",
            url_args=[proposal.pk],
        )
        sent += notification.just_created
    return sent


def remind_proposals_due(*, today=None):
    """Remind coordinators of open proposals whose response is due within 7 days."""
    today = today or timezone.localdate()
    proposals = _open_proposals().filter(
        response_due__gte=today, response_due__lte=today + timedelta(days=PROPOSAL_REMINDER_DAYS)
    )
    return sum(
        _remind_proposal(
            proposal,
            reason=f"proposal_due_{PROPOSAL_REMINDER_DAYS}",
            template="reminder_proposal_due",
        )
        for proposal in proposals
    )


def remind_proposals_overdue(*, today=None):
    """Tell coordinators, once, that an open proposal's response is overdue."""
    today = today or timezone.localdate()
    proposals = _open_proposals().filter(response_due__lt=today)
    return sum(
        _remind_proposal(proposal, reason="proposal_overdue", template="reminder_proposal_overdue")
        for proposal in proposals
    )


def send_reminders(*, now=None):
    """Run every committee reminder; return how many notifications each created."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "agenda_due": remind_agenda_deadlines(now=now),
        "briefing_soon": remind_briefing_followers(now=now),
        "proposal_due": remind_proposals_due(today=today),
        "proposal_overdue": remind_proposals_overdue(today=today),
    }
