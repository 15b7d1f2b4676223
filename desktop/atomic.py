"""Durable file replacement: a crash leaves the old content or the new, never a mix.

Used for key files, cards, workspace descriptors, USB bundles and PDFs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["fsync_dir", "write_atomic"]


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened: Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new content.

    The data goes to a fresh, uniquely named temporary file (mode 0600) in the same folder, is
    fsynced, renamed over ``path``, and the folder is fsynced. Two writers never share a
    temporary, a leftover one from a crash is never reused, and on any failure the temporary is
    removed and ``path`` keeps its old content.
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
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)
