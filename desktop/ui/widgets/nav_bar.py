"""The navigation bar: a column of page buttons whose labels turn vertical in Mongolian.

Vertical Mongolian labels are tall, so the bar fits itself to the height it is given: it picks
the longest label column (``COLUMN_HEIGHTS``) that needs the fewest rows of buttons, and when
the buttons still do not fit one above the other they flow on into a further column to the
right (top to bottom, then left to right, as Mongolian reads). A 768-pixel laptop screen shows
every entry of the office window this way; nothing scrolls or is cut off.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QSizePolicy, QWidget

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.qt_light import ALIGN_LEFT, ALIGN_VCENTER, STRONG_FOCUS, set_enum
from desktop.ui.widgets.vertical_text import VerticalTextRenderer, has_mongolian

_PAD = 8
_MARGIN = 4
_SPACING = 2
COLUMN_HEIGHTS = (150, 130, 110, 90)  # label column lengths tried, longest (most legible) first


class NavButton(QAbstractButton):
    def __init__(self, key: str, source_text: str, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None, column_height: int = COLUMN_HEIGHTS[0]) -> None:
        super().__init__(parent)
        self.key = key
        self.source_text = source_text  # English source, translated in retranslate()
        self._renderer = VerticalTextRenderer(self.font(), fonts)
        self._column_height = column_height
        self.setCheckable(True)
        set_enum(self, "focusPolicy", STRONG_FOCUS)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        text = _(self.source_text)
        self.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def column_height(self) -> int:
        return self._column_height

    def set_column_height(self, height: int) -> None:
        """The longest column a vertical label may take; a longer label wraps into more
        columns at its spaces (a single word longer than this still stays whole)."""
        if height != self._column_height:
            self._column_height = height
            self.updateGeometry()
            self.update()

    def size_for(self, column_height: int) -> QSize:
        text = self.text()
        if has_mongolian(text):
            size = self._renderer.size(self._renderer.layout(text, column_height))
            return QSize(math.ceil(size.width()) + 2 * _PAD, math.ceil(size.height()) + 2 * _PAD)
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(text) + 3 * _PAD, metrics.height() + 2 * _PAD)

    def sizeHint(self) -> QSize:
        return self.size_for(self._column_height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = QRectF(self.rect())
        if self.isChecked():
            painter.fillRect(rect, palette.highlight())
            color = palette.highlightedText().color()
        else:
            if self.underMouse():
                painter.fillRect(rect, palette.midlight())
            color = palette.windowText().color()
        if self.hasFocus():
            painter.setPen(palette.highlight().color() if not self.isChecked() else color)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        text = self.text()
        if has_mongolian(text):
            layout = self._renderer.layout(text, max(self.height() - 2 * _PAD, 1))
            size = self._renderer.size(layout)
            left = max((self.width() - size.width()) / 2, _PAD)
            self._renderer.paint(painter, layout, QPointF(left, _PAD), color)
        else:
            painter.setPen(color)
            painter.drawText(rect.adjusted(_PAD, 0, -_PAD, 0),
                             ALIGN_VCENTER | ALIGN_LEFT, text)
        painter.end()


class _Plan:
    """Where the buttons go for one height: the label column length, and the buttons of each
    column of the bar with their sizes."""

    def __init__(self, column_height: int, columns: list[list[tuple[NavButton, QSize]]]) -> None:
        self.column_height = column_height
        self.columns = columns

    def widths(self) -> list[int]:
        return [max(size.width() for _b, size in col) for col in self.columns]

    def width(self) -> int:
        widths = self.widths()
        return sum(widths) + _SPACING * max(len(widths) - 1, 0) + 2 * _MARGIN

    def height(self) -> int:
        return max((sum(s.height() for _b, s in col) + _SPACING * (len(col) - 1)
                    for col in self.columns), default=0) + 2 * _MARGIN


def _flow(buttons: list[NavButton], column_height: int, height: int) -> _Plan:
    """Buttons top to bottom, a new column to the right when the next one would not fit."""
    room = max(height - 2 * _MARGIN, 1)
    columns: list[list[tuple[NavButton, QSize]]] = []
    used = 0
    for button in buttons:
        size = button.size_for(column_height)
        if columns and used + _SPACING + size.height() <= room:
            columns[-1].append((button, size))
            used += _SPACING + size.height()
        else:
            columns.append([(button, size)])
            used = size.height()
    return _Plan(column_height, columns)


class NavigationBar(QWidget):
    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self._fonts = fonts
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, NavButton] = {}
        self._width = 0  # the width the last arrangement needed
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        self.retranslate()

    def add_entry(self, key: str, source_text: str) -> NavButton:
        button = NavButton(key, source_text, self, fonts=self._fonts)
        button.toggled.connect(lambda on, k=key: self._toggled(k, on))
        self._group.addButton(button)
        self._buttons[key] = button
        if len(self._buttons) == 1:
            button.setChecked(True)
        button.show()
        self._relayout()
        return button

    def _toggled(self, key: str, on: bool) -> None:
        if on:
            self.current_changed.emit(key)

    def buttons(self) -> list[NavButton]:
        return list(self._buttons.values())

    def current(self) -> str | None:
        checked = self._group.checkedButton()
        return checked.key if isinstance(checked, NavButton) else None

    def set_current(self, key: str) -> None:
        self._buttons[key].setChecked(True)

    def retranslate(self) -> None:
        self.setAccessibleName(_("Navigation"))
        for button in self._buttons.values():
            button.retranslate()
        self._relayout()

    # --- geometry -------------------------------------------------------------------------------
    def plan(self, height: int) -> _Plan:
        """The arrangement for a height: the fewest bar columns, then the longest label
        columns (fewer, longer label columns read more easily). A height below the minimum
        (a bar not laid out yet) is taken as unlimited: one column."""
        buttons = self.buttons()
        if height < self._minimum_height():
            height = 1 << 20
        best: _Plan | None = None
        for column_height in COLUMN_HEIGHTS:
            plan = _flow(buttons, column_height, height)
            if best is None or len(plan.columns) < len(best.columns):
                best = plan
        assert best is not None
        return best

    def columns(self) -> list[list[str]]:
        """The keys of the buttons in each column of the bar, as arranged now."""
        return [[b.key for b, _s in col] for col in self.plan(self.height()).columns]

    def sizeHint(self) -> QSize:
        if not self._buttons:
            return QSize(2 * _MARGIN, 2 * _MARGIN)
        tall = _flow(self.buttons(), COLUMN_HEIGHTS[0], 1 << 20)  # one column, nothing wraps
        return QSize(self.plan(self.height()).width(), tall.height())

    def minimumSizeHint(self) -> QSize:
        if not self._buttons:
            return QSize(2 * _MARGIN, 2 * _MARGIN)
        return QSize(self.sizeHint().width(), self._minimum_height())

    def _minimum_height(self) -> int:
        """One button per bar column at the shortest label columns: any taller bar fits all."""
        return max((b.size_for(COLUMN_HEIGHTS[-1]).height() for b in self.buttons()),
                   default=0) + 2 * _MARGIN

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _relayout(self) -> None:
        self.updateGeometry()
        self._arrange()

    def _arrange(self) -> None:
        if not self._buttons:
            return
        plan = self.plan(self.height())
        x = _MARGIN
        for width, col in zip(plan.widths(), plan.columns, strict=True):
            y = _MARGIN
            for button, size in col:
                button.set_column_height(plan.column_height)
                button.setGeometry(QRect(x, y, width, size.height()))
                y += size.height() + _SPACING
            x += width + _SPACING
        if plan.width() != self._width:
            self._width = plan.width()
            self.updateGeometry()  # the bar needs another width for this height
