"""Labels beside fields and page titles that stand vertical in Mongolian (issue 7, item 3).

``FieldLabel`` is a ``QLabel`` (so its buddy and its ``&`` mnemonic work exactly as before in
every language). When its text holds Mongolian letters it paints the text as vertical columns
(top to bottom, advancing left to right; Chinese upright) with ``VerticalTextRenderer`` and
sizes itself for that; otherwise it is an ordinary horizontal label. It emits
``orientation_changed`` when a new text (a language switch) turns it.

``LabelBeside`` is the layout that follows it: the label left of what it labels when vertical;
otherwise above it (``above=True``, e.g. a wide multi-line field or a page's content) or beside
it as before. ``LabelForm`` is a form whose labels go above their fields (``WrapAllRows``) or
beside them as before, and always beside them, in one aligned column, while vertical.
``TitlePlace`` moves a title between its horizontal place (e.g. a heading row) and the left
edge of the page when it turns vertical.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QSize, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QLabel, QLayout, QSizePolicy, QWidget

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_text import VerticalLayout, VerticalTextRenderer, has_mongolian

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

__all__ = ["FieldLabel", "LabelBeside", "LabelForm", "PageTitle", "TitlePlace", "plain_text"]

_MNEMONIC = re.compile(r"&(&?)")
_END_GAP = 6  # pixels below a vertical label's columns
Direction = QBoxLayout.Direction


def plain_text(text: str) -> str:
    """The label's text as shown: ``&`` mnemonic markers removed, ``&&`` kept as ``&``."""
    return _MNEMONIC.sub(lambda m: m.group(1), text)


class FieldLabel(QLabel):
    """A QLabel that sets Mongolian text vertically; any other text as QLabel always did.

    ``column_height`` is the preferred column length: a longer text wraps into further columns
    at its ordinary spaces. A label given more height than that (beside a tall field) uses it,
    taking fewer columns.
    """

    orientation_changed = Signal(bool)  # True: now vertical

    def __init__(self, text: str = "", buddy: QWidget | None = None,
                 parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 column_height: int = 120) -> None:
        super().__init__(parent)
        self._fonts = fonts
        self._column_height = column_height
        self._vertical = False
        self._word_wrap = False  # what the page asked for, restored when horizontal
        self._top_left = False  # standing at the top left of its room (set_top_left)
        self._renderer = VerticalTextRenderer(self.font(), fonts)
        if buddy is not None:
            self.setBuddy(buddy)
        self.setText(text)

    # --- text and orientation -------------------------------------------------------------------
    def setText(self, text: str) -> None:
        super().setText(text)
        vertical = has_mongolian(text)
        if vertical != self._vertical:
            self._vertical = vertical
            super().setWordWrap(False if vertical else self._word_wrap)
            self.setSizePolicy(QSizePolicy.Policy.Fixed if vertical
                               else QSizePolicy.Policy.Preferred,
                               QSizePolicy.Policy.Preferred)
            self.updateGeometry()
            self.orientation_changed.emit(vertical)
        elif vertical:
            self.updateGeometry()
        self.update()

    def setWordWrap(self, on: bool) -> None:
        self._word_wrap = on
        super().setWordWrap(on and not self._vertical)

    def is_vertical(self) -> bool:
        return self._vertical

    def set_top_left(self, on: bool) -> None:
        """Stand at the top left of the room the layout gives, as ``AlignTop | AlignLeft``
        would place it, without the layout's alignment flag (which makes all of PySide's ``Qt``
        enums, ~25 ms of the first paint: ``desktop.ui.qt_light``). The label may then be
        given more height than it asks for: its columns are laid out and painted for the
        height the alignment would have left it, ``min(height, size hint)``."""
        if on != self._top_left:
            self._top_left = on
            self.updateGeometry()
            self.update()

    def is_top_left(self) -> bool:
        return self._top_left

    def column_height(self) -> int:
        return self._column_height

    def renderer(self) -> VerticalTextRenderer:
        return self._renderer

    def set_column_height(self, height: int) -> None:
        self._column_height = height
        self.updateGeometry()

    def vertical_layout(self, column_height: float | None = None) -> VerticalLayout:
        height = float(column_height if column_height is not None else self._column_height)
        return self._renderer.layout(plain_text(self.text()), height)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._renderer = VerticalTextRenderer(self.font(), self._fonts)
            self.updateGeometry()
        super().changeEvent(event)

    # --- geometry -------------------------------------------------------------------------------
    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right(), m.top() + m.bottom()

    def _room_height(self, height: int) -> int:
        """The height of the contents the columns stand in, for a label ``height`` high: all
        of it, or at the top left (``set_top_left``) at most what the size hint asks for."""
        _mx, my = self._margins()
        room = height - my
        if self._top_left and self._vertical:
            room = min(room, math.ceil(self.vertical_layout().length) + _END_GAP)
        return room

    def _column_room(self) -> float:
        """The column length to lay out for: the preferred one, or more if the label has it."""
        preferred = self.vertical_layout().length
        if not self.isVisible():  # not laid out yet: its size means nothing
            return max(preferred, 1.0)
        return max(float(self._room_height(self.height()) - _END_GAP), preferred, 1.0)

    def sizeHint(self) -> QSize:
        if not self._vertical:
            return super().sizeHint()
        mx, my = self._margins()
        # a little room below the columns keeps labels stacked in a form apart
        height = math.ceil(self.vertical_layout().length) + _END_GAP
        width = self._renderer.size(self.vertical_layout(self._column_room())).width()
        return QSize(math.ceil(width) + mx, height + my)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() if self._vertical else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return not self._vertical and super().hasHeightForWidth()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._vertical and (self._room_height(event.size().height())
                               != self._room_height(event.oldSize().height())):
            self.updateGeometry()  # more or less room along the column: another width

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._vertical:
            self.updateGeometry()  # laid out now: its height may allow fewer columns

    # --- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._vertical:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        color = self.palette().color(group, self.foregroundRole())
        layout = self.vertical_layout(self._column_room())
        self._renderer.paint(painter, layout, QPointF(self.contentsRect().topLeft()), color)
        painter.end()


