"""Reads shared by the review panel, the staff selection page and the public report.

Scores are read in one query per page and averaged in Python with the published
rule (``meetings.selection.weighted_score``), so every page shows the same figures
the selection used.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from portal.enums import Level
from portal.models import Membership

from .enums import ApplicationStatus, Outcome, OverrideDecision, QuotaGroup
from .models import Application, Criterion, Quota, RegistrationCall, Review, Score
from .selection import (
    REASON_FIXED,
    REASON_OVERRIDE,
    REASON_QUOTA_PREFIX,
    REASON_SCORE,
    Candidate,
    select,
)
from .selection import weighted_score as compute_weighted_score

HUNDREDTH = Decimal("0.01")
QUOTA_LABELS = dict(QuotaGroup.choices)
REASON_LABELS = {
    REASON_FIXED: _("Kept the place already given"),
    REASON_OVERRIDE: _("Place given by a staff decision"),
    REASON_SCORE: _("Score"),
    "promoted": _("Promoted from the waiting list"),
}


# --- Groups -----------------------------------------------------------------------------


def organisation_groups(organisation, host_country_id):
    """The QuotaGroup values an organisation belongs to (its countries prefetched)."""
    groups = {f"leadership:{value}" for value in organisation.leadership or ()}
    groups |= {f"focus:{value}" for value in organisation.focus or ()}
    if organisation.level:
        groups.add(f"level:{organisation.level}")
    if host_country_id is not None and any(
        country.pk == host_country_id for country in organisation.countries.all()
    ):
        groups.add(QuotaGroup.HOST_COUNTRY.value)
        if organisation.level == Level.NATIONAL:
            groups.add(QuotaGroup.HOST_COUNTRY_NATIONAL.value)
    return frozenset(groups)


def group_labels(groups):
    """Readable labels of group values, in the order of ``QuotaGroup``."""
    return [label for value, label in QuotaGroup.choices if value in groups]


def reason_label(reason):
    if not reason:
        return ""
    if reason.startswith(REASON_QUOTA_PREFIX):
        group = reason.removeprefix(REASON_QUOTA_PREFIX)
        return _("Quota: %(group)s") % {"group": QUOTA_LABELS.get(group, group)}
    return REASON_LABELS.get(reason, reason)


# --- Scores -----------------------------------------------------------------------------


def mean(values):
    """The mean of integer scores to two decimals (half up), or None."""
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(HUNDREDTH, ROUND_HALF_UP)


def score_table(application_ids, criteria):
    """``{application id: {"means": {criterion id: mean}, "score": weighted score}}``.

    One query for every application; applications nobody scored have no means and
    no score.
    """
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    values = defaultdict(lambda: defaultdict(list))
    pairs = defaultdict(list)
    rows = (
        Score.objects.filter(review__application_id__in=list(application_ids))
        .order_by()
        .values_list("review__application_id", "criterion_id", "value")
    )
    for application_id, criterion_id, value in rows:
        values[application_id][criterion_id].append(value)
        pairs[application_id].append((criterion_id, value))
    table = {}
    for application_id in application_ids:
        by_criterion = values.get(application_id, {})
        table[application_id] = {
            "means": {pk: mean(by_criterion.get(pk, [])) for pk in weights},
            "score": compute_weighted_score(weights, pairs.get(application_id, [])),
        }
    return table


# --- Panel ------------------------------------------------------------------------------


def conflicted_organisation_ids(user):
    """Organisations ``user`` belongs to, even with a pending request (conflicts)."""
    return Membership.objects.filter(user=user).values("organisation_id")


def panel_applications(call, user):
    """Submitted applications of ``call`` that ``user`` may review, oldest first.

    Applications of organisations the user belongs to are left out (conflict of
    interest). Each carries ``review_count`` and ``reviewed_by_me``.
    """
    return list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .exclude(organisation_id__in=conflicted_organisation_ids(user))
        .select_related("organisation")
        .prefetch_related("organisation__countries")
        .annotate(
            review_count=Count("reviews", distinct=True),
            reviewed_by_me=Exists(
                Review.objects.filter(application_id=OuterRef("pk"), reviewer=user)
            ),
        )
        .order_by("submitted_at", "pk")
    )


def review_progress(call):
    """How many submitted applications have their reviews, and which do not."""
    applications = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .select_related("organisation")
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("submitted_at", "pk")
    )
    incomplete = [a for a in applications if a.review_count < call.min_reviews]
    total = len(applications)
    done = total - len(incomplete)
    return {
        "total": total,
        "complete": done,
        "incomplete": incomplete,
        "reviews": sum(a.review_count for a in applications),
        "percent": round(100 * done / total) if total else 0,
    }


def reviewer_workload(call):
    """For each panel member: applications not reviewed yet and those still needing reviews.

    Conflicts of interest are left out of both counts. Four queries whatever the size.
    """
    members = list(call.panel.filter(is_active=True).order_by("full_name", "email"))
    applications = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by()
        .values_list("pk", "organisation_id", "review_count")
    )
    conflicts = defaultdict(set)
    for user_id, organisation_id in (
        Membership.objects.filter(user__in=members)
        .order_by()
        .values_list("user_id", "organisation_id")
    ):
        conflicts[user_id].add(organisation_id)
    reviewed = defaultdict(set)
    for user_id, application_id in (
        Review.objects.filter(application__call=call, reviewer__in=members)
        .order_by()
        .values_list("reviewer_id", "application_id")
    ):
        reviewed[user_id].add(application_id)
    rows = []
    for member in members:
        open_ = [
            (pk, count)
            for pk, organisation_id, count in applications
            if organisation_id not in conflicts[member.pk] and pk not in reviewed[member.pk]
        ]
        rows.append(
            {
                "reviewer": member,
                "reviewed": len(reviewed[member.pk]),
                "outstanding": len(open_),
                "needed": sum(1 for _pk, count in open_ if count < call.min_reviews),
            }
        )
    return rows


def outstanding_for_reviewer(call, user):
    """Applications ``user`` has not reviewed that still need reviews (no conflicts)."""
    return (
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .exclude(organisation_id__in=conflicted_organisation_ids(user))
        .exclude(reviews__reviewer=user)
        .annotate(review_count=Count("reviews", distinct=True))
        .filter(review_count__lt=call.min_reviews)
    )


def application_for_review(pk):
    """The application with what a reviewer reads, or None."""
    return (
        Application.objects.select_related("call__meeting", "organisation")
        .prefetch_related(
            "participants",
            "attachments",
            "organisation__countries",
            "call__questions",
            "call__criteria",
        )
        .filter(pk=pk)
        .first()
    )


def review_of(application, user):
    """``user``'s review of ``application`` with its scores, or None."""
    return (
        Review.objects.filter(application=application, reviewer=user)
        .prefetch_related("scores")
        .first()
    )


