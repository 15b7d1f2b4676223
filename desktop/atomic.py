"""Durable file replacement: a crash leaves the old content or the new, never a mix.

Used for key files, cards, workspace descriptors, USB bundles and PDFs (which skip the
folder's flush: ``write_atomic(..., sync_folder=False)``, see there).

What "flushed" means differs per system, so each has its own path (``flush_file``,
``fsync_dir``):

- Linux: ``fsync`` writes the file's data and metadata to the device and asks the device to
  empty its write cache; the folder is fsynced after a rename.
- macOS: ``fsync`` only hands the data to the drive, which may keep it in its own cache for
  seconds; ``fcntl(F_FULLFSYNC)`` asks the drive to write its cache out (what SQLite does with
  ``fullfsync``). A file system that refuses it (some network and FAT drivers) gets ``fsync``.
  The folder is flushed the same way after a rename.
- Windows: ``os.fsync`` is ``_commit``, i.e. ``FlushFileBuffers``, a full flush. A folder cannot
  be opened for flushing there (the rename is journalled by NTFS), so that step is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

try:
    import fcntl as _fcntl
except ImportError:  # Windows
    _fcntl: ModuleType | None = None  # type: ignore[no-redef]

__all__ = ["flush_file", "fsync_dir", "write_atomic"]


def _system() -> str:
    """``sys.platform``, read at each call (tests set it to check each system's path)."""
    return sys.platform


def flush_file(fd: int) -> None:
    """Write what ``fd`` holds through to the medium: ``F_FULLFSYNC`` on macOS (``fsync`` where
    the file system refuses it), ``fsync`` elsewhere (a full flush on Linux and Windows)."""
    if _system() == "darwin":
        full = getattr(_fcntl, "F_FULLFSYNC", None)  # None: no fcntl, or no such request
        if _fcntl is not None and full is not None:
            with contextlib.suppress(OSError):
                _fcntl.fcntl(fd, full)
                return
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; skipped on Windows, where a folder cannot be
    opened for it."""
    if _system() == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        flush_file(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new content.

    The data goes to a fresh, uniquely named temporary file (mode 0600) in the same folder, is
    flushed to the medium (``flush_file``), renamed over ``path``, and the folder is flushed
    (``fsync_dir``). Two writers never share a temporary, a leftover one from a crash is never
    reused, and on any failure the temporary is removed and ``path`` keeps its old content.

    ``sync_folder=False`` skips only the last step, the folder's flush, for files derived from
    a source of truth that can make them again (printed PDFs): the data is still flushed before
    the rename, so whatever a crash leaves at ``path`` is a whole file, old or new; what is not
    promised is that the rename itself survived a power cut (the old document may come back, to
    be printed again). That flush is half the cost of writing a score sheet (an ``fsync`` of the
    folder, ~5 ms on this machine's disk, as long as the file's own). Key files, cards, workspace
    descriptors and bundles keep the default: they are the truth.
    """
    folder = path.parent
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        try:
            if hasattr(os, "fchmod"):  # mkstemp already gives 0600; make sure of it
                os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            flush_file(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        fsync_dir(folder)
