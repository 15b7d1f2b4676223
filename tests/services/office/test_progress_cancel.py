"""Progress and cancel for the long office operations (merge, packages), on both backends:
a cancelled merge commits the files verified so far as a whole unit of work, and importing the
rest later gives the same state as one uninterrupted import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.package import open_package
from desktop.models.office.review import ItemScore, PackageIssue, ReceivedBundle
from desktop.services.office import merge, packages
from desktop.services.office.workspace import Workspace, init_workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _scores(ws: Workspace) -> set[tuple[str, str, str, str, int | None]]:
    with ws.uow() as s:
        return {(r.reviewer_id, str(r.applicant_id), r.stage_id, r.item_id, r.pct)
                for r in s.execute(select(ItemScore)).scalars()}


def _held(ws: Workspace) -> int:
    with ws.uow() as s:
        return int(s.execute(select(func.count()).select_from(ReceivedBundle)).scalar_one())


def test_merge_reports_progress_and_a_cancel_keeps_a_whole_prefix(ws: Workspace,
                                                                  tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path / "in", f"{i}.sbb", bundle(small, rid, "material", ids, seed=i))
             for i, rid in enumerate(("R2", "R3", "R4", "R1"))]
    seen: list[tuple[int, int]] = []

    def cancel_after_two() -> bool:
        return len(seen) >= 2

    first = merge.merge_files(ws, files, progress=lambda d, t: seen.append((d, t)),
                              is_cancelled=cancel_after_two)
    assert seen == [(1, 4), (2, 4)]
    assert first.cancelled and first.not_read == ("2.sbb", "3.sbb")
    assert [f.outcome for f in first.files] == ["new", "new"]
    assert _held(ws) == 2 and len(_scores(ws)) == 2 * 3 * 23  # committed, consistent
    rest = merge.merge_files(ws, files)  # the same call again, not cancelled
    assert not rest.cancelled and rest.not_read == ()
    assert [f.outcome for f in rest.files] == ["duplicate", "duplicate", "new", "new"]
    got = _scores(ws)
    merge.rederive(ws)
    assert _scores(ws) == got

    # The same files imported in one go in a fresh workspace give the same state.
    fresh = init_workspace(tmp_path / "fresh", "p", "Office", kdf=CHEAP_KDF)
    try:
        small2 = small_cycle(fresh)
        ids2 = [a.id for a in small2.apps]
        files2 = [write(tmp_path / "in2", f"{i}.sbb",
                        bundle(small2, rid, "material", ids2, seed=i))
                  for i, rid in enumerate(("R2", "R3", "R4", "R1"))]
        merge.merge_files(fresh, files2)
        index = {aid: n for n, aid in enumerate(ids)}
        index2 = {aid: n for n, aid in enumerate(ids2)}
        assert {(r, index2[a], st, it, p) for r, a, st, it, p in _scores(fresh)} == \
            {(r, index[a], st, it, p) for r, a, st, it, p in got}
    finally:
        fresh.close()
    assert {r[0] for r in got} == {"R1", "R2", "R3", "R4"}
    # R1 is recused from one applicant: 2 of its 3 sheets count.
    assert sum(1 for r in got if r[0] == "R1") == 2 * 23


def test_merge_cancelled_before_the_first_file_adds_nothing(ws: Workspace,
                                                            tmp_path: Path) -> None:
    small = small_cycle(ws)
    path = write(tmp_path, "a.sbb", bundle(small, "R2", "material", [small.apps[0].id]))
    result = merge.merge_files(ws, [path], is_cancelled=lambda: True)
    assert result.cancelled and result.files == () and result.not_read == ("a.sbb",)
    assert _held(ws) == 0 and _scores(ws) == set()


def test_packages_progress_and_cancel(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    seen: list[tuple[int, int]] = []
    issued = packages.issue_packages(ws, tmp_path / "usb",
                                     progress=lambda d, t: seen.append((d, t)),
                                     is_cancelled=lambda: len(seen) >= 3).result
    assert seen == [(1, 4), (2, 4), (3, 4)]
    assert [i.reviewer for i in issued] == ["R1", "R2", "R3"]
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == \
        sorted(Path(i.file).name for i in issued)
    fp = ws.identity().root_fingerprint
    for i in issued:  # what was written is whole and opens
        opened = open_package(Path(i.file).read_bytes(), small.ids[i.reviewer], fp, None)
        assert opened.content["reviewer_id"] == i.reviewer
    with ws.uow() as s:
        assert sorted(s.execute(select(PackageIssue.reviewer_id)).scalars()) == \
            ["R1", "R2", "R3"]
    seen.clear()
    again = packages.issue_packages(ws, tmp_path / "usb2", progress=lambda d, t: seen.append(
        (d, t))).result
    assert seen[-1] == (4, 4) and len(again) == 4