# --- Selection --------------------------------------------------------------------------


def call_for_selection(pk):
    return (
        RegistrationCall.objects.select_related("meeting__host_country")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch("quotas", queryset=Quota.objects.order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )


def ranked_applications(call):
    """Applications that took part in the selection (submitted, or withdrawn after it).

    Ordered by rank, then by submission; each carries ``review_count``, and the
    organisation (with countries) and the override are loaded.
    """
    return list(
        Application.objects.filter(call=call)
        .filter(
            Q(status=ApplicationStatus.SUBMITTED)
            | Q(status=ApplicationStatus.WITHDRAWN, submitted_at__isnull=False)
        )
        .select_related("organisation", "override")
        .prefetch_related("organisation__countries")
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by(F("rank").asc(nulls_last=True), "submitted_at", "pk")
    )


def quota_status(call, applications, selected_ids):
    """Each quota with how many selected organisations belong to its group."""
    host = call.meeting.host_country_id
    counts = defaultdict(int)
    for application in applications:
        if application.pk in selected_ids:
            for group in organisation_groups(application.organisation, host):
                counts[group] += 1
    return [
        {
            "quota": quota,
            "label": quota.get_group_display(),
            "target": quota.target,
            "selected": counts[quota.group],
            "met": counts[quota.group] >= quota.target,
        }
        for quota in call.quotas.all()
    ]


def quotas_of(call):
    """``{group: target}`` in the order quotas were set (which names quota reasons)."""
    return {quota.group: quota.target for quota in call.quotas.all()}


def with_selection_data(queryset):
    """Applications with what a ``Candidate`` needs: organisation, countries, override."""
    return (
        queryset.select_related("organisation", "override")
        .prefetch_related("organisation__countries")
        .annotate(participant_count=Count("participants", distinct=True))
    )


def make_candidate(application, *, score, host_country_id):
    return Candidate(
        id=application.pk,
        organisation_id=application.organisation_id,
        # A candidate needs a seat even if its participants were removed.
        seats=max(1, application.participant_count),
        score=score if score is not None else Decimal("0.00"),
        submitted_at=application.submitted_at,
        groups=organisation_groups(application.organisation, host_country_id),
    )


def override_ids(applications):
    """``(forced_in, forced_out)`` from the applications' overrides."""
    forced_in, forced_out = set(), set()
    for application in applications:
        override = getattr(application, "override", None)
        if override is None:
            continue
        if override.decision == OverrideDecision.SELECT:
            forced_in.add(application.pk)
        else:
            forced_out.add(application.pk)
    return forced_in, forced_out


def last_run_reasons(call, applications):
    """Why each application was placed at the last run, recomputed from stored scores.

    The rule is deterministic: the applications ranked at the last run, with their
    stored scores and the overrides, give the same result again. Applications
    selected since then came from the waiting list.
    """
    if call.selection_run_at is None:
        return {}
    host = call.meeting.host_country_id
    ranked = [a for a in applications if a.rank is not None]
    candidates = [make_candidate(a, score=a.score, host_country_id=host) for a in ranked]
    forced_in, forced_out = override_ids(ranked)
    result = select(
        seats=call.seats,
        candidates=candidates,
        quotas=quotas_of(call),
        seats_per_organisation=call.seats_per_organisation,
        forced_in=forced_in,
        forced_out=forced_out,
        waitlist_size=call.waitlist_size,
    )
    reasons = dict(result.reasons)
    for application in applications:
        if application.outcome == Outcome.SELECTED and application.pk not in reasons:
            reasons[application.pk] = "promoted"
    return reasons


def selection_table(call):
    """Every application that took part, with its scores, groups, outcome and reason."""
    applications = list(
        with_selection_data(
            Application.objects.filter(call=call).filter(
                Q(status=ApplicationStatus.SUBMITTED)
                | Q(status=ApplicationStatus.WITHDRAWN, submitted_at__isnull=False)
            )
        )
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by(F("rank").asc(nulls_last=True), "submitted_at", "pk")
    )
    criteria = list(call.criteria.all())
    scores = score_table([a.pk for a in applications], criteria)
    reasons = last_run_reasons(call, applications)
    host = call.meeting.host_country_id
    rows = []
    for application in applications:
        groups = organisation_groups(application.organisation, host)
        entry = scores[application.pk]
        rows.append(
            {
                "application": application,
                "withdrawn": application.status == ApplicationStatus.WITHDRAWN,
                "score": entry["score"],
                "means": [entry["means"][c.pk] for c in criteria],
                "groups": group_labels(groups),
                "group_values": groups,
                "reason": reason_label(reasons.get(application.pk))
                if application.outcome == Outcome.SELECTED
                else "",
                "override": getattr(application, "override", None),
            }
        )
    active = [r["application"] for r in rows if not r["withdrawn"]]
    selected_ids = {a.pk for a in active if a.outcome == Outcome.SELECTED}
    return {
        "rows": rows,
        "criteria": criteria,
        "quotas": quota_status(call, active, selected_ids),
        "selected_count": len(selected_ids),
        "seats_taken": sum(a.participant_count for a in active if a.pk in selected_ids),
    }


# --- Public report ----------------------------------------------------------------------


def report_call(pk):
    """The call with everything its report reads besides the applications, or None."""
    return call_for_selection(pk)


def _share(count, total):
    return round(100 * count / total) if total else 0


def report_figures(call):
    """Aggregate figures of a call's selection, without any personal data.

    Three queries whatever the number of applications: the applications with their
    organisations, overrides and review counts; the organisations' countries; nothing
    else is read per row.
    """
    host = call.meeting.host_country_id
    applications = [
        a for a in ranked_applications(call) if a.submitted_at is not None
    ]  # drafts never took part
    active = [a for a in applications if a.status == ApplicationStatus.SUBMITTED]
    withdrawn = [a for a in applications if a.status == ApplicationStatus.WITHDRAWN]
    selected = [a for a in active if a.outcome == Outcome.SELECTED]
    waitlist = sorted(
        (a for a in active if a.outcome == Outcome.WAITLISTED),
        key=lambda a: (a.waitlist_position or 0, a.rank or 0, a.pk),
    )
    quotas = {quota.group: quota.target for quota in call.quotas.all()}

    group_counts = defaultdict(lambda: [0, 0])  # applied, selected
    level_counts = defaultdict(lambda: [0, 0])
    country_counts = {}
    for application in active:
        organisation = application.organisation
        is_selected = application.outcome == Outcome.SELECTED
        for group in organisation_groups(organisation, host):
            group_counts[group][0] += 1
            group_counts[group][1] += is_selected
        level_counts[organisation.level][0] += 1
        level_counts[organisation.level][1] += is_selected
        for country in organisation.countries.all():
            row = country_counts.setdefault(country.pk, [country, 0, 0])
            row[1] += 1
            row[2] += is_selected

    def target_row(label, value, counts):
        target = quotas.get(value)
        return {
            "value": value,
            "label": label,
            "applied": counts[0],
            "selected": counts[1],
            "target": target,
            "met": None if target is None else counts[1] >= target,
        }

    by_group = [
        target_row(label, value, group_counts[value]) for value, label in QuotaGroup.choices
    ]
    by_level = [
        target_row(label, f"level:{value}", level_counts[value]) for value, label in Level.choices
    ]
    host_target = quotas.get(QuotaGroup.HOST_COUNTRY.value)
    by_country = [
        {
            "label": country.name,
            "applied": applied,
            "selected": chosen,
            "target": host_target if country.pk == host else None,
            "met": (chosen >= host_target)
            if (host_target is not None and country.pk == host)
            else None,
            "is_host": country.pk == host,
        }
        for country, applied, chosen in sorted(
            country_counts.values(), key=lambda row: (-row[2], -row[1], row[0].name)
        )
    ]
    overrides = [
        {
            "organisation": a.organisation.name,
            "decision": a.override.get_decision_display(),
            "is_select": a.override.decision == OverrideDecision.SELECT,
            "reason": a.override.reason,
        }
        for a in applications
        if getattr(a, "override", None) is not None
    ]
    criteria = list(call.criteria.all())
    total_weight = sum(c.weight for c in criteria)
    return {
        "criteria": [
            {"criterion": c, "weight": c.weight, "share": _share(c.weight, total_weight)}
            for c in criteria
        ],
        "total_weight": total_weight,
        "quotas": list(call.quotas.all()),
        "submitted": len(applications),
        "withdrawn": len(withdrawn),
        "active": len(active),
        "reviewed": sum(1 for a in applications if a.review_count >= call.min_reviews),
        "seats": call.seats,
        "selected_count": len(selected),
        "selected": sorted((a.organisation.name for a in selected), key=str.casefold),
        "waitlist": [a.organisation.name for a in waitlist],
        "by_group": by_group,
        "by_level": by_level,
        "by_country": by_country,
        "chart_group": [(row["label"], row["selected"]) for row in by_group],
        "chart_level": [(row["label"], row["selected"]) for row in by_level],
        "chart_country": [(row["label"], row["selected"]) for row in by_country if row["selected"]],
        "overrides": overrides,
        "cutoff": call.cutoff_score,
    }
