"""Reviews and the selection of a registration call: scoring, running the published
rule, staff overrides, publishing the decisions, and the waiting list.

The rule itself lives in ``meetings.selection`` (pure, deterministic); this module
feeds it the applications and stores its result. Every write locks the call's row,
so a review cannot slip in while the selection runs, and two runs, two publications
or two promotions never interleave.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import audit
from portal.enums import MembershipRole
from portal.models import Membership, User
from portal.rules import require_perm
from portal.services import notify

from .call_services import format_meeting_time
from .enums import ApplicationStatus, Outcome, OverrideDecision
from .models import (
    MAX_SCORE,
    Application,
    Meeting,
    RegistrationCall,
    Review,
    Score,
    SelectionOverride,
    new_registration_code,
)
from .rules import has_conflict_of_interest, is_panel_member
from .selection import Result, select
from .selection_selectors import (
    make_candidate,
    outstanding_for_reviewer,
    override_ids,
    quotas_of,
    review_progress,
    score_table,
    with_selection_data,
)

logger = logging.getLogger(__name__)

MIN_REASON_LENGTH = 20
CODE_ATTEMPTS = 20
REVIEW_REMINDER_DAYS = 3
MEETING_REMINDER_DAYS = (7, 1)


# --- Helpers ---------------------------------------------------------------------------


def _lock_call(call):
    return (
        RegistrationCall.objects.select_for_update(of=("self",))
        .select_related("meeting__host_country")
        .get(pk=call.pk)
    )


def _organisation_admins(organisation_id):
    return User.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__accepted=True,
        memberships__role=MembershipRole.ADMIN,
        is_active=True,
    ).order_by("pk")


def _applicant_recipients(application):
    """The applying organisation's admins and the person who submitted, once each."""
    people = {user.pk: user for user in _organisation_admins(application.organisation_id)}
    submitter = application.submitted_by
    if submitter is not None and submitter.is_active:
        people.setdefault(submitter.pk, submitter)
    return [people[pk] for pk in sorted(people)]


def application_scores(application):
    """Each criterion's mean score and the weighted score of ``application``.

    ``{"criteria": [{"criterion", "mean", "weight"}], "score": Decimal | None}``.
    """
    criteria = list(application.call.criteria.all())
    entry = score_table([application.pk], criteria)[application.pk]
    return {
        "criteria": [
            {"criterion": c, "mean": entry["means"][c.pk], "weight": c.weight} for c in criteria
        ],
        "score": entry["score"],
    }


# --- Reviews ---------------------------------------------------------------------------


def _clean_scores(criteria, scores):
    """``{criterion id: (value, comment)}`` checked against the call's criteria."""
    given = {str(key): value for key, value in (scores or {}).items()}
    known = {str(pk) for pk in criteria}
    if set(given) - known:
        raise ValidationError(_("A score was given for a criterion of another call."))
    errors, cleaned = {}, {}
    for pk in criteria:
        entry = given.get(str(pk))
        # A bare value is accepted too: (value, comment) or value.
        value, comment = tuple(entry) if isinstance(entry, (tuple, list)) else (entry, "")
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or not 0 <= value <= MAX_SCORE:
            errors[f"score_{pk}"] = _("Choose a score from 0 to %(max)s.") % {"max": MAX_SCORE}
            continue
        cleaned[pk] = (value, (comment or "").strip())
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def review_save(*, application, by, scores, comment=""):
    """Create or update ``by``'s review of ``application`` with a score per criterion.

    ``scores`` maps criterion id to ``(value, comment)``; every criterion of the call
    needs a score from 0 to 5. A reviewer has one review per application (saving
    twice updates it). Refused to non-panel members and on a conflict of interest
    (``PermissionDenied``), and once the selection has run (``ValidationError``).
    """
    call = _lock_call(application.call)
    application = Application.objects.select_related("organisation").get(pk=application.pk)
    if not is_panel_member(by, call) or has_conflict_of_interest(by, application):
        raise PermissionDenied
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only submitted applications are reviewed."), code="not_submitted")
    if call.selection_run_at is not None:
        raise ValidationError(
            _("The selection has run: reviews can no longer be changed."), code="selection_run"
        )
    criteria = [c.pk for c in call.criteria.order_by("position", "pk")]
    cleaned = _clean_scores(criteria, scores)
    comment = (comment or "").strip()
    review, created = Review.objects.get_or_create(
        application=application, reviewer=by, defaults={"comment": comment}
    )
    if not created and review.comment != comment:
        review.comment = comment
        review.save(update_fields=["comment", "updated_at"])
    elif not created:
        review.save(update_fields=["updated_at"])
    for criterion_id, (value, note) in cleaned.items():
        Score.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value, "comment": note}
        )
    return review


