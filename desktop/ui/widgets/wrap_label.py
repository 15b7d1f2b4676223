"""A word-wrapped label that keeps its heights for widths.

A layout asks a word-wrapped ``QLabel`` for its height at a width again and again (every pass
over the window, and several widths in each: ~30 times before the first paint of the start
page), and ``QLabel`` lays its text out anew each time. For Latin or Chinese text that is a few
microseconds; Mongolian is shaped through its font's many contextual forms, ~0.2 ms for a
sentence — several milliseconds of the window's start. ``WrapLabel`` keeps each answer by width
for as long as what it depends on is unchanged: the text, the font, word wrap, margin, indent
and contents margins are compared at every ask; an alignment or text format set through
``set_alignment`` or ``setTextFormat``, and any change event (style, font, language …), forget
them. ``tests/ui/test_wrap_label.py`` compares it with a plain ``QLabel``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui.qt_light import set_enum

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

__all__ = ["WrapLabel"]

_KEPT = 32  # widths kept; a layout asks for a handful


class WrapLabel(QLabel):
    """A ``QLabel`` with word wrap on, whose height for a width is worked out once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self._state: tuple[object, ...] = ()

    def _current(self) -> tuple[object, ...]:
        m = self.contentsMargins()
        return (self.text(), self.font().key(), self.wordWrap(), self.margin(), self.indent(),
                m.left(), m.top(), m.right(), m.bottom())

    def heightForWidth(self, width: int) -> int:
        state = self._current()
        if state != self._state or len(self._heights) >= _KEPT:
            self._heights.clear()
            self._state = state
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def set_alignment(self, alignment: int) -> None:
        """The text's alignment from its int (``qt_light``: no Qt enums before the paint)."""
        set_enum(self, "alignment", alignment)
        self._heights.clear()

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        super().setTextFormat(text_format)
        self._heights.clear()

    def changeEvent(self, event: QEvent) -> None:
        self._heights.clear()
        super().changeEvent(event)
