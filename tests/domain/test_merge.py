"""Merging bundles: classification, forks, refusals, recusal, order independence (hypothesis)."""

from __future__ import annotations

import hashlib
from collections import Counter
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.merge import (
    CONSENSUS,
    SCORES,
    BundleRecord,
    FinalStatus,
    MergeContext,
    MergedState,
    Outcome,
    Sheet,
    merge,
    merged_state,
    rejection,
)
from desktop.domain.scoring import ItemEntry

REVIEWERS = ("r1", "r2", "r3", "r4")
APPLICANTS = ("a1", "a2", "a3")
STAGES = ("material", "onsite")
ASSIGNED = frozenset(
    (s, r, a) for s in STAGES for r in REVIEWERS for a in APPLICANTS if (r, a) != ("r4", "a3")
)
CTX = MergeContext("2025", frozenset(STAGES), ASSIGNED, conflicted=frozenset({("r2", "a2")}))


def record(reviewer: str, stage: str, revision: int, variant: int = 0, *,
           applicants: tuple[str, ...] = ("a1", "a2"), recusals: tuple[str, ...] = (),
           cycle: str = "2025", kind: str = SCORES, name: str | None = None) -> BundleRecord:
    sheets = tuple(Sheet(a, (ItemEntry("4.1.2", (variant * 5 + revision * 10) % 105),))
                   for a in applicants)
    body = repr((reviewer, cycle, stage, kind, revision, sheets, recusals)).encode()
    digest = hashlib.sha256(body).hexdigest()[:16]
    return BundleRecord(name or f"{reviewer}-{stage}-{revision}-{variant}.sbb", reviewer, cycle,
                        stage, kind, revision, digest, sheets, recusals)


def test_classification_in_order() -> None:
    r1 = record("r1", "material", 1)
    r2 = record("r1", "material", 2)
    fork2 = record("r1", "material", 2, variant=1)
    rep = merge([r1, r2, r2, r1, fork2], CTX)
    assert [o.outcome for o in rep.outcomes] == [
        Outcome.NEW, Outcome.UPDATED, Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.FORK]
    assert rep.counts()[Outcome.DUPLICATE] == 2
    rep2 = merge([r2, r1], CTX)
    assert [o.outcome for o in rep2.outcomes] == [Outcome.NEW, Outcome.STALE]
    assert rep2.outcomes[1].final is FinalStatus.SUPERSEDED
    assert rep2.outcomes[0].final is FinalStatus.CURRENT


def test_highest_revision_wins_whatever_the_order() -> None:
    a, b, c = (record("r1", "material", i) for i in (1, 2, 3))
    for order in ([a, b, c], [c, b, a], [b, c, a]):
        state = merged_state(order, CTX)
        assert state.current[("r1", "material", SCORES)] == c.record_id
        assert state.sheets[("material", SCORES, "a1", "r1")] == c.sheets[0]


def test_snapshot_replaces_the_whole_stage() -> None:
    old = record("r1", "material", 1, applicants=("a1", "a2"))
    new = record("r1", "material", 2, applicants=("a1",))
    state = merged_state([old, new], CTX)
    assert ("material", SCORES, "a2", "r1") not in state.sheets
    assert ("material", SCORES, "a1", "r1") in state.sheets


def test_fork_is_held_and_earlier_revision_stays_in_force() -> None:
    base = record("r1", "material", 1)
    left, right = record("r1", "material", 2, 1), record("r1", "material", 2, 2)
    state = merged_state([right, base, left], CTX)
    assert state.current[("r1", "material", SCORES)] == base.record_id
    (fork,) = state.forks
    assert fork.revision == 2 and fork.fallback_revision == 1
    assert set(fork.hashes) == {left.content_hash, right.content_hash}
    assert state.statuses[left.record_id] is FinalStatus.FORKED
    assert state.statuses[right.record_id] is FinalStatus.FORKED


def test_fork_without_an_earlier_revision_applies_nothing() -> None:
    left, right = record("r1", "material", 1, 1), record("r1", "material", 1, 2)
    state = merged_state([left, right], CTX)
    assert ("r1", "material", SCORES) not in state.current
    assert not any(k[3] == "r1" for k in state.sheets)
    assert state.forks[0].fallback_revision is None