# --- Running the selection -------------------------------------------------------------


def selection_problems(call, *, now=None):
    """Why the selection of ``call`` cannot run now (empty when it can)."""
    now = now or timezone.now()
    problems = []
    if call.results_published_at is not None:
        problems.append(_("The results are published: the selection can no longer run again."))
        return problems
    if now < call.closes_at:
        problems.append(
            _("The selection can run once the call has closed, on %(date)s.")
            % {"date": format_meeting_time(call.closes_at, call.meeting)}
        )
    incomplete = review_progress(call)["incomplete"]
    if incomplete:
        problems.append(
            ngettext(
                "%(count)s application has fewer than %(min)s reviews: every submitted "
                "application needs %(min)s reviews before the selection can run.",
                "%(count)s applications have fewer than %(min)s reviews: every submitted "
                "application needs %(min)s reviews before the selection can run.",
                len(incomplete),
            )
            % {"count": len(incomplete), "min": call.min_reviews}
        )
    return problems


def _active_submitted(call):
    return Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)


@transaction.atomic
def call_run_selection(*, call, by):
    """Rank the submitted applications of a closed call and allocate its seats.

    Every submitted application needs ``min_reviews`` reviews first. Stores each
    application's score, rank, outcome and place on the waiting list, and the call's
    cut-off; runs again (with the latest overrides) until the results are published.
    """
    require_perm(by, "meetings.manage_selection", call)
    call = _lock_call(call)
    problems = selection_problems(call)
    if problems:
        raise ValidationError(problems, code="not_ready")
    applications = list(with_selection_data(_active_submitted(call)).order_by("pk"))
    criteria = list(call.criteria.all())
    scores = score_table([a.pk for a in applications], criteria)
    host = call.meeting.host_country_id
    candidates = [
        make_candidate(a, score=scores[a.pk]["score"], host_country_id=host) for a in applications
    ]
    forced_in, forced_out = override_ids(applications)
    result = select(
        seats=call.seats,
        candidates=candidates,
        quotas=quotas_of(call),
        seats_per_organisation=call.seats_per_organisation,
        forced_in=forced_in,
        forced_out=forced_out,
        waitlist_size=call.waitlist_size,
    )
    _store_result(call, applications, candidates, result)
    now = timezone.now()
    call.selection_run_at = now
    call.cutoff_score = result.cutoff
    call._history_user = by
    call._change_reason = "selection run"
    call.save(update_fields=["selection_run_at", "cutoff_score"])
    # Applications withdrawn since an earlier run no longer hold a rank or an outcome.
    Application.objects.filter(call=call, status=ApplicationStatus.WITHDRAWN).exclude(
        rank=None, outcome=Outcome.PENDING, waitlist_position=None
    ).update(rank=None, outcome=Outcome.PENDING, waitlist_position=None, updated_at=now)
    audit.record(
        action="selection.run",
        by=by,
        target=call,
        after={
            "selected": list(result.selected),
            "waitlist": list(result.waitlist),
            "cutoff": result.cutoff,
        },
    )
    return result


