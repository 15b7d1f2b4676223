"""Revisions follow the chain, not the number: ``prev_hash`` links (issue 17, deliver 3).

A bundle replaces the one held when its chain reaches it (gaps in the numbers are normal); a
bundle whose chain reaches nothing held, a second chain start (a case made again) or a branch off
an earlier bundle (a laptop restored from a backup) waits for a person instead of winning by its
number; a person's choice of chain (``resolutions[(key, CHAIN)]``) settles it. Random orders and
splits of a set of chained bundles give the same state (hypothesis).
"""

from __future__ import annotations

import hashlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.merge import (
    CHAIN,
    SCORES,
    BundleRecord,
    FinalStatus,
    MergeContext,
    MergedState,
    Outcome,
    Sheet,
    merge,
    merged_state,
)
from desktop.domain.scoring import ItemEntry

STAGES = ("material",)
CTX = MergeContext("2025", frozenset(STAGES), frozenset(
    {("material", r, "a1") for r in ("r1", "r2")}))
KEY = ("r1", "material", SCORES)


def link(revision: int, prev: BundleRecord | None, *, variant: int = 0, reviewer: str = "r1",
         prev_hash: str | None = None) -> BundleRecord:
    """A bundle chained to ``prev`` ("" when None, or ``prev_hash`` as given)."""
    sheets = (Sheet("a1", (ItemEntry("4.1.2", (revision * 10 + variant * 5) % 105),)),)
    ph = prev_hash if prev_hash is not None else "" if prev is None else prev.content_hash
    body = repr((reviewer, revision, variant, ph)).encode()
    digest = hashlib.sha256(body).hexdigest()
    return BundleRecord(f"{reviewer}-{revision}-{variant}-{digest[:6]}.sbb", reviewer, "2025",
                        "material", SCORES, revision, digest, sheets, prev_hash=ph)


def chain(*revisions: int, variant: int = 0) -> list[BundleRecord]:
    out: list[BundleRecord] = []
    for rev in revisions:
        out.append(link(rev, out[-1] if out else None, variant=variant))
    return out


def current(state: MergedState, key: tuple[str, str, str] = KEY) -> int | None:
    rid = state.current.get(key)
    return None if rid is None else rid[3]


def test_gaps_in_the_numbers_follow_the_chain() -> None:
    one, three, seven = chain(1, 3, 7)
    report = merge([seven], CTX, held=[one, three])
    assert report.outcomes[0].outcome is Outcome.UPDATED
    assert current(report.state) == 7 and not report.state.breaks


def test_stolen_key_at_revision_2_53_does_not_win_and_the_real_next_revision_applies() -> None:
    real = chain(1, 2, 3)
    thief = link(2**53, None, variant=9, prev_hash="ab" * 32)  # chains to nothing held
    report = merge([thief], CTX, held=real)
    out = report.outcomes[0]
    assert out.outcome is Outcome.FORK and out.final is FinalStatus.FORKED
    assert out.reason is not None and "does not win by its number" in out.reason.render()
    assert current(report.state) == 3
    (broken,) = report.state.breaks
    assert broken.waiting == (thief.record_id,) and broken.in_force_revision == 3
    nxt = link(4, real[-1])
    after = merge([nxt], CTX, held=[*real, thief])
    assert after.outcomes[0].outcome is Outcome.UPDATED
    assert after.outcomes[0].final is FinalStatus.CURRENT
    assert current(after.state) == 4
    # whatever the order, the thief's bundle never stands
    assert merged_state([thief, nxt, *reversed(real)], CTX) == after.state


def test_two_first_revisions_are_a_fork_not_a_break() -> None:
    a, b = link(1, None), link(1, None, variant=1)
    state = merged_state([a, b], CTX)
    assert not state.breaks and [f.revision for f in state.forks] == [1]


def test_a_thief_arriving_first_stands_only_until_the_real_chain_arrives() -> None:
    thief = link(2**53, None, variant=9, prev_hash="cd" * 32)
    assert current(merged_state([thief], CTX)) == 2**53  # nothing else is held for the key
    state = merged_state([thief, *chain(1)], CTX)
    assert current(state) == 1 and state.statuses[thief.record_id] is FinalStatus.FORKED