class PageTitle(FieldLabel):
    """A page's (or a panel's) title: bold, larger; a vertical column at the left in Mongolian."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 fonts: FontSet | None = None, scale: float = 1.25, bold: bool = True,
                 column_height: int = 420) -> None:
        super().__init__(text, None, parent, fonts=fonts, column_height=column_height)
        font = self.font()
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        self.setFont(font)


def _top_left() -> Qt.AlignmentFlag:
    """Named where used: PySide makes all of the ``Qt`` namespace's enums on its first touch
    (~25 ms), which a horizontal label's start need not pay (``desktop.ui.qt_light``)."""
    from PySide6.QtCore import Qt

    return Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


class LabelBeside(QBoxLayout):
    """A label and what it labels: side by side (label left, at the top) while the label is
    vertical; otherwise above it (``above=True``) or beside it as a horizontal label."""

    def __init__(self, label: FieldLabel, field: QWidget | QLayout, *, above: bool = True,
                 stretch: int = 1) -> None:
        super().__init__(Direction.TopToBottom)
        self.label = label
        self._above = above
        self.addWidget(label)
        if isinstance(field, QWidget):
            self.addWidget(field, stretch)
        else:
            self.addLayout(field, stretch)
        label.orientation_changed.connect(self._orient)
        self._orient(label.is_vertical())

    def _orient(self, vertical: bool) -> None:
        self.setDirection(Direction.LeftToRight if vertical or not self._above
                          else Direction.TopToBottom)
        self.label.set_top_left(vertical)  # not the item's alignment: no Qt enums at start


class LabelForm(QFormLayout):
    """A form of ``FieldLabel`` rows: labels left of their fields, the fields aligned, while the
    labels are vertical; otherwise wrapped above their fields (``above=True``) or as usual."""

    def __init__(self, *, above: bool = False) -> None:
        super().__init__()
        self._above = above
        self._labels: list[FieldLabel] = []
        self._alignment = self.labelAlignment()  # the style's, restored when horizontal
        self._orient(False)

    def add_row(self, label: FieldLabel, field: QWidget | QLayout) -> None:
        if isinstance(field, QWidget):
            self.addRow(label, field)
        else:
            self.addRow(label, field)
        self._labels.append(label)
        label.orientation_changed.connect(self._orient)
        self._orient(label.is_vertical())

    def _orient(self, vertical: bool) -> None:
        vertical = vertical or any(label.is_vertical() for label in self._labels)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows if self._above and
                              not vertical else QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setLabelAlignment(_top_left() if vertical else self._alignment)


class TitlePlace:
    """Moves a title into ``vertical`` (index 0, at the top) while it is vertical and back to
    its horizontal place (``horizontal`` at ``index`` with ``stretch``) otherwise."""

    def __init__(self, title: FieldLabel, horizontal: QBoxLayout, vertical: QBoxLayout, *,
                 index: int = 0, stretch: int = 0) -> None:
        self.title = title
        self.horizontal = horizontal
        self.vertical = vertical
        self._index = index
        self._stretch = stretch
        title.orientation_changed.connect(self._move)
        self._move(title.is_vertical())

    def _move(self, vertical: bool) -> None:
        for layout in (self.horizontal, self.vertical):
            layout.removeWidget(self.title)
        if vertical:
            self.vertical.insertWidget(0, self.title, 0, _top_left())
        else:
            self.horizontal.insertWidget(self._index, self.title, self._stretch)
