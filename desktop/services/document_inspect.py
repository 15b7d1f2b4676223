"""What the office checks of a document before it is attached: is it a PDF PDFium opens, not
encrypted, within the size limit; its page count, whether it has a text layer, and which of
the applicant's declared secret passages its text layer holds.

Passages are matched with white space ignored (a PDF's text layer breaks lines and spaces CJK
text as its layout did) and compatibility forms folded (NFKC: full-width digits and letters).
The file is opened by PDFium from the office's own copy, read once; nothing is written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.reports.pdfium_lock import PDFIUM_LOCK

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # one document (README: "Documents")
PDF_MAGIC = b"%PDF-"
_HEAD = 1024  # the PDF header may follow some junk bytes (PDF 1.7, 7.5.2)
_LOCK = PDFIUM_LOCK  # PDFium is not thread-safe: one lock for the whole process


class DocumentRefused(InputRejected):
    """A document the office cannot attach: the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: Msg) -> None:
        super().__init__(Msg(N_("{file} cannot be attached: {reason}"),
                             {"file": Path(path).name, "reason": reason}))
        self.reason = reason


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    text_layer: bool
    found: tuple[bool, ...]  # per passage asked about


def squeeze(text: str) -> str:
    """``text`` as passages are compared: NFKC, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def looks_like_pdf(head: bytes) -> bool:
    return PDF_MAGIC in head[:_HEAD]


def check_size(path: Path, size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(path, Msg(N_("it is larger than {limit} MiB"),
                                        {"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)}))
    if size == 0:
        raise DocumentRefused(path, Msg(N_("it is empty")))


def inspect_pdf(source: Path | bytes, passages: tuple[str, ...] = (),
                name: str | None = None) -> PdfFacts:
    """Open the PDF at ``source`` (a path, or bytes named ``name``; refused: not a PDF,
    encrypted, damaged) and read its text."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path = Path(name or "document.pdf") if isinstance(source, bytes) else source
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise DocumentRefused(path, Msg(N_("it is encrypted (protected by a password): "
                                                   "ask the applicant for an unprotected "
                                                   "copy"))) from None
            raise DocumentRefused(path, Msg(N_("it is not a PDF that can be read (damaged or "
                                               "another kind of file)"))) from None
        try:
            if raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
                raise DocumentRefused(path, Msg(N_("it is encrypted (protected by a password): "
                                                   "ask the applicant for an unprotected "
                                                   "copy")))
            pages = len(pdf)
            if pages == 0:
                raise DocumentRefused(path, Msg(N_("it has no pages")))
            wanted = [squeeze(p) for p in passages]
            found = [False] * len(wanted)
            text_layer = False
            tail = ""  # the end of the previous page: a passage may run over a page break
            for i in range(pages):
                page = pdf[i]
                try:
                    tp = page.get_textpage()
                    try:
                        text = squeeze(tp.get_text_range())
                    finally:
                        tp.close()
                finally:
                    page.close()
                text_layer = text_layer or bool(text)
                window = tail + text
                for k, w in enumerate(wanted):
                    found[k] = found[k] or (bool(w) and w in window)
                longest = max((len(w) for w in wanted), default=0)
                tail = text[-longest:] if longest else ""
            return PdfFacts(pages, text_layer, tuple(found))
        finally:
            pdf.close()
