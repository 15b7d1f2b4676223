"""The reviewer's side of the team's findings, in an open case file (``CaseSession``).

* **Comments read back** (``item_comments``, ``applicant_comments``): each line of an item's
  strengths or improvements box is one comment; its factor tag and page citations are read by
  ``desktop.domain.findings.comments_of``, and the scoring guidance's warning
  (``balance_warning``) says when the score's band and the balance of strengths and improvements
  disagree. Reads only: the text is the one ``CaseSession.score_item`` saves.
* **Site-visit issues** (``site_issues``): what the material-review team asked the on-site team
  to verify (核实) or clarify (澄清), received in the panel package, with this reviewer's own
  **issue note** (``note_issue``, ``clear_issue_note``, ``mark_note_secret``): an outcome
  (``Outcome``) and a text. Each edit is one unit of work with its audit row (``issue_note.*``),
  refused on a recused applicant, like the case's other edits. A note's secret marks stay on the
  words they marked when the text changes (dropped when those words are gone), as a comment's do.
  The notes leave in the reviewer's score bundle (``case_export``: ``snapshot.issue_notes``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.findings import (
    MAX_FINDING,
    CommentKind,
    FindingKind,
    Outcome,
    balance_warning,
    comments_of,
)
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.services.case_findings_notes import Marks, note_marks, note_stage_ids
from desktop.services.case_findings_types import ItemComments, SiteIssueView

if TYPE_CHECKING:
    from desktop.services.case import CaseSession

# --- comments --------------------------------------------------------------------------------


def comments_for(case: CaseSession, applicant_id: str, stage_id: str, item_id: str,
                 pct: int | None, strengths: str, improvements: str) -> ItemComments:
    """The comments of texts not saved yet (the window reads what is on screen while typing)."""
    framework = case.framework
    item = framework.item(item_id)
    return ItemComments(applicant_id, stage_id, item_id, item.kind, pct,
                        comments_of(framework, strengths, CommentKind.STRENGTH),
                        comments_of(framework, improvements, CommentKind.IMPROVEMENT),
                        balance_warning(framework, item, pct, strengths, improvements))


def item_comments(case: CaseSession, applicant_id: str, stage_id: str,
                  item_id: str) -> ItemComments:
    """One item's saved comments, read back, with the guidance's warning."""
    case.framework.item(item_id)  # NotFound for an unknown item

    def read(s: Session) -> tuple[int | None, str, str]:
        _applicant(s, applicant_id)
        _stage(s, stage_id)
        row = s.scalars(select(m.Score).filter_by(applicant_id=applicant_id, stage_id=stage_id,
                                                  item_id=item_id)).one_or_none()
        return (None, "", "") if row is None else (row.pct, row.strengths, row.improvements)

    pct, strengths, improvements = case.run(read)
    return comments_for(case, applicant_id, stage_id, item_id, pct, strengths, improvements)


def applicant_comments(case: CaseSession, applicant_id: str,
                       stage_id: str) -> tuple[ItemComments, ...]:
    """Every item of one scorebook that has a score or a comment, in the framework's order."""

    def read(s: Session) -> dict[str, tuple[int | None, str, str]]:
        _applicant(s, applicant_id)
        _stage(s, stage_id)
        return {r.item_id: (r.pct, r.strengths, r.improvements)
                for r in s.scalars(select(m.Score).filter_by(applicant_id=applicant_id,
                                                             stage_id=stage_id))}

    rows = case.run(read)
    return tuple(comments_for(case, applicant_id, stage_id, it.id, *rows[it.id])
                 for it in case.framework.items
                 if it.id in rows and (rows[it.id][0] is not None or any(rows[it.id][1:])))


# --- site-visit issues and the notes on them ------------------------------------------------


class UnknownOutcome(InputRejected):
    def __init__(self, value: object) -> None:
        super().__init__(Msg(N_("Unknown outcome '{value}' (one of: {choices})"),
                             {"value": str(value),
                              "choices": ", ".join(o.value for o in Outcome)}))


