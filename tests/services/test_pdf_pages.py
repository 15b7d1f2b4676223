"""The window's PDF helper: pages drawn, text read and searched in memory (real PDFs)."""

from __future__ import annotations

import pytest

from desktop.services.pdf_pages import Box, PageGeometry, PdfPages, PdfUnreadable
from tests.pdf_samples import report_pages, scanned_pdf, text_pdf

SECRET = "稀土萃取工艺参数保密条款第七项"


def test_pages_count_draw_and_find_chinese() -> None:
    doc = PdfPages(text_pdf(report_pages(3, SECRET, secret_page=2)))
    try:
        assert doc.page_count == 3
        image = doc.render(1, 1.0)
        assert (image.width, image.height) == (596, 842)
        assert len(image.pixels) == image.stride * image.height
        assert set(image.pixels[:64]) == {255}  # a white margin, drawn
        hits = doc.find("萃取工艺")
        assert [h.page for h in hits] == [2]
        (rect,) = hits[0].rects
        # the passage is on the fourth line, 72 points below the first, right of "关键工艺："
        assert 690 < rect.y0 < rect.y1 < 715 and rect.x0 > 72
        assert len(doc.find("满意度")) == 3
        assert doc.find("不在文件中") == []
        assert doc.has_text_layer()
    finally:
        doc.close()


def test_a_passage_wrapped_over_lines_is_found_on_both() -> None:
    doc = PdfPages(text_pdf([["甲乙丙丁稀土萃取", "工艺参数戊己庚"]]))
    (hit,) = doc.find("稀土萃取工艺参数")
    assert len(hit.rects) == 2
    assert hit.rects[0].y0 > hit.rects[1].y1  # first line above the second
    assert doc.find("Ｘ") == []
    assert PdfPages(text_pdf([["Quality FIRST"]])).find("quality first")  # case folded


def test_a_scan_has_no_text_layer() -> None:
    doc = PdfPages(scanned_pdf(2))
    assert doc.page_count == 2
    assert not doc.has_text_layer()
    assert doc.find("工艺") == []


def test_a_long_document_is_judged_on_pages_spread_over_it() -> None:
    pages: list[list[str]] = [[] for _ in range(60)]
    pages[-1] = ["最后一页才有文字"]
    assert PdfPages(text_pdf(pages)).has_text_layer()  # the last page is always looked at
    assert not PdfPages(text_pdf([[] for _ in range(60)])).has_text_layer()


def test_not_a_pdf_and_a_page_out_of_range_are_refused() -> None:
    with pytest.raises(PdfUnreadable):
        PdfPages(b"this is not a PDF at all")
    doc = PdfPages(text_pdf([["一"]]))
    with pytest.raises(PdfUnreadable):
        doc.render(2, 1.0)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_view_coordinates_round_trip(rotation: int) -> None:
    g = PageGeometry(0, 0, 600, 800, rotation)
    box = Box(100, 200, 150, 260)
    left, top, w, h = g.box_to_view(box, 2.0)
    assert w > 0 and h > 0
    back = g.box_from_view(left, top, left + w, top + h, 2.0)
    assert (back.x0, back.y0, back.x1, back.y1) == pytest.approx(
        (box.x0, box.y0, box.x1, box.y1))
    vw, vh = g.view_size(2.0)
    assert left >= 0 and left + w <= vw
    assert top >= 0 and top + h <= vh


def test_zoom_is_capped_below_a_huge_bitmap() -> None:
    doc = PdfPages(text_pdf([["一"]]))
    assert doc.fit_scale(1, 100.0) < 100.0
    assert doc.render(1, 100.0).scale == doc.fit_scale(1, 100.0)
