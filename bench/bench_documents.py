"""Applicant documents (issue 18): the first page on screen, and opening a case full of them.

1. First page of a 300-page self-assessment report: the reviewer's path — the document's stream
   decrypted from the case (``CaseSession.document_bytes``: one read of its key, then
   ChaCha20-Poly1305 chunk by chunk into one buffer), opened and page 1 drawn at 1.5 px/pt
   (``services.pdf_pages``) — against the floor: bare pypdfium2 opening the same bytes from
   memory and drawing page 1 at the same scale. Ratio of the medians of 200 runs, interleaved
   (aim ≤ 1.5×), with the parts (bytes from the case; open and draw).
2. Opening a case whose package carried ``SCOREBOOK_BENCH_DOC_MB`` (default 500) MB of PDF
   documents (five real PDFs, each a page with one large image, attached by the office, sealed
   in the package, kept encrypted by the case): ``open_case`` beyond the key derivation, against
   the same case without documents (aim: documents add ≤ 100 ms). The case was made with cheap
   KDF parameters, so the derivation is timed on its own, as in bench_case.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.office import materials, packages
from desktop.services.office.workspace import Workspace, init_workspace
from desktop.services.pdf_pages import PdfPages
from tests.services.office.helpers import small_cycle

PASS = "bench pass"
SCALE = 1.5


def _best(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _case(root: Path, ws: Workspace, name: str) -> CaseSession:
    issued = packages.issue_packages(ws, root / f"packages-{name}", reviewers=["R2"]).result
    small = _small[0]
    return create_case(Path(issued[0].file), root / f"case-{name}", PASS, small.ids["R2"],
                       ws.identity().root_fingerprint, kdf=CHEAP_KDF)


_small: list[Any] = []


def _image_pdf(size: int) -> bytes:
    """A one-page PDF showing one grey image of about ``size`` bytes (random pixels)."""
    side = int(size ** 0.5)
    pixels = os.urandom(side * side)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
    ]
    draw = b"q 500 0 0 700 47 70 cm /Im1 Do Q"
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    offsets.append(len(out))
    out += b"4 0 obj\n<</Length %d>>\nstream\n" % len(draw) + draw + b"\nendstream\nendobj\n"
    offsets.append(len(out))
    out += (b"5 0 obj\n<</Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
            b"/BitsPerComponent 8/Length %d>>\nstream\n" % (side, side, len(pixels)))
    out += pixels + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size 6/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def bench_first_page(root: Path) -> None:
    ws = init_workspace(root / "office", "office pass", "Bench office", kdf=CHEAP_KDF)
    try:
        _small[:] = [small_cycle(ws)]
        data = self_assessment_pdf("包头示例稀土材料有限公司", pages=380, seed=3)
        materials.attach_pdf_bytes(ws, "A001", data, "report.pdf", title="自评报告")
        case = _case(root, ws, "first")
    finally:
        ws.close()
    with case:
        [doc] = [m for m in case.materials(case.applicants()[0].applicant_id)
                 if m.kind == "pdf"]

        def ours() -> None:
            pages = PdfPages(case.document_bytes(doc.material_id))
            pages.render(1, SCALE)
            pages.close()

        def bare() -> None:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data)
            page = pdf[0]
            page.render(scale=SCALE, rev_byteorder=True, prefer_bgrx=True).close()
            page.close()
            pdf.close()

        def fetch() -> None:
            case.document_bytes(doc.material_id)

        bare()  # load PDFium and the fonts once for both
        ours()
        runs: dict[str, list[float]] = {"ours": [], "bare": [], "bytes": []}
        for _ in range(200):  # interleaved, so a change of load weighs on both alike
            for name, run in (("ours", ours), ("bare", bare), ("bytes", fetch)):
                runs[name].append(_best(run, 1))
        t_ours, t_bare, t_bytes = (statistics.median(runs[k]) for k in ("ours", "bare", "bytes"))
    print(f"first page of a {doc.pages}-page report ({doc.size // 1024} KiB), medians of 200: "
          f"from the case {t_ours * 1000:.2f} ms (bytes from the case {t_bytes * 1000:.2f} ms, "
          f"open and draw {(t_ours - t_bytes) * 1000:.2f} ms), bare pypdfium2 "
          f"{t_bare * 1000:.2f} ms, ratio {t_ours / t_bare:.2f}× (aim ≤ 1.5×); best runs "
          f"{min(runs['ours']) * 1000:.2f} / {min(runs['bare']) * 1000:.2f} ms, "
          f"{min(runs['ours']) / min(runs['bare']):.2f}×")


def bench_open(root: Path) -> None:
    total = int(os.environ.get("SCOREBOOK_BENCH_DOC_MB", "500")) * 1024 * 1024
    ws = init_workspace(root / "office", "office pass", "Bench office", kdf=CHEAP_KDF)
    try:
        _small[:] = [small_cycle(ws)]
        _case(root, ws, "plain").close()
        for i in range(5):
            materials.attach_pdf_bytes(ws, "A001", _image_pdf(total // 5), f"scan{i}.pdf",
                                       title=f"证明材料{i + 1}")
        _case(root, ws, "docs").close()
    finally:
        ws.close()
    folder = root / "case-docs"
    size = sum(p.stat().st_size for p in (folder / "documents").iterdir())
    cheap = keyfile.key_file_params(folder / "case.key")
    t_kdf = _best(lambda: keyfile.derive_key(PASS, b"\0" * 16, cheap), 5)
    t_docs = _best(lambda: open_case(folder, PASS).close(), 5)
    t_plain = _best(lambda: open_case(root / "case-plain", PASS).close(), 5)
    print(f"open a case with {size // (1024 * 1024)} MiB of documents beyond the key derivation: "
          f"{(t_docs - t_kdf) * 1000:.1f} ms; without documents {(t_plain - t_kdf) * 1000:.1f} ms;"
          f" documents add {(t_docs - t_plain) * 1000:.1f} ms (aim ≤ 100 ms)")


def main() -> None:
    only = os.environ.get("SCOREBOOK_BENCH_ONLY", "")  # "first" or "open": one of the two
    with tempfile.TemporaryDirectory(prefix="scorebook-bench-docs-") as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        (root / "b").mkdir()
        if only in ("", "first"):
            bench_first_page(root / "a")
        if only in ("", "open"):
            bench_open(root / "b")


if __name__ == "__main__":
    main()
