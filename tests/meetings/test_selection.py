"""The selection algorithm: hand-built cases and property tests of its invariants."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meetings.selection import Candidate, rank, select, weighted_score

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

INDIGENOUS = "leadership:indigenous"
REFUGEE = "leadership:refugee"
LOCAL = "level:local"


def cand(id, score, *, org=None, seats=1, minutes=0, groups=()):
    return Candidate(
        id=id,
        organisation_id=org if org is not None else 1000 + id,
        seats=seats,
        score=Decimal(str(score)),
        submitted_at=T0 + timedelta(minutes=minutes),
        groups=frozenset(groups),
    )


# --- Ranking ------------------------------------------------------------------------


def test_rank_orders_by_score_then_submission_then_id():
    late_high = cand(1, "4.50", minutes=30)
    early_tie = cand(7, "3.00", minutes=5)
    late_tie = cand(2, "3.00", minutes=10)
    same_time_low_id = cand(3, "3.00", minutes=5)
    low = cand(4, "1.00")

    ranked = rank([low, late_tie, early_tie, same_time_low_id, late_high])

    assert [c.id for c in ranked] == [1, 3, 7, 2, 4]


def test_select_ties_broken_by_submission_time_then_id():
    candidates = [cand(5, 3, minutes=2), cand(4, 3, minutes=1), cand(3, 3, minutes=1)]

    result = select(seats=2, candidates=candidates, quotas={})

    assert result.selected == (3, 4)
    assert result.waitlist == (5,)
    assert result.ranking == (3, 4, 5)


# --- Quotas -------------------------------------------------------------------------


def test_select_fills_quota_first_even_with_low_score():
    candidates = [
        cand(1, "4.9"),
        cand(2, "4.8"),
        cand(3, "4.7"),
        cand(4, "1.2", groups=[INDIGENOUS]),
        cand(5, "0.5", groups=[INDIGENOUS]),
    ]

    result = select(seats=3, candidates=candidates, quotas={INDIGENOUS: 1})

    assert result.selected == (4, 1, 2)
    assert result.reasons == {4: f"quota:{INDIGENOUS}", 1: "score", 2: "score"}
    assert result.waitlist == (3, 5)
    assert result.cutoff == Decimal("4.8")


def test_select_prefers_candidate_meeting_several_unmet_quotas():
    candidates = [
        cand(1, 5, groups=[INDIGENOUS]),
        cand(2, 4, groups=[LOCAL]),
        cand(3, 2, groups=[INDIGENOUS, LOCAL]),
        cand(4, 3),
    ]

    result = select(seats=2, candidates=candidates, quotas={LOCAL: 1, INDIGENOUS: 1})

    # One organisation meeting both targets frees the second seat for the best score.
    assert result.selected == (3, 1)
    # The reason names the first unmet group in the quota mapping's order.
    assert result.reasons[3] == f"quota:{LOCAL}"
    assert result.reasons[1] == "score"


def test_select_quota_already_met_by_score_leader_costs_nothing():
    candidates = [cand(1, 5, groups=[REFUGEE]), cand(2, 4), cand(3, 1, groups=[REFUGEE])]

    result = select(seats=2, candidates=candidates, quotas={REFUGEE: 1})

    assert set(result.selected) == {1, 2}
    assert result.reasons[1] == f"quota:{REFUGEE}"


def test_select_unmeetable_quota_falls_back_to_score():
    candidates = [cand(1, 5), cand(2, 4)]

    result = select(seats=1, candidates=candidates, quotas={REFUGEE: 3})

    assert result.selected == (1,)
    assert result.reasons == {1: "score"}


def test_select_quota_counts_fixed_and_overrides():
    candidates = [cand(1, 1, groups=[LOCAL]), cand(2, 5), cand(3, 2, groups=[LOCAL])]

    result = select(seats=2, candidates=candidates, quotas={LOCAL: 1}, forced_in=[1])

    assert result.selected == (1, 2)
    assert result.reasons == {1: "override", 2: "score"}


# --- Overrides ----------------------------------------------------------------------


def test_select_forced_in_placed_before_quotas_and_scores():
    candidates = [cand(1, 5), cand(2, 4), cand(3, "0.1"), cand(4, 3, groups=[LOCAL])]

    result = select(seats=2, candidates=candidates, quotas={LOCAL: 1}, forced_in=[3])

    assert result.selected == (3, 4)
    assert result.reasons == {3: "override", 4: f"quota:{LOCAL}"}
    assert result.waitlist == (1, 2)
    assert result.cutoff is None


def test_select_forced_out_never_selected_nor_waitlisted():
    candidates = [cand(1, 5, groups=[LOCAL]), cand(2, 4), cand(3, 3)]

    result = select(seats=2, candidates=candidates, quotas={LOCAL: 1}, forced_out=[1])

    assert result.selected == (2, 3)
    assert result.waitlist == ()
    assert result.not_selected == (1,)


def test_select_forced_out_wins_over_forced_in_and_fixed():
    candidates = [cand(1, 5), cand(2, 4), cand(3, 3)]

    result = select(
        seats=2,
        candidates=candidates,
        quotas={},
        forced_in=[1],
        already_selected=[2],
        forced_out=[1, 2],
    )

    assert result.selected == (3,)
    assert result.not_selected == (1, 2)


def test_select_override_that_does_not_fit_goes_to_waitlist():
    candidates = [cand(1, 5, seats=2, org=1), cand(2, 4), cand(3, 1)]

    result = select(
        seats=1, candidates=candidates, quotas={}, seats_per_organisation=2, forced_in=[1]
    )

    assert result.selected == (2,)
    assert result.waitlist == (1, 3)


# --- Seats and organisations --------------------------------------------------------


def test_select_skips_candidate_needing_more_seats_than_left():
    candidates = [cand(1, 5), cand(2, 4, seats=2), cand(3, 3)]

    result = select(seats=2, candidates=candidates, quotas={}, seats_per_organisation=2)

    assert result.selected == (1, 3)
    assert result.waitlist == (2,)
    assert result.cutoff == Decimal(3)


def test_select_never_gives_an_organisation_more_than_its_limit():
    candidates = [cand(1, 5, org=9), cand(2, 4, org=9), cand(3, 3, org=8, seats=2)]

    result = select(seats=5, candidates=candidates, quotas={}, seats_per_organisation=2)

    assert result.selected == (1, 2, 3)
    limited = select(seats=5, candidates=candidates, quotas={}, seats_per_organisation=1)
    assert limited.selected == (1,)
    assert limited.waitlist == (2, 3)


# --- Waiting list -------------------------------------------------------------------


def test_select_waitlist_in_ranking_order_and_limited():
    candidates = [cand(i, Decimal(10 - i) / 2) for i in range(1, 8)]

    result = select(seats=2, candidates=candidates, quotas={}, waitlist_size=3)

    assert result.selected == (1, 2)
    assert result.waitlist == (3, 4, 5)
    assert result.not_selected == (6, 7)


def test_select_waitlist_size_zero_keeps_everyone():
    candidates = [cand(i, i) for i in range(1, 6)]

    result = select(seats=1, candidates=candidates, quotas={}, waitlist_size=0)

    assert result.selected == (5,)
    assert result.waitlist == (4, 3, 2, 1)
    assert result.not_selected == ()


def test_promotion_after_withdrawal_places_best_waitlisted():
    candidates = [cand(i, 6 - i) for i in range(1, 6)]
    first = select(seats=2, candidates=candidates, quotas={})
    assert first.selected == (1, 2)
    assert first.waitlist == (3, 4, 5)

    remaining = [c for c in candidates if c.id != 1]  # 1 withdraws
    second = select(seats=2, candidates=remaining, quotas={}, already_selected=[2], waitlist_size=0)

    assert second.selected == (2, 3)
    assert second.reasons == {2: "fixed", 3: "score"}
    assert second.waitlist == (4, 5)


def test_promotion_after_withdrawal_restores_unmet_quota():
    candidates = [
        cand(1, 5),
        cand(2, 2, groups=[REFUGEE]),
        cand(3, 4),
        cand(4, 1, groups=[REFUGEE]),
    ]
    first = select(seats=2, candidates=candidates, quotas={REFUGEE: 1})
    assert first.selected == (2, 1)
    assert first.waitlist == (3, 4)

    remaining = [c for c in candidates if c.id != 2]  # the refugee-led organisation withdraws
    second = select(seats=2, candidates=remaining, quotas={REFUGEE: 1}, already_selected=[1])

    assert second.selected == (1, 4)
    assert second.reasons == {1: "fixed", 4: f"quota:{REFUGEE}"}
    assert second.waitlist == (3,)


def test_fixed_places_kept_even_when_seats_were_reduced():
    candidates = [cand(1, 1), cand(2, 2), cand(3, 5)]

    result = select(seats=1, candidates=candidates, quotas={}, already_selected=[1, 2])

    assert set(result.selected) == {1, 2}
    assert result.waitlist == (3,)


def test_select_rejects_duplicate_ids():
    with pytest.raises(ValueError):
        select(seats=1, candidates=[cand(1, 1), cand(1, 2)], quotas={})


def test_select_with_no_candidates():
    result = select(seats=3, candidates=[], quotas={LOCAL: 1})

    assert result == select(seats=3, candidates=(), quotas={LOCAL: 1})
    assert result.selected == result.waitlist == result.ranking == ()
    assert result.cutoff is None


# --- Weighted score -----------------------------------------------------------------


def test_weighted_score_weights_the_mean_of_each_criterion():
    # Criterion 1 (weight 2): mean 3.5; criterion 2 (weight 1): mean 5 → (7 + 5) / 3.
    assert weighted_score({1: 2, 2: 1}, [(1, 3), (1, 4), (2, 5)]) == Decimal("4.00")


def test_weighted_score_leaves_out_criteria_nobody_scored():
    assert weighted_score({1: 3, 2: 1}, [(2, 4), (2, 3)]) == Decimal("3.50")


def test_weighted_score_rounds_half_up_to_two_decimals():
    assert weighted_score({1: 1}, [(1, 1), (1, 0), (1, 0)]) == Decimal("0.33")
    assert weighted_score({1: 1}, [(1, 2), (1, 0), (1, 0)]) == Decimal("0.67")
    # Exactly halfway: (1 + 0 + 0 + 0 + 0 + 0 + 0 + 0) / 8 = 0.125 → 0.13
    assert weighted_score({1: 1}, [(1, 1)] + [(1, 0)] * 7) == Decimal("0.13")
    assert str(weighted_score({1: 1}, [(1, 5)])) == "5.00"


def test_weighted_score_none_without_scores():
    assert weighted_score({1: 1}, []) is None
    assert weighted_score({1: 1}, [(99, 5)]) is None


# --- Property tests -----------------------------------------------------------------

GROUPS = [INDIGENOUS, REFUGEE, LOCAL, "focus:research"]


@st.composite
def candidate_lists(draw, *, max_size=14, one_seat=False, distinct_orgs=False, limit=2):
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, 6),  # organisation
                st.just(1) if one_seat else st.integers(1, limit),  # seats
                st.integers(0, 500),  # score in hundredths
                st.integers(0, 5),  # minutes after T0: ties are frequent
                st.frozensets(st.sampled_from(GROUPS), max_size=3),
            ),
            max_size=max_size,
        )
    )
    return [
        Candidate(
            id=i,
            organisation_id=i if distinct_orgs else org,
            seats=seats,
            score=Decimal(score).scaleb(-2),
            submitted_at=T0 + timedelta(minutes=minutes),
            groups=groups,
        )
        for i, (org, seats, score, minutes, groups) in enumerate(rows, start=1)
    ]


quota_maps = st.dictionaries(st.sampled_from(GROUPS), st.integers(1, 4), max_size=4)
PROPERTY = settings(max_examples=200, deadline=None)


@st.composite
def scenarios(draw):
    limit = draw(st.integers(1, 3))
    candidates = draw(candidate_lists(limit=limit))
    ids = [c.id for c in candidates]
    picks = st.sets(st.sampled_from(ids), max_size=3) if ids else st.just(set())
    return {
        "seats": draw(st.integers(0, 12)),
        "candidates": candidates,
        "quotas": draw(quota_maps),
        "seats_per_organisation": limit,
        "forced_in": draw(picks),
        "forced_out": draw(picks),
        "waitlist_size": draw(st.integers(0, 5)),
    }


def _seats_of(result, candidates):
    by_id = {c.id: c for c in candidates}
    return sum(by_id[i].seats for i in result.selected)


@PROPERTY
@given(scenarios())
def test_property_never_more_seats_than_offered(kwargs):
    result = select(**kwargs)

    assert _seats_of(result, kwargs["candidates"]) <= kwargs["seats"]


@PROPERTY
@given(scenarios())
def test_property_no_organisation_over_its_seat_limit(kwargs):
    result = select(**kwargs)

    by_id = {c.id: c for c in kwargs["candidates"]}
    per_org = {}
    for i in result.selected:
        per_org[by_id[i].organisation_id] = (
            per_org.get(by_id[i].organisation_id, 0) + by_id[i].seats
        )
    assert all(used <= kwargs["seats_per_organisation"] for used in per_org.values())


@PROPERTY
@given(scenarios())
def test_property_every_candidate_in_exactly_one_outcome(kwargs):
    result = select(**kwargs)

    outcomes = result.selected + result.waitlist + result.not_selected
    assert sorted(outcomes) == sorted(c.id for c in kwargs["candidates"])
    assert sorted(result.ranking) == sorted(outcomes)
    assert set(result.reasons) == set(result.selected)
    if kwargs["waitlist_size"]:
        assert len(result.waitlist) <= kwargs["waitlist_size"]


@PROPERTY
@given(scenarios())
def test_property_forced_out_never_selected_nor_waitlisted(kwargs):
    result = select(**kwargs)

    assert not set(kwargs["forced_out"]) & set(result.selected + result.waitlist)


@PROPERTY
@given(scenarios(), st.randoms(use_true_random=False))
def test_property_same_input_same_output_whatever_the_order(kwargs, rnd):
    shuffled = list(kwargs["candidates"])
    rnd.shuffle(shuffled)

    assert select(**kwargs) == select(**{**kwargs, "candidates": shuffled})


@PROPERTY
@given(scenarios())
def test_property_cutoff_is_lowest_score_placed_by_score(kwargs):
    result = select(**kwargs)

    by_id = {c.id: c for c in kwargs["candidates"]}
    by_score = [by_id[i].score for i, reason in result.reasons.items() if reason == "score"]
    assert result.cutoff == (min(by_score) if by_score else None)


@PROPERTY
@given(
    candidate_lists(one_seat=True, distinct_orgs=True, max_size=16),
    quota_maps,
    st.integers(0, 6),
)
def test_property_quotas_met_when_one_seat_each_enough_seats_and_enough_candidates(
    candidates, quotas, spare
):
    """Each quota is met when its precondition holds, with no overrides.

    Precondition: every candidate needs one seat, no organisation is limited by the
    per-organisation cap (one application each), seats >= the sum of the targets, and
    each group has at least its target of candidates. Then each quota pick reduces a
    deficit by one, so seats cannot run out before every target is met.
    """
    for group, target in quotas.items():
        assume(sum(group in c.groups for c in candidates) >= target)
    seats = sum(quotas.values()) + spare

    result = select(seats=seats, candidates=candidates, quotas=quotas)

    by_id = {c.id: c for c in candidates}
    for group, target in quotas.items():
        assert sum(group in by_id[i].groups for i in result.selected) >= target


@PROPERTY
@given(scenarios())
def test_property_promotion_keeps_fixed_places(kwargs):
    first = select(**kwargs)
    assume(first.selected)
    gone = first.selected[0]
    kept = first.selected[1:]
    remaining = [c for c in kwargs["candidates"] if c.id != gone]

    second = select(**{**kwargs, "candidates": remaining, "already_selected": kept})

    assert set(kept) <= set(second.selected)
    assert _seats_of(second, remaining) <= kwargs["seats"]


def test_select_same_result_for_reversed_and_shuffled_input():
    candidates = [
        cand(i, i % 3, minutes=i % 2, groups=[LOCAL] if i % 4 == 0 else []) for i in range(20)
    ]
    shuffled = list(candidates)
    random.Random(4).shuffle(shuffled)

    expected = select(seats=6, candidates=candidates, quotas={LOCAL: 2}, waitlist_size=5)

    assert select(seats=6, candidates=shuffled, quotas={LOCAL: 2}, waitlist_size=5) == expected
    assert (
        select(seats=6, candidates=candidates[::-1], quotas={LOCAL: 2}, waitlist_size=5) == expected
    )
