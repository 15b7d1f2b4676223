from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.criteria import Framework
from desktop.i18n import current_language
from desktop.ui.app import main
from desktop.ui.demo import add_demo_scorebook
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import ENDONYMS, LanguageSwitcher
from desktop.ui.idle_lock import IdleLock
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import Col
from desktop.ui.settings import Settings
from desktop.ui.views.scorebook_view import ScorebookView
from tests.ui.helpers import key_click, key_clicks, visible_texts


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, settings: Settings, fonts: FontSet) -> MainWindow:
    switcher = LanguageSwitcher(qapp, settings)
    win = MainWindow(settings, switcher, fonts=fonts)
    qtbot.addWidget(win)
    win.resize(1100, 700)
    return win


def test_shell_has_menus_toolbar_saved_state_and_navigation(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Language", "&Help"]
    assert [a.text() for a in window.menu_language.actions()] == list(ENDONYMS.values())
    assert "No file open" in window.save_indicator.text()
    assert [b.text() for b in window.nav.buttons()] == ["Start"]
    assert window.windowTitle() == "Scorebook"


def test_language_switch_retranslates_and_is_remembered(
        qtbot: QtBot, window: MainWindow, settings: Settings, framework: Framework) -> None:
    view = add_demo_scorebook(window, framework)
    window.language.register(view)
    name_index = view.model.index(0, Col.NAME)
    assert name_index.data() == framework.items[0].name_en
    with qtbot.waitSignal(window.language.language_changed):
        window.language_actions["zh_CN"].trigger()
    assert current_language() == "zh_CN" and settings.language == "zh_CN"
    assert name_index.data() == framework.items[0].name_zh
    assert framework.items[0].name_zh in view.item_title.text()
    assert window.language_actions["zh_CN"].isChecked()
    # Qt's own strings (standard dialogs) follow through qtbase's catalog
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.LeftToRight  # type: ignore[union-attr]
    window.language_actions["en"].trigger()
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert name_index.data() == framework.items[0].name_en


def test_a_passing_message_does_not_outlive_its_language(
        qtbot: QtBot, window: MainWindow) -> None:
    window.statusBar().showMessage("Case file saved", 60_000)
    with qtbot.waitSignal(window.language.language_changed):
        window.language_actions["zh_CN"].trigger()
    assert window.statusBar().currentMessage() == ""
    window.language.release()


def test_undo_redo_from_the_edit_menu(qtbot: QtBot, window: MainWindow,
                                      framework: Framework) -> None:
    view: ScorebookView = add_demo_scorebook(window, framework)
    item = framework.items[-1].id
    assert view.model.set_pct(item, 80)
    assert window.act_undo.isEnabled() and item in window.act_undo.text()
    window.act_undo.trigger()
    assert view.model.entry(item).pct is None
    window.act_redo.trigger()
    assert view.model.entry(item).pct == 80
    assert "Saved" in window.save_indicator.text()


def test_idle_lock_hides_the_pages_and_unlock_restores(qtbot: QtBot, qapp: QApplication,
                                                       window: MainWindow,
                                                       framework: Framework) -> None:
    add_demo_scorebook(window, framework)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(qapp, 20)
    lock.lock_requested.connect(window.lock)
    window.unlocked.connect(lock.resume)
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        pass
    assert window.is_locked() and window.body.currentWidget() is window.lock_page
    # every action waits behind the lock but Quit and the languages
    assert window.act_quit.isEnabled() and not window.act_preferences.isEnabled()
    assert not window.act_help.isEnabled() and not window.toolbar.isEnabled()
    assert all(a.isEnabled() for a in window.language_actions.values())
    def check(secret: str) -> None:  # the application checks the passphrase; here a fixed one
        if secret == "right":
            window.unlock()

    window.unlock_requested.connect(check)
    key_clicks(window.lock_page.passphrase, "right")
    with qtbot.waitSignal(window.unlocked):
        key_click(window.lock_page.passphrase, Qt.Key.Key_Return)
    assert not window.is_locked() and window.lock_page.passphrase.text() == ""
    assert "right" not in window.windowTitle()
    lock.stop()


def test_walker_collects_texts_and_every_control_is_named(window: MainWindow,
                                                          framework: Framework) -> None:
    add_demo_scorebook(window, framework)
    window.show()
    texts = visible_texts(window)
    found = {t for _, t in texts}
    for expected in ("Scorebook", "File", "Undo", "Saved", "Points", "Strengths", "Start"):
        assert any(expected in t for t in found), expected
    controls = [w for w in window.findChildren(QWidget) if w.isVisibleTo(window) and
                type(w).__name__ in {"QPlainTextEdit", "ScorebookTable", "NavButton",
                                     "QLineEdit", "SaveIndicator", "QToolBar"}]
    assert controls and all(w.accessibleName() for w in controls)


def test_main_writes_a_screenshot(tmp_path: Path, qapp: QApplication) -> None:
    out = tmp_path / "shell.png"
    assert main(["--screenshot", str(out), "--size", "800x500", "--demo"]) == 0
    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 500
