from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.ui.idle_lock import IdleLock
from tests.ui.helpers import key_click


def test_lock_fires_after_the_idle_interval(qtbot: QtBot, qapp: QApplication) -> None:
    lock = IdleLock(qapp, 30)
    with qtbot.waitSignal(lock.lock_requested, timeout=2000):
        pass
    assert lock.is_locked() and lock.remaining() == -1  # stopped until resumed
    lock.resume()
    assert not lock.is_locked() and lock.remaining() > 0
    lock.stop()


def test_input_restarts_the_timer(qtbot: QtBot, qapp: QApplication) -> None:
    lock = IdleLock(qapp, 100_000)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    tick = QTimer()
    tick.setSingleShot(True)
    tick.setInterval(60)
    with qtbot.waitSignal(tick.timeout):
        tick.start()  # let time pass by waiting on a signal, not sleeping
    before = lock.remaining()
    assert before <= 100_000 - 50
    key_click(edit, Qt.Key.Key_A)
    assert lock.remaining() > before
    lock.stop()


def test_zero_interval_turns_the_lock_off(qapp: QApplication) -> None:
    lock = IdleLock(qapp, 0)
    assert lock.remaining() == -1
    lock.set_interval(5_000)
    assert lock.remaining() > 0
    lock.stop()
