"""Walk a window and collect every text a person (or a screen reader) can meet.

``visible_texts(window)`` returns ``(where, text)`` pairs: labels (rich text as the reader sees
it, tags stripped), buttons, menu and toolbar actions, table, tree and list headers and cells
(DisplayRole), combo box items, text browsers' text, window titles, tooltips, placeholder texts,
accessible names, and what custom-painted widgets paint (their ``painted_texts()``).
The lead uses it to prove no English is left in the zh_CN and mn windows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui.i18n_qt import ENDONYMS
from desktop.ui.widgets.vertical_text import VerticalLabel


def _clean(text: str | None) -> str:
    return (text or "").replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


MAX_ROWS = 300  # cells read per level of a model (a walk, not an export)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    if isinstance(model, QAbstractListModel):  # its columnCount is private in PySide
        return 1
    return model.columnCount(parent)


def _headers(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    for orientation, count in ((Qt.Orientation.Horizontal, _columns(model, QModelIndex())),
                               (Qt.Orientation.Vertical, 0)):
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if value:
                yield str(value)


def _cells(model: QAbstractItemModel | None, parent: Any = None) -> Iterator[str]:
    """DisplayRole of every cell (tree children too), the first MAX_ROWS rows of each level."""
    if model is None:
        return
    parent = parent if parent is not None else QModelIndex()
    for row in range(min(model.rowCount(parent), MAX_ROWS)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if value is not None and not isinstance(value, bool | int | float):
                yield str(value)
            if column == 0 and not isinstance(model, QAbstractTableModel | QAbstractListModel) \
                    and model.rowCount(index) > 0:
                yield from _cells(model, index)


def plain(text: str | None) -> str:
    """A label's text as its reader sees it: rich text without its tags and entities."""
    text = text or ""
    if GuiQt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _actions(widget: QWidget) -> Iterator[tuple[str, QAction]]:
    for action in widget.actions():
        yield type(widget).__name__, action
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _actions(menu)


def visible_texts(window: QWidget, *, include_hidden: bool = False) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        text = _clean(text)
        if text:
            found.append((where, text))

    add("window title", window.windowTitle())
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not include_hidden and not widget.isVisibleTo(window) and widget is not window:
            continue
        name = type(widget).__name__
        add(f"{name} accessible name", widget.accessibleName())
        add(f"{name} tooltip", widget.toolTip())
        painted = getattr(widget, "painted_texts", None)
        if callable(painted):
            for text in painted():
                add(f"{name} painted", text)
        if isinstance(widget, QLabel):
            add(f"{name} text", plain(widget.text()))
        elif isinstance(widget, VerticalLabel | QAbstractButton):
            add(f"{name} text", widget.text())
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add(f"{name} item", widget.itemText(i))
        elif isinstance(widget, QTextEdit):
            add(f"{name} text", widget.toPlainText())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            add(f"{name} placeholder", widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            add(f"{name} title", widget.title())
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(f"{name} tab", widget.tabText(i))
        elif isinstance(widget, QAbstractItemView):
            for header in _headers(widget.model()):
                add(f"{name} header", header)
            for cell in _cells(widget.model()):
                add(f"{name} cell", cell)
    seen: set[int] = set()
    sources: list[QWidget] = [window]
    if isinstance(window, QMainWindow):
        sources.append(window.menuBar())
    sources.extend(window.findChildren(QMenu))
    for source in sources:
        for where, action in _actions(source):
            if id(action) in seen or action.isSeparator():
                continue
            seen.add(id(action))
            add(f"{where} action", action.text())
            if action.toolTip() != action.text().replace("&", ""):
                add(f"{where} action tooltip", action.toolTip())
            menu = action.menu()
            if isinstance(menu, QMenu):
                add(f"{where} menu title", menu.title())
    return found


def untranslated(texts: list[tuple[str, str]], source: list[tuple[str, str]]) -> list[str]:
    """Texts that are the same in a translated window as in the English one (endonyms and
    numbers excepted)."""
    english = {t for _, t in source}
    allowed = set(ENDONYMS.values())
    return sorted({t for _, t in texts
                   if t in english and t not in allowed and any(c.isalpha() for c in t)})


# --- typed wrappers (pytest-qt's qtbot.keyClick and ModelTester.check carry no annotations) ---

def key_click(widget: QWidget, key: Qt.Key | str) -> None:
    if isinstance(key, str):
        QTest.keyClicks(widget, key)  # one character
    else:
        QTest.keyClick(widget, key)


def key_clicks(widget: QWidget, text: str) -> None:
    QTest.keyClicks(widget, text)


def focused() -> QWidget:
    """The widget that has the keyboard focus now."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_in_cell(qtbot: QtBot, table: QAbstractItemView, text: str) -> None:
    """Type like a person into the table's current cell: each key goes to whatever has the focus
    at that moment. Qt commits an editor on Enter through a queued call, so wait until the
    editor has closed."""
    for ch in text:
        key_click(focused(), ch)
    assert table.state() == QAbstractItemView.State.EditingState
    refused = getattr(table, "refusals", 0)  # a refused value comes back in a new editor
    key_click(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState
                    or getattr(table, "refusals", 0) > refused)


def check_model(tester: object, model: QAbstractItemModel) -> None:
    """Run pytest-qt's model tester (Python implementation: readable failures)."""
    cast(Any, tester).check(model, force_py=True)
