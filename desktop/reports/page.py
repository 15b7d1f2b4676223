"""The page template every document shares (A4) and a small flowing layout on a bare canvas.

Every page carries the programme, cycle and stage at the top, the document title, "page n of N",
the generation time and the audience at the bottom; internal copies carry a diagonal watermark with
the recipient's name and 内部资料 · 不得外传. Titles and table headings that are Mongolian are set
vertically (top to bottom, columns left to right); body text is horizontal, Mongolian included (a
table cell is a line of a row, and vertical body text would need the whole table turned — rotated
horizontal Mongolian is what entry fields and most forms use; it stays searchable via /ActualText).

The PDF is built in memory; ``write_atomic`` writes it beside the target and renames it into place,
so bad input or a crash never leaves a half-written file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop import atomic
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import INTERNAL_NOTICE, Audience
from desktop.i18n.mongolian import has_mongolian
from desktop.reports import fonts, text
from desktop.reports.errors import OutputError
from desktop.reports.labels import Labels

PAGE_W, PAGE_H = A4
MARGIN_L = MARGIN_R = 16 * mm
MARGIN_T = 20 * mm
MARGIN_B = 18 * mm
BODY = 9.0
LEADING = 12.5
PAD = 2.5
GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.92, 0.93, 0.95)
SUBTOTAL = colors.Color(0.96, 0.96, 0.9)
ACCENT = colors.Color(0.7, 0.1, 0.1)


@dataclass(frozen=True)
class PageMeta:
    title: str
    programme: str
    cycle: str
    stage: str
    audience: Audience
    recipient: str
    labels: Labels
    generated: datetime


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # a share of the text width; shares are normalised
    align: str = "left"


@dataclass
class Row:
    cells: Sequence[str]
    bold: bool = False
    shade: Any = None
    rule_after: str | None = None  # a label printed on a heavy line under the row (quota line)
    keep: bool = False  # never split this row over two pages


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers the page furniture to the end, when the page count is known."""

    def __init__(self, *args: Any, furnish: Callable[[Canvas, int, int], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furnish = furnish
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        if not self._saved or self._code:
            self.showPage()
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._furnish(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


class Document:
    """A flowing A4 document on a bare reportlab canvas."""

    def __init__(self, meta: PageMeta) -> None:
        fonts.register()
        self.meta = meta
        self._ = meta.labels
        self.buffer = io.BytesIO()
        self.canvas = _NumberedCanvas(self.buffer, pagesize=A4, furnish=self._furnish,
                                      pageCompression=1, invariant=0)
        self.canvas.setTitle(meta.title)
        self.canvas.setCreator("Scorebook")
        self.width = PAGE_W - MARGIN_L - MARGIN_R
        self.y = 0.0
        self._repeat: Callable[[], None] | None = None
        self._grid: tuple[list[float], float] | None = None  # column xs, top of this page's part
        self._rules: list[float] = []  # heights of the row rules of that part, drawn with it
        self._start_page()

    # --- pages -----------------------------------------------------------------------------

    def _start_page(self) -> None:
        self.y = PAGE_H - MARGIN_T

    def new_page(self) -> None:
        grid = self._grid
        self._close_grid()
        self.canvas.showPage()
        self._start_page()
        if self._repeat is not None:
            self._repeat()
        if grid is not None:
            self._grid = (grid[0], self.y)

    def ensure(self, height: float) -> None:
        if self.y - height < MARGIN_B:
            self.new_page()

    def _watermark(self, c: Canvas) -> None:
        """Drawn last, over the content (translucent), so no shading can hide it."""
        c.saveState()
        c.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.13))
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(40)
        line1 = self.meta.recipient or self._("Internal copy")
        lines = [line1, INTERNAL_NOTICE]
        if not self._.chinese:
            lines.append(self._("Internal material · not to be passed on"))
        for i, line in enumerate(lines):  # /ActualText: turned text extracts as one phrase
            c.addLiteral(f"/Span <</ActualText {text.actual_text(line)}>> BDC")
            text.draw_line(c, 0, 30 - i * 34, line, 26, bold=True, align="center")
            c.addLiteral("EMC")
        c.restoreState()

    @cached_property
    def _furniture(self) -> tuple[str, str, str]:
        """The head line, the generation time and the copy's audience: the same on every page."""
        _ = self._
        m = self.meta
        head = " · ".join(p for p in (m.programme, m.cycle, m.stage) if p)
        generated = _("Generated {time}").format(time=_.datetime(m.generated))
        if m.audience is Audience.INTERNAL:
            copy = _("Internal copy for {name}").format(name=m.recipient) if m.recipient \
                else _("Internal copy")
        else:
            copy = _("External copy: trade secrets removed")
        return head, generated, copy

    def _furnish(self, c: Canvas, number: int, total: int) -> None:
        _ = self._
        m = self.meta
        head, generated, copy = self._furniture
        c.saveState()
        c.setFillColor(colors.Color(0.3, 0.3, 0.3))
        top = PAGE_H - MARGIN_T + 8 * mm
        text.draw_line(c, MARGIN_L, top, head, 7.5)
        text.draw_line(c, PAGE_W - MARGIN_R, top, m.title, 7.5, align="right")
        c.setStrokeColor(GRID)
        c.setLineWidth(0.4)
        c.line(MARGIN_L, top - 2.5 * mm, PAGE_W - MARGIN_R, top - 2.5 * mm)
        bottom = MARGIN_B - 9 * mm
        c.line(MARGIN_L, bottom + 4 * mm, PAGE_W - MARGIN_R, bottom + 4 * mm)
        text.draw_line(c, MARGIN_L, bottom, generated, 7.5)
        text.draw_line(c, PAGE_W / 2, bottom, copy, 7.5, align="center")
        page = _("Page {number} of {total}").format(number=number, total=total)
        text.draw_line(c, PAGE_W - MARGIN_R, bottom, page, 7.5, align="right")
        c.restoreState()
        if m.audience is Audience.INTERNAL:
            self._watermark(c)

    # --- blocks ------------------------------------------------------------------------------

    def space(self, height: float) -> None:
        self.y -= height

    def title_block(self, title: str, facts: Sequence[tuple[str, str]]) -> None:
        """The document title and its key facts (applicant, reviewer, …). A Mongolian title is
        set vertically at the left, the facts beside it."""
        c = self.canvas
        left = MARGIN_L
        top = self.y
        block_h = 0.0
        if has_mongolian(title):
            block = text.vertical_block(title, 15, 60 * mm)
            text.draw_vertical(c, left, top, block)
            left += block.width + 6 * mm
            block_h = block.height
        else:
            text.draw_line(c, left, top - 16, title, 16, bold=True)
            top -= 26
        y = top
        label_w = max((text.width(k, BODY, True) for k, _v in facts), default=0) + 8
        for key, value in facts:
            text.draw_line(c, left, y - BODY, key, BODY, bold=True)
            lines = text.wrap(value, PAGE_W - MARGIN_R - left - label_w, BODY)
            for line in lines:
                text.draw_line(c, left + label_w, y - BODY, line, BODY)
                y -= LEADING
        self.y = min(y, self.y - block_h) - 4 * mm

    def heading(self, title: str, size: float = 11.5) -> None:
        if has_mongolian(title):
            block = text.vertical_block(title, size, 40 * mm)
            if len(block.columns) <= 2 and block.height < 45 * mm:
                self.ensure(block.height + 8 * mm)
                text.draw_vertical(self.canvas, MARGIN_L, self.y - 1 * mm, block)
                self.y -= block.height + 3 * mm
                return
        self.ensure(size * 2 + 3 * LEADING)
        self.y -= size + 4
        text.draw_line(self.canvas, MARGIN_L, self.y, title, size, bold=True)
        self.y -= 5

    def paragraph(self, body: str, size: float = BODY, indent: float = 0.0,
                  bold: bool = False, leading: float | None = None) -> None:
        lead = leading or size * 1.4
        for line in text.wrap(body, self.width - indent, size, bold):
            self.ensure(lead)
            self.y -= lead
            text.draw_line(self.canvas, MARGIN_L + indent, self.y + lead - size * 1.1, line,
                           size, bold)

    def labelled(self, label: str, body: str, indent: float = 0.0) -> None:
        """A bold label on its own line, then the wrapped body, indented."""
        self.ensure(LEADING * 2)
        self.paragraph(label, bold=True, indent=indent)
        self.paragraph(body or "—", indent=indent + 4 * mm)

    def ruled_lines(self, count: int, indent: float = 0.0, gap: float = 7 * mm) -> None:
        """Empty ruled lines to write on (blank forms)."""
        c = self.canvas
        for _i in range(count):
            self.ensure(gap)  # may turn the page: no saved state may span it
            self.y -= gap
            c.saveState()
            c.setStrokeColor(colors.Color(0.7, 0.7, 0.7))
            c.setLineWidth(0.4)
            c.line(MARGIN_L + indent, self.y, PAGE_W - MARGIN_R, self.y)
            c.restoreState()

    def signature_block(self, roles: Sequence[str]) -> None:
        """One line per role: role, signature line, date line."""
        _ = self._
        c = self.canvas
        self.ensure(len(roles) * 14 * mm + 10 * mm)
        self.y -= 6 * mm
        for role in roles:
            self.y -= 12 * mm
            text.draw_line(c, MARGIN_L, self.y, role, 10, bold=True)
            sign = _("Signature")
            date = _("Date")
            x1 = MARGIN_L + 45 * mm
            text.draw_line(c, x1, self.y, sign, BODY)
            c.setLineWidth(0.6)
            c.line(x1 + 16 * mm, self.y - 1, x1 + 80 * mm, self.y - 1)
            x2 = x1 + 88 * mm
            text.draw_line(c, x2, self.y, date, BODY)
            c.line(x2 + 10 * mm, self.y - 1, PAGE_W - MARGIN_R, self.y - 1)

    def drawing(self, drawing: Drawing) -> None:
        self.ensure(drawing.height + 4 * mm)
        self.y -= drawing.height
        renderPDF.draw(drawing, self.canvas, MARGIN_L, self.y)
        self.y -= 4 * mm

    # --- tables ------------------------------------------------------------------------------

    def table(self, columns: Sequence[Column], rows: Sequence[Row], size: float = BODY) -> None:
        total_share = sum(col.width for col in columns)
        widths = [self.width * col.width / total_share for col in columns]
        xs = [MARGIN_L + sum(widths[:i]) for i in range(len(widths))]
        lead = size * 1.38

        def draw_header() -> None:
            self._table_header(columns, widths, xs, size)

        self.ensure(LEADING * 6)
        draw_header()
        self._repeat = draw_header
        self._grid = (xs, self.y)
        try:
            for row in rows:
                self._table_row(row, widths, xs, [col.align for col in columns], size, lead)
        finally:
            self._close_grid()
            self._repeat = None

    def _close_grid(self) -> None:
        """Draw the column and row rules of the table part on this page (one path, not per row)."""
        if self._grid is None:
            return
        xs, top = self._grid
        right = MARGIN_L + self.width
        rules = [(MARGIN_L, y, right, y) for y in self._rules]
        self._grid = None
        self._rules = []
        if top - self.y < 0.5:
            return
        c = self.canvas
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.4)
        c.lines(rules + [(x, top, x, self.y) for x in [*xs, right]])
        c.restoreState()

    def _table_header(self, columns: Sequence[Column], widths: list[float], xs: list[float],
                      size: float) -> None:
        c = self.canvas
        vertical = [has_mongolian(col.label) for col in columns]
        cells: list[Any] = []
        height = 0.0
        for col, w, vert in zip(columns, widths, vertical, strict=True):
            if vert:
                hsize = size + 1
                block = text.vertical_block(col.label, hsize, 32 * mm)
                while block.width > w - 2 and hsize > 5:
                    hsize -= 0.5
                    block = text.vertical_block(col.label, hsize, 32 * mm)
                cells.append(block)
                height = max(height, block.height + 2 * PAD)
            else:
                lines = text.wrap(col.label, w - 2 * PAD, size, True)
                cells.append(lines)
                height = max(height, len(lines) * size * 1.3 + 2 * PAD)
        top = self.y
        c.saveState()
        c.setFillColor(SHADE)
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        c.rect(MARGIN_L, top - height, self.width, height, fill=1, stroke=1)
        c.restoreState()
        for col, cell, w, x in zip(columns, cells, widths, xs, strict=True):
            if isinstance(cell, text.VerticalBlock):
                text.draw_vertical(c, x + (w - cell.width) / 2, top - PAD, cell)
            else:
                for i, line in enumerate(cell):
                    self._cell_line(x, w, top - PAD - size - i * size * 1.3, line, size, True,
                                    col.align)
        self.y = top - height

    def _cell_line(self, x: float, w: float, baseline: float, line: str, size: float,
                   bold: bool, align: str) -> None:
        if align == "right":
            text.draw_line(self.canvas, x + w - PAD, baseline, line, size, bold, "right")
        elif align == "center":
            text.draw_line(self.canvas, x + w / 2, baseline, line, size, bold, "center")
        else:
            text.draw_line(self.canvas, x + PAD, baseline, line, size, bold)

    def _table_row(self, row: Row, widths: list[float], xs: list[float], aligns: list[str],
                   size: float, lead: float) -> None:
        c = self.canvas
        wrapped = [text.wrap(cell, w - 2 * PAD, size, row.bold) for cell, w in
                   zip(row.cells, widths, strict=True)]
        n = max(len(lines) for lines in wrapped)
        done = 0
        while done < n:
            room = int((self.y - MARGIN_B - 2 * PAD) // lead)
            need = n - done
            if room < need and (row.keep or room < 1 or (done == 0 and need <= 6)):
                self.new_page()
                continue
            take = min(need, room)
            height = take * lead + 2 * PAD
            top = self.y
            if row.shade is not None:
                c.saveState()
                c.setFillColor(row.shade)
                c.rect(MARGIN_L, top - height, self.width, height, fill=1, stroke=0)
                c.restoreState()
            self._rules.append(top - height)
            for lines, w, x, align in zip(wrapped, widths, xs, aligns, strict=True):
                for k, line in enumerate(lines[done:done + take]):
                    self._cell_line(x, w, top - PAD - size - k * lead + 1, line, size, row.bold,
                                    align)
            self.y = top - height
            done += take
        if row.rule_after:
            c.saveState()
            c.setStrokeColor(ACCENT)
            c.setFillColor(ACCENT)
            c.setLineWidth(1.6)
            c.setDash(5, 2)
            c.line(MARGIN_L, self.y, MARGIN_L + self.width, self.y)
            c.restoreState()
            c.saveState()
            c.setFillColor(ACCENT)
            text.draw_line(c, MARGIN_L + self.width - PAD, self.y - size - 1, row.rule_after,
                           size, True, "right")
            c.restoreState()
            self.y -= size + 4

    # --- output ------------------------------------------------------------------------------

    def render(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` in place of ``path``: a crash leaves the old file or the new, whole (the
    data is flushed before the rename); the folder is not flushed after it, as a document can be
    printed again (``atomic.write_atomic``'s ``sync_folder``)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(Msg(N_("The folder {folder} does not exist"), {"folder": str(folder)}))
    try:
        atomic.write_atomic(path, data, sync_folder=False)
    except OSError as exc:
        raise OutputError(Msg(N_("Cannot write {file}: {reason}"),
                              {"file": str(path), "reason": exc.strerror or ""})) from None
    return path