def test_a_person_resolves_a_fork() -> None:
    left, right = record("r1", "material", 2, 1), record("r1", "material", 2, 2)
    key = ("r1", "material", SCORES)
    ctx = MergeContext(CTX.cycle_id, CTX.stage_ids, CTX.assignments, CTX.conflicted,
                       resolutions={(key, 2): right.content_hash})
    state = merged_state([left, right], ctx)
    assert state.current[key] == right.record_id
    assert state.forks == ()
    assert state.statuses[left.record_id] is FinalStatus.SUPERSEDED


def test_a_higher_revision_supersedes_a_fork() -> None:
    left, right = record("r1", "material", 2, 1), record("r1", "material", 2, 2)
    top = record("r1", "material", 3)
    state = merged_state([left, right, top], CTX)
    assert state.current[("r1", "material", SCORES)] == top.record_id
    assert state.forks == ()


def test_wrong_cycle_stage_kind_or_assignment_is_rejected_and_the_rest_goes_on() -> None:
    good = record("r1", "material", 1)
    bad = [
        record("r1", "material", 1, cycle="2024"),
        record("r1", "defense", 1),
        record("r1", "material", 1, kind="letters"),
        record("r4", "material", 1, applicants=("a3",)),
        record("r1", "material", 0),
        record("r1", "material", 1, applicants=("a1", "a1")),
    ]
    rep = merge([*bad, good], CTX)
    reasons = [str(o.reason) for o in rep.outcomes[:-1]]
    assert all(o.outcome is Outcome.REJECTED for o in rep.outcomes[:-1])
    assert "cycle 2024" in reasons[0] and "defense" in reasons[1] and "letters" in reasons[2]
    assert "not assigned" in reasons[3] and "a3" in reasons[3]
    assert "revision 0" in reasons[4] and "twice" in reasons[5]
    assert rep.outcomes[-1].outcome is Outcome.NEW
    assert ("material", SCORES, "a1", "r1") in rep.state.sheets


def test_office_conflict_refuses_the_sheet_only() -> None:
    rec = record("r2", "material", 1, applicants=("a1", "a2"))
    rep = merge([rec], CTX)
    (out,) = rep.outcomes
    assert out.outcome is Outcome.NEW
    assert [r.applicant_id for r in out.refused] == ["a2"]
    assert "office register" in str(out.refused[0].reason)
    assert ("material", SCORES, "a2", "r2") not in rep.state.sheets
    assert ("material", SCORES, "a1", "r2") in rep.state.sheets


def test_own_recusal_in_any_bundle_refuses_scores_in_every_stage() -> None:
    onsite = record("r3", "onsite", 1, applicants=("a1",), recusals=("a3",))
    material = record("r3", "material", 4, applicants=("a1", "a3"))
    state = merged_state([material, onsite], CTX)
    assert ("material", SCORES, "a3", "r3") not in state.sheets
    assert ("r3", "a3") in state.recusals
    assert [r.applicant_id for r in state.refused] == ["a3"]
    assert "recused" in str(state.refused[0].reason)
    # A stale bundle's recusal still counts: a recusal cannot be undone by a later bundle.
    later = record("r3", "onsite", 2, applicants=("a1", "a3"))
    assert ("onsite", SCORES, "a3", "r3") not in merged_state([onsite, later], CTX).sheets


def test_held_plus_incoming_equals_the_whole_set() -> None:
    a = record("r1", "material", 1)
    b = record("r1", "material", 2)
    c = record("r2", "onsite", 1)
    rep = merge([b, a, c], CTX, held=[a])
    assert [o.outcome for o in rep.outcomes] == [Outcome.UPDATED, Outcome.DUPLICATE, Outcome.NEW]
    assert rep.state == merged_state([a, b, c], CTX)


def test_consensus_bundles_are_their_own_key() -> None:
    scores = record("r1", "onsite", 3)
    cons = record("r1", "onsite", 1, kind=CONSENSUS)
    state = merged_state([scores, cons], CTX)
    assert len(state.current) == 2
    assert state.sheets_for("onsite", "a1", CONSENSUS).keys() == {"r1"}
    assert state.sheets_for("onsite", "a1").keys() == {"r1"}


# --- properties -------------------------------------------------------------------------------

_bundle = st.builds(
    lambda r, s, rev, var, apps, rec, bad: record(
        r, s, rev, var, applicants=apps, recusals=rec,
        cycle="2024" if bad == 1 else "2025",
        kind=CONSENSUS if bad == 2 else SCORES),
    st.sampled_from(REVIEWERS), st.sampled_from(STAGES), st.integers(1, 3), st.integers(0, 2),
    st.lists(st.sampled_from(APPLICANTS), unique=True, max_size=3).map(tuple),
    st.lists(st.sampled_from(APPLICANTS), unique=True, max_size=1).map(tuple),
    st.integers(0, 6),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_bundle, min_size=1, max_size=12), st.randoms(use_true_random=False),
       st.lists(st.integers(0, 11), max_size=8))
