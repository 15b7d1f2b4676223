"""What every office page shares: the open session, a page base, tables, progress, messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import Msg
from desktop.i18n import _, render
from desktop.services.office.workspace import Workspace
from desktop.ui.fonts import FontSet
from desktop.ui.tasks import TaskControl, TaskHandle, TaskRunner
from desktop.ui.undo import UndoController
from desktop.ui.widgets.vertical_text import VerticalHeaderView

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b7f3b"


def message_text(value: Msg | str | None) -> str:
    if value is None:
        return ""
    return render(value) if isinstance(value, Msg) else str(value)


class OfficeSession(QObject):
    """The open workspace and the one task at a time that may use its database.

    The workspace's embedded engine has a single connection, so pages read only while no task
    runs; ``busy_changed`` tells them, and ``changed`` asks them to read again.
    """

    opened = Signal()
    closed = Signal()
    changed = Signal()
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
        self.changed.emit()

    def run(self, name: str, work: Callable[[TaskControl], Any], *,
            on_success: Callable[[Any], None] | None = None,
            on_error: Callable[[ScorebookError], None] | None = None,
            progress: ProgressStrip | None = None,
            changes: bool = True) -> TaskHandle | None:
        """Run ``work`` off the UI thread (one task at a time); ``changes``: pages read again
        afterwards."""
        if self.busy:
            return None
        self._set_busy(True)

        def finished() -> None:
            self.handle = None
            self._set_busy(False)
            if progress is not None:
                progress.finish()
            if changes:
                self.changed.emit()

        handle = self.runner.submit(name, work, on_success=on_success, on_error=on_error)
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


class ProgressStrip(QWidget):
    """A progress bar with a Cancel button, shown while a task runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self)
        self._handle: TaskHandle | None = None
        self.cancel_button.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.setVisible(False)
        self.retranslate()

    def attach(self, handle: TaskHandle) -> None:
        self._handle = handle
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        handle.progress.connect(self.set_progress)
        self.setVisible(True)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def finish(self) -> None:
        self._handle = None
        self.setVisible(False)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.cancel_button.setEnabled(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the running task"))
        self.bar.setAccessibleName(_("Progress"))


class MessageLabel(QLabel):
    """A line saying what happened: results in green, refusals in red (always in words)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._value: Msg | str | None = None
        self._error = False

    def show_ok(self, value: Msg | str | None) -> None:
        self._value, self._error = value, False
        self.retranslate()

    def show_error(self, value: Msg | str | ScorebookError | None) -> None:
        self._value = value.message if isinstance(value, ScorebookError) else value
        self._error = True
        self.retranslate()

    def is_error(self) -> bool:
        return self._error and bool(self.text())

    def retranslate(self) -> None:
        text = message_text(self._value)
        self.setText(text)
        self.setStyleSheet(f"color: {ERROR_COLOUR if self._error else OK_COLOUR};")
        self.setAccessibleName(_("Message"))
        self.setAccessibleDescription(text)


class OfficeContext:
    """What the pages are given: the session, fonts and the undo stack."""

    def __init__(self, session: OfficeSession, fonts: FontSet | None,
                 undo: UndoController) -> None:
        self.session = session
        self.fonts = fonts
        self.undo = undo


class OfficePage(QWidget):
    """A page of the office window. ``reload`` reads from the services; it runs when the page
    is shown after something changed (never while a task holds the database)."""

    title = ""  # English, marked with N_ by each page

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.message = MessageLabel(self)
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.heading)
        ctx.session.changed.connect(self.mark_stale)
        ctx.session.busy_changed.connect(self._busy_changed)

    @property
    def session(self) -> OfficeSession:
        return self.ctx.session

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def _busy_changed(self, busy: bool) -> None:
        if not busy and self.stale and self.isVisible():
            self.refresh()  # it was shown while a task held the database

    def refresh(self) -> None:
        if not self.session.is_open() or self.session.busy:
            return
        self.stale = False
        try:
            self.reload()
        except ScorebookError as error:
            self.message.show_error(error)

    def reload(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(_(self.title))
        self.heading.setAccessibleName(_(self.title))
        self.message.retranslate()
        for view in self.findChildren(QTableView):
            model = view.model()
            retranslate = getattr(model, "retranslate", None)
            if callable(retranslate):
                retranslate()


def make_table(parent: QWidget, model: Any, fonts: FontSet | None, *,
               stretch_last: bool = True, view_class: type[QTableView] = QTableView
               ) -> QTableView:
    """A table view with a header that sets Mongolian labels vertically."""
    view = view_class(parent)
    header = VerticalHeaderView(Qt.Orientation.Horizontal, view, fonts=fonts)
    header.setSectionsClickable(True)
    view.setHorizontalHeader(header)
    view.setModel(model)
    header.setStretchLastSection(stretch_last)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


def fit_columns(view: QTableView) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for i in range(header.count()):
        if header.sectionSize(i) > 360:
            header.resizeSection(i, 360)


def shorten(path: Path | str, keep: int = 2) -> str:
    parts = Path(path).parts
    return str(Path(*parts[-keep:])) if len(parts) > keep else str(path)