def test_a_case_made_again_starts_a_new_chain_that_waits_for_a_decision() -> None:
    old = chain(1, 2, 3, 4, 5)
    remade = link(1, None, variant=3)  # re-issued package: counter and chain start again
    report = merge([remade], CTX, held=old)
    out = report.outcomes[0]
    assert out.outcome is not Outcome.STALE and out.final is FinalStatus.FORKED
    assert out.reason is not None and "starts a new chain" in out.reason.render()
    (broken,) = report.state.breaks
    assert broken.in_force_revision == 5  # the chain held stays in force meanwhile
    assert report.state.current[KEY] == old[-1].record_id
    # the office chooses the new chain: it stands, and its next bundle applies
    chosen = MergeContext(CTX.cycle_id, CTX.stage_ids, CTX.assignments,
                          resolutions={(KEY, CHAIN): remade.content_hash})
    nxt = link(2, remade, variant=3)
    state = merged_state([*old, remade, nxt], chosen)
    assert state.current[KEY] == nxt.record_id and not state.breaks
    assert all(state.statuses[r.record_id] is FinalStatus.SUPERSEDED for r in old)


def test_a_laptop_restored_from_a_backup_branches_and_waits() -> None:
    held = chain(1, 2, 3, 4, 5)
    again = link(4, held[2], variant=4)  # the backup's counter was at 3
    report = merge([again], CTX, held=held)
    assert report.outcomes[0].outcome is Outcome.FORK
    assert report.outcomes[0].final is FinalStatus.FORKED
    reason = report.outcomes[0].reason
    assert reason is not None and "branches off" in reason.render()
    assert current(report.state) == 5
    chosen = MergeContext(CTX.cycle_id, CTX.stage_ids, CTX.assignments,
                          resolutions={(KEY, CHAIN): again.content_hash})
    state = merged_state([*held, again], chosen)
    assert state.current[KEY] == again.record_id and not state.breaks


def test_the_missing_link_arriving_joins_the_chain() -> None:
    one, two, three = chain(1, 2, 3)
    waiting = merged_state([one, three], CTX)
    assert current(waiting) == 1 and waiting.breaks
    joined = merged_state([one, three, two], CTX)
    assert current(joined) == 3 and not joined.breaks


# --- order independence with chains (hypothesis) ------------------------------------------


@st.composite
def _chained_set(draw: st.DrawFn) -> list[BundleRecord]:
    """One or two reviewers' chains with gaps, branches, new starts and dangling links."""
    out: list[BundleRecord] = []
    for reviewer in ("r1", "r2"):
        mine: list[BundleRecord] = []
        for i in range(draw(st.integers(1, 6))):
            how = draw(st.sampled_from(["next", "next", "next", "start", "dangle", "branch"]))
            rev = (mine[-1].revision if mine else 0) + draw(st.integers(1, 3))
            if how == "next" and mine:
                rec = link(rev, mine[-1], reviewer=reviewer, variant=i)
            elif how == "branch" and mine:
                base = draw(st.sampled_from(mine))
                rec = link(base.revision + draw(st.integers(1, 2)), base, reviewer=reviewer,
                           variant=i)
            elif how == "dangle":
                rec = link(draw(st.sampled_from([rev, 2**53])), None, reviewer=reviewer,
                           variant=i, prev_hash="ef" * 32)
            else:
                rec = link(draw(st.integers(1, 3)), None, reviewer=reviewer, variant=i)
            mine.append(rec)
        out.extend(mine)
    return out


@settings(max_examples=200, deadline=None)
@given(_chained_set(), st.randoms(use_true_random=False), st.integers(0, 12),
       st.booleans())
def test_any_order_of_chains_gives_the_same_state(bundles: list[BundleRecord],
                                                  rnd: random.Random, cut: int,
                                                  decide: bool) -> None:
    ctx = CTX
    if decide:  # a person's choice of chain, and of one side of a fork
        side = bundles[(cut + 1) % len(bundles)]
        ctx = MergeContext(CTX.cycle_id, CTX.stage_ids, CTX.assignments,
                           resolutions={(KEY, CHAIN): bundles[cut % len(bundles)].content_hash,
                                        (side.key, side.revision): side.content_hash})
    base = merged_state(bundles, ctx)
    shuffled = [*bundles, *bundles[: cut % 3]]
    rnd.shuffle(shuffled)
    assert merged_state(shuffled, ctx) == base
    split = cut % (len(shuffled) + 1)
    report = merge(shuffled[split:], ctx, held=shuffled[:split])
    assert report.state == base
    # a bundle that waits is never in force, and a dangling link never stands by its number
    for b in base.breaks:
        assert not set(b.waiting) & set(base.current.values())
    for rec in bundles:
        held = {r.content_hash for r in bundles if r.key == rec.key}
        started = any(r.prev_hash == "" for r in bundles if r.key == rec.key)
        if rec.prev_hash and rec.prev_hash not in held and started and not decide:
            assert base.current.get(rec.key) != rec.record_id