def _store_result(call, applications, candidates, result: Result):
    scores = {c.id: c.score for c in candidates}
    ranks = {pk: index for index, pk in enumerate(result.ranking, start=1)}
    waitlist = {pk: index for index, pk in enumerate(result.waitlist, start=1)}
    selected = set(result.selected)
    now = timezone.now()
    for application in applications:
        application.score = scores[application.pk]
        application.rank = ranks[application.pk]
        application.waitlist_position = waitlist.get(application.pk)
        if application.pk in selected:
            application.outcome = Outcome.SELECTED
        elif application.pk in waitlist:
            application.outcome = Outcome.WAITLISTED
        else:
            application.outcome = Outcome.NOT_SELECTED
        application.updated_at = now
    Application.objects.bulk_update(
        applications, ["score", "rank", "waitlist_position", "outcome", "updated_at"]
    )


@transaction.atomic
def call_override(*, application, by, decision, reason):
    """Give (``select``) or withhold (``exclude``) a place, with a published reason.

    One override per application: a new decision replaces the previous one; an empty
    ``decision`` removes it. If the selection already ran, it runs again at once so
    the ranking shows the decision. Refused once the results are published.
    """
    require_perm(by, "meetings.manage_selection", application.call)
    call = _lock_call(application.call)
    if call.results_published_at is not None:
        raise ValidationError(
            _("The results are published: places can no longer be overridden."), code="published"
        )
    application = Application.objects.select_related("organisation").get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Only submitted applications take part in the selection."), code="not_submitted"
        )
    existing = SelectionOverride.objects.filter(application=application).first()
    before = {"decision": existing.decision, "reason": existing.reason} if existing else None
    if not decision:
        if existing is not None:
            existing._history_user = by
            existing.delete()
        override = None
    else:
        if decision not in OverrideDecision.values:
            raise ValidationError({"decision": _("Choose to give or to withhold the place.")})
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise ValidationError(
                {
                    "reason": _(
                        "Write the reason in at least %(count)s characters: it is published "
                        "in the selection report."
                    )
                    % {"count": MIN_REASON_LENGTH}
                },
                code="reason",
            )
        override = existing or SelectionOverride(application=application)
        override.decision = decision
        override.reason = reason
        override.decided_by = by
        override.decided_at = timezone.now()
        override._history_user = by
        override.save()
    audit.record(
        action="selection.override",
        by=by,
        target=application,
        before=before,
        after={"decision": decision, "reason": reason} if decision else None,
    )
    if call.selection_run_at is not None:
        call_run_selection(call=call, by=by)
    return override


# --- Publishing ------------------------------------------------------------------------


def _assign_codes(application):
    """A unique registration code for each participant without one."""
    for participant in application.participants.filter(registration_code__isnull=True):
        for _attempt in range(CODE_ATTEMPTS):
            participant.registration_code = new_registration_code()
            try:
                with transaction.atomic():
                    participant.save(update_fields=["registration_code"])
            except IntegrityError:
                continue
            break
        else:
            raise RuntimeError("Could not find a free registration code.")


def _decision_context(call, application, entry, criteria):
    return {
        "application": application,
        "call": call,
        "meeting": call.meeting,
        "organisation": application.organisation,
        "criteria": [
            {"criterion": c, "mean": entry["means"][c.pk], "weight": c.weight} for c in criteria
        ],
        "score": application.score if application.score is not None else entry["score"],
        "cutoff": call.cutoff_score,
        "waitlist_position": application.waitlist_position,
        "is_selected": application.outcome == Outcome.SELECTED,
        "is_waitlisted": application.outcome == Outcome.WAITLISTED,
    }


def _notify_applicants(call, applications, *, reason, template):
    criteria = list(call.criteria.all())
    table = score_table([a.pk for a in applications], criteria)
    sent = 0
    for application in applications:
        context = _decision_context(call, application, table[application.pk], criteria)
        for person in _applicant_recipients(application):
            notification = notify(
                recipient=person,
                reason=reason,
                target=application,
                template=template,
                context=context,
                url_name="call_report",
                url_args=[call.pk],
            )
            sent += notification.just_created
    return sent


