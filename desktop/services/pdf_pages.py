"""A PDF document's pages for the window: drawn, read and searched in memory by PDFium.

The reviewer's viewer reads an applicant's documents through this Qt-free helper: it opens the
bytes the case file decrypted (never a file), tells the page count and sizes, draws one page at a
scale into raw RGBX pixels, and gives each page's text with a box per character, so that a search
(Chinese included) and the applicant's declared secret passages can be shown where they stand on
the page. Nothing is written anywhere: no temporary file, no cache on disk.

PDFium is not thread-safe: every call into it holds one lock, so the window may draw a page on a
worker thread while the interface thread asks for text.

Coordinates are PDF points of the unrotated page (origin at the bottom left of the media box, y
upwards), pages numbered from 1; ``to_view``/``from_view`` map them to the drawn image's pixels.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass
from typing import Any

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.reports.pdfium_lock import PDFIUM_LOCK

# PDFium allows one call at a time in the whole process (see desktop/reports/pdfium_lock.py).
_LOCK = PDFIUM_LOCK
MAX_SCALE = 8.0
MAX_PIXELS = 40_000_000  # one drawn page at most (~160 MB of RGBX); zoom is capped below it


class PdfUnreadable(InputRejected):
    """The bytes are not a PDF PDFium can open, or a page could not be drawn."""


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points of a page: x0 < x1, y0 < y1 (y upwards)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageGeometry:
    """How a page is drawn: its crop box (PDF points) and its rotation (clockwise degrees)."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    def view_size(self, scale: float) -> tuple[int, int]:
        w, h = self.right - self.left, self.top - self.bottom
        if self.rotation in (90, 270):
            w, h = h, w
        return max(1, round(w * scale)), max(1, round(h * scale))

    def to_view(self, x: float, y: float, scale: float) -> tuple[float, float]:
        """A point of the page (PDF points) → pixels of the image drawn at ``scale``."""
        r = self.rotation
        if r == 90:
            px, py = y - self.bottom, x - self.left
        elif r == 180:
            px, py = self.right - x, y - self.bottom
        elif r == 270:
            px, py = self.top - y, self.right - x
        else:
            px, py = x - self.left, self.top - y
        return px * scale, py * scale

    def from_view(self, px: float, py: float, scale: float) -> tuple[float, float]:
        """Pixels of the image drawn at ``scale`` → the point of the page (PDF points)."""
        u, v = px / scale, py / scale
        r = self.rotation
        if r == 90:
            return self.left + v, self.bottom + u
        if r == 180:
            return self.right - u, self.bottom + v
        if r == 270:
            return self.right - v, self.top - u
        return self.left + u, self.top - v

    def box_to_view(self, box: Box, scale: float) -> tuple[float, float, float, float]:
        """A page box → (left, top, width, height) in pixels."""
        ax, ay = self.to_view(box.x0, box.y0, scale)
        bx, by = self.to_view(box.x1, box.y1, scale)
        return min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)

    def box_from_view(self, x0: float, y0: float, x1: float, y1: float, scale: float) -> Box:
        ax, ay = self.from_view(x0, y0, scale)
        bx, by = self.from_view(x1, y1, scale)
        return Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


@dataclass(frozen=True)
class PageImage:
    """One drawn page: ``pixels`` are rows of RGBX (4 bytes a pixel), ``stride`` bytes a row
    (a read-only view of the buffer PDFium drew into: no copy)."""

    page: int
    scale: float
    width: int
    height: int
    stride: int
    pixels: memoryview


@dataclass(frozen=True)
class PageText:
    """A page's characters in reading order and the box of each (None for generated breaks)."""

    page: int
    text: str
    boxes: tuple[Box | None, ...]


@dataclass(frozen=True)
class Hit:
    """One place a searched text stands: the page and a rectangle per line it spans."""

    page: int
    start: int  # index in PageText.text
    end: int
    rects: tuple[Box, ...]


