"""A failed export records nothing (no revision used, no audit row, nothing listed) and the next
export takes the same revision; when a failure may have left the file on a stick, that revision
is never used for other content (issue 16, part 2)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.atomic import write_atomic
from desktop.crypto import usb
from desktop.crypto.bundle import open_bundle
from desktop.crypto.errors import ReadBackFailed, WriteFailed
from desktop.models import case as m
from desktop.services.case import CaseSession
from desktop.services.case_export import ExportCancelled, export_bundle
from desktop.services.case_types import ExportResult
from tests.models.case_world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


@pytest.fixture
def case(world: World, tmp_path: Path) -> Iterator[CaseSession]:
    with world.create(tmp_path / "case") as opened:
        opened.score_item("A001", "onsite", "4.1.2", 70, "strong", "")
        yield opened


def _stick(tmp_path: Path) -> Path:
    stick = tmp_path / "usb"
    stick.mkdir(exist_ok=True)
    return stick


def _pending(case: CaseSession) -> list[int]:
    return case.run(lambda s: list(s.scalars(select(m.PendingExport.revision))))


def _export_audit_rows(case: CaseSession) -> list[dict[str, object]]:
    return case.run(lambda s: [json.loads(r.new or "{}") for r in s.scalars(
        select(m.AuditEntry).filter_by(action="bundle.export").order_by(m.AuditEntry.seq))])


def _nothing_recorded(case: CaseSession, audit_rows: int) -> None:
    assert case.status().exports == ()
    assert case.audit_count() == audit_rows
    assert _pending(case) == []
    assert _export_audit_rows(case) == []


def _first_export_is_revision_1(case: CaseSession, world: World, tmp_path: Path) -> ExportResult:
    result = case.export_bundle(_stick(tmp_path))
    assert result.revision == 1
    opened = open_bundle(result.path.read_bytes(), world.office, world.roster)
    assert opened.manifest["prev_hash"] == "" and opened.revision == 1
    assert [(e.revision, e.file_name) for e in case.status().exports] == [(1, result.path.name)]
    assert _pending(case) == [] and len(_export_audit_rows(case)) == 1
    return result


def test_missing_folder_records_nothing(case: CaseSession, world: World, tmp_path: Path) -> None:
    rows = case.audit_count()
    for _ in range(3):  # each failure used to take a revision and add an audit row
        with pytest.raises(WriteFailed):
            case.export_bundle(tmp_path / "no-such-stick")
    _nothing_recorded(case, rows)
    _first_export_is_revision_1(case, world, tmp_path)


def test_a_file_instead_of_a_folder_records_nothing(case: CaseSession, world: World,
                                                   tmp_path: Path) -> None:
    rows = case.audit_count()
    target = tmp_path / "not-a-folder"
    target.write_bytes(b"x")
    with pytest.raises(WriteFailed):
        case.export_bundle(target)
    _nothing_recorded(case, rows)
    _first_export_is_revision_1(case, world, tmp_path)


def test_unwritable_stick_records_nothing(case: CaseSession, world: World, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    rows = case.audit_count()

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(usb, "write_atomic", refuse)  # chmod does not stop root
    with pytest.raises(WriteFailed, match="Permission denied"):
        case.export_bundle(_stick(tmp_path))
    monkeypatch.undo()
    _nothing_recorded(case, rows)
    _first_export_is_revision_1(case, world, tmp_path)


def test_read_back_mismatch_records_nothing(case: CaseSession, world: World, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rows = case.audit_count()
    real = usb._read_from_medium

    def damaged(path: Path) -> bytes:
        data = bytearray(real(path))
        data[len(data) // 2] ^= 0x40  # the stick gave back other bytes
        return bytes(data)

    monkeypatch.setattr(usb, "_read_from_medium", damaged)
    with pytest.raises(ReadBackFailed):
        case.export_bundle(_stick(tmp_path))
    monkeypatch.undo()
    assert list(_stick(tmp_path).iterdir()) == []
    _nothing_recorded(case, rows)
    _first_export_is_revision_1(case, world, tmp_path)


@pytest.mark.parametrize("at", [0, 1, 2])
def test_cancel_records_nothing(case: CaseSession, world: World, tmp_path: Path,
                                at: int) -> None:
    rows = case.audit_count()
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        export_bundle(case, _stick(tmp_path), False, None, "folder",
                      progress=lambda done, _total: seen.append(done),
                      is_cancelled=lambda: bool(seen) and seen[-1] >= at)
    assert list(_stick(tmp_path).iterdir()) == []
    _nothing_recorded(case, rows)
    _first_export_is_revision_1(case, world, tmp_path)


def _vanishing_stick(stick: Path) -> Callable[[Path], bytes]:
    def pulled_out(path: Path) -> bytes:
        shutil.rmtree(stick)  # the stick was pulled out after the rename
        raise OSError(5, "Input/output error")
    return pulled_out


def test_stick_pulled_mid_write_keeps_the_revision_for_the_same_bytes(
        case: CaseSession, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file may be on the stick: not known. The reservation stays (not listed, no audit
    row); the next export of the same content sends the very same bytes as revision 1."""
    stick = _stick(tmp_path)
    rows = case.audit_count()
    monkeypatch.setattr(usb, "_read_from_medium", _vanishing_stick(stick))
    with pytest.raises(ReadBackFailed):
        case.export_bundle(stick)
    monkeypatch.undo()
    assert case.status().exports == () and case.audit_count() == rows
    assert _pending(case) == [1]
    kept = case.run(lambda s: s.scalars(select(m.PendingExport)).one().data)
    again = case.export_bundle(_stick(tmp_path))
    assert again.revision == 1 and again.path.read_bytes() == kept
    assert [e.revision for e in case.status().exports] == [1] and _pending(case) == []
    assert "skipped_revisions" not in _export_audit_rows(case)[0]


