"""Committee pages: the reads they share, and the writes behind them.

Writes: designating a committee's CSO representative, following a committee.
Reads: the committee list and the pieces of a committee's page, each with its
joins applied so a page costs the same number of queries whatever the data size.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.enums import Publication
from commitments.models import Commitment
from portal import audit
from portal.models import Country, Membership, User
from portal.rules import require_perm
from portal.selectors import civil_society_organisations
from portal.services import notify

from .enums import ProposalStatus, ProposalVisibility
from .models import Briefing, Committee, CommitteeCoordinator, CsoRepresentative, Proposal

OPEN_PROPOSAL_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.ACKNOWLEDGED,
    ProposalStatus.UNDER_CONSIDERATION,
)
ANSWERED_PROPOSAL_STATUSES = (ProposalStatus.RESPONDED, ProposalStatus.CLOSED)
# Kinds of organisation a CSO representative may speak for.
COMMITMENTS_SHOWN = 20
ANSWERED_PROPOSALS_SHOWN = 10


# --- Reads ------------------------------------------------------------------------------


def proposals_visible_to(user, queryset=None):
    """``committees.view_proposal`` as a filter: the proposals ``user`` may know of.

    Committee-only proposals are visible to the proposing organisation's members,
    the committee's coordinators, its current representative and staff; hidden
    ones to the proposing organisation's members and staff.
    """
    queryset = Proposal.objects.all() if queryset is None else queryset
    if user is not None and user.has_perm("portal.access_staff_tools"):
        return queryset
    # Proposals hidden by moderation stay visible only to their own organisation.
    public = Q(visibility=ProposalVisibility.PUBLIC, hidden=False)
    if not (user and user.is_authenticated):
        return queryset.filter(public)
    # Subqueries rather than joins, so no proposal is repeated.
    own_organisations = Membership.objects.filter(user=user, accepted=True).values(
        "organisation_id"
    )
    coordinated = CommitteeCoordinator.objects.filter(user=user, active=True).values("committee_id")
    represented = CsoRepresentative.objects.filter(user=user, is_current=True).values(
        "committee_id"
    )
    return queryset.filter(
        public
        | Q(organisation_id__in=own_organisations)
        | Q(committee_id__in=coordinated, hidden=False)
        | Q(committee_id__in=represented, hidden=False)
    )


def _count(queryset):
    """A correlated COUNT over ``queryset`` (already filtered on ``committee=OuterRef``)."""
    counted = queryset.order_by().values("committee").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _current_representatives():
    return Prefetch(
        "representatives",
        queryset=CsoRepresentative.objects.filter(is_current=True).select_related(
            "user", "organisation"
        ),
        to_attr="current_representatives",
    )


def committees_for_list(user):
    """Every committee with the figures of the list page, in three queries."""
    now = timezone.now()
    today = timezone.localdate()
    open_proposals = proposals_visible_to(
        user,
        Proposal.objects.filter(committee=OuterRef("pk"), status__in=OPEN_PROPOSAL_STATUSES),
    )
    next_briefing = Briefing.objects.filter(committee=OuterRef("pk"), starts_at__gte=now).order_by(
        "starts_at", "pk"
    )
    committees = (
        Committee.objects.select_related("action_package__pillar")
        .prefetch_related(
            Prefetch("member_countries", queryset=Country.objects.order_by("name")),
            _current_representatives(),
        )
        .annotate(
            open_proposal_count=_count(open_proposals),
            overdue_proposal_count=_count(open_proposals.filter(response_due__lt=today)),
            next_briefing_at=Subquery(next_briefing.values("starts_at")[:1]),
            next_briefing_zone=Subquery(next_briefing.values("time_zone")[:1]),
            next_briefing_id=Subquery(next_briefing.values("pk")[:1]),
        )
        .order_by("action_package__number")
    )
    committees = list(committees)
    for committee in committees:
        committee.representative = next(iter(committee.current_representatives), None)
    return committees


def committee_for_page(slug):
    """The committee with its package, pillar and member countries, or None."""
    return (
        Committee.objects.select_related("action_package__pillar")
        .prefetch_related(Prefetch("member_countries", queryset=Country.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )


def committee_coordinators(committee):
    """Active coordinators, lead coordinators first, then by country."""
    return list(
        committee.coordinators.filter(active=True)
        .select_related("user", "country")
        .order_by("role", "country__name", "pk")
    )


def committee_current_representative(committee):
    return (
        committee.representatives.filter(is_current=True)
        .select_related("user", "organisation")
        .first()
    )


def committee_briefings(committee):
    """(upcoming soonest first, past latest first)."""
    now = timezone.now()
    briefings = list(committee.briefings.order_by("starts_at", "pk"))
    upcoming = [b for b in briefings if b.starts_at >= now]
    past = [b for b in reversed(briefings) if b.starts_at < now]
    return upcoming, past


def committee_open_proposals(committee, user):
    """Open proposals ``user`` may see, oldest first (the longest waiting on top)."""
    return list(
        proposals_visible_to(user, committee.proposals.filter(status__in=OPEN_PROPOSAL_STATUSES))
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )


def committee_answered_proposals(committee, user, limit=ANSWERED_PROPOSALS_SHOWN):
    """The latest proposals the committee answered or closed, that ``user`` may see."""
    return list(
        proposals_visible_to(
            user, committee.proposals.filter(status__in=ANSWERED_PROPOSAL_STATUSES)
        )
        .select_related("organisation")
        .order_by("-responded_at", "-submitted_at", "-pk")[:limit]
    )


def committee_commitments(committee, limit=COMMITMENTS_SHOWN):
    """(the latest public commitments of the committee's action package, their total)."""
    qs = Commitment.objects.filter(action_package_id=committee.action_package_id).exclude(
        publication=Publication.DRAFT
    )
    shown = list(
        qs.order_by("-announced_on", "pk").prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name"))
        )[:limit]
    )
    total = len(shown) if len(shown) < limit else qs.count()
    return shown, total


