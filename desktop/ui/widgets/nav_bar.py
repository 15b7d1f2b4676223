"""The navigation bar: a column of page buttons whose labels turn vertical in Mongolian."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_text import VerticalTextRenderer, has_mongolian

_PAD = 8


class NavButton(QAbstractButton):
    def __init__(self, key: str, source_text: str, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None, column_height: int = 150) -> None:
        super().__init__(parent)
        self.key = key
        self.source_text = source_text  # English source, translated in retranslate()
        self._renderer = VerticalTextRenderer(self.font(), fonts)
        self._column_height = column_height
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        text = _(self.source_text)
        self.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        text = self.text()
        if has_mongolian(text):
            size = self._renderer.size(self._renderer.layout(text, self._column_height))
            return QSize(math.ceil(size.width()) + 2 * _PAD, math.ceil(size.height()) + 2 * _PAD)
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(text) + 3 * _PAD, metrics.height() + 2 * _PAD)

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
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.end()


class NavigationBar(QWidget):
    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self._fonts = fonts
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, NavButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        self.retranslate()

    def add_entry(self, key: str, source_text: str) -> NavButton:
        button = NavButton(key, source_text, self, fonts=self._fonts)
        button.toggled.connect(lambda on, k=key: self._toggled(k, on))
        self._group.addButton(button)
        self._buttons[key] = button
        self._layout.insertWidget(self._layout.count() - 1, button)
        if len(self._buttons) == 1:
            button.setChecked(True)
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
        self.updateGeometry()
