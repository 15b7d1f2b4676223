"""The merge's context kept per process for the same set-up (``office.held.kept_context``, issue
26): keyed by a hash of every input of a derive beside the held bundles, so an import into an
office whose set-up is unchanged does not read the assignments, the conflicts register and the
rest again — and one recorded since (a conflict, an assignment) is a new set-up, read afresh."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.merge import MergeContext
from desktop.services.office import conflicts, held, merge
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import inputs, kept
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write
from tests.services.office.test_merge_incremental import _rows


def _same(a: MergeContext, b: MergeContext) -> bool:
    return replace(a, now=None) == replace(b, now=None)


def test_the_same_set_up_reads_the_context_once(ws: Workspace, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    calls: list[Any] = []
    real = held.context

    def counting(s: Any, cycle: Any) -> MergeContext:
        calls.append(cycle)
        return real(s, cycle)

    monkeypatch.setattr(held, "context", counting)
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        found = kept(s, cycle, names=False)
        assert found is not None and found.inputs is not None
        first = held.kept_context(s, cycle, found.inputs)
        again = held.kept_context(s, cycle, inputs(s, cycle))  # read again: the same set-up
        assert _same(first, again) and _same(first, real(s, cycle))
        assert again.now is not None and first.now is not None and again.now >= first.now
        assert len(calls) <= 1  # once, or never when the import just now kept it
    # a conflict recorded: another set-up, read afresh
    conflicts.add_conflict(ws, "R3", small.apps[0].ref, "kinship", "office")
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        now = held.kept_context(s, cycle, inputs(s, cycle))
        assert ("R3", ids[0]) in now.conflicted and _same(now, real(s, cycle))


def test_a_conflict_recorded_between_imports_reaches_the_next_import(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    conflicts.add_conflict(ws, "R3", small.apps[0].ref, "kinship", "office")
    merge.rederive(ws)  # the kept state is current again, with the conflict among its inputs
    got = merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                                  seed=2))])
    assert got.refused_sheets == 1  # R3 for the applicant of the conflict recorded now
    assert [len(f.refused) for f in got.files] == [1]
    rows = _rows(ws)
    merge.rederive(ws)
    assert _rows(ws) == rows