class NoteTooLong(InputRejected):
    def __init__(self) -> None:
        super().__init__(Msg(N_("An issue note is longer than {limit} characters"),
                             {"limit": MAX_FINDING}))


def parse_outcome(value: object) -> Outcome:
    if isinstance(value, Outcome):
        return value
    try:
        return Outcome(str(value).strip())
    except ValueError:
        raise UnknownOutcome(value) from None


def site_issues(case: CaseSession, applicant_id: str | None = None,
                item_id: str | None = None) -> tuple[SiteIssueView, ...]:
    """The site-visit issues of the case (of one applicant, of one item), in the order of the
    applicants and the framework's items, each with this reviewer's note."""

    def read(s: Session) -> tuple[SiteIssueView, ...]:
        if applicant_id is not None:
            _applicant(s, applicant_id)
        query = select(m.SiteIssue)
        if applicant_id is not None:
            query = query.filter_by(applicant_id=applicant_id)
        if item_id is not None:
            query = query.filter_by(item_id=item_id)
        return tuple(_view(case, s, row) for row in s.scalars(query))

    order = {it.id: i for i, it in enumerate(case.framework.items)}
    applicants = {a.applicant_id: i for i, a in enumerate(case.applicants())}
    return tuple(sorted(case.run(read), key=lambda v: (applicants.get(v.applicant_id, 0),
                                                       order.get(v.item_id, len(order)),
                                                       v.issue_id)))


def issue_stages(case: CaseSession) -> frozenset[str]:
    """The stages whose scorebooks show the site-visit issues (and whose bundles carry the
    notes): the on-site stages, or every stage when the programme names none so."""
    return frozenset(case.run(note_stage_ids))


def site_issue(case: CaseSession, issue_id: str) -> SiteIssueView:
    return case.run(lambda s: _view(case, s, _issue(s, issue_id)))


def note_issue(case: CaseSession, issue_id: str, outcome: object, text: str, why: str = "",
               marks: Sequence[tuple[int, int]] | None = None) -> SiteIssueView:
    """Record (or change) what this reviewer found about a site-visit issue. ``marks`` None
    keeps the note's secret marks on the words they marked; a sequence replaces them (undo)."""
    chosen = parse_outcome(outcome)
    if len(text) > MAX_FINDING:
        raise NoteTooLong
    wanted = None if marks is None else _checkednote_marks(text, marks)

    def work(s: Session) -> SiteIssueView:
        row = _issue(s, issue_id)
        _not_recused(s, row.applicant_id)
        note = s.get(m.IssueNote, issue_id)
        old = _state(note)
        if note is None:
            note = m.IssueNote(issue_id=issue_id, outcome=chosen.value, text="", marks_json="[]")
            s.add(note)
        kept = wanted if wanted is not None else _follow(note_marks(note), note.text, text)
        new = {"outcome": chosen.value, "text": text, "marks": [list(k) for k in kept]}
        changed = old != new
        if changed:
            note.outcome, note.text = chosen.value, text
            note.marks_json = json.dumps([list(k) for k in kept])
            note.updated_at = utcnow()
            audit.append(s, actor=case.reviewer_id, action="issue_note.set",
                         entity=f"issue:{row.applicant_id}/{issue_id}", old=old, new=new, why=why)
        return _view(case, s, row, changed)

    return case.run(work)


def clear_issue_note(case: CaseSession, issue_id: str, why: str = "") -> SiteIssueView:
    """Remove this reviewer's note on an issue (``changed`` False when there was none)."""

    def work(s: Session) -> SiteIssueView:
        row = _issue(s, issue_id)
        _not_recused(s, row.applicant_id)
        note = s.get(m.IssueNote, issue_id)
        if note is None:
            return _view(case, s, row)
        old = _state(note)
        s.delete(note)
        s.flush()
        audit.append(s, actor=case.reviewer_id, action="issue_note.clear",
                     entity=f"issue:{row.applicant_id}/{issue_id}", old=old, why=why)
        return _view(case, s, row, True)

    return case.run(work)


