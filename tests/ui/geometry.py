"""Geometry and keyboard checks shared by the vertical-label tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.ui.widgets.field_label import FieldLabel


def rect_in(widget: QWidget, top: QWidget) -> QRect:
    """The widget's rectangle in ``top``'s coordinates."""
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def settle() -> None:
    for _i in range(3):  # layouts activate on posted events, nested layouts one after another
        QApplication.processEvents()


def beside(label: QWidget, field: QWidget, top: QWidget) -> bool:
    """The label stands left of the field, starting at (about) the same height."""
    a, b = rect_in(label, top), rect_in(field, top)
    return a.right() < b.left() and abs(a.top() - b.top()) <= 12


def above(label: QWidget, field: QWidget, top: QWidget) -> bool:
    """The label sits above the field, over its left edge."""
    a, b = rect_in(label, top), rect_in(field, top)
    return a.bottom() <= b.top() and abs(a.left() - b.left()) <= 12


def left_of(label: QWidget, field: QWidget, top: QWidget) -> bool:
    """The label lies left of the field (a horizontal form row)."""
    return rect_in(label, top).right() < rect_in(field, top).left()


def standing(label: FieldLabel) -> bool:
    """Set vertically and laid out as a column: taller than one line of text."""
    return label.is_vertical() and label.height() > label.fontMetrics().height() * 2


def lying(label: QLabel) -> bool:
    """An ordinary horizontal label: one or two lines high."""
    vertical = isinstance(label, FieldLabel) and label.is_vertical()
    return not vertical and label.height() <= label.fontMetrics().height() * 3


def press_mnemonic(label: QLabel) -> None:
    """Press the label's Alt+letter (read from its translated text) in the focused widget."""
    sequence = QKeySequence.mnemonic(label.text())
    assert not sequence.isEmpty(), f"no mnemonic in {label.text()!r}"
    combination = sequence[0]  # type: ignore[index]  # QKeySequence[i] is a QKeyCombination
    target = QApplication.focusWidget() or label.window()
    QTest.keyClick(target, combination.key(), combination.keyboardModifiers())
