"""Real PDFs for the tests, made in memory with reportlab (Chinese set in the bundled font)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "ScorebookSansSC"
_FONT_FILE = Path(__file__).resolve().parents[1] / "resources/fonts/ScorebookSansSC-Regular.ttf"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_FILE)))
    return FONT


def text_pdf(pages: list[list[str]], size: float = 14) -> bytes:
    """A4 pages, each line of ``pages[n]`` set 24 points below the last, from the top left."""
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=True)
    font = _font()
    for lines in pages:
        c.setFont(font, size)
        y = A4[1] - 72
        for line in lines:
            c.drawString(72, y, line)
            y -= 24
        c.showPage()
    c.save()
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages with only drawn shapes, as a scan has: no text layer at all."""
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=True)
    for n in range(pages):
        c.setFillGray(0.3)
        for row in range(20 + n):
            c.rect(72, A4[1] - 80 - row * 24, 300 + (row * 37) % 150, 10, stroke=0, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


def report_pages(count: int, secret: str, secret_page: int = 2) -> list[list[str]]:
    """A self-assessment report's pages; ``secret`` stands on ``secret_page`` (1-based)."""
    pages = []
    for n in range(1, count + 1):
        lines = [f"第{n}页 自评报告", "领导作用：企业坚持质量第一。",
                 "顾客与市场：满意度持续提升。"]
        if n == secret_page:
            lines.append(f"关键工艺：{secret}。")
        pages.append(lines)
    return pages
