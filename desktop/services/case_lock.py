"""An exclusive lock on a case folder, so two running copies cannot write one case.

The operating system's own file locks: ``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows, on ``case.lock``. The kernel releases them when the process ends however it ends (a crash,
kill -9, a power cut), so there is no stale lock to detect or break by hand: a lock held means a
live process holds it. The file also records the holder's host and pid to name it in the message.
(A lock file made with O_EXCL would survive a crash and need stale-lock guessing; pids are not
comparable across hosts on a shared folder.)
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

LOCK_NAME = "case.lock"


class CaseLocked(InputRejected):
    def __init__(self, holder: str) -> None:
        super().__init__(Msg(N_("This case is open in another Scorebook ({holder}); close it "
                                "there first"), {"holder": holder or "?"}))


def _host() -> str:
    """This machine's name: ``uname``'s node name where there is one (what ``gethostname``
    returns there, without importing the socket module), else the socket module's."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover (Windows)

    return socket.gethostname()  # pragma: no cover (Windows)


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover (Windows)
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # lock byte 0; the holder's note is after it
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover (Windows)
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class CaseLock:
    """Held from ``acquire`` until ``release`` (or the process ends)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> CaseLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        if not _try_lock(fd):
            holder = self._read_holder(fd)
            os.close(fd)
            raise CaseLocked(holder)
        note = f" {_host()} pid {os.getpid()}\n".encode()
        os.ftruncate(fd, 1)
        os.lseek(fd, 1, os.SEEK_SET)
        os.write(fd, note)
        self._fd = fd
        return self

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            os.lseek(fd, 1, os.SEEK_SET)
            return os.read(fd, 200).decode("utf-8", "replace").strip()
        except OSError:
            return ""

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> CaseLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
