"""Writing a sealed file to a folder (a USB stick) so that "safe to remove" is true when said.

Temporary name, write, fsync, rename, fsync the folder; then drop the file's cached pages where the
system allows it and read the file back from the medium, compare and run the caller's full verify
on the bytes read. Only then return. Any failure raises ``WriteFailed`` (``ReadBackFailed`` for a
bad read-back) and leaves neither the temporary nor a half-written file behind.

Names reveal nothing: the final name is a hash of the sealed (random-looking) bytes, the
temporary name is that name with a random part. The same bytes written twice land on the same name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from desktop.atomic import fsync_dir, write_atomic
from desktop.crypto.errors import ReadBackFailed, ReadFailed, TooLarge, WriteFailed
from desktop.domain.errors import ScorebookError


def file_name(data: bytes, suffix: str) -> str:
    return hashlib.sha256(data).hexdigest()[:32] + suffix


def _read_from_medium(path: Path) -> bytes:
    with open(path, "rb") as handle:
        if hasattr(os, "posix_fadvise"):  # ask the kernel to forget cached pages first
            with contextlib.suppress(OSError):
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
            data = handle.read(limit + 1)
    except OSError as error:
        raise ReadFailed(str(path), _reason(error)) from None
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data
