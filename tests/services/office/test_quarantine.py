"""The quarantine: one copy per distinct refused file, a size cap that says so, a list with the
folder's use, and a clear recorded in the history — through the services and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.domain.messages import Msg
from desktop.models.office.decision import HistoryEntry
from desktop.services.office import merge, quarantine
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _tampered(data: bytes) -> bytes:
    out = bytearray(data)
    out[len(out) // 2] ^= 0x01
    return bytes(out)


def _copies(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.quarantine_dir.glob("*.sbb"))


def test_one_copy_per_distinct_file(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    bad = _tampered(bundle(small, "R2", "material", [small.apps[0].id]))
    one = write(tmp_path / "a", "R2.sbb", bad)
    same = write(tmp_path / "b", "R2-again.sbb", bad)
    noise = write(tmp_path / "a", "noise.sbb", os.urandom(3000))
    result = merge.merge_files(ws, [one, same, noise])
    assert [f.outcome for f in result.files] == ["rejected"] * 3
    assert result.files[0].quarantined == result.files[1].quarantined
    assert len(_copies(ws)) == 2
    merge.merge_files(ws, [one, noise])  # again: no new copy, no new record
    view = quarantine.quarantine_list(ws)
    assert len(_copies(ws)) == 2 and view.copies == 2
    assert sorted(e.file for e in view.entries) == ["R2-again.sbb", "R2.sbb", "noise.sbb"]
    assert view.size == len(bad) + 3000 and view.cap == quarantine.QUARANTINE_CAP
    assert all(isinstance(e.reason, Msg) and e.reason.render() for e in view.entries)
    assert all(e.size is not None and e.copied_to for e in view.entries)


def test_over_the_cap_a_file_is_recorded_not_copied(ws: Workspace, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    first = write(tmp_path, "first.sbb", os.urandom(4000))
    second = write(tmp_path, "second.sbb", os.urandom(4000))
    monkeypatch.setattr(quarantine, "QUARANTINE_CAP", 6000)
    result = merge.merge_files(ws, [first, second])
    kept, over = result.files
    assert kept.quarantined and kept.not_kept is None
    assert over.quarantined is None and over.not_kept is not None
    note = over.not_kept.render()
    assert "would go over its cap" in note and "scorebook office quarantine" in note
    assert _copies(ws) == [Path(kept.quarantined).name]
    view = quarantine.quarantine_list(ws)
    assert {e.file: e.copied_to for e in view.entries} == {
        "first.sbb": kept.quarantined, "second.sbb": None}
    assert small.cycle == view.cycle


def test_clear_removes_records_and_copies_and_is_recorded(ws: Workspace,
                                                          tmp_path: Path) -> None:
    small_cycle(ws)
    files = [write(tmp_path, f"noise{i}.sbb", os.urandom(1000 + i)) for i in range(3)]
    merge.merge_files(ws, files)
    cleared = quarantine.quarantine_clear(ws)
    assert cleared.changes == OfficeChanges(bundles=True, history=True)
    done = cleared.result
    assert (done.entries, done.copies, done.size, done.left) == (3, 3, 3003, 0)
    assert _copies(ws) == [] and quarantine.quarantine_list(ws).entries == ()
    with ws.uow() as s:
        entry = s.execute(select(HistoryEntry).where(
            HistoryEntry.action == "quarantine.clear")).scalar_one()
        assert json.loads(entry.detail) == {"entries": 3, "copies": 3, "bytes": 3003}
    again = merge.merge_files(ws, files[:1])  # refused again: copied again
    assert again.files[0].quarantined and len(_copies(ws)) == 1


def test_quarantine_verbs(ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    if ws.backend != "sqlcipher":
        pytest.skip("the CLI opens the embedded workspace")
    small_cycle(ws)
    folder = ws.folder
    ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pass phrase")
    one = write(tmp_path, "noise.sbb", os.urandom(2048))
    assert main(["office", "merge", str(one), "--office", str(folder)]) == 3
    out = capsys.readouterr()
    assert "Quarantined files" in out.out
    assert out.err == "error: 1 bundle was rejected; nothing was applied (see the report)\n"

    assert main(["office", "quarantine", "list", "--office", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["file"] for e in data["entries"]] == ["noise.sbb"]
    assert data["copies"] == 1 and data["size"] == 2048 and data["cap"] == 64 * 1024 * 1024
    assert main(["office", "quarantine", "list", "--office", str(folder)]) == 0
    text = capsys.readouterr().out
    assert "1 refused file recorded for cycle hohhot-mayor.2025" in text
    assert "1 file in the quarantine folder, 0.0 MiB of its 64 MiB cap" in text

    assert main(["office", "quarantine", "clear", "--office", str(folder)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("1 record removed for cycle hohhot-mayor.2025; 1 file deleted")
    assert main(["office", "quarantine", "list", "--office", str(folder), "--lang",
                 "zh_CN"]) == 0
    assert "hohhot-mayor.2025" in capsys.readouterr().out
    assert main(["office", "quarantine", "clear", "--office", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == 0


def test_the_merge_report_says_what_was_reported_and_what_was_not_kept(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    if ws.backend != "sqlcipher":
        pytest.skip("the CLI opens the embedded workspace")
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]

    def future(m: dict[str, object]) -> None:
        m["created_at"] = "9999-01-01T00:00:00Z"
    late = write(tmp_path, "late.sbb", bundle(small, "R2", "material", ids, change=future))
    big = write(tmp_path, "big.sbb", os.urandom(5000))
    folder = ws.folder
    ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pass phrase")
    monkeypatch.setattr(quarantine, "QUARANTINE_CAP", 4000)
    assert main(["office", "merge", str(late), str(big), "--office", str(folder)]) == 3
    out = capsys.readouterr()
    assert "Reported, not refused:\n  late.sbb: created_at is 9999-01-01T00:00:00Z" in out.out
    assert "  big.sbb: not copied to the quarantine: the folder would go over its cap" in out.out
    assert out.err == ("error: 1 bundle was rejected; 1 other bundle was applied (see the "
                       "report)\n")
    assert main(["office", "merge", str(late), "--office", str(folder), "--json",
                 "--lang", "zh_CN"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"][0]["outcome"] == "duplicate"
    assert "晚于本机时钟" in data["files"][0]["warnings"][0]
