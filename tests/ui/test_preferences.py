"""Edit › Preferences…: the idle-lock time, applied to the running lock at once and remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.idle_lock import IdleLock
from desktop.ui.main_window import MainWindow
from desktop.ui.preferences import PreferencesDialog
from desktop.ui.settings import Settings


def _window(qtbot: QtBot, qapp: QApplication, path: Path, fonts: FontSet) -> MainWindow:
    settings = Settings.at(path)
    window = MainWindow(settings, LanguageSwitcher(qapp, settings), fonts=fonts)
    qtbot.addWidget(window)
    return window


def _dialog(window: MainWindow) -> PreferencesDialog:
    window.act_preferences.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    return dialog


def test_preferences_set_the_idle_lock_at_once_and_remember_it(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet) -> None:
    ini = tmp_path / "settings.ini"
    window = _window(qtbot, qapp, ini, fonts)
    window.show()
    assert window.act_preferences in window.menu_edit.actions()
    assert not window.act_preferences.shortcut().isEmpty()
    expected = QKeySequence(QKeySequence.StandardKey.Preferences)
    if not expected.isEmpty():
        assert window.act_preferences.shortcut() == expected
    lock = IdleLock.minutes(qapp, window.settings.idle_lock_minutes, window)
    try:
        assert lock.interval() == 10 * 60_000
        dialog = _dialog(window)
        assert dialog.idle_minutes.value() == 10
        dialog.idle_minutes.setValue(3)
        with qtbot.waitSignal(window.idle_lock_minutes_changed) as blocker:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert blocker.args == [3]
        assert lock.interval() == 3 * 60_000 and 0 < lock.remaining() <= 3 * 60_000
        assert Settings.at(ini).idle_lock_minutes == 3  # remembered (read afresh)

        dialog = _dialog(window)
        assert dialog.idle_minutes.value() == 3
        dialog.idle_minutes.setValue(0)
        assert dialog.idle_minutes.text() == "Never"
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert lock.remaining() == -1  # 0 turns the lock off

        dialog = _dialog(window)
        dialog.idle_minutes.setValue(45)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        assert window.settings.idle_lock_minutes == 0 and lock.remaining() == -1
    finally:
        lock.stop()


def test_preferences_dialog_is_labelled_and_renders(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, fonts: FontSet) -> None:
    window = _window(qtbot, qapp, tmp_path / "settings.ini", fonts)
    window.show()
    dialog = _dialog(window)
    qtbot.waitExposed(dialog)
    assert dialog.idle_label.buddy() is dialog.idle_minutes
    assert dialog.idle_label.text() == "&Lock the window after this many idle minutes"
    assert dialog.idle_minutes.accessibleName() and dialog.windowTitle() == "Preferences"
    out = tmp_path / "preferences.png"
    assert dialog.grab().save(str(out)) and out.stat().st_size > 0
    dialog.reject()
