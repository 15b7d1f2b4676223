"""The scorebook model's ``ScoreSink`` over an open ``CaseSession``: no query of its own.

Every edit is one service call (one committed, audited transaction; the rules are checked by the
core each time, so undo and redo are checked too): a percentage is set by ``score_item`` and
cleared by ``clear_score`` (undoing the first score given to an item clears it again).

A comment's secret marks belong to its text: when an edit drops them (the marked words were
deleted), the sink remembers which marks that text had, and when an undo or redo brings the same
text back, the marks come back with it (each one a ``mark_secret`` call, audited like the rest).
"""

from __future__ import annotations

from desktop.domain.scoring import ItemEntry, Scorebook
from desktop.services.case import CaseSession
from desktop.services.case_types import MarkView, ScoreView


class CaseScoreSink:
    """``ScoreSink`` over the case services: each edit is a committed transaction."""

    def __init__(self, case: CaseSession) -> None:
        self.case = case
        self.last: ScoreView | None = None
        # (applicant, stage, item, strengths, improvements) -> the marks that text had
        self._marks_of: dict[tuple[str, str, str, str, str], tuple[MarkView, ...]] = {}

    def views(self, applicant: str, stage: str) -> dict[str, ScoreView]:
        return {v.item_id: v for v in self.case.scores(applicant, stage)}

    def scorebook(self, applicant: str, stage: str) -> Scorebook:
        entries = {v.item_id: ItemEntry(v.item_id, v.pct, v.strengths, v.improvements)
                   for v in self.case.scores(applicant, stage)}
        return Scorebook(self.case.framework, applicant, stage, self.case.reviewer_id, entries)

    def marks(self, applicant: str, stage: str, item: str) -> tuple[MarkView, ...]:
        view = self.views(applicant, stage).get(item)
        return () if view is None else view.marks

    def set_pct(self, applicant: str, stage: str, item: str, pct: int | None) -> None:
        if pct is None:
            self.last = self.case.clear_score(applicant, stage, item)
        else:
            self.last = self.case.score_item(applicant, stage, item, pct)

    def set_comments(self, applicant: str, stage: str, item: str, strengths: str,
                     improvements: str) -> None:
        before = self.views(applicant, stage).get(item)
        if before is not None and before.marks:
            key = (applicant, stage, item, before.strengths, before.improvements)
            self._marks_of[key] = before.marks
        self.last = self.case.score_item(applicant, stage, item, None, strengths, improvements)
        wanted = self._marks_of.get((applicant, stage, item, strengths, improvements), ())
        have = {(k.field, k.start, k.end) for k in self.last.marks}
        texts = {"strengths": strengths, "improvements": improvements}
        missing = [k for k in wanted if (k.field, k.start, k.end) not in have
                   and k.end <= len(texts.get(k.field, ""))]
        for mark in missing:
            self.case.mark_secret(applicant, stage, item, mark.field, mark.start, mark.end)
        if missing:
            self.last = self.views(applicant, stage).get(item, self.last)
