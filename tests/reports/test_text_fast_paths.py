"""The shortcuts the printing path takes for speed must print exactly what the long way prints:
the wrap fast path, the direct text operators and the printability check."""

from __future__ import annotations

from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas

from desktop.reports import fonts, text
from desktop.reports.fonts import uncovered

TEXTS = [
    "",
    "评审",
    "战略制定与部署",
    "部分指标缺少与标杆的对比数据，建议建立对比分析机制。",
    "Leadership and strategy (4.1) ",
    "Opportunities for improvement   ",
    "  leading spaces, 1000 points; 内蒙古（2025）“质量”。",
    "a-very-long-unbroken-latin-token-that-needs-a-hard-break",
    "评审员ᠪᠠᠲᠤᠮᠥᠩᠬᠡ（巴图孟和）注意到蒙古文标识规范。",
    "ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ ᠳᠠᠷᠤᠭ᠎ᠠ",
    "two\nlines",
]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("sample", TEXTS)
def test_wrap_fast_path_breaks_exactly_like_the_greedy_breaker(sample: str, bold: bool) -> None:
    fonts.register()
    full = text.width(sample, 9, bold)
    bare = text.width(sample.rstrip(" "), 9, bold)  # trailing spaces: the breaker's own rules
    # around the whole width (where the shortcut starts or stops applying) and well below it
    for avail in (full + 50, full + 1e-3, full, full - 1e-9, full - 1e-3, bare + 1e-3, bare,
                  full * 0.6, 40.0):
        assert text.wrap(sample, avail, 9, bold) == text._break_lines(sample, avail, 9, bold), \
            (sample, avail)


def test_direct_text_operators_equal_drawstring() -> None:
    fonts.register()
    # parentheses and backslashes need escaping; 300 distinct Han characters span two subsets
    many = "".join(chr(0x4E00 + 7 * k) for k in range(300))
    for font, run in [(fonts.CJK, "评审 (4.1) \\ 100%"), (fonts.CJK_BOLD, "总分 Total"),
                      (fonts.CJK, many), (fonts.MONGOLIAN, "\u202f")]:
        ours, theirs = Canvas(BytesIO(), invariant=1), Canvas(BytesIO(), invariant=1)
        text._show(ours, 12.5, 700.25, font, run, 9)
        theirs.setFont(font, 9)
        theirs.drawString(12.5, 700.25, run)
        assert ours._code == theirs._code
        assert ours.getpdfdata() == theirs.getpdfdata()  # same subsets, fonts and resources


def test_printability_check_names_each_missing_character_once_in_order() -> None:
    assert uncovered("包头喆堃稀土 ᠪᠠᠲᠤ\r\n\tabc") == []
    assert uncovered("公司\U0001F600x\U0001F600\U0001F4A9") == ["\U0001F600", "\U0001F4A9"]


def test_printability_check_of_characters_met_before_equals_the_check_of_each() -> None:
    """``uncovered`` answers from the characters it has found printable before; a character no
    font prints is never among them, however often it is checked."""
    samples = [*TEXTS, "公司\U0001F600x\U0001F600\U0001F4A9", "\U0001F600", "包头\U0001F4A9喆堃",
               "ᠪᠠᠲᠤ\U000E0100 abc", "\u0378\u0379", ""]
    for _round in range(2):  # first meeting each character, then all met before
        for sample in samples:
            plain = [ch for ch in dict.fromkeys(sample) if not fonts._printable(ch)]
            assert uncovered(sample) == plain, sample
    assert not any(ch in fonts._PRINTABLE_SEEN for ch in "\U0001F600\U0001F4A9\u0378\u0379")
