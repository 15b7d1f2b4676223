"""The start page's list of recent folders (case files or office workspaces).

Its own module, loaded when a list is first made: a start page with nothing recent shows no
list, and making PySide's ``QListWidget`` (its classes' ~20 enums) and two lists costs ~3 ms of
the first paint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.ui.qt_light import KEY_ENTER, KEY_RETURN, USER_ROLE

FOLDER_ROLE = USER_ROLE + 1  # no Qt namespace before the first paint (qt_light)


class RecentList(QListWidget):
    """Folders, newest first; Enter or a double click opens one."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(lambda item: self.chosen.emit(str(item.data(FOLDER_ROLE))))

    def set_folders(self, folders: list[str]) -> None:
        self.clear()
        for folder in folders:  # the whole path: two visits' folders may share a name
            item = QListWidgetItem(str(Path(folder)), self)
            item.setData(FOLDER_ROLE, folder)
            item.setToolTip(folder)
        if self.count():
            self.setCurrentRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (KEY_RETURN, KEY_ENTER) and self.currentItem():
            self.chosen.emit(str(self.currentItem().data(FOLDER_ROLE)))
            event.accept()
            return
        super().keyPressEvent(event)