def test_stick_pulled_then_content_changed_skips_the_revision(
        case: CaseSession, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = _stick(tmp_path)
    monkeypatch.setattr(usb, "_read_from_medium", _vanishing_stick(stick))
    with pytest.raises(ReadBackFailed):
        case.export_bundle(stick)
    monkeypatch.undo()
    case.score_item("A001", "onsite", "4.1.3", 40)
    result = case.export_bundle(_stick(tmp_path))
    assert result.revision == 2  # revision 1 may be on the pulled stick with other content
    opened = open_bundle(result.path.read_bytes(), world.office, world.roster)
    assert opened.manifest["prev_hash"] == ""  # no recorded export before it
    assert [e.revision for e in case.status().exports] == [2] and _pending(case) == []
    assert _export_audit_rows(case)[0]["skipped_revisions"] == [1]
    assert case.export_bundle(_stick(tmp_path)).revision == 3


def test_failure_after_the_rename_keeps_the_file_and_the_revision(
        case: CaseSession, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder sync fails after the rename: the complete file is there, so the revision is
    bound to it; the next export (same content) writes the same name with the same bytes."""
    stick = _stick(tmp_path)

    def sync_fails(path: Path, data: bytes) -> None:
        write_atomic(path, data)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(usb, "write_atomic", sync_fails)
    with pytest.raises(WriteFailed):
        case.export_bundle(stick)
    monkeypatch.undo()
    (left,) = stick.iterdir()
    assert case.status().exports == () and _pending(case) == [1]
    result = case.export_bundle(stick)
    assert result.revision == 1 and result.path == left
    assert [p.name for p in stick.iterdir()] == [left.name]


def test_a_crash_leftover_from_another_stick_is_never_released(
        case: CaseSession, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes reserved by an interrupted export may be on another stick: a later clean failure
    while sending them again keeps the reservation (only a fresh one is dropped)."""
    monkeypatch.setattr(usb, "_read_from_medium", _vanishing_stick(_stick(tmp_path)))
    with pytest.raises(ReadBackFailed):
        case.export_bundle(_stick(tmp_path))
    monkeypatch.undo()
    with pytest.raises(WriteFailed):
        case.export_bundle(tmp_path / "missing")
    assert _pending(case) == [1]
    assert case.export_bundle(_stick(tmp_path)).revision == 1


def test_no_temporary_or_partial_file_is_left_by_a_failed_write(
        case: CaseSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stick = _stick(tmp_path)
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: object) -> int:
        calls["n"] += 1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(WriteFailed, match="No space"):
        case.export_bundle(stick)
    monkeypatch.setattr(os, "write", real_write)
    assert calls["n"] >= 1 and list(stick.iterdir()) == []
    assert case.status().exports == () and _pending(case) == []
