"""The kept state's inputs remembered on the SQLite connection after a merge commits
(``office.inputs_memo``, issue 26): served only when the database is unchanged since — equal,
then, to the inputs read afresh — and never after a change through this connection, through
another one (another engine on the file, as another process), a failed merge or an upgrade.
PostgreSQL workspaces always read them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.services.office import conflicts, derived_state, inputs_memo, merge
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derived_state import inputs, kept
from desktop.services.office.workspace import Workspace, open_workspace
from tests.services.office.helpers import bundle, small_cycle, write
from tests.services.office.test_merge_incremental import _files, _rows


def _recalled(ws: Workspace) -> Any:
    """What the memo serves now (None: not served), checked equal to a fresh read."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        found = inputs_memo.recall(s, cycle.id, derived_state._header(cycle))
        if found is not None:
            fresh = inputs(s, cycle)
            assert found == fresh and found.digest() == fresh.digest()
        return found


def test_served_after_each_import_and_equal_to_a_read(ws: Workspace, tmp_path: Path,
                                                       backend: str) -> None:
    rng = random.Random(3)
    files = _files(ws, tmp_path / "in")
    order = rng.sample(files, len(files)) + rng.sample(files, 2)  # and some again
    for n in range(0, len(order), 3):
        merge.merge_files(ws, order[n:n + 3])
        found = _recalled(ws)
        assert (found is not None) is (backend == "sqlcipher")
        got = _rows(ws)  # the kept state is current (``_rows`` asserts it)
        merge.rederive(ws)
        assert _rows(ws) == got


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_a_change_through_this_connection_is_not_served(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    assert _recalled(ws) is not None
    conflicts.add_conflict(ws, "R3", small.apps[0].ref, "kinship", "office")
    assert _recalled(ws) is None
    with ws.uow() as s:
        assert kept(s, resolve_cycle(s, None)) is None  # a conflict since: not current
    merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R4", "material", ids,
                                                           seed=2))])
    assert _recalled(ws) is not None
    with ws.uow() as s:  # a row changed by hand
        s.execute(text("UPDATE received_bundle SET file_name = 'renamed.sbb' "
                       "WHERE file_name = 'a.sbb'"))
    assert _recalled(ws) is None
    with ws.uow() as s:
        assert kept(s, resolve_cycle(s, None)) is None


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_a_commit_through_another_connection_is_not_served(ws: Workspace,
                                                          tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    assert _recalled(ws) is not None
    other = open_workspace(tmp_path / "office", "pass phrase")  # its own engine and connection
    try:
        conflicts.add_conflict(other, "R3", small.apps[0].ref, "kinship", "office")
    finally:
        other.close()
    assert _recalled(ws) is None
    with ws.uow() as s:
        assert kept(s, resolve_cycle(s, None)) is None


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_a_failed_merge_publishes_nothing(ws: Workspace, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    with ws.uow() as s:
        inputs_memo.forget(s)
    real = inputs_memo.remember

    def failing(*a: Any) -> Any:
        real(*a)
        raise RuntimeError("the commit did not happen")

    monkeypatch.setattr(inputs_memo, "remember", failing)
    with pytest.raises(RuntimeError):
        merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                               seed=2))])
    assert _recalled(ws) is None
    monkeypatch.undo()
    merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                           seed=2))])
    assert _recalled(ws) is not None


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_only_the_same_connection_and_header_are_served(ws: Workspace, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        header = derived_state._header(cycle)
        assert inputs_memo.recall(s, cycle.id, header) is not None
        assert inputs_memo.recall(s, cycle.id, ("2", *header[1:])) is None  # rules changed
        record = s.connection().connection.info
        memo = record["scorebook.kept_inputs"][cycle.id]
        record["scorebook.kept_inputs"][cycle.id] = inputs_memo.Memo(
            object(), memo.changes, memo.data_version, memo.inputs)  # another connection's
        assert inputs_memo.recall(s, cycle.id, header) is None


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_the_counters_are_what_keep_it_exact(ws: Workspace, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With the counters made to say "unchanged", a conflict recorded since would be served
    stale and the kept state taken as current: the check above is what prevents it."""
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    conflicts.add_conflict(ws, "R3", small.apps[0].ref, "kinship", "office")
    with ws.uow() as s:
        cycle = resolve_cycle(s, None)
        memo = s.connection().connection.info["scorebook.kept_inputs"][cycle.id]
        monkeypatch.setattr(inputs_memo, "_counters",
                            lambda raw: (memo.changes, memo.data_version))
        assert kept(s, cycle) is not None  # stale: served
        monkeypatch.undo()
        assert kept(s, cycle) is None
