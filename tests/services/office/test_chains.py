"""Revisions follow the chain at the office, with real keys and files (issue 17, deliver 3).

A stolen key's bundle at revision 2**53 whose ``prev_hash`` reaches nothing held does not win:
it waits for a person (listed as unresolved), and the reviewer's real next revision still
applies. A case made again (a new chain from revision 1) is held for a decision instead of
being refused as stale; the office's choice of chain is kept and applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.domain.errors import InputRejected
from desktop.domain.readiness import UnresolvedKind
from desktop.models.office.review import ItemScore, ReceivedBundle
from desktop.services.office import chains, merge, readiness
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _chained(prev: str) -> Any:
    def change(m: dict[str, Any]) -> None:
        m["prev_hash"] = prev
    return change


def _hash(ws: Workspace, file: str) -> str:
    with ws.uow() as s:
        return s.execute(select(ReceivedBundle.content_hash)
                         .where(ReceivedBundle.file_name == file)).scalar_one()


def _pcts(ws: Workspace, rid: str) -> set[tuple[str, str, int | None]]:
    with ws.uow() as s:
        return {(str(r.applicant_id), r.item_id, r.pct) for r in s.execute(
            select(ItemScore).where(ItemScore.reviewer_id == rid)).scalars()}


def test_a_stolen_key_at_revision_2_53_waits_and_the_real_next_revision_applies(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    inbox = tmp_path / "in"
    one = write(inbox, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    assert merge.merge_files(ws, [one]).files[0].outcome == "new"
    first = _hash(ws, "r2-1.sbb")
    before = _pcts(ws, "R2")

    thief = write(inbox, "thief.sbb", bundle(small, "R2", "material", ids, 2**53, seed=9,
                                             change=_chained("ab" * 32)))
    result = merge.merge_files(ws, [thief])
    (f,) = result.files
    assert f.outcome == "fork" and result.forks == 1
    assert f.reason is not None and "does not win by its number" in f.reason.render()
    assert _pcts(ws, "R2") == before  # the thief's scores are not applied
    found = readiness.unresolved(ws)
    assert [(i.kind, i.revision) for i in found.items if i.kind is UnresolvedKind.CHAIN] == \
        [(UnresolvedKind.CHAIN, 2**53)]

    real = write(inbox, "r2-2.sbb", bundle(small, "R2", "material", ids, 2, seed=2,
                                           change=_chained(first)))
    result = merge.merge_files(ws, [real])
    assert result.files[0].outcome == "updated", result.files[0].reason
    assert _pcts(ws, "R2") != before  # revision 2 is in force
    # re-importing everything in any order gives the same state
    again = merge.merge_files(ws, [real, thief, one])
    assert {f.outcome for f in again.files} == {"duplicate"}
    assert (chains.list_breaks(ws)[0].in_force, len(chains.list_breaks(ws))) == (2, 1)


def test_a_case_made_again_is_held_for_a_decision_not_refused_as_stale(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    inbox = tmp_path / "in"
    one = write(inbox, "r3-1.sbb", bundle(small, "R3", "material", ids, 1, seed=1))
    merge.merge_files(ws, [one])
    two = write(inbox, "r3-2.sbb", bundle(small, "R3", "material", ids, 2, seed=2,
                                          change=_chained(_hash(ws, "r3-1.sbb"))))
    merge.merge_files(ws, [two])
    remade = write(inbox, "r3-new.sbb", bundle(small, "R3", "material", ids, 1, seed=5))
    (f,) = merge.merge_files(ws, [remade]).files
    assert f.outcome == "fork"  # not "stale": a person decides
    assert f.reason is not None and "starts a new chain" in f.reason.render()
    in_force = _pcts(ws, "R3")
    assert in_force  # the chain held stays in force meanwhile
    with pytest.raises(InputRejected):
        chains.resolve_chain(ws, "r3-new.sbb", " ")
    (view,) = merge.list_forks(ws)  # the window's and the CLI's fork list show the chains too
    assert {side.file for side in view.sides} == {"r3-2.sbb", "r3-new.sbb"}
    assert view.chosen is None and view.in_force == 2
    chosen = merge.resolve_fork(ws, "r3-new.sbb", "case re-made from the re-issued package")
    assert chosen.chosen == _hash(ws, "r3-new.sbb")
    assert chains.list_breaks(ws) == [] and merge.list_forks(ws) == []
    assert _pcts(ws, "R3") and _pcts(ws, "R3") != in_force  # the chosen chain stands
    nxt = write(inbox, "r3-new-2.sbb", bundle(small, "R3", "material", ids, 2, seed=6,
                                              change=_chained(_hash(ws, "r3-new.sbb"))))
    assert merge.merge_files(ws, [nxt]).files[0].outcome in ("updated", "fork")
    assert not [i for i in readiness.unresolved(ws).items if i.kind is UnresolvedKind.CHAIN]
