"""Values of Qt's namespace as plain ints, for the code that runs before the first paint.

The first touch of PySide's ``Qt`` namespace — importing it, or a ``Qt`` enum that Qt hands back
to Python — makes every one of its ~90 Python enums at once (~25 ms on a 2-core machine, about a
tenth of a bare window's start); a bare ``QMainWindow`` never pays it. The start's widgets pass
these ints where Qt takes an int (item data roles, ``drawText`` and ``boundingRect`` flags, key
codes) or set an enum property through ``set_enum`` (``QObject.setProperty``: Qt converts the
int to the property's enum in C++). ``tests/ui/test_qt_light.py`` checks each value against Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

ALIGN_LEFT = 0x0001
ALIGN_HCENTER = 0x0004
ALIGN_TOP = 0x0020
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER
TEXT_WORD_WRAP = 0x1000
USER_ROLE = 0x0100
KEY_RETURN = 0x01000004
KEY_ENTER = 0x01000005
STRONG_FOCUS = 0x0B  # Qt.FocusPolicy.StrongFocus
LEFT_TO_RIGHT = 0  # Qt.LayoutDirection.LeftToRight


def set_enum(target: QObject, prop: str, value: int) -> None:
    """Set an enum or flags property (``alignment``, ``focusPolicy``, ``layoutDirection`` …)
    from its int, without making Qt's Python enums."""
    set_property(target, prop, value)


def set_shortcut(action: QAction, shortcut: QKeySequence) -> None:
    """``action.setShortcut(shortcut)``, whose overloads (one takes a ``Qt.Key``) make Qt's
    Python enums while PySide picks one; the property takes the sequence as it is."""
    set_property(action, "shortcut", shortcut)


def set_property(target: QObject, prop: str, value: object) -> None:
    if not target.setProperty(prop, value):
        raise ValueError(f"{type(target).__name__} has no writable property {prop!r}")
