"""The start page: recent case files and office workspaces (as KeePassXC's welcome screen), and
the first things to do. A recent entry opens its passphrase prompt with the folder filled in;
only folders are listed, never a passphrase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.qt_light import ALIGN_LEFT, ALIGN_TOP
from desktop.ui.settings import Settings
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle
from desktop.ui.widgets.wrap_label import WrapLabel

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from desktop.ui.recent_list import RecentList


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
        # the lists are made when there is a folder to list (recent_list): none shows before
        self._cases: RecentList | None = None
        self._workspaces: RecentList | None = None
        self._office_on = False
        # a label's buddy until its list is made: hidden, as an empty list is (the mnemonic is
        # drawn as one and goes nowhere)
        self._no_list = QWidget(self)
        self._no_list.setVisible(False)
        self.cases_label = FieldLabel("", self._no_list, self, fonts=fonts, column_height=160)
        self.workspaces_label = FieldLabel("", self._no_list, self, fonts=fonts,
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

        grid = QGridLayout()
        case_column = QVBoxLayout()  # its list goes first, when made
        case_column.addWidget(self.cases_empty)
        case_column.addStretch(0)  # takes the room while the list is empty
        case_buttons = QHBoxLayout()
        case_buttons.addWidget(self.open_case)
        case_buttons.addWidget(self.new_case)
        case_buttons.addStretch(1)
        case_column.addLayout(case_buttons)
        office_column = QVBoxLayout()
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

    @property
    def cases(self) -> RecentList:
        """The recent case files (enabled once the reviewer's part is installed)."""
        if self._cases is None:
            self._cases = self._make_list(self.cases_label, 0, self.open_case_requested,
                                          _("Recent case files"))
        return self._cases

    @property
    def workspaces(self) -> RecentList:
        """The recent office workspaces (enabled once the office's part is installed)."""
        if self._workspaces is None:
            self._workspaces = self._make_list(self.workspaces_label, 1,
                                               self.open_workspace_requested,
                                               _("Recent office workspaces"))
            self._workspaces.setEnabled(self._office_on)
        return self._workspaces

    def _make_list(self, label: FieldLabel, column: int, chosen: SignalInstance,
                   name: str) -> RecentList:
        from desktop.ui.recent_list import RecentList

        folders = RecentList(self)
        folders.setVisible(False)  # refresh shows it with its folders
        folders.chosen.connect(chosen)
        folders.setAccessibleName(name)
        label.setBuddy(folders)
        self._columns[column].insertWidget(0, folders, 1)
        return folders

    def _order_tabs(self) -> None:
        """Tab goes through the lists, then the buttons, as when the lists were made first
        (Qt orders only widgets shown: called as the page shows, before the window takes
        the focus)."""
        lists = [w for w in (self._cases, self._workspaces) if w is not None]
        # after the last button first (a list made late sits further on), then all in order
        chain = [self.open_workspace, *lists, self.open_case, self.new_case, self.open_workspace]
        for i in range(len(chain) - 1):
            QWidget.setTabOrder(chain[i], chain[i + 1])

    def set_office_available(self, on: bool) -> None:
        """The office's entries open once the office part of the window is installed (after
        the first paint; the column is there from the start, so nothing moves)."""
        self._office_on = on
        self.open_workspace.setEnabled(on)
        if self._workspaces is not None:
            self._workspaces.setEnabled(on)

    def refresh(self) -> None:
        cases = self.settings.recent_cases
        workspaces = self.settings.recent_workspaces
        for folders, items, empty, column in (
                (self._cases, cases, self.cases_empty, self._columns[0]),
                (self._workspaces, workspaces, self.workspaces_empty, self._columns[1])):
            if folders is None and items:
                folders = self.cases if column is self._columns[0] else self.workspaces
            if folders is not None:
                folders.set_folders(items)
                folders.setVisible(bool(items))
            empty.setVisible(not items)
            # an empty list's note stays at the top: the stretch below it takes the room
            column.setStretch(column.count() - 2, 0 if items else 1)
        if self._cases is not None or self._workspaces is not None:
            self._order_tabs()

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
                             (self._cases, _("Recent case files")),
                             (self._workspaces, _("Recent office workspaces")),
                             (self.open_case, _("Open a case file")),
                             (self.new_case, _("New case file from a package")),
                             (self.open_workspace, _("Open an office workspace"))):
            if widget is not None:  # a list not made yet is named when made
                widget.setAccessibleName(name)
