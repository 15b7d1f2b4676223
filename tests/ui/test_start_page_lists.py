"""The start page makes its recent-folder lists when there is a folder to list (none shows on a
first start, and ``QListWidget`` costs ~3 ms of the first paint): the page behaves as when the
lists were made first — the labels' mnemonics drawn, Tab through the lists then the buttons, the
first list focused, the office's list enabled only with the office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.recent_list import FOLDER_ROLE, RecentList
from desktop.ui.settings import Settings
from tests.ui.geometry import settle


def _shown(qtbot: QtBot, qapp: QApplication, settings: Settings) -> MainWindow:
    window = MainWindow(settings, LanguageSwitcher(qapp, settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    settle()
    return window


def _tab_chain(window: MainWindow) -> list[QWidget]:
    """The start page's widgets Tab reaches, in order."""
    start = window.welcome
    out: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(window) \
                and start.isAncestorOf(widget):
            out.append(widget)
        widget = widget.nextInFocusChain()
    return out


def test_no_list_before_there_is_a_folder(qtbot: QtBot, qapp: QApplication,
                                          tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "s.ini")
    window = _shown(qtbot, qapp, settings)
    start = window.welcome
    assert window.findChildren(RecentList) == []
    for label in (start.cases_label, start.workspaces_label):
        buddy = label.buddy()
        assert buddy is not None and not buddy.isVisible()  # the mnemonic is drawn as one
    assert start.cases_empty.isVisible() and start.workspaces_empty.isVisible()
    assert _tab_chain(window) == [start.open_case, start.new_case, start.open_workspace]

    settings.remember_case("/home/r/cases/visit-2025")  # a case opened since: back to start
    start.hide()
    start.show()
    settle()
    assert len(window.findChildren(RecentList)) == 1
    assert start.cases.isVisible() and not start.cases_empty.isVisible()
    assert start.cases.item(0).data(FOLDER_ROLE) == "/home/r/cases/visit-2025"
    assert start.cases_label.buddy() is start.cases
    assert start.cases.accessibleName() == "Recent case files"
    assert _tab_chain(window) == [start.cases, start.open_case, start.new_case,
                                  start.open_workspace]
    assert start.workspaces_empty.isVisible()


def test_with_folders_as_when_the_lists_were_made_first(qtbot: QtBot, qapp: QApplication,
                                                        tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "s.ini")
    settings.remember_case("/media/stick/old-case")
    settings.remember_workspace("/srv/office")
    window = _shown(qtbot, qapp, settings)
    start = window.welcome
    assert _tab_chain(window) == [start.cases, start.workspaces, start.open_case,
                                  start.new_case, start.open_workspace]
    assert qapp.focusWidget() is start.cases  # the first thing Tab reaches has the focus
    assert not start.workspaces.isEnabled()  # until the office is installed
    start.set_office_available(True)
    assert start.workspaces.isEnabled() and start.open_workspace.isEnabled()


def test_the_office_list_made_after_the_office_is_enabled(qtbot: QtBot, qapp: QApplication,
                                                          tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "s.ini")
    window = _shown(qtbot, qapp, settings)
    start = window.welcome
    start.set_office_available(True)
    settings.remember_workspace("/srv/office")
    start.refresh()
    settle()
    assert start.workspaces.isEnabled() and start.workspaces.isVisible()
    assert start.workspaces_label.buddy() is start.workspaces
    start.set_office_available(False)
    assert not start.workspaces.isEnabled()
