"""How a registration call's places are allocated: a published, deterministic rule.

The rule, in plain words:

1. Every application gets a weighted score: for each criterion, the mean of the
   reviewers' scores (0 to 5), weighted by the criterion's published weight, rounded
   to two decimals.
2. Applications are ranked by that score, highest first. Equal scores are ordered by
   the time of submission, earliest first, and then by application number, lowest
   first. This ranking is published.
3. Places already confirmed (when the waiting list fills a place freed by a
   withdrawal) stay as they are.
4. Staff may give or withhold a place only with a written reason, which is published
   in the selection report. Applications given a place are placed first, in ranking
   order, while seats remain; applications whose place is withheld are not selected.
5. Priority groups with a target (quota) that is not met yet come next: among the
   applications that belong to a group still short of its target, the one that helps
   the most groups at once is placed, the best ranked if several help equally. This
   repeats until every target is met or no eligible application is left.
6. The remaining seats go to the remaining applications in ranking order. An
   application naming more participants than the seats left is skipped and the next
   one is considered.
7. No organisation ever gets more seats than the call allows per organisation.
8. Applications without a place form the waiting list in ranking order, up to its
   published length; the others are not selected.

The same applications always give the same result, whatever order they are read in.
This module is pure Python (no database) so the rule can be tested on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

REASON_FIXED = "fixed"
REASON_OVERRIDE = "override"
REASON_SCORE = "score"
REASON_QUOTA_PREFIX = "quota:"


@dataclass(frozen=True)
class Candidate:
    id: int
    organisation_id: int
    # Participants named: at least 1, at most the call's seats per organisation.
    seats: int
    # Weighted mean score, 0 to 5.
    score: Decimal
    submitted_at: datetime
    # QuotaGroup values the applying organisation belongs to.
    groups: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Result:
    # Candidate ids in the order they were placed.
    selected: tuple[int, ...]
    # The first is promoted first.
    waitlist: tuple[int, ...]
    not_selected: tuple[int, ...]
    # Every candidate, by the published ranking rule.
    ranking: tuple[int, ...]
    # For selected ids: "fixed", "override", "quota:<group>" or "score".
    reasons: dict[int, str]
    # Lowest score among those placed by score; None if nobody was.
    cutoff: Decimal | None


def _rank_key(candidate: Candidate):
    return (-candidate.score, candidate.submitted_at, candidate.id)


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Higher weighted score first; equal scores: earlier submission, then lower id."""
    return sorted(candidates, key=_rank_key)


def select(
    *,
    seats: int,
    candidates: Iterable[Candidate],
    quotas: Mapping[str, int],
    seats_per_organisation: int = 1,
    forced_in: Iterable[int] = (),
    forced_out: Iterable[int] = (),
    already_selected: Iterable[int] = (),
    waitlist_size: int = 0,
) -> Result:
    """Allocate ``seats`` among ``candidates`` by the rule in this module's docstring.

    ``already_selected`` ids keep their place even if they no longer fit (their
    organisations were told); ``forced_out`` wins over every other list.
    ``waitlist_size`` 0 puts every candidate without a place on the waiting list.
    """
    ranked = rank(candidates)
    ids = [c.id for c in ranked]
    if len(set(ids)) != len(ids):
        raise ValueError("Candidate ids must be unique.")
    if seats < 0 or seats_per_organisation < 1 or waitlist_size < 0:
        raise ValueError("Seats and waiting-list size cannot be negative.")
    if any(c.seats < 1 for c in ranked):
        raise ValueError("Every candidate needs at least one seat.")

    excluded = set(forced_out)
    forced = set(forced_in) - excluded
    fixed = set(already_selected) - excluded
    targets = {group: target for group, target in quotas.items() if target > 0}

    placed: list[int] = []
    reasons: dict[int, str] = {}
    counts: dict[str, int] = defaultdict(int)
    org_seats: dict[int, int] = defaultdict(int)
    remaining = seats

    def fits(c: Candidate) -> bool:
        return c.seats <= remaining and org_seats[c.organisation_id] + c.seats <= (
            seats_per_organisation
        )

    def place(c: Candidate, reason: str) -> None:
        nonlocal remaining
        placed.append(c.id)
        reasons[c.id] = reason
        remaining = max(0, remaining - c.seats)
        org_seats[c.organisation_id] += c.seats
        for group in c.groups:
            counts[group] += 1

    def unmet() -> list[str]:
        # In the quota mapping's order, which names the reason.
        return [group for group, target in targets.items() if counts[group] < target]

    def open_candidates():
        return (c for c in ranked if c.id not in reasons and c.id not in excluded)

    for c in ranked:
        if c.id in fixed:
            place(c, REASON_FIXED)

    for c in ranked:
        if c.id in forced and c.id not in reasons and fits(c):
            place(c, REASON_OVERRIDE)

    while short := unmet():
        best, best_gain = None, 0
        for c in open_candidates():
            gain = sum(1 for group in short if group in c.groups)
            # Strictly greater keeps the best-ranked among equal gains.
            if gain > best_gain and fits(c):
                best, best_gain = c, gain
        if best is None:
            break
        first = next(group for group in short if group in best.groups)
        place(best, REASON_QUOTA_PREFIX + first)

    by_score = []
    for c in list(open_candidates()):
        if fits(c):
            place(c, REASON_SCORE)
            by_score.append(c.score)

    waiting = [c.id for c in open_candidates()]
    if waitlist_size:
        waiting = waiting[:waitlist_size]
    on_list = set(waiting)
    return Result(
        selected=tuple(placed),
        waitlist=tuple(waiting),
        not_selected=tuple(i for i in ids if i not in reasons and i not in on_list),
        ranking=tuple(ids),
        reasons=reasons,
        cutoff=min(by_score) if by_score else None,
    )


def weighted_score(weights: Mapping[int, int], scores: Iterable[tuple[int, int]]) -> Decimal | None:
    """The weighted mean of the per-criterion mean scores, to two decimals (half up).

    ``weights`` maps criterion id to weight; ``scores`` holds ``(criterion id, value)``
    pairs from every review of one application. Criteria nobody scored are left out of
    both sums; scores of criteria without a weight are ignored. None if nothing scored.
    """
    values: dict[int, list[int]] = defaultdict(list)
    for criterion_id, value in scores:
        if criterion_id in weights:
            values[criterion_id].append(value)
    total_weight = sum(weights[criterion_id] for criterion_id in values)
    if not values or total_weight <= 0:
        return None
    # Exact arithmetic, then a single rounding: no binary or double rounding errors.
    exact = (
        sum(
            weights[criterion_id] * Fraction(sum(vals), len(vals))
            for criterion_id, vals in values.items()
        )
        / total_weight
    )
    hundredths, remainder = divmod(exact.numerator * 100, exact.denominator)
    if 2 * remainder >= exact.denominator:
        hundredths += 1
    return Decimal(hundredths).scaleb(-2)
