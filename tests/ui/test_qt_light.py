"""``desktop.ui.qt_light``'s ints are Qt's values, and what they set is what the enums set."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desktop.ui import qt_light


def test_the_values_are_qts() -> None:
    assert Qt.AlignmentFlag.AlignLeft.value == qt_light.ALIGN_LEFT
    assert Qt.AlignmentFlag.AlignHCenter.value == qt_light.ALIGN_HCENTER
    assert Qt.AlignmentFlag.AlignTop.value == qt_light.ALIGN_TOP
    assert Qt.AlignmentFlag.AlignVCenter.value == qt_light.ALIGN_VCENTER
    assert Qt.AlignmentFlag.AlignCenter.value == qt_light.ALIGN_CENTER
    assert Qt.TextFlag.TextWordWrap.value == qt_light.TEXT_WORD_WRAP
    assert Qt.ItemDataRole.UserRole.value == qt_light.USER_ROLE
    assert Qt.Key.Key_Return.value == qt_light.KEY_RETURN
    assert Qt.Key.Key_Enter.value == qt_light.KEY_ENTER
    assert Qt.FocusPolicy.StrongFocus.value == qt_light.STRONG_FOCUS
    assert Qt.LayoutDirection.LeftToRight.value == qt_light.LEFT_TO_RIGHT


def test_properties_set_from_ints(qtbot: QtBot, qapp: QApplication) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    qt_light.set_enum(label, "alignment", qt_light.ALIGN_TOP | qt_light.ALIGN_LEFT)
    assert label.alignment() == Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
    button = QPushButton()
    qtbot.addWidget(button)
    qt_light.set_enum(button, "focusPolicy", qt_light.STRONG_FOCUS)
    assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
    direction = qapp.layoutDirection()
    qt_light.set_enum(qapp, "layoutDirection", qt_light.LEFT_TO_RIGHT)
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    qapp.setLayoutDirection(direction)


def test_a_shortcut_as_setShortcut_sets_it(qapp: QApplication) -> None:
    ours, theirs = QAction(), QAction()
    for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Quit, "Ctrl+E"):
        qt_light.set_shortcut(ours, QKeySequence(key))
        theirs.setShortcut(QKeySequence(key))
        assert ours.shortcut() == theirs.shortcut() and ours.shortcuts() == theirs.shortcuts()


def test_a_property_that_is_not_there_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="no writable property"):
        qt_light.set_enum(QCoreApplication.instance() or QAction(), "nonsense", 1)
