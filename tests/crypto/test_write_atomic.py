"""``atomic.write_atomic`` and ``usb.write_verified``: unique temporaries, nothing left behind.

A fixed ``<name>.tmp`` let two writers collide and let a leftover file (or folder) of that name
break every later write. Failures here are real ones: a file-size limit (RLIMIT_FSIZE) makes
``write`` fail in a child process, as a full disk would.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.atomic import write_atomic
from desktop.crypto import usb
from desktop.crypto.errors import WriteFailed

ROOT = Path(__file__).resolve().parents[2]


def test_a_leftover_tmp_file_or_folder_does_not_break_a_write(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    path.write_bytes(b"old")
    (tmp_path / "case.key.tmp").write_bytes(b"leftover from a crash")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    (tmp_path / "case.key.tmp").unlink()
    (tmp_path / "case.key.tmp").mkdir()  # even a folder of that name
    write_atomic(path, b"newer")
    assert path.read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.key", "case.key.tmp"]


def test_the_written_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "identity.key"
    write_atomic(path, b"sealed")
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_concurrent_writers_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    errors: list[BaseException] = []
    contents = [bytes([65 + w]) * (4096 + w) for w in range(6)]

    def writer(data: bytes) -> None:
        try:
            for _ in range(40):
                write_atomic(path, data)
        except BaseException as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c,)) for c in contents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert path.read_bytes() in contents  # one writer's whole content, never a mix
    assert [p.name for p in tmp_path.iterdir()] == ["case.key"]


FAILING_WRITE = """
import resource, signal, sys
from pathlib import Path
from desktop.atomic import write_atomic
from desktop.crypto import usb
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
target = Path(sys.argv[1])
try:
    if sys.argv[2] == "keyfile":
        write_atomic(target, b"n" * 100_000)
    else:
        usb.write_verified(target.parent, b"n" * 100_000, lambda data: None)
except OSError as exc:
    print("failed", type(exc).__name__)
except usb.WriteFailed:
    print("failed WriteFailed")
else:
    print("written")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("writer", ["keyfile", "usb"])
def test_a_failing_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                     writer: str) -> None:
    path = tmp_path / "case.key"
    path.write_bytes(b"old content")
    done = subprocess.run([sys.executable, "-c", FAILING_WRITE, str(path), writer], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("failed"), done.stdout
    assert path.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["case.key"]


def test_a_failing_rename_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "case.key"
    target.mkdir()  # a non-empty folder where the file goes: the rename fails
    (target / "inside").write_bytes(b"keep")
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["case.key"]
    assert (target / "inside").read_bytes() == b"keep"


def test_usb_write_ignores_leftover_temporaries(tmp_path: Path) -> None:
    leftover = tmp_path / ".0123456789abcdef.tmp"
    leftover.write_bytes(b"from a crash")
    written = usb.write_verified(tmp_path, b"sealed bytes", lambda data: None)
    assert written.read_bytes() == b"sealed bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([written.name, leftover.name])
    with pytest.raises(WriteFailed):
        usb.write_verified(tmp_path / "missing", b"x", lambda data: None)