def _in_place(data: bytes | memoryview) -> bytes | ctypes.Array[ctypes.c_ubyte]:
    """What PDFium opens from memory without copying: bytes, or the ctypes buffer a view
    covers whole (any other view is copied once)."""
    if isinstance(data, memoryview):
        whole = data.obj
        if isinstance(whole, ctypes.Array) and ctypes.sizeof(whole) == data.nbytes:
            return whole
        return data.tobytes()
    return data


def _capped(geometry: PageGeometry, scale: float) -> float:
    """``scale`` capped so a drawn page stays within MAX_SCALE and MAX_PIXELS."""
    w, h = geometry.view_size(1.0)
    limit = (MAX_PIXELS / max(w * h, 1)) ** 0.5
    return float(max(0.05, min(scale, MAX_SCALE, limit)))


def _key(ch: str) -> str:
    """What a search compares: case and width folded (ＡＢＣ = abc), compatibility forms joined."""
    return unicodedata.normalize("NFKC", ch).casefold()


def _line_rects(boxes: list[Box]) -> tuple[Box, ...]:
    """Character boxes merged into one rectangle per line."""
    rects: list[Box] = []
    for b in boxes:
        if rects:
            last = rects[-1]
            overlap = min(last.y1, b.y1) - max(last.y0, b.y0)
            height = min(last.y1 - last.y0, b.y1 - b.y0)
            if overlap > 0.5 * max(height, 0.01) and b.x0 >= last.x0 - 1:
                rects[-1] = Box(min(last.x0, b.x0), min(last.y0, b.y0),
                                max(last.x1, b.x1), max(last.y1, b.y1))
                continue
        rects.append(b)
    return tuple(rects)


def find_in_text(page: PageText, needle: str) -> list[Hit]:
    """Every place ``needle`` occurs on the page, ignoring white space and line breaks (a
    passage wrapped over two lines is found), case and full/half width."""
    wanted = "".join(_key(c) for c in needle if not c.isspace())
    if not wanted:
        return []
    keys: list[str] = []
    where: list[int] = []  # index into page.text for each compared character
    for i, ch in enumerate(page.text):
        if ch.isspace():
            continue
        for k in _key(ch):
            keys.append(k)
            where.append(i)
    hay = "".join(keys)
    hits: list[Hit] = []
    at = hay.find(wanted)
    while at >= 0:
        first, last = where[at], where[at + len(wanted) - 1]
        boxes = [b for b in page.boxes[first:last + 1] if b is not None]
        hits.append(Hit(page.page, first, last + 1, _line_rects(boxes)))
        at = hay.find(wanted, at + len(wanted))
    return hits


