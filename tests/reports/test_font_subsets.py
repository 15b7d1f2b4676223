"""Font subsets and their compressed bytes are kept per face by the exact list of characters
(``fonts._keep_subsets``): a PDF made with kept subsets must be byte for byte the PDF reportlab
makes without them, and a subset of other characters must never be served a kept one."""

from __future__ import annotations

import re
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen.canvas import Canvas

from desktop.reports import documents, fonts, text
from desktop.services.printing import samples
from tests.reports.conftest import read_back

MIXED = ["评审员ᠪᠠᠲᠤᠮᠥᠩᠬᠡ（巴图孟和）注意到蒙古文标识规范。", "Leadership 4.1 (100 points) ",
         "ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ ᠳᠠᠷᠤᠭ᠎ᠠ", "部分指标缺少与标杆的对比数据，建议建立对比分析机制。"]


def _faces() -> list[Any]:
    fonts.register()
    return [pdfmetrics.getFont(name).face for name in (fonts.CJK, fonts.CJK_BOLD, fonts.MONGOLIAN)]


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """reportlab's own subsetting and compression: the faces' kept-subset hooks removed."""
    for face in _faces():
        monkeypatch.delattr(face, "makeSubset")
        monkeypatch.delattr(face, "addSubsetObjects")


def _canvas_pdf(lines: list[tuple[str, bool]]) -> bytes:
    c = Canvas(BytesIO(), invariant=1, pageCompression=1)
    for n, (line, bold) in enumerate(lines):
        text.draw_line(c, 40, 780 - 14 * n, line, 9, bold)
    return bytes(c.getpdfdata())


def _masked(pdf: bytes) -> bytes:
    """A document's bytes without what differs between two renderings of it: its time stamps
    and the file identifier derived from them (both of equal length, so offsets agree)."""
    pdf = re.sub(rb"D:\d{14}[^)]*", b"D:", pdf)
    return re.sub(rb"/ID\s*\[<[0-9a-f]+><[0-9a-f]+>\]", b"/ID", pdf)


def test_kept_subsets_print_byte_for_byte_what_reportlab_prints(
        monkeypatch: pytest.MonkeyPatch) -> None:
    many = "".join(chr(0x4E00 + 11 * k) for k in range(300))  # two subsets of one face
    sheets = [[(s, bold) for s in MIXED for bold in (False, True)],
              [(s, True) for s in reversed(MIXED)],  # the same characters in another order
              [(many, False), (MIXED[0], True)]]
    kept = [(_canvas_pdf(lines), _canvas_pdf(lines)) for lines in sheets]  # made, then kept
    with monkeypatch.context() as m:
        _plain(m)
        plain = [_canvas_pdf(lines) for lines in sheets]
    for (first, again), theirs in zip(kept, plain, strict=True):
        assert first == theirs
        assert again == theirs
    assert len(set(plain)) == len(plain)


def test_a_score_sheet_with_kept_subsets_equals_one_without(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = [samples.score_sheet("zh_CN"), samples.score_sheet("mn_Mong_CN"),
              samples.score_sheet("en", blank=True)]
    ours = [documents.render(inp) for inp in inputs for _twice in range(2)]
    with monkeypatch.context() as m:
        _plain(m)
        theirs = [documents.render(inp) for inp in inputs for _twice in range(2)]
    assert [_masked(p) for p in ours] == [_masked(p) for p in theirs]
    out = tmp_path / "sheet.pdf"
    out.write_bytes(ours[1])
    assert "优势" in read_back(out).text  # a real PDF, read back


def test_a_subset_of_other_characters_is_never_served_a_kept_one() -> None:
    face = _faces()[0]
    one = [0, 32, *map(ord, "评审员注意到")]
    other = [0, 32, *map(ord, "评审员注意过")]  # one character changed
    reordered = [one[0], one[1], *reversed(one[2:])]
    for subset in (one, other, reordered, one, other, reordered):
        assert face.makeSubset(subset) == TTFontFile.makeSubset(face, subset)
    assert face.makeSubset(one) != face.makeSubset(other)
    assert face.makeSubset(one) != face.makeSubset(reordered)


def test_kept_subsets_are_bounded_and_the_oldest_made_again_equal() -> None:
    face = _faces()[0]
    first = [0, 32, *map(ord, "包头")]
    made = face.makeSubset(first)
    for k in range(fonts.SUBSETS_KEPT + 2):  # push the first out
        face.makeSubset([0, 32, 0x4E00 + k])
    again = face.makeSubset(first)
    assert again == made == TTFontFile.makeSubset(face, first)
    assert again is not made  # made anew, not kept past the bound


def test_the_kept_flate_filter_is_reportlabs_flate() -> None:
    assert fonts.KEPT_FLATE.pdfname == pdfdoc.PDFZCompress.pdfname
    for data in (b"", b"abc" * 1000, bytes(range(256)) * 50, b"abc" * 1000 + b"d"):
        assert fonts.KEPT_FLATE.encode(data) == pdfdoc.PDFZCompress.encode(data) \
            == zlib.compress(data)
    info = fonts.KEPT_FLATE.deflate.cache_info()
    assert info.currsize <= 2 * fonts.SUBSETS_KEPT
