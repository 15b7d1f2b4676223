"""The scorebook model's ``ScoreSink`` over an open ``CaseSession``: no query of its own.

Every edit is one call of ``case_edits`` (a committed, audited transaction; the rules are checked
by the core), which records it in the case's own undo history and returns the item as saved with
the sheet's derived scores (``SheetUpdate``) and what changed. Undo and redo are the core's:
they put back the item with its comments and their secret marks exactly as they were.
"""

from __future__ import annotations

from desktop.domain.scoring import ItemEntry, Scorebook
from desktop.services import case_edits as edits
from desktop.services.case import CaseSession
from desktop.services.case_types import MarkView, ScoreView
from desktop.services.changes import Changed, SheetUpdate


class CaseScoreSink:
    """``ScoreSink`` over the case services: each edit is a committed transaction."""

    records_undo = True  # the core records each edit for undo (``UndoController.record``)

    def __init__(self, case: CaseSession) -> None:
        self.case = case

    def views(self, applicant: str, stage: str) -> dict[str, ScoreView]:
        return {v.item_id: v for v in self.case.scores(applicant, stage)}

    def scorebook(self, applicant: str, stage: str) -> Scorebook:
        entries = {v.item_id: ItemEntry(v.item_id, v.pct, v.strengths, v.improvements)
                   for v in self.case.scores(applicant, stage)}
        return Scorebook(self.case.framework, applicant, stage, self.case.reviewer_id, entries)

    def marks(self, applicant: str, stage: str, item: str) -> tuple[MarkView, ...]:
        view = self.views(applicant, stage).get(item)
        return () if view is None else view.marks

    def set_pct(self, applicant: str, stage: str, item: str,
                pct: int | None) -> Changed[SheetUpdate]:
        return edits.set_pct(self.case, applicant, stage, item, pct)

    def set_comments(self, applicant: str, stage: str, item: str, strengths: str,
                     improvements: str) -> Changed[SheetUpdate]:
        return edits.set_comments(self.case, applicant, stage, item, strengths, improvements)
