"""Walk a window and collect every text a person (or a screen reader) can meet.

``visible_texts(window)`` returns ``(where, text)`` pairs: labels, buttons, menu and toolbar
actions, table headers and cells' header labels, window titles, tooltips, placeholder texts and
accessible names. The lead uses it to prove no English is left in the zh_CN and mn windows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from desktop.ui.i18n_qt import ENDONYMS
from desktop.ui.widgets.vertical_text import VerticalLabel


def _clean(text: str | None) -> str:
    return (text or "").replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _headers(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    for orientation, count in ((Qt.Orientation.Horizontal, model.columnCount()),
                               (Qt.Orientation.Vertical, 0)):
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if value:
                yield str(value)


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
        if isinstance(widget, QLabel | VerticalLabel | QAbstractButton):
            add(f"{name} text", widget.text())
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


def check_model(tester: object, model: QAbstractItemModel) -> None:
    """Run pytest-qt's model tester (Python implementation: readable failures)."""
    cast(Any, tester).check(model, force_py=True)
