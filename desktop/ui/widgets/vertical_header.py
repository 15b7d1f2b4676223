"""A table header that sets Mongolian labels vertically (``VerticalHeaderView``).

Kept apart from ``vertical_text`` so the start-up path (the shell's labels and navigation) does
not pay for QHeaderView and QStyle's Python enums before the first paint.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractItemModel, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_text import VerticalTextRenderer, has_mongolian

__all__ = ["VerticalHeaderView"]


class VerticalHeaderView(QHeaderView):
    """A table header painting Mongolian labels vertically and other labels as usual."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None, *,
                 fonts: FontSet | None = None, column_height: int = 140) -> None:
        super().__init__(orientation, parent)
        self._fonts = fonts
        self._column_height = column_height
        self._renderer = VerticalTextRenderer(self.font(), fonts)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # a relabel (language switch) may change the header's height
            model.headerDataChanged.connect(self._contents_changed)

    def _contents_changed(self) -> None:
        self.updateGeometry()
        self.viewport().update()

    def _label(self, logical_index: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(logical_index, self.orientation(),
                                 Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        text = self._label(logicalIndex)
        if not has_mongolian(text):
            return super().sectionSizeFromContents(logicalIndex)
        size = self._renderer.size(self._renderer.layout(text, self._column_height))
        return QSize(math.ceil(size.width()) + 12, math.ceil(size.height()) + 12)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        text = self._label(logicalIndex)
        if not has_mongolian(text):
            super().paintSection(painter, rect, logicalIndex)
            return
        painter.save()
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logicalIndex
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        layout = self._renderer.layout(text, max(rect.height() - 12, 1))
        size = self._renderer.size(layout)
        left = rect.left() + max((rect.width() - size.width()) / 2, 2)
        color = self.palette().color(self.foregroundRole())
        self._renderer.paint(painter, layout, QPointF(left, rect.top() + 6), color)
        painter.restore()
