"""The start page: recent case files and office workspaces (as KeePassXC's welcome screen), and
the first things to do. A recent entry opens its passphrase prompt with the folder filled in;
only folders are listed, never a passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.qt_light import ALIGN_LEFT, ALIGN_TOP, KEY_ENTER, KEY_RETURN, USER_ROLE
from desktop.ui.settings import Settings
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle
from desktop.ui.widgets.wrap_label import WrapLabel

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


class StartPage(QWidget):
    open_case_requested = Signal(str)  # a recent case folder ("" : choose one)
    new_case_requested = Signal()
    open_workspace_requested = Signal(str)  # a recent workspace folder ("" : choose one)

    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.title = PageTitle("", self, fonts=fonts, scale=1.6, column_height=260)
        self.body = WrapLabel(self)  # its heights kept: Mongolian is shaped slowly
        self.body.set_alignment(ALIGN_TOP | ALIGN_LEFT)
        self.cases = RecentList(self)  # enabled once the reviewer's part is installed
        self.workspaces = RecentList(self)
        self.cases_label = FieldLabel("", self.cases, self, fonts=fonts, column_height=160)
        self.workspaces_label = FieldLabel("", self.workspaces, self, fonts=fonts,
                                           column_height=160)
        self.cases_empty = WrapLabel(self)
        self.workspaces_empty = WrapLabel(self)
        for label in (self.cases_empty, self.workspaces_empty):
            label.setStyleSheet("color: palette(mid);")
        self.open_case = QPushButton(self)
        self.new_case = QPushButton(self)
        self.open_workspace = QPushButton(self)
        self.open_case.clicked.connect(lambda: self.open_case_requested.emit(""))
        self.new_case.clicked.connect(self.new_case_requested)
        self.open_workspace.clicked.connect(lambda: self.open_workspace_requested.emit(""))
        self.cases.chosen.connect(self.open_case_requested)
        self.workspaces.chosen.connect(self.open_workspace_requested)

        grid = QGridLayout()
        case_column = QVBoxLayout()
        case_column.addWidget(self.cases, 1)
        case_column.addWidget(self.cases_empty)
        case_column.addStretch(0)  # takes the room while the list is empty
        case_buttons = QHBoxLayout()
        case_buttons.addWidget(self.open_case)
        case_buttons.addWidget(self.new_case)
        case_buttons.addStretch(1)
        case_column.addLayout(case_buttons)
        office_column = QVBoxLayout()
        office_column.addWidget(self.workspaces, 1)
        office_column.addWidget(self.workspaces_empty)
        office_column.addStretch(0)
        office_buttons = QHBoxLayout()
        office_buttons.addWidget(self.open_workspace)
        office_buttons.addStretch(1)
        office_column.addLayout(office_buttons)
        self._columns = (case_column, office_column)
        grid.addLayout(LabelBeside(self.cases_label, case_column), 0, 0)
        grid.addLayout(LabelBeside(self.workspaces_label, office_column), 0, 1)
        content = QVBoxLayout()
        content.addWidget(self.body)
        content.addLayout(grid, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addLayout(LabelBeside(self.title, content), 1)
        self.set_office_available(False)
        self.retranslate()
        self.refresh()

    def set_office_available(self, on: bool) -> None:
        """The office's entries open once the office part of the window is installed (after
        the first paint; the column is there from the start, so nothing moves)."""
        self.open_workspace.setEnabled(on)
        self.workspaces.setEnabled(on)

    def refresh(self) -> None:
        cases = self.settings.recent_cases
        self.cases.set_folders(cases)
        self.cases.setVisible(bool(cases))
        self.cases_empty.setVisible(not cases)
        workspaces = self.settings.recent_workspaces
        self.workspaces.set_folders(workspaces)
        self.workspaces.setVisible(bool(workspaces))
        self.workspaces_empty.setVisible(not workspaces)
        for column, items in zip(self._columns, (cases, workspaces), strict=True):
            column.setStretch(2, 0 if items else 1)  # an empty list's note stays at the top

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Review scorebook"))
        self.body.setText(_("Open a recent case file or office workspace below, or start a new "
                            "one. Every change is saved as you make it. Press F1 for help."))
        self.cases_label.setText(_("Recent &case files"))
        self.workspaces_label.setText(_("Recent office &workspaces"))
        self.cases_empty.setText(_("No case file opened on this computer yet."))
        self.workspaces_empty.setText(_("No office workspace opened on this computer yet."))
        self.open_case.setText(_("Open a case file…"))
        self.new_case.setText(_("New case file from a package…"))
        self.open_workspace.setText(_("Open an office workspace…"))
        for widget, name in ((self.title, _("Review scorebook")), (self.body, _("Welcome")),
                             (self.cases, _("Recent case files")),
                             (self.workspaces, _("Recent office workspaces")),
                             (self.open_case, _("Open a case file")),
                             (self.new_case, _("New case file from a package")),
                             (self.open_workspace, _("Open an office workspace"))):
            widget.setAccessibleName(name)
