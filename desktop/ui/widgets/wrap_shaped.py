"""A word-wrapped label's sizes from its text shaped once (``widgets.wrap_label``, Mongolian).

``QLabel`` lays its text out anew for every size a layout asks of it — its minimum size hint
alone five times (at its preferred width, half and a quarter of it, one line, the widest word),
each shaping the text again; a Mongolian sentence is shaped through its font's many contextual
forms in ~0.2 ms. Here ``WrapLabel``'s answers for a Mongolian text are worked out as ``QLabel``
works them out (``QLabelPrivate::sizeForWidth`` and the word-wrapped bounding rectangle of
``qt_format_text``: lines broken by a ``QTextLayout``, each put on a whole pixel below the last
with the font's leading between them, the widest line's natural width and the height rounded
up) from one ``QTextLayout`` of the text and font, shaped once: each answer only breaks the
shaped text into lines again (``QTextLayout.clearLayout`` keeps the shaping). It does so for a
plain left-to-right text without mnemonics, tabs or line breaks, in a frameless label without
margin, indent or minimum size, aligned left (top or centred): ``WrapLabel`` leaves anything
else to ``QLabel``. ``tests/ui/test_wrap_label.py`` compares the answers with a plain
``QLabel``'s over the catalogue's Mongolian messages, and each text size with
``QFontMetrics.boundingRect``'s.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

__all__ = ["ShapedText", "plain_left_to_right", "size_for_width"]

# what qt_format_text rewrites or reads as markup (mnemonics, rich text, tabs, line breaks,
# length variants): any of them, and QLabel answers
_SPECIAL = frozenset("&<\t\n\r\x9c\u2028\u2029")
# right-to-left scripts and directional controls (the text is then not plainly left to right)
_RIGHT_TO_LEFT = ((0x0590, 0x08FF), (0x200F, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069),
                  (0xFB1D, 0xFDFF), (0xFE70, 0xFEFE), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))


def plain_left_to_right(text: str) -> bool:
    """A text ``qt_format_text`` lays out as it is: nothing it rewrites or reads as markup, and
    no right-to-left or directional character (its direction is then left to right)."""
    if not text or not _SPECIAL.isdisjoint(text):
        return False
    codes = {ord(ch) for ch in text}
    return not any(low <= code <= high for code in codes for low, high in _RIGHT_TO_LEFT)


def _c_div(value: int, by: int) -> int:
    """C++'s ``int / int`` (towards zero)."""
    return int(value / by)


class ShapedText:
    """One text in one font, shaped once; its word-wrapped sizes for any width."""

    def __init__(self, key: tuple[str, str], font: QFont) -> None:
        self.key = key  # (text, font key)
        self._leading = QFontMetricsF(font).leading()
        self._layout = QTextLayout(key[0], font)
        self._layout.beginLayout()  # kept open: clearLayout breaks it into lines again

    def text_size(self, width: int) -> tuple[int, int]:
        """``QFontMetrics.boundingRect(0, 0, width, 2000, flags, text)``'s size for the text
        word-wrapped, aligned left and top."""
        layout = self._layout
        layout.clearLayout()
        line_width = float(max(0, width))
        leading = self._leading
        height = -leading
        widest = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(line_width)
            height = float(math.ceil(height + leading))  # each line on a whole pixel
            height += line.ascent() + line.descent()
            widest = max(widest, line.naturalTextWidth())
        return math.ceil(widest), math.ceil(height)


def size_for_width(label: QLabel, shaped: ShapedText, width: int) -> tuple[int, int]:
    """``QLabelPrivate::sizeForWidth`` for the labels ``WrapLabel`` lets this answer."""
    m = label.contentsMargins()
    margins_w, margins_h = m.left() + m.right(), m.top() + m.bottom()
    try_width = width < 0
    metrics = label.fontMetrics()
    if try_width:
        width = min(metrics.averageCharWidth() * 80, label.maximumWidth())
    width -= margins_w
    w, h = shaped.text_size(width)
    if try_width:
        spacing = metrics.lineSpacing()
        if h < 4 * spacing and w > _c_div(width, 2):
            w, h = shaped.text_size(_c_div(width, 2))
        if h < 2 * spacing and w > _c_div(width, 4):
            w, h = shaped.text_size(_c_div(width, 4))
    return max(w + margins_w, 0), max(h + margins_h, 0)
