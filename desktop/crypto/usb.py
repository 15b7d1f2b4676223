"""Writing a sealed file to a folder (a USB stick) so that "safe to remove" is true when said.

Temporary name, write, flush, rename, flush the folder (``desktop.atomic``: ``F_FULLFSYNC`` on
macOS, ``FlushFileBuffers`` on Windows, ``fsync`` on Linux); then read the file back, compare and
run the caller's full verify on the bytes read. Only then return.

How real the read-back is depends on the system, and is said here rather than promised:

- Linux: the file's cached pages are dropped first (``posix_fadvise(DONTNEED)``; they are clean
  after the flush), so the bytes read come from the stick itself.
- macOS and Windows: the read is not forced past the system's cache (Windows would need
  unbuffered, sector-aligned reads; nothing is tried there), so it may be served from memory. It
  still proves the bytes handed to the system are the right ones, and the full flush before it
  is what puts them on the stick.

Any failure raises ``WriteFailed`` (``ReadBackFailed`` for a bad read-back) and leaves neither
the temporary nor a half-written file behind.

Names reveal nothing: the final name is a hash of the sealed (random-looking) bytes, the
temporary name is that name with a random part. The same bytes written twice land on the same name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.atomic import fsync_dir, write_atomic
from desktop.crypto.errors import ReadBackFailed, ReadFailed, TooLarge, WriteFailed
from desktop.domain.errors import ScorebookError


def file_name(data: bytes, suffix: str) -> str:
    return hashlib.sha256(data).hexdigest()[:32] + suffix


def _read_from_medium(path: Path) -> bytes:
    """The file read back: on Linux from the medium (its cached pages dropped first); elsewhere
    as the system serves it (see the module's notes)."""
    with open(path, "rb") as handle:
        if sys.platform.startswith("linux") and hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):  # a file system may refuse: read anyway
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return handle.read()


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def write_verified(folder: Path, data: bytes, verify: Callable[[bytes], None],
                   suffix: str = ".sbb") -> Path:
    """Write ``data`` into ``folder`` durably and verify it as read back; return its path."""
    folder = Path(folder)
    final = folder / file_name(data, suffix)
    try:
        write_atomic(final, data)
    except OSError as error:
        raise WriteFailed(str(folder), _reason(error)) from None
    try:
        back = _read_from_medium(final)
        if back != data:
            raise ReadBackFailed(str(folder))
        verify(back)
    except Exception as error:
        with contextlib.suppress(OSError):
            final.unlink()
            fsync_dir(folder)
        if isinstance(error, ReadBackFailed):
            raise
        if isinstance(error, OSError | ScorebookError | ValueError):
            raise ReadBackFailed(str(folder)) from error
        raise  # a bug in ``verify``: the file is gone, the error stays visible
    return final


def read_capped(path: Path, limit: int) -> bytes:
    """Read a received file, refusing one larger than ``limit`` before reading it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLarge(size, limit)
        with open(path, "rb") as handle:
            # the size seen, and one byte more to notice a file grown since (then the rest up
            # to the cap): a read of ``limit + 1`` allocates the whole cap for every file
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(limit + 1 - len(data))
    except OSError as error:
        raise ReadFailed(str(path), _reason(error)) from None
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data