def mark_note_secret(case: CaseSession, issue_id: str, start: int, end: int,
                     why: str = "") -> SiteIssueView:
    """Mark ``note[start:end]`` as repeating a declared trade or technical secret."""

    def work(s: Session) -> SiteIssueView:
        row = _issue(s, issue_id)
        _not_recused(s, row.applicant_id)
        note = s.get(m.IssueNote, issue_id)
        text = "" if note is None else note.text
        if note is None or not 0 <= start < end <= len(text):
            raise InputRejected(Msg(N_("The span {start}–{end} lies outside the note ({length} "
                                       "characters)"),
                                    {"start": start, "end": end, "length": len(text)}))
        have = note_marks(note)
        if (start, end) in have:
            return _view(case, s, row)
        note.marks_json = json.dumps([list(k) for k in sorted({*have, (start, end)})])
        note.updated_at = utcnow()
        audit.append(s, actor=case.reviewer_id, action="issue_note.mark",
                     entity=f"issue:{row.applicant_id}/{issue_id}",
                     new={"start": start, "end": end}, why=why)
        return _view(case, s, row, True)

    return case.run(work)


# --- helpers ---------------------------------------------------------------------------------


def _applicant(s: Session, applicant_id: str) -> m.Applicant:
    row = s.get(m.Applicant, applicant_id)
    if row is None:
        raise NotFound(Msg(N_("No applicant '{applicant}' in this case"),
                           {"applicant": applicant_id}))
    return row


def _stage(s: Session, stage_id: str) -> None:
    if s.get(m.Stage, stage_id) is None:
        raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))


def _not_recused(s: Session, applicant_id: str) -> None:
    applicant = _applicant(s, applicant_id)
    if s.get(m.Recusal, applicant_id) is not None:
        raise RuleViolation(Msg(N_("You recused yourself from {applicant}: its scorebook is "
                                   "locked"), {"applicant": applicant.name}))


def _issue(s: Session, issue_id: str) -> m.SiteIssue:
    row = s.get(m.SiteIssue, issue_id.strip())
    if row is None:
        raise NotFound(Msg(N_("No site-visit issue '{issue}' in this case"), {"issue": issue_id}))
    return row


def _checkednote_marks(text: str, marks: Sequence[tuple[int, int]]) -> Marks:
    for start, end in marks:
        if not 0 <= start < end <= len(text):
            raise InputRejected(Msg(N_("The span {start}–{end} lies outside the note ({length} "
                                       "characters)"),
                                    {"start": start, "end": end, "length": len(text)}))
    return tuple(sorted(set(marks)))


def _follow(marks: Marks, before: str, after: str) -> Marks:
    """Each mark on the words it marked: same place, else where they moved, else dropped."""
    kept: set[tuple[int, int]] = set()
    for start, end in marks:
        span = before[start:end]
        if after[start:end] == span:
            kept.add((start, end))
            continue
        moved = after.find(span) if span else -1
        if moved >= 0:
            kept.add((moved, moved + len(span)))
    return tuple(sorted(kept))


def _state(note: m.IssueNote | None) -> dict[str, object] | None:
    if note is None:
        return None
    return {"outcome": note.outcome, "text": note.text,
            "marks": [list(k) for k in note_marks(note)]}


def _view(case: CaseSession, s: Session, row: m.SiteIssue, changed: bool = False
          ) -> SiteIssueView:
    applicant = _applicant(s, row.applicant_id)
    note = s.get(m.IssueNote, row.issue_id)
    fw = case.framework
    item = fw.item(row.item_id) if fw.has_item(row.item_id) else None
    return SiteIssueView(
        row.issue_id, row.applicant_id, applicant.name, row.item_id,
        item.name_zh if item else "", item.name_en if item else "",
        item.name_mn if item else None, FindingKind(row.kind), row.text,
        None if note is None else Outcome(note.outcome), "" if note is None else note.text,
        note_marks(note), s.get(m.Recusal, row.applicant_id) is not None, changed)


__all__ = ["NoteTooLong", "UnknownOutcome", "applicant_comments", "clear_issue_note",
           "comments_for", "issue_stages", "item_comments", "mark_note_secret",
           "note_issue", "parse_outcome", "site_issue", "site_issues"]
