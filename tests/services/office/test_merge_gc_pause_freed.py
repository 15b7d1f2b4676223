"""The merge lets go of its files, manifests and records before the cyclic collector resumes
(issue 26, h27m): the young collection that follows then walks what is left, not every manifest
of the import (~40 ms of merging 1,000). Pinned without a clock: when the pause ends, no file
the merge read (``Incoming``, which holds its bytes and manifest) is alive any more."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop.services.office import merge
from desktop.services.office.gc_pause import paused
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def test_the_files_read_are_let_go_before_the_collector_resumes(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    read: list[weakref.ref[Any]] = []
    alive_at_resume: list[int] = []
    real = merge.read_bundles

    def spy(*a: Any, **k: Any) -> Any:
        items = real(*a, **k)
        read.extend(weakref.ref(i) for i in items)
        return items

    @contextmanager
    def watched() -> Iterator[None]:
        with paused():
            yield
            alive_at_resume.append(sum(1 for r in read if r() is not None))

    monkeypatch.setattr(merge, "read_bundles", spy)
    monkeypatch.setattr(merge, "paused", watched)
    was = gc.isenabled()
    gc.enable()
    try:
        got = merge.merge_files(ws, [
            write(tmp_path, "a.sbb", bundle(small, "R2", "material", ids)),
            write(tmp_path, "b.sbb", bundle(small, "R3", "material", ids, seed=2)),
            write(tmp_path, "bad.sbb", b"not a bundle")])
    finally:
        if not was:
            gc.disable()
    assert got.counts["new"] == 2 and got.counts["rejected"] == 1
    assert len(read) == 3 and alive_at_resume == [0]
