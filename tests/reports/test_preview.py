"""The print preview draws every page in-process: right count, A4 size, ink on the page."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.reports.documents import render
from desktop.reports.preview import PreviewUnavailable, page_images
from desktop.services.printing import samples


@pytest.mark.parametrize("lang", ["zh_CN", "mn_Mong_CN"])
def test_every_page_is_drawn_at_a4(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("the preview must not start a helper program")

    monkeypatch.setattr(subprocess, "Popen", no_child)
    pdf = render(samples.feedback(lang))
    seen: list[tuple[int, int]] = []
    pages = page_images(pdf, dpi=72, before_page=lambda done, count: seen.append((done, count)))
    count = len(PdfReader(BytesIO(pdf)).pages)
    assert len(pages) == count > 1
    assert seen == [(n, count) for n in range(count)]
    image = Image.open(BytesIO(pages[0])).convert("L")
    width, height = image.size
    assert abs(width - 595.28) <= 1 and abs(height - 841.89) <= 1  # A4 in points at 72 dpi
    dark = sum(image.histogram()[:128])
    assert dark > 1000  # text was drawn, not a blank page


def test_a_cancel_stops_between_pages() -> None:
    class Cancelled(Exception):
        pass

    def cancel_second(done: int, count: int) -> None:
        if done == 1:
            raise Cancelled

    with pytest.raises(Cancelled):
        page_images(render(samples.feedback("en")), before_page=cancel_second)


def test_a_damaged_pdf_is_a_typed_error() -> None:
    with pytest.raises(PreviewUnavailable):
        page_images(b"%PDF-1.7\n not really a PDF")
