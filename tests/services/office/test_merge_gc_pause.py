"""The cyclic garbage collector is paused for a merge (``office.gc_pause``, issue 26) and left
as it was found: enabled again after, also when the merge fails or two overlap, and never
enabled by a merge when the caller had disabled it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.services.office import merge
from desktop.services.office.gc_pause import paused
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_merge_runs_without_the_collector_and_restores_it(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    seen: list[bool] = []
    real = merge.read_bundles

    def spy(*a: Any, **k: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*a, **k)

    monkeypatch.setattr(merge, "read_bundles", spy)
    gc.enable()
    got = merge.merge_files(ws, [write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids))])
    assert got.counts["new"] == 1 and seen == [False] and gc.isenabled()
    gc.disable()  # the caller's choice stands
    merge.merge_files(ws, [write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids,
                                                           seed=2))])
    assert seen == [False, False] and not gc.isenabled()


def test_a_failure_inside_restores_the_collector() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_pauses_enable_it_once_the_last_ends() -> None:
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused():
            inside.set()
            release.wait(30)

    thread = threading.Thread(target=other)
    with paused():
        thread.start()
        assert inside.wait(30)
    assert not gc.isenabled()  # the other is still inside
    release.set()
    thread.join(30)
    assert gc.isenabled()
    with paused(), paused():
        assert not gc.isenabled()
    assert gc.isenabled()
