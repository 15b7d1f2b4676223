"""What every window shares (issue 19): it fits a 1366×768 screen and remembers its geometry per
role; the start page lists recent case files and workspaces; the lock screen names what it
hides and Quit stays; Help (F1) per role; file dialogs start at the last folder or the stick;
no two controls of a menu or a dialog answer to the same Alt+letter."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain.criteria import Framework
from desktop.i18n import set_language
from desktop.ui.demo import add_demo_scorebook
from desktop.ui.file_dialogs import start_folder
from desktop.ui.help import FIRST_STEPS, HelpDialog, help_html
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.recent_list import FOLDER_ROLE
from desktop.ui.settings import Settings
from tests.ui.helpers import key_click


def _window(qtbot: QtBot, qapp: QApplication, path: Path) -> MainWindow:
    settings = Settings.at(path)
    window = MainWindow(settings, LanguageSwitcher(qapp, settings))
    qtbot.addWidget(window)
    return window


def test_the_first_size_fits_the_screen_with_room_for_the_status_bar(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    window = _window(qtbot, qapp, tmp_path / "s.ini")
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    width, height = window.default_size()
    assert width <= min(1280, room.width()) and height <= min(800, room.height()) - 40
    assert window.size().width() == width and window.size().height() == height
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
    assert bar.isVisible() and bottom <= window.height()


def test_geometry_and_splitters_come_back_per_role(qtbot: QtBot, qapp: QApplication,
                                                  tmp_path: Path) -> None:
    ini = tmp_path / "s.ini"
    window = _window(qtbot, qapp, ini)
    splitter = QSplitter(window)
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    splitter.resize(600, 100)
    window.remember_splitter("probe", splitter)
    window.set_role("reviewer")
    window.resize(700, 500)
    splitter.setSizes([150, 450])
    saved_sizes = splitter.sizes()
    window.close()  # saves the reviewer's geometry and splitter, and the role
    settings = Settings.at(ini)
    assert settings.role == "reviewer"
    assert settings.splitter_state("reviewer", "probe") is not None
    again = _window(qtbot, qapp, ini)
    assert again.role == "reviewer" and (again.width(), again.height()) == (700, 500)
    other = QSplitter(again)
    other.addWidget(QWidget())
    other.addWidget(QWidget())
    other.resize(600, 100)
    again.remember_splitter("probe", other)
    assert other.sizes() == saved_sizes
    again.set_role("office")  # no office geometry yet: the size stays
    assert (again.width(), again.height()) == (700, 500)
    again.resize(600, 450)
    again.set_role("reviewer")  # the reviewer's comes back; the office's is kept
    assert (again.width(), again.height()) == (700, 500)
    geometry, _state = Settings.at(ini).window_state("office")
    assert isinstance(geometry, QByteArray)


def test_start_page_lists_recent_cases_and_opens_one_with_enter(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "s.ini")
    for folder in ("/media/stick/old-case", "/home/r/cases/visit-2025"):
        settings.remember_case(folder)
    settings.remember_workspace("/srv/office")
    window = MainWindow(settings, LanguageSwitcher(qapp, settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    start = window.welcome
    cases = [start.cases.item(i).data(FOLDER_ROLE) for i in range(start.cases.count())]
    assert cases == ["/home/r/cases/visit-2025", "/media/stick/old-case"]  # newest first
    assert start.cases.item(0).text() == "/home/r/cases/visit-2025"
    assert start.workspaces.item(0).data(FOLDER_ROLE) == "/srv/office"
    assert not start.cases_empty.isVisible()
    start.cases.setFocus()
    with qtbot.waitSignal(start.open_case_requested) as asked:
        key_click(start.cases, Qt.Key.Key_Return)
    assert asked.args == ["/home/r/cases/visit-2025"]


def test_the_lock_names_the_case_and_quit_stays(qtbot: QtBot, qapp: QApplication,
                                                tmp_path: Path, framework: Framework) -> None:
    window = _window(qtbot, qapp, tmp_path / "s.ini")
    add_demo_scorebook(window, framework)
    window.lock_subject = lambda: "Case file visit-2025 of reviewer R017"
    window.show()
    qtbot.waitExposed(window)
    enabled_before = window.act_help.isEnabled()
    window.lock()
    page = window.lock_page
    assert page.subject.isVisibleTo(window) and "visit-2025" in page.subject.text()
    assert window.menuBar().isEnabled() and window.act_quit.isEnabled()
    assert not window.act_help.isEnabled() and not window.act_undo.isEnabled()
    window.unlock()
    assert window.act_help.isEnabled() == enabled_before and window.act_quit.isEnabled()
    window.lock()
    with qtbot.waitSignal(window.destroyed, timeout=3000, raising=False):
        window.act_quit.trigger()  # Ctrl+Q while locked closes the window
    assert not window.isVisible()


def test_help_per_role_from_f1(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    window = _window(qtbot, qapp, tmp_path / "s.ini")
    window.show()
    qtbot.waitExposed(window)
    assert window.act_help.shortcut().toString() == "F1"
    window.set_role("reviewer")
    window.act_help.trigger()
    dialog = window.findChild(HelpDialog, "HelpDialog")
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    shown = dialog.shown_page()
    assert isinstance(shown, QTextBrowser)
    assert "Enter" in shown.toPlainText() and "Export" in shown.toPlainText()
    try:
        window.language.apply("zh_CN", remember=False)
        text = dialog.pages["reviewer"].toPlainText()
        assert not re.search(r"[A-Za-z]{4,}", text.replace("Ctrl", "").replace("Shift", "")
                             .replace("Enter", "").replace("Delete", "").replace("Tab", "")), \
            text
    finally:
        window.language.apply("en", remember=False)
    for role in FIRST_STEPS:
        assert "<ol>" in help_html(role)


def test_file_dialogs_start_at_the_last_folder_else_the_stick(tmp_path: Path) -> None:
    settings = Settings.at(tmp_path / "s.ini")
    stick = tmp_path / "STICK"
    stick.mkdir()
    drives = [(str(stick), "STICK", 1 << 30)]
    assert start_folder(settings, lambda: drives) == str(stick)
    assert start_folder(settings, lambda: []) == str(Path.home())  # never the working dir
    settings.last_folder = str(tmp_path)
    assert start_folder(settings, lambda: drives) == str(tmp_path)
    settings.last_folder = str(tmp_path / "gone")
    assert start_folder(settings, lambda: drives) == str(stick)


def _menu_clashes(menu: QMenu) -> list[tuple[str, str, str]]:
    seen: dict[str, str] = {}
    out = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        match = re.search(r"&([^&\s])", action.text().replace("&&", ""))
        if match:
            letter = match.group(1).lower()
            if letter in seen:
                out.append((letter, seen[letter], action.text()))
            seen.setdefault(letter, action.text())
        sub = action.menu()
        if isinstance(sub, QMenu):
            out += _menu_clashes(sub)
    return out


def test_no_menu_has_two_entries_on_one_letter(qtbot: QtBot, qapp: QApplication,
                                               tmp_path: Path) -> None:
    from desktop.ui.office import install_office
    from desktop.ui.reviewer.controller import ReviewerController

    window = _window(qtbot, qapp, tmp_path / "s.ini")
    install_office(window)
    ReviewerController(window, identity_folder=tmp_path / "id")
    for language in ("en", "zh_CN", "mn_Mong_CN"):
        window.language.apply(language, remember=False)
        try:
            for action in window.menuBar().actions():
                menu = action.menu()
                assert isinstance(menu, QMenu)
                assert _menu_clashes(menu) == [], (language, menu.title())
        finally:
            set_language("en")
    window.language.apply("en", remember=False)


def test_the_window_is_whole_at_1366x768(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                         framework: Framework) -> None:
    window = _window(qtbot, qapp, tmp_path / "s.ini")
    add_demo_scorebook(window, framework)
    window.resize(1366, 768 - 48)
    window.show()
    qtbot.waitExposed(window)
    assert window.minimumSizeHint().height() <= 768 - 48
    assert QRect(0, 0, 1366, 768).contains(QRect(0, 0, window.width(), window.height()))


def test_qt_file_dialog_speaks_mongolian(qtbot: QtBot, qapp: QApplication,
                                         tmp_path: Path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    from desktop.ui.file_dialogs import _dialog

    window = _window(qtbot, qapp, tmp_path / "s.ini")
    try:
        window.language.apply("mn_Mong_CN", remember=False)  # Qt ships no Mongolian catalog
        dialog = _dialog(window, "x", str(tmp_path), "", QFileDialog.FileMode.ExistingFile)
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
        texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
        texts = [t for t in texts if t]
        header = dialog.findChild(QTreeView)
        if header is not None:
            model = header.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal))
                      for c in range(model.columnCount())]
        english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t)]
        assert texts and english == [], english
        dialog.reject()
    finally:
        window.language.apply("en", remember=False)