@transaction.atomic
def call_publish_results(*, call, by):
    """Publish the selection: decisions dated, codes given, every applicant told once.

    Each applying organisation's admins and the person who submitted get the outcome
    in their language, with the weighted score, each criterion's mean, the cut-off,
    the place on the waiting list and a link to the public report. Publishing again
    changes nothing and sends nothing twice.
    """
    require_perm(by, "meetings.manage_selection", call)
    call = _lock_call(call)
    if call.selection_run_at is None:
        raise ValidationError(_("Run the selection before publishing its results."), code="not_run")
    now = timezone.now()
    if call.results_published_at is None:
        call.results_published_at = now
        call._history_user = by
        call._change_reason = "results published"
        call.save(update_fields=["results_published_at"])
        audit.record(action="selection.publish", by=by, target=call)
        _active_submitted(call).filter(rank__isnull=False, decided_at__isnull=True).update(
            decided_at=now, updated_at=now
        )
    applications = list(
        _active_submitted(call)
        .filter(rank__isnull=False)
        .select_related("organisation", "submitted_by")
        .order_by("rank", "pk")
    )
    for application in applications:
        if application.outcome == Outcome.SELECTED:
            _assign_codes(application)
    _notify_applicants(
        call, applications, reason="selection_decision", template="selection_decision"
    )
    return call


@transaction.atomic
def call_promote_waitlist(*, call, by=None):
    """Fill seats freed by withdrawals from the waiting list, by the published rule.

    Places already given stay; the rule (quotas first, then ranking) picks among the
    waiting list; promoted applications get their codes and are told, and the rest of
    the list is renumbered. Only once results are published (before that, staff run
    the selection again). Returns the promoted applications.
    """
    call = _lock_call(call)
    if call.results_published_at is None:
        return []
    applications = list(
        with_selection_data(
            _active_submitted(call).filter(outcome__in=[Outcome.SELECTED, Outcome.WAITLISTED])
        ).order_by("pk")
    )
    selected_ids = {a.pk for a in applications if a.outcome == Outcome.SELECTED}
    host = call.meeting.host_country_id
    candidates = [make_candidate(a, score=a.score, host_country_id=host) for a in applications]
    forced_in, forced_out = override_ids(applications)
    result = select(
        seats=call.seats,
        candidates=candidates,
        quotas=quotas_of(call),
        seats_per_organisation=call.seats_per_organisation,
        forced_in=forced_in,
        forced_out=forced_out,
        already_selected=selected_ids,
        # Everyone still waiting stays on the list.
        waitlist_size=0,
    )
    by_id = {a.pk: a for a in applications}
    now = timezone.now()
    promoted = [by_id[pk] for pk in result.selected if pk not in selected_ids]
    for application in promoted:
        application.outcome = Outcome.SELECTED
        application.waitlist_position = None
        application.decided_at = now
        application.save(update_fields=["outcome", "waitlist_position", "decided_at", "updated_at"])
    for position, pk in enumerate(result.waitlist, start=1):
        application = by_id[pk]
        if application.waitlist_position != position:
            application.waitlist_position = position
            application.save(update_fields=["waitlist_position", "updated_at"])
    for application in promoted:
        _assign_codes(application)
    if promoted:
        promoted_ids = [a.pk for a in promoted]
        fresh = list(
            Application.objects.filter(pk__in=promoted_ids)
            .select_related("organisation", "submitted_by")
            .order_by("rank", "pk")
        )
        _notify_applicants(call, fresh, reason="selection_promoted", template="selection_promoted")
        logger.info("Call %s: promoted %s from the waiting list.", call.pk, promoted_ids)
        audit.record(
            action="selection.promote", by=by, target=call, after={"promoted": promoted_ids}
        )
    return promoted


# --- Reminders -------------------------------------------------------------------------