def test_any_permutation_and_duplication_gives_the_same_state(
        bundles: list[BundleRecord], rnd: object, dups: list[int]) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled = [*bundles, *(bundles[i % len(bundles)] for i in dups)]
    rnd.shuffle(shuffled)
    base = merged_state(bundles, CTX)
    assert merged_state(shuffled, CTX) == base
    assert merge(shuffled, CTX).state == base
    # split arbitrarily into held + incoming: same state
    cut = len(shuffled) // 2
    assert merge(shuffled[cut:], CTX, held=shuffled[:cut]).state == base


@settings(max_examples=150, deadline=None)
@given(st.lists(_bundle, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_order_invariant_parts_of_the_report(bundles: list[BundleRecord], rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    other = list(bundles)
    rnd.shuffle(other)
    one, two = merge(bundles, CTX), merge(other, CTX)
    c1, c2 = one.counts(), two.counts()
    for invariant in (Outcome.NEW, Outcome.DUPLICATE, Outcome.REJECTED):
        assert c1[invariant] == c2[invariant]
    moving = (Outcome.UPDATED, Outcome.STALE, Outcome.FORK)
    assert sum(c1[o] for o in moving) == sum(c2[o] for o in moving)
    assert Counter(str(o.reason) for o in one.outcomes if o.outcome is Outcome.REJECTED) == \
        Counter(str(o.reason) for o in two.outcomes if o.outcome is Outcome.REJECTED)
    # the final status of each bundle never depends on order
    assert Counter((o.record_id, o.final) for o in one.outcomes) == \
        Counter((o.record_id, o.final) for o in two.outcomes)


@settings(max_examples=150, deadline=None)
@given(st.lists(_bundle, min_size=1, max_size=12))
def test_recused_scores_never_reach_the_state(bundles: list[BundleRecord]) -> None:
    state = merged_state(bundles, CTX)
    for stage, _kind, applicant, reviewer in state.sheets:
        assert (reviewer, applicant) not in state.recusals
        assert (reviewer, applicant) != ("r2", "a2")
        assert (stage, reviewer, applicant) in ASSIGNED
    for b in bundles:
        if rejection(b, CTX) is None:  # every accepted bundle's recusals count
            assert {(b.reviewer_id, a) for a in b.recusals} <= state.recusals
        else:  # a refused bundle is never in force
            assert state.statuses[b.record_id] is FinalStatus.REJECTED
            assert b.record_id not in state.current.values()


def test_idempotent_reimport() -> None:
    bundles = [record("r1", "material", 1), record("r2", "onsite", 2)]
    first = merge(bundles, CTX)
    again = merge(bundles, CTX, held=bundles)
    assert again.state == first.state
    assert all(o.outcome is Outcome.DUPLICATE for o in again.outcomes)


def _held_part(state: MergedState) -> tuple[object, ...]:
    """Everything a state derives from the bundles held (rejected ones are never held)."""
    return (state.current, state.sheets, state.refused, state.forks, state.recusals,
            state.breaks, {k: v for k, v in state.statuses.items()
                           if v is not FinalStatus.REJECTED})


@settings(max_examples=150, deadline=None)
@given(st.lists(_bundle, min_size=1, max_size=12), st.lists(st.integers(1, 12), max_size=5))
def test_importing_in_k_batches_equals_importing_at_once(bundles: list[BundleRecord],
                                                         cuts: list[int]) -> None:
    """As the office imports (issue 26): each batch against what the batches before it left
    held (rejected bundles are never held), and the state kept after each import is that
    import's state: it equals a full re-derive from what is held, and after the last batch the
    state of the whole set at once."""
    base = _held_part(merged_state(bundles, CTX))
    bounds = sorted({0, len(bundles), *(c % (len(bundles) + 1) for c in cuts)})
    held: list[BundleRecord] = []
    state: tuple[object, ...] = ()
    for start, end in pairwise(bounds):
        report = merge(bundles[start:end], CTX, held=held)
        accepted = [rec for rec, o in zip(bundles[start:end], report.outcomes, strict=True)
                    if o.outcome is not Outcome.REJECTED]
        held = [*held, *accepted]
        state = _held_part(report.state)
        assert state == _held_part(merged_state(held, CTX))
    assert state == base
