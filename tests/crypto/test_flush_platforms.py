"""Each system's flush path is the one chosen (desktop.atomic, desktop.crypto.usb).

Only Linux runs here, so macOS and Windows are checked by setting ``sys.platform`` and recording
which calls are made — it shows the right path is taken, not that the drive obeys it. The real
writes still happen (``os.fsync`` is recorded and then called)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop import atomic
from desktop.atomic import fsync_dir, write_atomic
from desktop.crypto.usb import write_verified

fcntl = pytest.importorskip("fcntl")
F_FULLFSYNC = 51  # its value in macOS's <sys/fcntl.h>


class Calls:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, fullfsync: str = "works") -> None:
        self.seen: list[str] = []
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            self.seen.append("fsync")
            real_fsync(fd)

        def fcntl_call(fd: int, op: int, *arg: Any) -> int:
            assert op == F_FULLFSYNC
            self.seen.append("F_FULLFSYNC")
            if fullfsync == "refused":  # e.g. a FAT stick's driver
                raise OSError(errno.ENOTSUP, "not supported")
            real_fsync(fd)
            return 0

        def fadvise(fd: int, offset: int, length: int, advice: int) -> None:
            self.seen.append("DONTNEED" if advice == os.POSIX_FADV_DONTNEED else "fadvise")

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(fcntl, "fcntl", fcntl_call)
        if fullfsync != "absent":
            monkeypatch.setattr(fcntl, "F_FULLFSYNC", F_FULLFSYNC, raising=False)
        else:
            monkeypatch.delattr(fcntl, "F_FULLFSYNC", raising=False)
        if hasattr(os, "posix_fadvise"):
            monkeypatch.setattr(os, "posix_fadvise", fadvise)


def _on(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)


def test_linux_fsyncs_the_file_and_the_folder(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    calls = Calls(monkeypatch)
    _on(monkeypatch, "linux")
    write_atomic(tmp_path / "f", b"data")
    assert calls.seen == ["fsync", "fsync"] and (tmp_path / "f").read_bytes() == b"data"


def test_macos_asks_the_drive_for_a_full_flush(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    calls = Calls(monkeypatch)
    _on(monkeypatch, "darwin")
    write_atomic(tmp_path / "f", b"data")
    assert calls.seen == ["F_FULLFSYNC", "F_FULLFSYNC"]  # the file, then its folder


def test_macos_falls_back_to_fsync_where_the_full_flush_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = Calls(monkeypatch, fullfsync="refused")
    _on(monkeypatch, "darwin")
    write_atomic(tmp_path / "f", b"data")
    assert calls.seen == ["F_FULLFSYNC", "fsync", "F_FULLFSYNC", "fsync"]
    calls = Calls(monkeypatch, fullfsync="absent")  # a Python without the constant
    fd = os.open(tmp_path / "f", os.O_RDONLY)
    try:
        atomic.flush_file(fd)
    finally:
        os.close(fd)
    assert calls.seen == ["fsync"]


def test_windows_flushes_the_file_and_skips_the_folder(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    calls = Calls(monkeypatch)
    _on(monkeypatch, "win32")
    write_atomic(tmp_path / "f", b"data")
    assert calls.seen == ["fsync"]  # FlushFileBuffers on the file; a folder cannot be opened
    fsync_dir(tmp_path / "no such folder")  # not even opened: no error
    assert calls.seen == ["fsync"]


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="needs posix_fadvise")
@pytest.mark.parametrize(("platform", "expected"), [
    ("linux", ["fsync", "fsync", "DONTNEED"]),
    ("darwin", ["F_FULLFSYNC", "F_FULLFSYNC"]),
])
def test_the_usb_read_back_drops_the_cache_only_where_it_can(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str,
        expected: list[str]) -> None:
    calls = Calls(monkeypatch)
    _on(monkeypatch, platform)
    seen: list[bytes] = []
    path = write_verified(tmp_path, b"sealed bytes", seen.append)
    assert calls.seen == expected and seen == [b"sealed bytes"] and path.exists()
