"""200 filled score sheets (Chinese, external copy: redaction on) against a floor.

Floor, measured in the same run: the same strings (labels, names, item names, numbers, comments as
printed) drawn with ``drawString`` on a bare reportlab canvas, each run in the font it needs
(Mongolian shaped), one PDF per sheet
with the same page count. The ratio is what layout, wrapping, redaction, page furniture and the
atomic write add on top of reportlab itself.

Both sides may keep what does not change between sheets: the real path caches font runs, widths and
shaped Mongolian by text, so the floor splits and shapes each distinct string once too (``_runs``)
rather than charging every sheet for our Python run splitter. The floor sets everything in the
regular face; the real path also embeds the bold one (headings, labels), which only makes the floor
cheaper.

The floor writes its bytes with ``write_bytes``; the real path writes atomically (a temporary
file, flushed to the disk, renamed over the target; the folder is not flushed after the rename,
see ``desktop.atomic.write_atomic``). That flush is kept, so its cost is printed on its own for
information: the same sheet's bytes written both ways, interleaved.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from functools import cache
from io import BytesIO
from pathlib import Path

import pypdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from desktop.reports import documents, fonts, page, text
from desktop.services.printing import samples
from tests.reports.conftest import read_back

N_SHEETS = 200
REPEATS = 3
BLOCK = 10  # sheets per side before switching


def _strings(pdf: Path) -> list[str]:
    return [line for line in read_back(pdf).text.splitlines() if line.strip()]


@cache
def _runs(s: str) -> tuple[tuple[str, str, float], ...]:
    """(font, run as drawn, advance) for each run of ``s``: the font each run needs, as any
    renderer must, Mongolian shaped; once per distinct string, as the real path caches them."""
    return tuple((font, shapeStr(run, font, 9) if font == fonts.MONGOLIAN else run,
                  stringWidth(run, font, 9)) for font, run in fonts.font_runs(s))


def floor(strings: list[str], pages: int) -> bytes:
    buf = BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    per_page = max(1, len(strings) // pages)
    for n, s in enumerate(strings):
        if n and n % per_page == 0:
            c.showPage()
        x = 40.0
        for font, drawn, advance in _runs(s):
            c.setFont(font, 9)
            c.drawString(x, 800 - (n % per_page) * 11, drawn)
            x += advance
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    fonts.register()
    inp = samples.score_sheet("zh_CN")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        probe = documents.write(inp, folder / "probe.pdf")
        strings = _strings(probe)
        pages = len(pypdf.PdfReader(probe).pages)
        text.width("预热", 9)  # warm the caches both sides share (font parse)
        floor(strings, pages)
        ours, base = [], []
        for _r in range(REPEATS):
            o = b = 0.0
            # alternate in blocks, so a burst of load on this shared machine hits both sides
            for block in range(0, N_SHEETS, BLOCK):
                start = time.perf_counter()
                for n in range(block, block + BLOCK):
                    documents.write(inp, folder / f"s{n % 4}.pdf")
                o += time.perf_counter() - start
                start = time.perf_counter()
                for n in range(block, block + BLOCK):
                    (folder / f"f{n % 4}.pdf").write_bytes(floor(strings, pages))
                b += time.perf_counter() - start
            ours.append(o)
            base.append(b)
        data = probe.read_bytes()
        durable, plain = [], []
        for n in range(40):
            start = time.perf_counter()
            page.write_atomic(folder / f"w{n % 4}.pdf", data)
            durable.append(time.perf_counter() - start)
            start = time.perf_counter()
            (folder / f"p{n % 4}.pdf").write_bytes(data)
            plain.append(time.perf_counter() - start)
    o, b = statistics.median(ours), statistics.median(base)
    print(f"{N_SHEETS} score sheets ({pages} pages, {len(strings)} strings each): "
          f"{o:.2f} s, {1000 * o / N_SHEETS:.1f} ms/sheet")
    print(f"floor (same strings, bare canvas): {b:.2f} s, {1000 * b / N_SHEETS:.1f} ms/sheet")
    spread = sorted(x / y for x, y in zip(ours, base, strict=True))
    print(f"ratio {o / b:.2f}x (runs {spread[0]:.2f}-{spread[-1]:.2f}x; aim <= 1.3x)")
    d, w = statistics.median(durable), statistics.median(plain)
    print(f"of which the atomic write (data flushed before the rename): {1000 * d:.1f} ms/sheet "
          f"against {1000 * w:.1f} ms for write_bytes; without that difference the ratio would "
          f"be {(o - N_SHEETS * (d - w)) / b:.2f}x")


if __name__ == "__main__":
    main()
