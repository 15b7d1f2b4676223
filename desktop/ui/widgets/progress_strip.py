"""A running task's progress strip, and its room in the main window's status bar.

The office's strip is in the status bar only while a task runs. The bar keeps room for it from
the first paint (``reserve_progress_room``: a hidden item as tall as the strip), so the strip
comes and goes, and the office installs after the first paint, without anything moving.
Light on purpose: it loads before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QStatusBar, QWidget

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tasks import TaskHandle

__all__ = ["ProgressRoom", "ProgressStrip", "StatusBarProgress", "reserve_progress_room"]


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


class ProgressRoom(QWidget):
    """A hidden, zero-width item of the status bar as tall as a progress strip.

    A status bar is as tall as its tallest item, hidden ones included; this one holds the bar at
    the strip's height (measured on a hidden strip of its own, in the current language: a
    Mongolian "Cancel" is taller) while no strip is in it.
    """

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName("ProgressRoom")
        self.setFixedWidth(0)
        self._probe = ProgressStrip(self)
        self.setVisible(False)
        self.retranslate()
        bar.addWidget(self)  # measured first: the bar takes its height when the item is added

    def retranslate(self) -> None:
        self._probe.retranslate()
        self.setMinimumHeight(self._probe.minimumSizeHint().height())


class StatusBarProgress(ProgressStrip):
    """A progress strip that is in ``bar`` only while its task runs (``reserve_progress_room``
    first, so that it grows nothing)."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._status_bar = bar
        self._in_bar = False

    def attach(self, handle: TaskHandle) -> None:
        if not self._in_bar:
            self._status_bar.addWidget(self, 1)
            self._in_bar = True
        super().attach(handle)

    def finish(self) -> None:
        super().finish()
        if self._in_bar:
            self._status_bar.removeWidget(self)
            self._in_bar = False


def reserve_progress_room(window: MainWindow) -> ProgressRoom:
    """Room for a ``StatusBarProgress`` in the window's status bar (once per window)."""
    bar = window.statusBar()
    existing = bar.findChild(ProgressRoom, "ProgressRoom")
    if isinstance(existing, ProgressRoom):
        return existing
    room = ProgressRoom(bar)
    window.language.register(room)
    return room
