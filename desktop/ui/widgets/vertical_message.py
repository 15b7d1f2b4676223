"""Message boxes and text panes whose Mongolian prose runs top to bottom, columns left to right.

Qt's ``QMessageBox`` and ``QTextBrowser`` lay text out horizontally, so Traditional Mongolian
in them lies on its side. ``verticalise`` gives a message box a vertical body when its text is
Mongolian (its own labels are hidden; ``text()`` and ``informativeText()`` still read it);
``VerticalPane`` is a scrollable vertical text area for longer prose such as the help. Chinese and
English are left exactly as Qt shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from desktop.i18n.mongolian import has_mongolian
from desktop.ui.widgets.vertical_text import VerticalLabel

__all__ = ["MessageBoxes", "VerticalPane", "install", "message_body", "verticalise"]

BODY_NAME = "VerticalMessageBody"
_COLUMN_HEIGHT = 360  # a message's columns: fits a 768-pixel screen with title and buttons


def message_body(box: QMessageBox) -> VerticalLabel | None:
    """The vertical body ``verticalise`` gave ``box`` (None when its text is not Mongolian)."""
    return box.findChild(VerticalLabel, BODY_NAME)


def verticalise(box: QMessageBox, column_height: int = _COLUMN_HEIGHT) -> VerticalLabel | None:
    """Set ``box``'s text and informative text vertically when they are Mongolian.

    Call after the texts are set and before the box is shown. Returns the vertical body.
    """
    text = "\n".join(t for t in (box.text(), box.informativeText()) if t)
    old = message_body(box)
    if not has_mongolian(text):
        if old is not None:
            old.setText(text)
        return None
    layout = box.layout()
    if not isinstance(layout, QGridLayout):
        return None
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        label = box.findChild(QLabel, name)
        if label is not None:
            label.hide()
    body = old or VerticalLabel(text, box, column_height=column_height)
    body.setObjectName(BODY_NAME)
    body.setText(text)
    body.set_column_height(column_height)
    body.setMinimumSize(body.sizeHint())
    if old is None:
        label = box.findChild(QLabel, "qt_msgbox_label")
        row, column = 0, 2
        if label is not None and layout.indexOf(label) >= 0:
            position = layout.getItemPosition(layout.indexOf(label))
            row, column = int(position[0]), int(position[1])  # type: ignore[index]
        layout.addWidget(body, row, column, 2, 1)
    body.show()  # also when added while the box is being shown
    return body


class MessageBoxes(QObject):
    """Verticalises every message box as it is shown, ``QMessageBox.question`` and the like too."""

    _SHOW = QEvent.Type.Show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self._SHOW and isinstance(watched, QMessageBox):
            verticalise(watched)
        return False


def install(app: QApplication) -> MessageBoxes:
    """Every message box of ``app`` shows Mongolian vertically from now on."""
    boxes = MessageBoxes(app)
    app.installEventFilter(boxes)
    return boxes


class VerticalPane(QScrollArea):
    """A scrollable text pane: Mongolian in columns as tall as the pane, scrolling sideways."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = VerticalLabel(text, self)
        self.label.setContentsMargins(8, 8, 8, 8)
        self.setWidget(self.label)
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self._fit()

    def _fit(self) -> None:
        bar = self.horizontalScrollBar().sizeHint().height()
        height = max(self.viewport().height(), 80)
        column = max(height - bar - 16, 60)  # room for a scroll bar that may appear
        self.label.set_column_height(column)
        hint = self.label.sizeHint()
        self.label.resize(QSize(max(hint.width(), self.viewport().width()), column + 16))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
