"""The Alt+letter mnemonics a person can press in a window as it shows now."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QToolButton, QWidget


def mnemonics(window: QMainWindow) -> list[tuple[str, str]]:
    """(letter, text) of the menu bar's titles, the visible enabled buttons and the labels with
    a buddy. Tool buttons are left out: they show an action's icon text, which has none."""
    texts = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not widget.isEnabled():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if isinstance(widget, QLabel | QAbstractButton) and not isinstance(widget, QToolButton):
            texts.append(widget.text())
    found = []
    for text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.append((match.group(1).lower(), text))
    return found


def clashes(window: QMainWindow) -> list[tuple[str, str, str]]:
    """Pairs of controls that answer to the same Alt+letter."""
    seen: dict[str, str] = {}
    out = []
    for letter, text in mnemonics(window):
        if letter in seen:
            out.append((letter, seen[letter], text))
        seen.setdefault(letter, text)
    return out
