"""Names people read on a screen and on paper — a reviewer's display name, the office's name —
carry no invisible character that changes how the name looks or where it ends.

Refused (``check_display_text``), each named in the message by its code point:

- bidirectional controls (Unicode's Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E,
  U+2066–U+2069): they reorder what follows, so one name can be shown as another, or run into
  the text after it on a roster, a vote record or a PDF;
- the zero-width space U+200B, the word joiner U+2060 and U+FEFF (zero-width no-break space,
  the byte order mark): invisible, they make two names that look the same differ;
- C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F), tab and line breaks included.

Kept, because Mongolian writing needs them: the Mongolian vowel separator U+180E, the narrow
no-break space U+202F that joins a suffix to its word, the free variation selectors
U+180B–U+180D and U+180F, and the zero-width joiner and non-joiner U+200D and U+200C (used in
Mongolian and in many other scripts' shaping).

Pure: used where a card is made and read (enrolment) and where a roster is built.
"""

from __future__ import annotations

import unicodedata

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

DISPLAY_NAME = N_("The display name")
OFFICE_NAME = N_("The office name")

_BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
_ZERO_WIDTH = frozenset({0x200B, 0x2060, 0xFEFF})

_KIND_BIDI = N_("a direction control character")
_KIND_ZERO_WIDTH = N_("an invisible zero-width character")
_KIND_CONTROL = N_("a control character")


def _kind(point: int) -> str | None:
    if point in _BIDI:
        return _KIND_BIDI
    if point in _ZERO_WIDTH:
        return _KIND_ZERO_WIDTH
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return _KIND_CONTROL
    return None


def unsafe_character(text: str) -> tuple[int, str] | None:
    """The first refused character of ``text`` and its index, or None when there is none."""
    for index, char in enumerate(text):
        if _kind(ord(char)) is not None:
            return index, char
    return None


def code_point(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; only the code for a character without a name."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


class UnsafeDisplayText(InputRejected):
    """A name holds a character that changes how it is shown (bidi control, zero-width, or
    control character). The message names the character and where it is."""

    def __init__(self, what: str, char: str, index: int) -> None:
        kind = _kind(ord(char)) or _KIND_CONTROL
        super().__init__(Msg(N_("{what} contains {kind} ({char}) at character {position}: "
                                "such characters change how a name is shown. Remove it and "
                                "try again"),
                             {"what": Msg(what), "kind": Msg(kind), "char": code_point(char),
                              "position": index + 1}))
        self.char = char
        self.index = index


def check_display_text(text: str, what: str = DISPLAY_NAME) -> str:
    """``text`` unchanged, or ``UnsafeDisplayText`` naming the first refused character.
    ``what`` is an ``N_`` label of the name (``DISPLAY_NAME``, ``OFFICE_NAME``)."""
    found = unsafe_character(text)
    if found is not None:
        raise UnsafeDisplayText(what, found[1], found[0])
    return text
