"""What a verified bundle carries, value by value, as the merge checks it.

The crypto layer has checked the shape (types, lengths, a percentage an integer 0–100, a panel
score a decimal with at most two places) and the signature; these rows keep the values as the
bundle wrote them, in the bundle's order, so ``desktop.domain.merge.rejection`` can check every
one against the cycle (framework, programme, assignments) and name the field that fails, e.g.
``snapshot.scores[3].pct``. ``record_of`` groups them into the per-applicant sheets the merge
derives the state from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain.scoring import ItemEntry


@dataclass(frozen=True)
class ScoreRow:
    applicant_id: str
    stage_id: str
    item_id: str
    pct: int | None
    strengths: str = ""
    improvements: str = ""


@dataclass(frozen=True)
class PanelRow:
    applicant_id: str
    stage_id: str
    score: str | None  # the decimal text as carried ("87.50"), None when not scored


@dataclass(frozen=True)
class RecusalRow:
    applicant_id: str
    reason: str
    declared_at: str  # UTC time text ("2025-07-01T09:30:00Z")


@dataclass(frozen=True)
class FeedbackRow:
    applicant_id: str
    stage_id: str
    rating: str
    created_at: str


@dataclass(frozen=True)
class IssueNoteRow:
    """An on-site reviewer's note on one site-visit issue (bundle format 2, scores bundles)."""

    applicant_id: str
    issue_id: str
    outcome: str
    text: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class FindingRow:
    """One of the team's findings (bundle format 2, consensus bundles), values as carried."""

    applicant_id: str
    kind: str
    text: str
    sources: tuple[str, ...] = ()
    marks: tuple[tuple[int, int], ...] = ()
    item_id: str = ""
    issue_id: str = ""
    outcome: str | None = None


@dataclass(frozen=True)
class BundleContent:
    created_at: str = ""
    scores: tuple[ScoreRow, ...] = ()
    panel_scores: tuple[PanelRow, ...] = ()
    recusals: tuple[RecusalRow, ...] = ()
    feedback: tuple[FeedbackRow, ...] = ()
    issue_notes: tuple[IssueNoteRow, ...] = ()
    findings: tuple[FindingRow, ...] = ()


def marks_of(entry: Mapping[str, Any], field: str = "text") -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of a snapshot entry's secret marks on ``field``."""
    return tuple((int(m["start"]), int(m["end"])) for m in entry.get("secret_marks", ())
                 if m.get("field") == field)


def rows_v2(snapshot: Mapping[str, Any]) -> tuple[tuple[IssueNoteRow, ...],
                                                 tuple[FindingRow, ...]]:
    """The issue notes and findings a (version 2) snapshot carries, as rows; () for version 1."""
    notes = tuple(IssueNoteRow(n["applicant_id"], n["issue_id"], n["outcome"], n["text"],
                               marks_of(n)) for n in snapshot.get("issue_notes", ()))
    found = tuple(FindingRow(f["applicant_id"], f["kind"], f["text"], tuple(f["sources"]),
                             marks_of(f), f.get("item_id", ""), f.get("issue_id", ""),
                             f.get("outcome"))
                  for f in snapshot.get("findings", ()))
    return notes, found


def decimal_of(text: str | None) -> Decimal | None:
    """A panel score's text as a finite Decimal; None when absent or not a number."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def time_of(text: str) -> datetime | None:
    """A UTC time text as an aware datetime; None when it cannot be read."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class SheetParts:
    """One applicant's rows gathered: item entries, panel score, consensus rationales."""

    entries: tuple[ItemEntry, ...]
    panel_score: Decimal | None
    rationales: tuple[tuple[str, str], ...]


def sheet_parts(content: BundleContent, consensus: bool) -> dict[str, SheetParts]:
    """applicant id -> the parts of its sheet (a consensus sheet carries the rationale where
    comments go); applicants sorted, entries sorted by item."""
    entries: dict[str, list[ItemEntry]] = defaultdict(list)
    rationales: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for sc in content.scores:
        if consensus:
            entries[sc.applicant_id].append(ItemEntry(sc.item_id, sc.pct))
            rationales[sc.applicant_id].append((sc.item_id, sc.strengths))
        else:
            entries[sc.applicant_id].append(ItemEntry(sc.item_id, sc.pct, sc.strengths,
                                                      sc.improvements))
    panel: dict[str, Decimal | None] = {}
    for ps in content.panel_scores:
        panel.setdefault(ps.applicant_id, decimal_of(ps.score))
    return {aid: SheetParts(tuple(sorted(entries.get(aid, []), key=lambda e: e.item_id)),
                            panel.get(aid), tuple(sorted(rationales.get(aid, []))))
            for aid in sorted(set(entries) | set(panel))}
