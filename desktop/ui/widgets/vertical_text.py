"""Vertical Traditional Mongolian on screen: columns top to bottom, advancing left to right.

Qt has no vertical writing mode. Each column is shaped horizontally by Qt (``QTextLayout``, so
letters join) and painted rotated 90° clockwise. Columns break only at ordinary spaces (U+0020)
or a newline, never at NNBSP (U+202F) or MVS (U+180E); a word longer than the column overflows
rather than being split. Chinese (Han) characters inside a Mongolian column stay upright, one by
one. Text without Mongolian letters is drawn horizontally, so one widget serves every language.

``layout_columns`` is the pure part (text, column height, a measure function → columns), which
tests check directly; ``VerticalTextRenderer`` measures and paints with Qt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n.mongolian import MVS, NNBSP, SPACE, has_mongolian, is_cjk
from desktop.ui.fonts import FontSet
from desktop.ui.qt_light import ALIGN_CENTER, ALIGN_LEFT, ALIGN_TOP, TEXT_WORD_WRAP

if TYPE_CHECKING:  # made with the first Mongolian text (PySide makes their enums at import)
    from PySide6.QtGui import QTextLayout

_WORD = re.compile(r"[^ \n]+|\n")  # words: separated by ordinary spaces and newlines only
__all__ = ["MVS", "NNBSP", "Column", "Segment", "VerticalLabel",
           "VerticalLayout", "VerticalTextRenderer", "has_mongolian", "layout_columns"]


def is_upright(ch: str) -> bool:
    """Han ideographs and CJK punctuation stay upright in a vertical column."""
    return is_cjk(ch)


# --- the pure layout -------------------------------------------------------------------------

Measure = Callable[[str, bool], float]  # (piece, upright) -> length along the column


class Segment(NamedTuple):  # not frozen dataclasses: each costs ~0.7 ms at start-up
    """A piece of one column: a rotated run (shaped as one) or a single upright character."""

    start: int  # index into the whole text
    text: str
    upright: bool
    offset: float  # distance from the column's top
    length: float


class Column(NamedTuple):
    start: int
    text: str
    segments: tuple[Segment, ...]
    length: float


class VerticalLayout(NamedTuple):
    columns: tuple[Column, ...]
    column_height: float

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.columns)

    @property
    def breaks(self) -> tuple[int, ...]:
        """Text indices where the second, third, … column starts."""
        return tuple(c.start for c in self.columns[1:])

    @property
    def length(self) -> float:
        """The longest column (may exceed column_height when a word overflows)."""
        return max((c.length for c in self.columns), default=0.0)


def _runs(text: str, start: int) -> list[tuple[int, str, bool]]:
    """Split into rotated runs and single upright characters, keeping text indices."""
    runs: list[tuple[int, str, bool]] = []
    buf_start, buf = start, ""
    for i, ch in enumerate(text):
        if is_upright(ch):
            if buf:
                runs.append((buf_start, buf, False))
            runs.append((start + i, ch, True))
            buf_start, buf = start + i + 1, ""
        else:
            buf += ch
    if buf:
        runs.append((buf_start, buf, False))
    return runs


def _column(text: str, start: int, end: int, measure: Measure) -> Column:
    piece = text[start:end]
    segments = []
    offset = 0.0
    for seg_start, seg_text, upright in _runs(piece, start):
        length = measure(seg_text, upright)
        segments.append(Segment(seg_start, seg_text, upright, offset, length))
        offset += length
    return Column(start, piece, tuple(segments), offset)


_SLACK = 0.5  # sizes are rounded to whole pixels; a column measured to fit must still fit


def layout_columns(text: str, column_height: float, measure: Measure) -> VerticalLayout:
    """Pack words greedily into columns no longer than ``column_height``.

    Words are separated by ordinary spaces only, so NNBSP and MVS stay inside a word.
    """
    def word_length(start: int, word: str) -> float:
        return sum(measure(t, up) for _, t, up in _runs(word, start))

    space = measure(SPACE, False)
    columns: list[Column] = []
    col_start: int | None = None
    col_end = 0
    col_len = 0.0
    for m in _WORD.finditer(text):
        if m.group() == "\n":
            if col_start is not None:
                columns.append(_column(text, col_start, col_end, measure))
            col_start = None
            continue
        wlen = word_length(m.start(), m.group())
        if col_start is None:
            col_start, col_end, col_len = m.start(), m.end(), wlen
            continue
        gap = space * (m.start() - col_end)
        if col_len + gap + wlen <= column_height + _SLACK:
            col_end, col_len = m.end(), col_len + gap + wlen
        else:
            columns.append(_column(text, col_start, col_end, measure))
            col_start, col_end, col_len = m.start(), m.end(), wlen
    if col_start is not None:
        columns.append(_column(text, col_start, col_end, measure))
    return VerticalLayout(tuple(columns), column_height)


# --- Qt measuring and painting ---------------------------------------------------------------


def _shape(text: str, font: QFont) -> QTextLayout:
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1.0e6)
    line.setPosition(QPointF(0, 0))
    layout.endLayout()
    return layout


_LAYOUTS_KEPT = 64  # per renderer: a label's texts in its few column lengths
_HAN = "\u4e2d"  # 中: an upright column's width


class VerticalTextRenderer:
    """Measures and paints vertical layouts with the Mongolian and Chinese fonts."""

    def __init__(self, base: QFont, fonts: FontSet | None = None) -> None:
        fonts = fonts or FontSet()
        self.mongolian = fonts.mongolian_font(base)
        self.chinese = fonts.chinese_font(base)
        self._mn_metrics = QFontMetricsF(self.mongolian)
        self._zh_metrics = QFontMetricsF(self.chinese)
        self._bundled_han = fonts.chinese is not None  # the Chinese font's first family
        self._column_width: float | None = None  # the fonts are the renderer's own
        self._shaped: dict[str, QTextLayout] = {}
        # a widget asks again and again, for its preferred column and for the room it has (a
        # navigation button for each of its column lengths): every answer of these fonts kept
        self._layouts: dict[tuple[str, float], VerticalLayout] = {}

    @property
    def column_width(self) -> float:
        """Thickness of one column: the Mongolian line height, or an upright Han if wider."""
        width = self._column_width
        if width is None:
            height = self._mn_metrics.height()
            if self._han_fits(height):
                width = height
            else:
                width = max(height, self._zh_metrics.horizontalAdvance(_HAN))
            self._column_width = width
        return width

    def _han_fits(self, height: float) -> bool:
        """Whether an upright Han of the bundled Chinese face cannot be wider than ``height``:
        then it is not measured (that loads the face at this size, with its fallbacks: ~1 ms of
        the window's start in Mongolian). Its ideographs are one em wide, an em is the font's
        size in pixels; half as much again and a pixel are allowed (hinting, emboldening).
        ``tests/ui/test_vertical_text.py`` checks the answer against the measure."""
        font = self.chinese
        if not self._bundled_han or font.letterSpacing() != 0 or font.stretch() not in (0, 100):
            return False
        pixels: float = font.pixelSize()
        if pixels <= 0:
            pixels = font.pointSizeF() * self._zh_metrics.fontDpi() / 72
        return height >= 1.5 * pixels + 1

    @property
    def column_gap(self) -> float:
        return max(self._mn_metrics.leading(), self._mn_metrics.height() * 0.15)

    def shaped(self, text: str) -> QTextLayout:
        layout = self._shaped.get(text)
        if layout is None:
            if len(self._shaped) > 512:
                self._shaped.clear()
            layout = self._shaped[text] = _shape(text, self.mongolian)
        return layout

    def measure(self, piece: str, upright: bool) -> float:
        if upright:
            return self._zh_metrics.horizontalAdvance(piece)
        return self.shaped(piece).lineAt(0).horizontalAdvance()

    def layout(self, text: str, column_height: float) -> VerticalLayout:
        """``text`` in columns of at most ``column_height`` (kept by text and column length:
        the fonts, which the measures depend on, are the renderer's own)."""
        key = (text, column_height)
        result = self._layouts.get(key)
        if result is None:
            if len(self._layouts) >= _LAYOUTS_KEPT:
                self._layouts.clear()
            result = self._layouts[key] = self._layout(text, column_height)
        return result

    def _layout(self, text: str, column_height: float) -> VerticalLayout:
        return layout_columns(text, column_height, self.measure)

    def size(self, layout: VerticalLayout) -> QSizeF:
        n = len(layout.columns)
        if not n:
            return QSizeF(0, 0)
        return QSizeF(n * self.column_width + (n - 1) * self.column_gap, layout.length)

    def paint(self, painter: QPainter, layout: VerticalLayout, top_left: QPointF,
              color: QColor) -> None:
        painter.save()
        painter.setPen(color)
        width = self.column_width
        x = top_left.x()
        for column in layout.columns:
            for seg in column.segments:
                top = top_left.y() + seg.offset
                if seg.upright:
                    painter.setFont(self.chinese)
                    painter.drawText(QRectF(x, top, width, seg.length),
                                     ALIGN_CENTER, seg.text)
                    continue
                shaped = self.shaped(seg.text)
                line_height = shaped.lineAt(0).height()
                painter.save()
                painter.translate(x + width, top)
                painter.rotate(90)  # clockwise: the run reads top to bottom, tops face right
                shaped.draw(painter, QPointF(0, (width - line_height) / 2))
                painter.restore()
            x += width + self.column_gap
        painter.restore()


# --- widgets ---------------------------------------------------------------------------------

_HORIZONTAL_FLAGS = ALIGN_LEFT | ALIGN_TOP | TEXT_WORD_WRAP  # ints: qt_light


class VerticalLabel(QWidget):
    """A label that sets Mongolian vertically and any other text horizontally.

    ``column_height`` is the preferred column length used for the size hint; at paint time the
    widget's actual height is the column length (a taller label gets fewer columns).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 fonts: FontSet | None = None, column_height: int = 200) -> None:
        super().__init__(parent)
        self._text = text
        self._fonts = fonts
        self._column_height = column_height
        self._renderer = VerticalTextRenderer(self.font(), fonts)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(text)

    # text and options
    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    def is_vertical(self) -> bool:
        return has_mongolian(self._text)

    def set_column_height(self, height: int) -> None:
        self._column_height = height
        self.updateGeometry()
        self.update()

    def renderer(self) -> VerticalTextRenderer:
        return self._renderer

    def vertical_layout(self, column_height: float | None = None) -> VerticalLayout:
        height = float(column_height if column_height is not None else self._column_height)
        return self._renderer.layout(self._text, height)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._renderer = VerticalTextRenderer(self.font(), self._fonts)
            self.updateGeometry()
        super().changeEvent(event)

    # geometry
    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right(), m.top() + m.bottom()

    def sizeHint(self) -> QSize:
        mx, my = self._margins()
        if self.is_vertical():
            size = self._renderer.size(self.vertical_layout())
            return QSize(math.ceil(size.width()) + mx, math.ceil(size.height()) + my)
        metrics = self.fontMetrics()
        max_width = max(self._column_height, 80)
        rect = metrics.boundingRect(QRect(0, 0, max_width, 10_000), _HORIZONTAL_FLAGS,
                                    self._text)
        return QSize(rect.width() + mx, rect.height() + my)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = self.contentsRect()
        color = self.palette().color(self.foregroundRole())
        if self.is_vertical():
            layout = self.vertical_layout(max(rect.height(), 1))
            self._renderer.paint(painter, layout, QPointF(rect.topLeft()), color)
        else:
            painter.setPen(color)
            painter.drawText(rect, _HORIZONTAL_FLAGS, self._text)
        painter.end()