def is_following(committee, user):
    if not (user and user.is_authenticated):
        return False
    return committee.followers.filter(pk=user.pk).exists()


# --- Writes -----------------------------------------------------------------------------


@transaction.atomic
def representative_designate(*, committee, user, organisation, term_start, term_end=None, by):
    """Make ``user`` the committee's CSO representative for ``organisation``.

    The current representative's term ends (today, unless an end was set), and the
    new one starts, in one transaction; the database allows one current
    representative per committee. History records both rows. The new and previous
    representatives, the committee's followers and its coordinators are told.
    """
    require_perm(by, "committees.designate_representative", committee)
    if not civil_society_organisations(user).filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("The person must be a member of this verified civil-society organisation.")
        )
    if term_end is not None and term_end < term_start:
        raise ValidationError(_("The term cannot end before it starts."))
    # Serialises designations of one committee: the second waits, then replaces the first.
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    previous = (
        CsoRepresentative.objects.select_for_update()
        .filter(committee=committee, is_current=True)
        .first()
    )
    reason = _("Representative designated")
    if previous is not None:
        previous.is_current = False
        if previous.term_end is None:
            previous.term_end = max(timezone.localdate(), previous.term_start)
        previous._history_user = by
        previous._change_reason = reason
        previous.save(update_fields=["is_current", "term_end"])
    representative = CsoRepresentative(
        committee=committee,
        user=user,
        organisation=organisation,
        term_start=term_start,
        term_end=term_end,
        is_current=True,
        designated_by=by,
    )
    representative._history_user = by
    representative._change_reason = reason
    try:
        with transaction.atomic():
            representative.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Another representative was designated at the same time. Reload and try again.")
        ) from exc
    audit.record(
        action="representative.designate",
        by=by,
        target=representative,
        before={"representative": previous.user_id if previous else None},
        after={
            "representative": user.pk,
            "organisation": organisation.pk,
            "term_start": term_start,
            "term_end": term_end,
        },
    )
    _announce_representative(committee=committee, representative=representative, previous=previous)
    return representative


def _announce_representative(*, committee, representative, previous):
    context = {
        "committee": committee,
        "representative": representative,
        "previous": previous,
    }
    link = {"url_name": "committee_detail", "url_args": [committee.slug]}
    notify(
        recipient=representative.user,
        reason="representative_designated",
        target=representative,
        template="representative_designated",
        context=context,
        **link,
    )
    told = {representative.user_id}
    if previous is not None and previous.user_id not in told:
        notify(
            recipient=previous.user,
            reason="representative_replaced",
            target=representative,
            template="representative_designated_previous",
            context=context,
            **link,
        )
        told.add(previous.user_id)
    audience = (
        User.objects.filter(
            Q(followed_committees=committee)
            | Q(committee_roles__committee=committee, committee_roles__active=True),
            is_active=True,
        )
        .exclude(pk__in=told)
        .distinct()
        .order_by("pk")
    )
    for person in audience:
        notify(
            recipient=person,
            reason="representative_announced",
            target=representative,
            template="representative_designated_announcement",
            context=context,
            **link,
        )


@transaction.atomic
def committee_follow(*, committee, by, follow=True):
    """Follow (or stop following) a committee; doing it twice changes nothing."""
    require_perm(by, "committees.follow_committee", committee)
    if follow:
        committee.followers.add(by)
    else:
        committee.followers.remove(by)
    return follow
