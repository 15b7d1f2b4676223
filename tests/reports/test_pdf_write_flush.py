"""A printed PDF is replaced atomically with its data flushed before the rename; only the
folder's flush after the rename is skipped (a document can be printed again). Other files keep
both flushes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import atomic
from desktop.reports import page


def _count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real_flush = atomic.flush_file

    def flush(fd: int) -> None:
        calls.append("file")
        real_flush(fd)

    monkeypatch.setattr(atomic, "flush_file", flush)
    monkeypatch.setattr(atomic, "fsync_dir", lambda folder: calls.append("folder"))
    return calls


def test_a_pdf_is_flushed_before_its_rename_and_its_folder_is_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count(monkeypatch)
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    page.write_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert calls == ["file"]
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]  # no temporary left


def test_other_files_flush_the_folder_too(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count(monkeypatch)
    atomic.write_atomic(tmp_path / "card.json", b"{}")
    assert calls == ["file", "folder"]
