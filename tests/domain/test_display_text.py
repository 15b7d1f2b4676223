"""Display names (reviewers', the office's) carry no bidi control, zero-width or control
character; what Mongolian writing needs passes (desktop.domain.display_text)."""

from __future__ import annotations

import pytest

from desktop.domain.display_text import (
    DISPLAY_NAME,
    OFFICE_NAME,
    UnsafeDisplayText,
    check_display_text,
    unsafe_character,
)
from desktop.domain.errors import InputRejected

REFUSED = [
    *(chr(c) for c in range(0x202A, 0x202F)),  # LRE RLE PDF LRO RLO
    *(chr(c) for c in range(0x2066, 0x206A)),  # LRI RLI FSI PDI
    "\u200e", "\u200f", "\u061c",  # LRM RLM ALM
    "\u200b", "\u2060", "\ufeff",  # zero-width space, word joiner, BOM
    "\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9f",  # C0, DEL, C1
]
# Mongolian: MVS, NNBSP (joins a suffix), FVS1–3 and FVS4, ZWJ and ZWNJ.
KEPT = ["\u180e", "\u202f", "\u180b", "\u180c", "\u180d", "\u180f", "\u200d", "\u200c"]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_a_refused_character_is_named_with_its_position(char: str) -> None:
    name = f"Alice{char}Smith"
    assert unsafe_character(name) == (5, char)
    with pytest.raises(UnsafeDisplayText) as caught:
        check_display_text(name)
    assert isinstance(caught.value, InputRejected)
    text = str(caught.value)
    assert f"U+{ord(char):04X}" in text and "at character 6" in text
    assert text.startswith("The display name contains ")


def test_the_message_says_what_kind_of_character_and_names_it() -> None:
    with pytest.raises(UnsafeDisplayText, match=r"direction control character \(U\+202E "
                                                r"RIGHT-TO-LEFT OVERRIDE\)"):
        check_display_text("\u202eecilA")
    with pytest.raises(UnsafeDisplayText, match=r"^The office name contains an invisible "
                                                r"zero-width character \(U\+200B ZERO WIDTH"):
        check_display_text("Office\u200b", OFFICE_NAME)
    with pytest.raises(UnsafeDisplayText, match=r"a control character \(U\+0085\)"):
        check_display_text("x\x85", DISPLAY_NAME)


@pytest.mark.parametrize("char", KEPT, ids=lambda c: f"U+{ord(c):04X}")
def test_what_mongolian_writing_needs_passes(char: str) -> None:
    assert check_display_text(f"ᠪᠠᠲᠤ{char}ᠶᠢᠨ") == f"ᠪᠠᠲᠤ{char}ᠶᠢᠨ"


def test_ordinary_names_pass() -> None:
    for name in ("Alice", "评审员一", "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ", "Ольга", "محمد", "O'Brien-Łukasz"):
        assert unsafe_character(name) is None and check_display_text(name) == name
