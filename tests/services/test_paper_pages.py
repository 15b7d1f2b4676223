"""Pages for paper: the PDF the CLI writes, each page drawn by PDFium as an RGB bitmap at the
printer's resolution (capped), one at a time, with a cancel point; unreadable bytes are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.redaction import Audience
from desktop.services.printing import (
    PaperUnavailable,
    PrintOptions,
    page_count,
    page_sizes,
    paper_pages,
    sample,
)


class Stop(Exception):
    pass


def test_each_page_is_a_bitmap_of_the_pdf_page(tmp_path: Path) -> None:
    opts = PrintOptions(tmp_path / "b.pdf", Audience.INTERNAL, "", "zh_CN")
    pdf = sample("ballots", opts).path.read_bytes()
    count = page_count(pdf)
    assert count >= 2 and len(page_sizes(pdf)) == count
    width_pt, height_pt = page_sizes(pdf)[0]
    assert (round(width_pt), round(height_pt)) == (595, 842)  # A4 portrait
    seen: list[tuple[int, int]] = []
    pages = list(paper_pages(pdf, 100, lambda done, total: seen.append((done, total))))
    assert [p.number for p in pages] == list(range(1, count + 1))
    assert seen == [(n, count) for n in range(count)]
    first = pages[0]
    assert abs(first.width - 595.3 * 100 / 72) < 1.5 and abs(first.height - 841.9 * 100 / 72) < 1.5
    assert len(first.rgb) == first.stride * first.height
    assert len(set(first.rgb[::97])) > 2  # ink on the page, not a blank sheet
    big = next(paper_pages(pdf, 1200))
    assert abs(big.width - 595.3 * 300 / 72) < 1.5  # capped at 300 dpi


def test_a_cancel_stops_between_pages_and_bad_bytes_are_refused(tmp_path: Path) -> None:
    opts = PrintOptions(tmp_path / "b.pdf", Audience.INTERNAL, "", "en")
    pdf = sample("ballots", opts).path.read_bytes()

    def stop_at_second(done: int, total: int) -> None:
        if done == 1:
            raise Stop

    drawn = []
    with pytest.raises(Stop):
        for page in paper_pages(pdf, 72, stop_at_second):
            drawn.append(page.number)
    assert drawn == [1]
    with pytest.raises(PaperUnavailable):
        page_count(b"%PDF-1.7 not really")
    with pytest.raises(PaperUnavailable):
        next(paper_pages(b"nothing"))
