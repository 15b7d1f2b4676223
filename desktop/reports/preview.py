"""Page images of a rendered PDF for an on-screen preview, drawn in-process by PDFium.

PDFium (through the ``pypdfium2`` wheel, bundled with the app) draws every page from the bytes
in memory: no helper program to find on a Windows laptop, no environment handed to a child, and
no page image or PDF ever written to a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.reports.pdfium_lock import PDFIUM_LOCK

PREVIEW_DPI = 110


class PreviewUnavailable(InputRejected):
    """A page could not be drawn; the PDF itself is fine and can still be saved."""


def page_images(pdf: bytes, dpi: int = PREVIEW_DPI,
                before_page: Callable[[int, int], None] | None = None) -> tuple[bytes, ...]:
    """PNG images of each page. ``before_page(done, count)`` runs before each page (progress,
    and a cancel point: whatever it raises stops the drawing)."""
    import pypdfium2 as pdfium  # ~30 ms to import: only when a preview is asked for

    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PreviewUnavailable(Msg(N_("The document could not be read for the preview"))) \
            from exc
    pages: list[bytes] = []
    try:
        count = len(document)
        for n in range(count):
            if before_page is not None:
                before_page(n, count)
            try:
                with PDFIUM_LOCK:  # per page: a long preview never blocks the viewer for long
                    image = document[n].render(scale=dpi / 72).to_pil()
            except pdfium.PdfiumError as exc:
                raise PreviewUnavailable(Msg(N_("Page {page} could not be drawn for the preview"),
                                             {"page": n + 1})) from exc
            out = BytesIO()
            image.save(out, format="PNG", compress_level=1)  # drawn once, shown at once
            pages.append(out.getvalue())
    finally:
        with PDFIUM_LOCK:
            document.close()
    return tuple(pages)
