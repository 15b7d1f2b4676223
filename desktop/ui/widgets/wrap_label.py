"""A word-wrapped label that shapes its text once for all the sizes a layout asks of it.

A layout asks a word-wrapped ``QLabel`` for its size hints and its height at a width again and
again (~30 times before the first paint of the start page), and ``QLabel`` lays its text out
anew for each answer — its minimum size hint alone lays it out five times (at its preferred
width, half and a quarter of it, one line, the widest word). For Latin or Chinese text that is
a few microseconds; Mongolian is shaped through its font's many contextual forms, ~0.2 ms for a
sentence — several milliseconds of the window's start.

For a Mongolian text ``WrapLabel`` works its answers out as ``QLabel`` does from one shaped
layout of its text (``widgets.wrap_shaped``: each answer only breaks the shaped text into lines
again); anything else is answered by ``QLabel``. Every answer is kept by width for as long as
what it depends on is unchanged: the text, the font, word wrap, margin, indent, contents margins
(and for the shaped layout's answers the size limits and the frame) are compared at every ask;
an alignment, text format or interaction set, and any change event (style, font, language …),
forget them. ``tests/ui/test_wrap_label.py`` compares every answer with a plain ``QLabel``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n.mongolian import has_mongolian
from desktop.ui.qt_light import ALIGN_LEFT, ALIGN_TOP, ALIGN_VCENTER, set_enum

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from desktop.ui.widgets.wrap_shaped import ShapedText

__all__ = ["WrapLabel"]

_KEPT = 32  # widths kept; a layout asks for a handful
QWIDGETSIZE_MAX = (1 << 24) - 1
_DEFAULT_ALIGN = ALIGN_LEFT | ALIGN_VCENTER  # QLabel's
_FAST_ALIGN = ALIGN_LEFT | 0x0010 | ALIGN_TOP | ALIGN_VCENTER  # left (absolute), top or centred
class WrapLabel(QLabel):
    """A ``QLabel`` with word wrap on, whose text is shaped once for its sizes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._align: int | None = _DEFAULT_ALIGN  # None: set through Qt's API (not followed)
        self._format_plain = True  # the text format is plain or automatic
        self._interaction = True  # the interaction flags are QLabel's own
        self._heights: dict[int, int] = {}
        self._hints: tuple[QSize, QSize] | None = None
        self._state: tuple[object, ...] = ()
        self._shaped_answers = False
        self._shaped: ShapedText | None = None

    def _current(self) -> tuple[object, ...]:
        m = self.contentsMargins()
        text = self.text()
        state: tuple[object, ...] = (text, self.font().key(), self.wordWrap(), self.margin(),
                                     self.indent(), m.left(), m.top(), m.right(), m.bottom())
        if has_mongolian(text):  # and what the shaped path depends on besides
            state += (self.maximumWidth(), self.minimumSize(), self.frameWidth())
        return state

    def _check_state(self) -> bool:
        """Forget what was kept if what it depends on changed; whether the shaped layout
        answers (see the module's docstring)."""
        state = self._current()
        if state != self._state or len(self._heights) >= _KEPT:
            self._heights.clear()
            self._hints = None
            self._state = state
            self._shaped_answers = self._fast(state)
        return self._shaped_answers

    def _fast(self, state: tuple[object, ...]) -> bool:
        if len(state) != 12:
            return False  # no Mongolian
        from desktop.ui.widgets.wrap_shaped import plain_left_to_right as _plain_left_to_right

        text, _font, wrap, margin, indent, _l, _t, _r, _b, _max, minimum, frame = state
        align = self._align
        return (wrap is True and margin == 0 and indent in (-1, 0) and frame == 0
                and isinstance(minimum, QSize) and minimum.isNull() and align is not None
                and not align & ~_FAST_ALIGN and self._format_plain and self._interaction
                and isinstance(text, str) and _plain_left_to_right(text))

    # --- QLabel's answers from the shaped text -------------------------------------------------
    def _shaper(self) -> ShapedText:
        """The shaped layout of the text in the font (made again when either changed)."""
        from desktop.ui.widgets.wrap_shaped import ShapedText  # with the first Mongolian text

        font = self.font()
        key = (self.text(), font.key())
        if self._shaped is None or self._shaped.key != key:
            self._shaped = ShapedText(key, font)
        return self._shaped

    def _size_for_width(self, width: int) -> tuple[int, int]:
        from desktop.ui.widgets.wrap_shaped import size_for_width

        return size_for_width(self, self._shaper(), width)

    def _size_hints(self) -> tuple[QSize, QSize] | None:
        """(sizeHint, minimumSizeHint) as ``QLabel.minimumSizeHint`` works them out, or None
        when ``QLabel`` answers itself."""
        if not has_mongolian(self.text()):
            return None  # QLabel's own answers are quick, and it keeps them
        self.ensurePolished()
        if not self._check_state():
            return None
        if self._hints is None:
            sh_w, sh_h = self._size_for_width(-1)
            one_line = self._size_for_width(QWIDGETSIZE_MAX)[1]
            widest_word = self._size_for_width(0)[0]
            self._hints = (QSize(sh_w, sh_h), QSize(widest_word, min(one_line, sh_h)))
        return self._hints

    def sizeHint(self) -> QSize:
        hints = self._size_hints()
        return QSize(hints[0]) if hints is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        hints = self._size_hints()
        return QSize(hints[1]) if hints is not None else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        shaped = self._check_state()
        height = self._heights.get(width)
        if height is None:
            height = self._size_for_width(width)[1] if shaped else super().heightForWidth(width)
            self._heights[width] = height
        return height

    # --- what is followed ----------------------------------------------------------------------
    def set_alignment(self, alignment: int) -> None:
        """The text's alignment from its int (``qt_light``: no Qt enums before the paint)."""
        set_enum(self, "alignment", alignment)
        self._align = alignment
        self._forget()

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        super().setAlignment(alignment)
        self._align = None  # QLabel answers from now on
        self._forget()

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        from PySide6.QtCore import Qt

        super().setTextFormat(text_format)
        self._format_plain = text_format in (Qt.TextFormat.PlainText, Qt.TextFormat.AutoText)
        self._forget()

    def setTextInteractionFlags(self, flags: Qt.TextInteractionFlag) -> None:
        super().setTextInteractionFlags(flags)
        self._interaction = False  # a selectable label lays its text out in a document
        self._forget()

    def _forget(self) -> None:
        self._heights.clear()
        self._hints = None
        self._state = ()  # worked out again at the next ask

    def changeEvent(self, event: QEvent) -> None:
        self._forget()
        super().changeEvent(event)