def reviews_remind(*, now=None):
    """Remind panel members, once, of applications still awaiting their review.

    Sent within 3 days before the review deadline while the selection has not run,
    to each panel member with applications they have not reviewed that still need
    reviews (conflicts of interest left out). Returns how many were created.
    """
    now = now or timezone.now()
    calls = (
        RegistrationCall.objects.filter(
            selection_run_at__isnull=True,
            review_deadline__gt=now,
            review_deadline__lte=now + timedelta(days=REVIEW_REMINDER_DAYS),
        )
        .select_related("meeting")
        .order_by("pk")
    )
    sent = 0
    for call in calls:
        deadline = format_meeting_time(call.review_deadline, call.meeting)
        for member in call.panel.filter(is_active=True).order_by("pk"):
            count = outstanding_for_reviewer(call, member).count()
            if not count:
                continue
            notification = notify(
                recipient=member,
                reason="review_outstanding",
                target=call,
                template="review_outstanding",
                context={
                    "call": call,
                    "meeting": call.meeting,
                    "count": count,
                    "deadline_at": call.review_deadline,
                    "time_zone": call.meeting.time_zone,
                    "deadline": deadline,
                },
                url_name="call_panel",
                url_args=[call.pk],
            )
            sent += notification.just_created
    return sent


def _reminder_due(days_left, thresholds):
    """The nearest threshold whose window holds ``days_left`` (7: 2–7 days; 1: 0–1)."""
    due = None
    for days in sorted(thresholds, reverse=True):
        if 0 <= days_left <= days:
            due = days
    return due


def participants_remind(*, now=None):
    """Remind selected organisations 7 days and 1 day before their meeting starts.

    The admins of each selected organisation get the codes of all its participants;
    a participant whose email is a portal account gets their own. Days are counted
    in the meeting's time zone, in windows, so a missed run still sends later.
    """
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(days=max(MEETING_REMINDER_DAYS) + 1)
    ).order_by("starts_at", "pk")
    sent = 0
    for meeting in meetings:
        local_start = timezone.localtime(meeting.starts_at, meeting.tz).date()
        days = _reminder_due(
            (local_start - timezone.localtime(now, meeting.tz).date()).days, MEETING_REMINDER_DAYS
        )
        if days is not None:
            sent += _remind_meeting(meeting, days)
    return sent


def _remind_meeting(meeting, days):
    applications = list(
        Application.objects.filter(
            call__meeting=meeting,
            call__results_published_at__isnull=False,
            outcome=Outcome.SELECTED,
            status=ApplicationStatus.SUBMITTED,
        )
        .select_related("organisation", "call")
        .prefetch_related("participants")
        .order_by("pk")
    )
    if not applications:
        return 0
    admins = {}
    for membership in (
        Membership.objects.filter(
            organisation_id__in={a.organisation_id for a in applications},
            accepted=True,
            role=MembershipRole.ADMIN,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    emails = {p.email.lower() for a in applications for p in a.participants.all()}
    accounts = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
    reason = f"meeting_soon_{days}"
    base = {
        "meeting": meeting,
        "days": days,
        "time_zone": meeting.time_zone,
        "starts": format_meeting_time(meeting.starts_at, meeting),
    }
    sent = 0
    for application in applications:
        participants = list(application.participants.all())
        told = set()
        for person in admins.get(application.organisation_id, []):
            told.add(person.pk)
            notification = notify(
                recipient=person,
                reason=reason,
                target=application,
                template="participant_meeting_soon",
                context={
                    **base,
                    "application": application,
                    "organisation": application.organisation,
                    "participants": participants,
                    "for_admin": True,
                },
                url_name="application_detail",
                url_args=[application.pk],
            )
            sent += notification.just_created
        for participant in participants:
            person = accounts.get(participant.email.lower())
            if person is None or person.pk in told:
                continue
            notification = notify(
                recipient=person,
                reason=reason,
                target=participant,
                template="participant_meeting_soon",
                context={
                    **base,
                    "application": application,
                    "organisation": application.organisation,
                    "participants": [participant],
                    "for_admin": False,
                },
                url_name="meeting_detail",
                url_args=[meeting.slug],
            )
            sent += notification.just_created
    return sent
