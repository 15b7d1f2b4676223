"""Pages of a rendered PDF as bitmaps for a printer, drawn in-process by PDFium.

The window prints on paper the very PDF the command line writes (``office_document``,
``case_score_sheet`` …): PDFium rasterises each page in memory at the printer's resolution and
the window draws the bitmap onto its printer. Nothing is written to a temporary file. Qt-free,
so the window never loads PDFium itself.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.reports.pdfium_lock import PDFIUM_LOCK

PAPER_DPI = 300  # enough for text on an office printer; a higher printer resolution is capped
MIN_DPI = 72


class PaperUnavailable(InputRejected):
    """A page could not be drawn for the printer; the PDF itself can still be saved."""


@dataclass(frozen=True)
class PaperPage:
    """One page: 8-bit RGB rows (``stride`` bytes each) and its size in PDF points."""

    number: int  # from 1
    count: int  # pages in the document
    width: int  # pixels
    height: int
    stride: int
    rgb: bytes
    width_pt: float
    height_pt: float


def page_sizes(pdf: bytes) -> tuple[tuple[float, float], ...]:
    """Each page's (width, height) in PDF points (refused, not crashed, when unreadable)."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise PaperUnavailable(Msg(N_("The document could not be read for printing"))) \
                from exc
        try:
            return tuple((float(w), float(h)) for w, h in
                         (document.get_page_size(n) for n in range(len(document))))
        finally:
            document.close()


def page_count(pdf: bytes) -> int:
    return len(page_sizes(pdf))


def paper_pages(pdf: bytes, dpi: int = PAPER_DPI,
                before_page: Callable[[int, int], None] | None = None
                ) -> Generator[PaperPage, None, None]:
    """Each page drawn at ``dpi`` (between 72 and 300), one at a time so a long document never
    holds every bitmap. ``before_page(done, count)`` runs before each page: progress, and a
    cancel point (whatever it raises stops the drawing)."""
    import pypdfium2 as pdfium  # only when printing

    dpi = max(MIN_DPI, min(PAPER_DPI, dpi))
    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PaperUnavailable(Msg(N_("The document could not be read for printing"))) from exc
    try:
        count = len(document)
        for n in range(count):
            if before_page is not None:
                before_page(n, count)
            with PDFIUM_LOCK:  # per page: a long print never blocks the viewer for long
                page = document[n]
                try:
                    width_pt, height_pt = page.get_size()
                    image = page.render(scale=dpi / 72).to_pil().convert("RGB")
                except pdfium.PdfiumError as exc:
                    raise PaperUnavailable(Msg(N_("Page {page} could not be drawn for printing"),
                                               {"page": n + 1})) from exc
                finally:
                    page.close()
            yield PaperPage(n + 1, count, image.width, image.height, image.width * 3,
                            image.tobytes(), float(width_pt), float(height_pt))
    finally:
        with PDFIUM_LOCK:
            document.close()
