"""What every builder shares: labels, page meta, printability checks and redaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from desktop.domain.criteria import Framework
from desktop.domain.redaction import MARKER, Secrets, redact
from desktop.domain.scoring import ItemEntry
from desktop.reports.fonts import check_printable
from desktop.reports.inputs import DocumentInput
from desktop.reports.labels import Labels
from desktop.reports.page import Document, PageMeta


def labels_for(inp: DocumentInput) -> Labels:
    return Labels(inp.language)


def open_document(inp: DocumentInput, labels: Labels, title: str) -> Document:
    meta = PageMeta(title=title, programme=inp.programme_name, cycle=inp.cycle, stage=inp.stage,
                    audience=inp.audience, recipient=inp.recipient, labels=labels,
                    generated=inp.generated or datetime.now().replace(microsecond=0))
    return Document(meta)


def check_all(fields: Iterable[tuple[str, str]]) -> None:
    """Refuse any text a bundled font cannot print (names above all)."""
    for what, value in fields:
        check_printable(value, what)


def common_fields(inp: DocumentInput) -> list[tuple[str, str]]:
    return [("programme", inp.programme_name), ("cycle", inp.cycle), ("stage", inp.stage),
            ("recipient", inp.recipient)]


def check_items(framework: Framework, item_ids: Iterable[str]) -> None:
    for item_id in item_ids:
        framework.item(item_id)  # NotFound for an item the framework does not have


def redactor(inp: DocumentInput, secrets: Secrets, labels: Labels) -> Callable[[str, str], str]:
    """``clean(text, field)``: the text as this copy's audience may see it."""
    marker = labels(MARKER)

    def clean(text: str, field_name: str) -> str:
        return redact(text, field_name, secrets, inp.audience, marker).text

    return clean


def entries_by_item(entries: Iterable[ItemEntry]) -> dict[str, ItemEntry]:
    return {e.item_id: e for e in entries}


def pct(value: int | None) -> str:
    return "" if value is None else f"{value}%"
