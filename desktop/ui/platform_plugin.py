"""Which Qt platform plugin shows real windows on this system (checked by the self-test)."""

from __future__ import annotations

import sys
from pathlib import Path


def native_platform_plugin() -> Path | None:
    """The file of Qt's platform plugin that shows real windows here (None: not checked)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    if sys.platform == "win32":
        return folder / "qwindows.dll"
    if sys.platform == "darwin":
        return folder / "libqcocoa.dylib"
    if sys.platform.startswith("linux"):
        return folder / "libqxcb.so"
    return None
