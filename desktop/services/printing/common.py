"""What every printing use case shares: the options of a print, the document rendered in memory
and what was written, the preview's page images, secrets from comments and declared passages,
names of stages and programmes in the document's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from statistics import median

from desktop.domain.consensus import default_pct
from desktop.domain.criteria import Framework
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.redaction import Audience, Mark, field_key
from desktop.domain.scoring import ItemEntry, summarise
from desktop.reports import documents
from desktop.reports.inputs import DocumentInput
from desktop.reports.labels import Labels
from desktop.reports.page import write_atomic

PREVIEW_DPI = 80  # the on-screen preview's resolution


@dataclass(frozen=True)
class PrintOptions:
    """How to print: where, for whom, in which language. ``audience`` None takes the document's
    default; ``recipient`` "" names the reviewer (case file) or the office in the watermark;
    ``out`` None renders in memory only (a preview; ``save`` writes it later)."""

    out: Path | None = None
    audience: Audience | None = None
    recipient: str = ""
    language: str | None = None  # None: the active language
    generated: datetime | None = None  # None: now


@dataclass(frozen=True)
class Printed:
    """One PDF written: which document, where, for which audience and recipient."""

    kind: str
    path: Path
    audience: Audience
    recipient: str
    applicant: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Rendered:
    """One document rendered in memory, nothing written yet: ``save`` writes these very bytes,
    ``preview_pages`` draws them."""

    kind: str
    pdf: bytes = field(repr=False)
    audience: Audience = Audience.INTERNAL
    recipient: str = ""
    applicant: str = ""
    stage: str = ""


class PrintRefused(InputRejected):
    """The source cannot fill this document (nothing recorded yet, wrong kind of stage …)."""


def render(kind: str, inp: DocumentInput, opts: PrintOptions, default: Audience,
           recipient: str, *, applicant: str = "", stage: str = "") -> Rendered:
    """Set the audience, recipient, language and time, and render the PDF in memory (typed
    errors on bad input)."""
    audience = opts.audience or default
    name = (opts.recipient or recipient) if audience is Audience.INTERNAL else ""
    inp = replace(inp, audience=audience, recipient=name,
                  language=Labels(opts.language).language, generated=opts.generated)
    return Rendered(kind, documents.render(inp), audience, name, applicant, stage)


def destination(opts: PrintOptions) -> Path:
    if opts.out is None:
        raise PrintRefused(Msg(N_("No file was named to write the PDF to")))
    return opts.out


def save(document: Rendered, path: Path) -> Printed:
    """Write a rendered document's bytes atomically in place of ``path`` (a crash leaves the old
    file or the new, never a part)."""
    written = write_atomic(path, document.pdf)
    return Printed(document.kind, written, document.audience, document.recipient,
                   document.applicant, document.stage)


def finish(kind: str, inp: DocumentInput, opts: PrintOptions, default: Audience,
           recipient: str, *, applicant: str = "", stage: str = "") -> Printed:
    """Render and write the PDF atomically to ``opts.out`` (a refused input leaves no file and
    no temporary file)."""
    path = destination(opts)
    return save(render(kind, inp, opts, default, recipient, applicant=applicant, stage=stage),
                path)


def preview_pages(pdf: bytes, dpi: int = PREVIEW_DPI,
                  before_page: Callable[[int, int], None] | None = None) -> tuple[bytes, ...]:
    """PNG images of each page of a rendered PDF, drawn in memory by PDFium (no file).
    ``before_page(done, count)`` runs before each page: progress, and a cancel point."""
    from desktop.reports.preview import page_images  # PDFium loads only for a preview

    return page_images(pdf, dpi, before_page)


def programme_name(p: Programme, labels: Labels) -> str:
    return labels.pick(p.name_zh, p.name_en, p.name_mn)


def cycle_number(cycle_id: str) -> str:
    """``baotou-hitech.2025`` → ``2025`` (the programme is printed beside it)."""
    return cycle_id.rpartition(".")[2] or cycle_id


def check_cycle(actual: str, expected: str | None) -> None:
    if expected and expected != actual:
        raise PrintRefused(Msg(N_("The source belongs to cycle {actual}, not {expected}"),
                               {"actual": actual, "expected": expected}))


def marks_of(item_id: str, marks: Iterable[tuple[str, int, int]], shift: dict[str, int]
             ) -> list[Mark]:
    """Marks on an item's comments as the report keys them; ``shift`` moves each field's marks
    by where that comment starts in a joined text."""
    return [Mark(field_key(item_id, f), a + shift.get(f, 0), b + shift.get(f, 0))
            for f, a, b in marks]


@dataclass
class JoinedComments:
    """Several reviewers' comments on one item joined into one text per field, each reviewer's
    marks moved with its text; identical comments are printed once (their marks kept)."""

    strengths: str = ""
    improvements: str = ""

    def __post_init__(self) -> None:
        self.marks: list[tuple[str, int, int]] = []
        self._seen: dict[tuple[str, str], int] = {}

    def add(self, strengths: str, improvements: str,
            marks: Sequence[tuple[str, int, int]]) -> None:
        starts = {"strengths": self._append("strengths", strengths),
                  "improvements": self._append("improvements", improvements)}
        for f, a, b in marks:
            start = starts.get(f)
            if start is not None:
                self.marks.append((f, a + start, b + start))

    def _append(self, field_name: str, text: str) -> int | None:
        if not text.strip():
            return None
        key = (field_name, text)
        if key in self._seen:
            return self._seen[key]
        current: str = getattr(self, field_name)
        start = len(current) + (1 if current else 0)
        setattr(self, field_name, f"{current}\n{text}" if current else text)
        self._seen[key] = start
        return start


def rounded_pct(fw: Framework, values: Sequence[int]) -> int | None:
    """The mean percentage rounded to the framework's step (the consensus default)."""
    if not values:
        return None
    return default_pct(Decimal(sum(values)) / len(values), fw.step_pct)


def category_shares(fw: Framework, entries: Iterable[ItemEntry]) -> dict[str, Decimal] | None:
    """Each category's subtotal as a share of its points (0–1); None for an incomplete sheet."""
    summary = summarise(fw, entries)
    if summary.missing:
        return None
    return {c.id: summary.category_subtotals[c.id] / Decimal(c.points) for c in fw.categories}


def median_shares(fw: Framework, sheets: Iterable[dict[str, Decimal]]) -> dict[str, Decimal]:
    """Per category, the median share over ``sheets`` (empty when there are none)."""
    rows = list(sheets)
    if not rows:
        return {}
    return {c.id: Decimal(median([r[c.id] for r in rows])) for c in fw.categories}
