"""The merged state kept at each derive (issue 26) equals a full derive from every held bundle
after each kind of change, on both backends; a change made without a derive (a conflict
recorded since the last merge) is noticed by the fingerprint and the readers derive again, so
they answer exactly as a full derive would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.domain.merge import merge as domain_merge
from desktop.domain.readiness import UnresolvedKind
from desktop.models.office.review import ReceivedBundle
from desktop.services.office import chains, conflicts, merge, readiness
from desktop.services.office import cycle as office_cycle
from desktop.services.office.chains import merged
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import Kept, kept
from desktop.services.office.revocation import revoke_key
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _full(s: Any, cycle: Any) -> Kept:
    held, _ = merge.held_records(s, cycle)
    state = domain_merge([], merge.context(s, cycle), held).state
    return Kept(tuple(state.breaks), {r.record_id: r.bundle_id for r in held},
                {(f.key, f.revision): f.fallback_revision for f in state.forks})


def _check(ws: Workspace, *, fresh: bool = True) -> Kept:
    """The readers' state equals a full derive; ``fresh``: it is the kept one (a derive ran
    after the last change)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        full = _full(s, cycle)
        found = kept(s, cycle)
        assert (found is not None) is fresh
        if found is not None:
            assert found == full
        assert merged(s, cycle) == full
        return full


def _hash(ws: Workspace, file: str) -> str:
    with ws.uow() as s:
        return s.execute(select(ReceivedBundle.content_hash)
                         .where(ReceivedBundle.file_name == file)).scalar_one()


def _chained(prev: str) -> Any:
    def change(m: dict[str, Any]) -> None:
        m["prev_hash"] = prev
    return change


def test_kept_state_equals_a_full_derive_after_each_change(ws: Workspace,
                                                             tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    merge.merge_files(ws, [one])
    assert _check(ws).breaks == ()
    # a chain break (a bundle chaining to nothing held) and a fork (two contents at one
    # revision), imported in two batches
    thief = write(tmp_path, "thief.sbb", bundle(small, "R2", "material", ids, 2**53, seed=9,
                                                change=_chained("ab" * 32)))
    two = write(tmp_path, "r3-2.sbb", bundle(small, "R3", "material", ids, 2, seed=2))
    other = write(tmp_path, "r3-2b.sbb", bundle(small, "R3", "material", ids, 2, seed=3))
    merge.merge_files(ws, [thief, two])
    merge.merge_files(ws, [other])
    state = _check(ws)
    assert len(state.breaks) == 1 and state.fallback
    assert [b.reviewer for b in chains.list_breaks(ws)] == ["R2"]
    # re-importing everything changes nothing
    merge.merge_files(ws, [other, thief, one, two])
    assert _check(ws) == state
    # a person resolves the fork, then chooses the thief's chain, then the first one's
    merge.resolve_fork(ws, "r3-2b.sbb", "评审员确认")
    assert _check(ws).fallback == {}
    chains.resolve_chain(ws, "thief.sbb", "测试：选择另一条链")
    assert _check(ws).breaks == ()
    chains.resolve_chain(ws, "r2-1.sbb", "复核后改回")
    _check(ws)
    # an office setting no merge reads (the minimum award score) keeps the state kept
    office_cycle.set_setting(ws, "min_award_score", 600)
    _check(ws)
    # a conflict recorded without a derive: the readers notice and derive again
    conflicts.add_conflict(ws, "R3", small.apps[2].ref, "consulting", "office")
    _check(ws, fresh=False)
    merge.rederive(ws)
    _check(ws)
    # a key revoked (the revocation derives again)
    revoke_key(ws, "R2", "笔记本电脑丢失", datetime.now(UTC), 1)
    _check(ws)
    # a new bundle chaining to the one in force
    nxt = write(tmp_path, "r4-1.sbb", bundle(small, "R4", "material", ids, 1, seed=4))
    merge.merge_files(ws, [nxt])
    _check(ws)


def test_a_workspace_without_a_kept_state_derives_on_read(ws: Workspace,
                                                          tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    thief = write(tmp_path, "thief.sbb", bundle(small, "R2", "material", ids, 2**53, seed=9,
                                                change=_chained("ab" * 32)))
    merge.merge_files(ws, [one, thief])
    from desktop.models.office.review import DerivedState

    with ws.uow() as s:  # as a workspace held before 0011: nothing kept yet
        for row in s.execute(select(DerivedState)).scalars():
            s.delete(row)
    _check(ws, fresh=False)
    assert [(b.reviewer, b.waiting[0][1]) for b in chains.list_breaks(ws)] == \
        [("R2", "thief.sbb")]
    merge.rederive(ws)
    _check(ws)


def test_kept_sheet_totals_and_spreads_equal_the_item_rows(ws: Workspace,
                                                          tmp_path: Path) -> None:
    from desktop.models.office.review import DerivedState
    from desktop.services.catalogue import framework
    from desktop.services.office import ranking

    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids, seed=k + 3))
             for k, r in enumerate(("R1", "R2", "R3", "R4"))]
    merge.merge_files(ws, files[:2])
    merge.merge_files(ws, files[2:])
    conflicts.add_conflict(ws, "R3", small.apps[2].ref, "consulting", "office")
    merge.rederive(ws)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        kept_totals = ranking.reviewer_totals(s, cycle, framework())
        assert kept_totals and all(len(by) >= 2 for by in kept_totals.values())
        found = readiness.find_unresolved(s, cycle)
        assert found.of_kind(UnresolvedKind.FLAGGED)  # the spreads kept are read
        s.delete(s.get(DerivedState, cycle.id))
        s.flush()  # as before 0011: summed from the item rows
        assert ranking.reviewer_totals(s, cycle, framework()) == kept_totals
        assert readiness.find_unresolved(s, cycle) == found


def _derived_rows(ws: Workspace) -> dict[str, set[tuple[object, ...]]]:
    from desktop.models.office.review import (
        ConsensusItem,
        Feedback,
        ItemScore,
        ItemSpread,
        PanelScore,
        SheetTotal,
    )

    out = {}
    with ws.uow() as s:
        for model in (ItemScore, PanelScore, ConsensusItem, Feedback, SheetTotal, ItemSpread):
            cols = [c for c in model.__table__.c if c.name != "id"]
            out[model.__tablename__] = {tuple(r) for r in s.execute(select(*cols))}
    return out


def test_a_re_import_of_held_files_leaves_what_a_derive_would_write(ws: Workspace,
                                                                    tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids, seed=k + 3))
             for k, r in enumerate(("R1", "R2", "R3"))]
    first = merge.merge_files(ws, files)
    before = _derived_rows(ws)
    again = merge.merge_files(ws, [files[1], files[0]])  # nothing new: no derive needed
    assert {f.outcome for f in again.files} == {"duplicate"}
    assert (again.item_scores, again.panel_scores) == (first.item_scores, first.panel_scores)
    assert _derived_rows(ws) == before
    merge.rederive(ws)
    assert _derived_rows(ws) == before  # exactly what a derive writes
    # a conflict recorded since: the same re-import now derives again
    conflicts.add_conflict(ws, "R3", small.apps[2].ref, "consulting", "office")
    merge.merge_files(ws, [files[2]])
    after = _derived_rows(ws)
    assert after != before
    _check(ws)
    merge.rederive(ws)
    assert _derived_rows(ws) == after