class PdfPages:
    """An open PDF document (from bytes in memory). Close it when done."""

    def __init__(self, data: bytes | memoryview) -> None:
        """``data``: the PDF's bytes, or a view of a buffer (``CaseSession.document_bytes``),
        which PDFium reads in place when it is a whole ctypes buffer (no copy)."""
        import pypdfium2 as pdfium  # ~30 ms to import: only when a document is opened

        self._pdfium = pdfium
        self._texts: dict[int, PageText] = {}
        self._geometry: dict[int, PageGeometry] = {}
        self._open: tuple[int, Any] | None = None  # the page loaded last, kept for the next call
        with _LOCK:
            try:
                self._doc = pdfium.PdfDocument(_in_place(data))
                self.page_count = len(self._doc)
            except pdfium.PdfiumError as exc:
                raise PdfUnreadable(Msg(N_("The document could not be opened as a PDF"))) \
                    from exc
        self._text_layer: bool | None = None

    def close(self) -> None:
        with _LOCK:
            self._drop_page()
            self._doc.close()
        self._texts.clear()

    def _page(self, page: int) -> Any:
        """The loaded page (under ``_LOCK``): the one loaded last is kept, so measuring a page
        and then drawing it, or drawing it and reading its text, loads it once."""
        if self._open is not None and self._open[0] == page:
            return self._open[1]
        self._drop_page()
        loaded = self._doc[page - 1]
        self._open = (page, loaded)
        return loaded

    def _drop_page(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def _geometry_of(self, page: int, p: Any) -> PageGeometry:
        found = self._geometry.get(page)
        if found is None:
            left, bottom, right, top = p.get_cropbox()
            found = PageGeometry(left, bottom, right, top, p.get_rotation() % 360)
            self._geometry[page] = found
        return found

    def _check(self, page: int) -> None:
        if not 1 <= page <= self.page_count:
            raise PdfUnreadable(Msg(N_("There is no page {page} in this document (1 to {count})"),
                                    {"page": page, "count": self.page_count}))

    def geometry(self, page: int) -> PageGeometry:
        self._check(page)
        found = self._geometry.get(page)
        if found is None:
            with _LOCK:
                found = self._geometry_of(page, self._page(page))
        return found

    def fit_scale(self, page: int, scale: float) -> float:
        """``scale`` capped so a drawn page stays within MAX_SCALE and MAX_PIXELS."""
        return _capped(self.geometry(page), scale)

    def render(self, page: int, scale: float) -> PageImage:
        """Draw ``page`` at ``scale`` pixels a point (capped, see ``fit_scale``), into a
        buffer of our own that the image then holds (no copy)."""
        self._check(page)
        with _LOCK:
            try:
                p = self._page(page)
                scale = _capped(self._geometry_of(page, p), scale)
                bitmap = p.render(scale=scale, rev_byteorder=True, prefer_bgrx=True,
                                  draw_annots=True)
                try:  # a native bitmap: its buffer is Python's and outlives the bitmap
                    pixels = memoryview(bitmap.buffer).cast("B").toreadonly()
                    image = PageImage(page, scale, bitmap.width, bitmap.height, bitmap.stride,
                                      pixels)
                finally:
                    bitmap.close()
            except self._pdfium.PdfiumError as exc:
                raise PdfUnreadable(Msg(N_("Page {page} could not be drawn"),
                                        {"page": page})) from exc
        return image

    def text(self, page: int) -> PageText:
        """The page's text with a box per character (read once, kept in memory)."""
        self._check(page)
        found = self._texts.get(page)
        if found is not None:
            return found
        raw = self._pdfium.raw
        chars: list[str] = []
        boxes: list[Box | None] = []
        with _LOCK:
            p = self._page(page)
            tp = p.get_textpage()
            try:
                for i in range(tp.count_chars()):
                    code = raw.FPDFText_GetUnicode(tp, i)
                    if code == 0 or 0xD800 <= code <= 0xDFFF:
                        continue  # a lone surrogate half is not a character
                    chars.append(chr(code))
                    generated = raw.FPDFText_IsGenerated(tp, i) == 1
                    if generated or chr(code).isspace():
                        boxes.append(None)
                        continue
                    try:
                        x0, y0, x1, y1 = tp.get_charbox(i, loose=True)
                    except self._pdfium.PdfiumError:
                        boxes.append(None)
                        continue
                    boxes.append(Box(x0, y0, x1, y1))
            finally:
                tp.close()
        found = PageText(page, "".join(chars), tuple(boxes))
        self._texts[page] = found
        return found

    def has_text_layer(self, sample: int = 24) -> bool:
        """True when the document carries text (a scanned one has none). A long document is
        judged on ``sample`` pages spread over it, so opening it stays quick."""
        if self._text_layer is None:
            count = self.page_count
            pages = range(1, count + 1) if count <= sample else sorted(
                {1 + (count - 1) * i // (sample - 1) for i in range(sample)})
            self._text_layer = any(self.text(n).text.strip() for n in pages)
        return self._text_layer

    def find(self, needle: str, pages: range | None = None) -> list[Hit]:
        """Every place ``needle`` stands in the document (or in ``pages``), in page order."""
        out: list[Hit] = []
        for n in pages or range(1, self.page_count + 1):
            out.extend(find_in_text(self.text(n), needle))
        return out
