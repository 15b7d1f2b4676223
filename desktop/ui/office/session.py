"""The open office workspace, the one running task and its progress strip.

What the office controller needs at start-up (before the first paint); the page base and the
tables are in ``common``, which loads with the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import Msg
from desktop.i18n import render
from desktop.services.office.changes import EVERYTHING, Done, OfficeChanges
from desktop.ui.fonts import FontSet
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.undo import UndoController
from desktop.ui.widgets.progress_strip import ProgressStrip

if TYPE_CHECKING:  # the services (SQLAlchemy) load when a workspace opens, not at start-up
    from desktop.services.office.workspace import Workspace

__all__ = ["OfficeContext", "OfficeSession", "ProgressStrip", "TaskControl", "message_text"]


def message_text(value: Msg | str | None) -> str:
    if value is None:
        return ""
    return render(value) if isinstance(value, Msg) else str(value)


class OfficeSession(QObject):
    """The open workspace and the one task at a time that may use its database.

    The workspace's embedded engine has a single connection, so pages read only while no task
    runs; ``busy_changed`` tells them, and ``changed`` hands them what an operation changed
    (``OfficeChanges``): each page reads again only if an area it shows was touched.
    """

    opened = Signal()
    closed = Signal()
    changed = Signal(object)  # OfficeChanges
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws: Workspace | None = None
        self.busy = False
        self.handle: TaskHandle | None = None

    @property
    def workspace(self) -> Workspace:
        if self.ws is None:
            raise RuntimeError("no office workspace is open")
        return self.ws

    def is_open(self) -> bool:
        return self.ws is not None

    def set_workspace(self, ws: Workspace | None) -> None:
        old, self.ws = self.ws, ws
        if old is not None and old is not ws:
            old.close()
        (self.opened if ws is not None else self.closed).emit()
        self.changed.emit(EVERYTHING)

    def notify(self, changes: OfficeChanges | Done[Any] = EVERYTHING) -> None:
        """Hand what an operation changed to the pages (a ``Done``: its changes). The one
        place pages learn of a change made outside ``run``."""
        self.changed.emit(changes.changes if isinstance(changes, Done) else changes)

    def run(self, name: str, work: Callable[[TaskControl], Any], *,
            on_success: Callable[[Any], None] | None = None,
            on_error: Callable[[ScorebookError], None] | None = None,
            progress: ProgressStrip | None = None,
            changes: bool = True) -> TaskHandle | None:
        """Run ``work`` off the UI thread (one task at a time). ``changes``: the pages learn
        afterwards what changed — the ``Done``'s changes when ``work`` returns one (its result
        is what ``on_success`` receives), everything otherwise (the task may have written
        before it failed)."""
        if self.busy:
            return None
        self._set_busy(True)
        done: list[OfficeChanges] = []

        def succeeded(value: Any) -> None:
            if isinstance(value, Done):
                done.append(value.changes)
                value = value.result
            if on_success is not None:
                on_success(value)

        def finished() -> None:
            self.handle = None
            self._set_busy(False)
            if progress is not None:
                progress.finish()
            if changes:
                self.changed.emit(done[0] if done else EVERYTHING)

        handle = self.runner.submit(name, work, on_success=succeeded, on_error=on_error)
        self.handle = handle
        if progress is not None:
            progress.attach(handle)
        handle.finished.connect(finished)
        return handle

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def close(self) -> None:
        if self.ws is not None:
            self.runner.cancel_all()
            self.runner.wait()
            self.set_workspace(None)


class OfficeContext:
    """What the pages are given: the session, fonts and the undo stack."""

    def __init__(self, session: OfficeSession, fonts: FontSet | None,
                 undo: UndoController) -> None:
        self.session = session
        self.fonts = fonts
        self.undo = undo
