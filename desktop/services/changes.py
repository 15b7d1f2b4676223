"""What an operation on the case file changed: one flag per area a page may show.

Modelled on Anki's ``OpChanges``: every edit of the case file returns its result together with a
``CaseChanges`` (``Changed``); undo and redo return one too. The window hands the value to its
pages in one place, and each page decides for itself whether it has anything to redraw, so no
page re-reads what did not change and none emits "changed" by hand. Score edits return a
``SheetUpdate``: the item as saved and the sheet's derived scores (item score, category
subtotals, total), so the score table updates without reading the sheet again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Generic, TypeVar

from desktop.domain.scoring import ItemEntry, ScoreSummary
from desktop.services.case_types import MarkView

T = TypeVar("T")


@dataclass(frozen=True)
class CaseChanges:
    """Which areas an operation touched (all False: nothing changed). ``applicant_id`` and
    ``stage_id`` name the sheet a score edit touched, when there is one."""

    scores: bool = False
    comments: bool = False
    marks: bool = False
    panel_scores: bool = False
    recusals: bool = False
    issue_notes: bool = False
    material_marks: bool = False
    findings: bool = False  # the team leader's consolidated findings
    consensus: bool = False  # the team leader's consensus entries
    exports: bool = False
    materials: bool = False
    settings: bool = False
    history: bool = False  # what undo and redo offer changed
    undone: bool = False  # made by an undo or a redo (the page that made an edit shows it
    # already; after an undo or a redo every page showing the area reads it again)
    applicant_id: str | None = None
    stage_id: str | None = None

    def __or__(self, other: CaseChanges) -> CaseChanges:
        flags = {f.name: getattr(self, f.name) or getattr(other, f.name)
                 for f in fields(self) if f.type in ("bool", bool)}
        same = self.applicant_id == other.applicant_id and self.stage_id == other.stage_id
        return replace(self, **flags, applicant_id=self.applicant_id if same else None,
                       stage_id=self.stage_id if same else None)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.type in ("bool", bool)
                   and f.name not in ("history", "undone"))

    @property
    def sheet(self) -> bool:
        """A scorebook sheet changed (a percentage, a comment or a comment's secret mark)."""
        return self.scores or self.comments or self.marks


NOTHING = CaseChanges()


@dataclass(frozen=True)
class Changed(Generic[T]):
    """An operation's result and what it changed; ``step`` is the undo step it recorded (None:
    nothing was recorded, e.g. the value was already there)."""

    result: T
    changes: CaseChanges
    step: int | None = None


@dataclass(frozen=True)
class SheetUpdate:
    """A score edit's outcome: the item as saved, its comments' secret marks, and the derived
    scores of the whole sheet (computed by the core in the edit's own transaction)."""

    applicant_id: str
    stage_id: str
    entry: ItemEntry
    marks: tuple[MarkView, ...]
    summary: ScoreSummary


__all__ = ["NOTHING", "CaseChanges", "Changed", "SheetUpdate"]
