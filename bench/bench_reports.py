"""200 filled score sheets (Chinese, external copy: redaction on) against a floor.

The 200 are different sheets, as a cycle's are: each its own applicant, percentages and comments
(the sample's comments moved round the items by the sheet's number), so what a sheet's fonts hold
differs from sheet to sheet and nothing made for one sheet serves the next unless it really is
the same (the bold face's subset: headings, labels and item names).

Floor, measured in the same run: the same strings (labels, names, item names, numbers, comments as
printed) drawn with ``drawString`` on a bare reportlab canvas, each run in the font it needs
(Mongolian shaped), one PDF per sheet
with the same page count. The ratio is what layout, wrapping, redaction, page furniture and the
atomic write add on top of reportlab itself.

Both sides may keep what does not change between sheets: the real path caches font runs, widths and
shaped Mongolian by text, so the floor splits and shapes each distinct string once too (``_runs``)
rather than charging every sheet for our Python run splitter. The floor sets everything in the
regular face; the real path also embeds the bold one (headings, labels), which only makes the floor
cheaper. Both draw with the same registered faces, which keep the last font subsets made by their
exact characters (``fonts._keep_subsets``): the real path's bold subset is the same on every sheet;
the regular subsets of both sides differ from sheet to sheet.

The floor writes its bytes with ``write_bytes``; the real path writes atomically (a temporary
file, flushed to the disk, renamed over the target; the folder is not flushed after the rename,
see ``desktop.atomic.write_atomic``). That flush is kept, so its cost is printed on its own for
information: the same sheet's bytes written both ways, interleaved.
"""

from __future__ import annotations

import dataclasses
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

from desktop.domain.scoring import ItemEntry
from desktop.reports import documents, fonts, page, text
from desktop.reports.inputs import Party, ScoreSheetInput
from desktop.services.printing import samples
from tests.reports.conftest import read_back

N_SHEETS = 200
REPEATS = 3
BLOCK = 10  # sheets per side before switching


PLACES = ("包头", "呼和浩特", "鄂尔多斯", "赤峰", "通辽", "乌海", "巴彦淖尔", "锡林郭勒", "兴安",
          "阿拉善")
TRADES = ("稀土新材料", "乳业", "羊绒制品", "能源化工", "装备制造", "光伏科技", "生物制药",
          "现代物流", "农牧科技", "电子信息", "冶金", "食品", "建材", "汽车零部件", "软件",
          "环保工程", "煤化工", "风电设备", "精细化工", "医疗器械")


def variants(inp: ScoreSheetInput) -> list[ScoreSheetInput]:
    """``N_SHEETS`` different sheets from the sample: applicant, percentages and comments."""
    out = []
    base = inp.entries
    for n in range(N_SHEETS):
        name = f"{PLACES[n % len(PLACES)]}{TRADES[n // len(PLACES) % len(TRADES)]}有限公司"
        shift = 5 * (n % 5) - 10  # percentages stay on the bands' multiples of 5
        # and a few characters of this sheet's own in every fourth comment (as a cycle's comments
        # differ throughout), so that no font subset of the regular face recurs by chance
        own = [chr(0x4E00 + (n * 7919 + j * 104729) % 20902) for j in range(12)]
        own = [ch for ch in own if not fonts.uncovered(ch)]
        entries = tuple(
            ItemEntry(e.item_id, None if e.pct is None else max(0, min(100, e.pct + shift)),
                      base[(k + n) % len(base)].strengths
                      + (f"（{''.join(own[k // 4 * 2:k // 4 * 2 + 2])}）" if k % 4 == 3 else ""),
                      base[(k + 3 * n) % len(base)].improvements)
            for k, e in enumerate(base))
        out.append(dataclasses.replace(inp, applicant=Party(f"A-2025-{n:03d}", name),
                                       entries=entries))
    return out


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
    sheets = variants(samples.score_sheet("zh_CN"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts, counts = [], []
        for inp in sheets:
            probe = documents.write(inp, folder / "probe.pdf")
            texts.append(_strings(probe))
            counts.append(len(pypdf.PdfReader(probe).pages))
        text.width("预热", 9)  # warm the caches both sides share (font parse)
        floor(texts[0], counts[0])
        ours, base, ours_cpu, base_cpu = [], [], [], []
        for _r in range(REPEATS):
            o = b = oc = bc = 0.0
            # alternate in blocks, so a burst of load on this shared machine hits both sides
            for block in range(0, N_SHEETS, BLOCK):
                start, cpu = time.perf_counter(), time.process_time()
                for n in range(block, block + BLOCK):
                    documents.write(sheets[n], folder / f"s{n % 4}.pdf")
                o += time.perf_counter() - start
                oc += time.process_time() - cpu
                start, cpu = time.perf_counter(), time.process_time()
                for n in range(block, block + BLOCK):
                    (folder / f"f{n % 4}.pdf").write_bytes(floor(texts[n], counts[n]))
                b += time.perf_counter() - start
                bc += time.process_time() - cpu
            ours.append(o)
            base.append(b)
            ours_cpu.append(oc)
            base_cpu.append(bc)
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
    strings = statistics.median(len(t) for t in texts)
    print(f"{N_SHEETS} different score sheets ({min(counts)}-{max(counts)} pages, "
          f"{strings:.0f} strings each at the median): {o:.2f} s, "
          f"{1000 * o / N_SHEETS:.1f} ms/sheet (best {1000 * min(ours) / N_SHEETS:.1f})")
    print(f"floor (same strings, bare canvas): {b:.2f} s, {1000 * b / N_SHEETS:.1f} ms/sheet "
          f"(best {1000 * min(base) / N_SHEETS:.1f})")
    spread = sorted(x / y for x, y in zip(ours, base, strict=True))
    print(f"ratio {o / b:.2f}x (runs {spread[0]:.2f}-{spread[-1]:.2f}x, best against best "
          f"{min(ours) / min(base):.2f}x; aim <= 1.3x)")
    oc, bc = min(ours_cpu), min(base_cpu)
    print(f"CPU time: {1000 * oc / N_SHEETS:.1f} against {1000 * bc / N_SHEETS:.1f} ms/sheet, "
          f"{oc / bc:.2f}x (best of each)")
    d, w = statistics.median(durable), statistics.median(plain)
    print(f"of which the atomic write (data flushed before the rename): {1000 * d:.1f} ms/sheet "
          f"against {1000 * w:.1f} ms for write_bytes; without that difference the ratio would "
          f"be {(o - N_SHEETS * (d - w)) / b:.2f}x")


if __name__ == "__main__":
    main()
