"""What the File-menu actions of the office (backup and restore, the roster update, the sheets)
are given: the office controller seen from below.

``OfficeController`` is an ``OfficeHost``; the actions it installs take the host, not the
controller, so they do not import the controller that imports them (no cycle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from desktop.services.keys import Kdf
    from desktop.ui.main_window import MainWindow
    from desktop.ui.office.common import OfficePage
    from desktop.ui.office.dialogs import OpenRequest
    from desktop.ui.office.session import OfficeContext, OfficeSession
    from desktop.ui.widgets.progress_strip import StatusBarProgress


class OfficeHost(QObject):
    """The window, the session, the pages' context and pages, the progress strip, and opening
    a workspace (after a restore)."""

    opened = Signal(str)  # the workspace's folder

    window: MainWindow
    session: OfficeSession
    ctx: OfficeContext
    pages: dict[str, OfficePage]
    progress: StatusBarProgress
    kdf: Kdf | None  # of new workspaces (and restored ones' key files): None is production

    def open(self, request: OpenRequest) -> bool:  # pragma: no cover - the controller's
        raise NotImplementedError
