"""Mixed-script text on a reportlab canvas: measuring, wrapping, horizontal lines and vertical
Mongolian columns.

Mongolian runs are shaped with HarfBuzz (reportlab's ``shapeStr`` over ``uharfbuzz``); each is
wrapped in a marked-content span whose ``/ActualText`` carries the Unicode text, because the shaped
glyphs map to private-use code points and would otherwise extract as garbage. In a vertical column
(top to bottom, columns advancing left to right) Mongolian and Latin runs are turned 90° clockwise
with the canvas; Han characters stay upright, one per em.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from desktop.i18n.mongolian import Script, has_mongolian, is_cjk, split_runs, words
from desktop.i18n.mongolian import wrap as wrap_at_spaces
from desktop.reports import fonts

COLUMN_PITCH = 1.5  # column distance in a vertical block, in ems
_NO_LINE_START = set("，。、；：！？）」』〕】》”’,.;:!?)%·")
_NO_LINE_END = set("（「『〔【《“‘(")


def actual_text(text: str) -> str:
    """``/ActualText`` as a UTF-16BE hex string with a byte-order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@lru_cache(maxsize=8192)
def _shaped(run: str, size: float) -> tuple[str, float]:
    shaped = shapeStr(run, fonts.MONGOLIAN, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:  # nothing changed in shaping
        return run, stringWidth(run, fonts.MONGOLIAN, size)
    return shaped, sum(d.x_advance for d in data) * size / 1000


@lru_cache(maxsize=16384)
def _run_width(font: str, run: str, size: float) -> float:
    if font == fonts.MONGOLIAN and has_mongolian(run):
        return _shaped(run, size)[1]
    return float(stringWidth(run, font, size))


@lru_cache(maxsize=16384)
def _runs(text: str, bold: bool) -> tuple[tuple[str, str], ...]:
    return tuple(fonts.font_runs(text, bold))


@lru_cache(maxsize=16384)
def width(text: str, size: float, bold: bool = False) -> float:
    """The horizontal advance of ``text`` (Mongolian shaped; once per text, size and face: a
    score sheet measures its labels and item names again on every sheet)."""
    return sum(_run_width(f, r, size) for f, r in _runs(text, bold))


def _set_font(c: Canvas, font: str, size: float) -> None:
    if c._fontname != font or c._fontsize != size:
        c.setFont(font, size)


def _show(c: Canvas, x: float, y: float, font: str, run: str, size: float) -> None:
    """Show an unshaped run with its baseline origin at (x, y): the operators ``drawString``
    writes for a TrueType font, through the subset calls ``reportlab.pdfbase.ttfonts`` documents
    for dynamic fonts, without a text object per call, the bidi hook and re-measuring the run (a
    page of a score sheet has some 80 of them). Other fonts go through ``drawString``."""
    face = getFont(font)
    if not face._dynamicFont:
        _set_font(c, font, size)
        c.drawString(x, y, run)
        return
    doc = c._doc
    tf = _tf(size)
    ops = [f"BT 1 0 0 1 {fp_str(x, y)} Tm"]
    for subset, chunk in face.splitString(run, doc):
        ops.append(f"{face.getSubsetInternalName(subset, doc)} {tf} ({escapePDF(chunk)}) Tj")
    ops.append("T* ET")  # as drawString ends a line (text extractors see the line end)
    c._code.append(" ".join(ops))


@lru_cache(maxsize=64)
def _tf(size: float) -> str:
    """Font size and the canvas's default leading, as ``drawString`` sets them."""
    return f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"


def draw_line(c: Canvas, x: float, y: float, text: str, size: float, bold: bool = False,
              align: str = "left") -> float:
    """Draw one horizontal line of mixed text with its baseline at ``y``; return its width."""
    total = width(text, size, bold)
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    for font, run in _runs(text, bold):
        if font == fonts.MONGOLIAN and has_mongolian(run):
            shaped, w = _shaped(run, size)
            _set_font(c, font, size)
            c.addLiteral(f"/Span <</ActualText {actual_text(run)}>> BDC")
            c.drawString(x, y, shaped)
            c.addLiteral("EMC")
        else:
            _show(c, x, y, font, run, size)
            w = _run_width(font, run, size)
        x += w
    return total


# --- wrapping ----------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: each Han character alone (with kinsoku punctuation attached), other
    text cut only after ordinary spaces (never at NNBSP or MVS)."""
    out: list[str] = []
    buf = ""
    for ch in text:
        if is_cjk(ch):
            if buf:
                out.extend(words(buf))
                buf = ""
            if out and (ch in _NO_LINE_START or (out[-1] and out[-1][-1] in _NO_LINE_END)):
                out[-1] += ch
            else:
                out.append(ch)
        else:
            if ch in _NO_LINE_START and not buf and out:
                out[-1] += ch
                continue
            buf += ch
    if buf:
        out.extend(words(buf))
    return out


def _hard_break(token: str, avail: float, size: float, bold: bool) -> list[str]:
    """Cut a too-wide Latin token by characters (never a Mongolian one: its letter forms would
    change)."""
    if has_mongolian(token):
        return [token]
    pieces, cur = [], ""
    for ch in token:
        if cur and width(cur + ch, size, bold) > avail:
            pieces.append(cur)
            cur = ""
        cur += ch
    if cur:
        pieces.append(cur)
    return pieces


# Widths of text without Mongolian add up character by character (no shaping, no kerning), so a
# text that fits as a whole, trailing spaces included, breaks nowhere; the slack covers float
# rounding near the limit, where the greedy breaker decides.
_SLACK = 1e-6


def wrap(text: str, avail: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``avail`` (a Mongolian word wider than a line keeps
    its own line). Newlines are hard breaks."""
    if "\n" not in text and not has_mongolian(text) \
            and width(text, size, bold) <= avail - _SLACK:
        return [text.rstrip(" ")]  # fits: most cells and comments (see ``_SLACK``)
    return _break_lines(text, avail, size, bold)


def _break_lines(text: str, avail: float, size: float, bold: bool) -> list[str]:
    """Greedy breaking, token by token (what ``wrap`` does when the text does not plainly fit)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for token in _tokens(paragraph):
            tw = width(token, size, bold)
            if line and line_w + width(token.rstrip(" "), size, bold) > avail:
                lines.append(line.rstrip(" "))
                line, line_w = "", 0.0
            if not line and tw > avail:
                pieces = _hard_break(token, avail, size, bold)
                lines.extend(p.rstrip(" ") for p in pieces[:-1])
                token = pieces[-1]
                tw = width(token, size, bold)
            line += token
            line_w += tw
        lines.append(line.rstrip(" "))
    return lines


# --- vertical Mongolian --------------------------------------------------------------------------


def vertical_length(text: str, size: float) -> float:
    """The length of ``text`` down a vertical column: turned runs by their advance, Han one em."""
    total = 0.0
    for script, run in split_runs(text):
        if script is Script.CJK:
            total += size * len(run)
        else:
            total += width(run, size)
    return total


@dataclass(frozen=True)
class VerticalBlock:
    columns: tuple[str, ...]
    size: float

    @property
    def width(self) -> float:
        return len(self.columns) * self.size * COLUMN_PITCH

    @property
    def height(self) -> float:
        return max((vertical_length(col, self.size) for col in self.columns), default=0.0)


def vertical_block(text: str, size: float, max_height: float) -> VerticalBlock:
    """Lay ``text`` out in columns no taller than ``max_height``, breaking only at spaces."""
    columns = wrap_at_spaces(text, max_height, lambda s: vertical_length(s, size))
    return VerticalBlock(tuple(columns), size)


def draw_vertical(c: Canvas, x: float, top: float, block: VerticalBlock) -> None:
    """Draw ``block`` with its first column's left edge at ``x`` and its top at ``top``."""
    size = block.size
    pitch = size * COLUMN_PITCH
    for i, column in enumerate(block.columns):
        axis = x + pitch * (i + 0.5)  # the column's centre line
        y = top
        c.addLiteral(f"/Span <</ActualText {actual_text(column)}>> BDC")
        for script, run in split_runs(column):
            if script is Script.CJK:
                for ch in run:
                    draw_line(c, axis, y - size * 0.88, ch, size, align="center")
                    y -= size
                continue
            c.saveState()
            # turned 90° clockwise: the run's baseline runs down the page; its "up" points right
            c.translate(axis - size * 0.32, y)
            c.rotate(-90)
            advance = _draw_plain(c, run, size)
            c.restoreState()
            y -= advance
        c.addLiteral("EMC")


def _draw_plain(c: Canvas, text: str, size: float) -> float:
    """Draw at the origin without nested /ActualText (the column carries it); return the width."""
    x = 0.0
    for font, run in _runs(text, False):
        if font == fonts.MONGOLIAN and has_mongolian(run):
            shaped, w = _shaped(run, size)
            _set_font(c, font, size)
            c.drawString(x, 0, shaped)
        else:
            _show(c, x, 0, font, run, size)
            w = _run_width(font, run, size)
        x += w
    return x
