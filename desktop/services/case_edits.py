"""The case file's edits as the window makes them: each returns its result and what changed
(``Changed``), and each is recorded for undo (``case_undo``).

The rules and the audit rows are those of the edit's own service (``CaseSession.score_item``,
``case_findings.note_issue``, ``case_material_marks.mark_passage`` …); this module reads the
state the edit replaces, records the step, and for a score edit computes the sheet's derived
scores (``SheetUpdate``) in the edit's wake, so the table needs no read of its own. A recusal
is not undoable: the rules lock the applicant's scorebook for good (there is no withdrawal);
it is returned with its changes like the rest.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import ItemEntry, summarise
from desktop.services import case_findings as findings
from desktop.services import case_material_marks as passages
from desktop.services import case_reads as reads
from desktop.services.case import CaseSession
from desktop.services.case_findings_types import SiteIssueView
from desktop.services.case_types import SecretRegion
from desktop.services.case_undo import Key, history
from desktop.services.changes import CaseChanges, Changed, SheetUpdate


def _sheet(case: CaseSession, s: Session, applicant: str, stage: str, item: str
           ) -> SheetUpdate:
    views = reads.scores(s, case.framework, applicant, stage)
    entries = [ItemEntry(v.item_id, v.pct, v.strengths, v.improvements) for v in views]
    mine = next((v for v in views if v.item_id == item), None)
    entry = next((e for e in entries if e.item_id == item), ItemEntry(item))
    return SheetUpdate(applicant, stage, entry, () if mine is None else mine.marks,
                       summarise(case.framework, entries))


def _score_edit(case: CaseSession, applicant: str, stage: str, item: str, label: Msg,
                changes: CaseChanges, edit: object) -> Changed[SheetUpdate]:
    key: Key = (applicant, stage, item)
    h = history(case)
    before = case.run(lambda s: h.read(s, "score", key))
    edit()  # type: ignore[operator]

    def after(s: Session) -> tuple[SheetUpdate, int | None]:
        return _sheet(case, s, applicant, stage, item), h.record(s, "score", key, before, label,
                                                                 changes)
    update, step = case.run(after)
    return Changed(update, changes if step is not None else CaseChanges(), step)


def set_pct(case: CaseSession, applicant: str, stage: str, item: str,
            pct: object) -> Changed[SheetUpdate]:
    """Give an item its percentage, or clear it (``pct`` None: audited as ``score.clear``)."""
    changes = CaseChanges(scores=True, history=True, applicant_id=applicant, stage_id=stage)
    if pct is None:
        return _score_edit(case, applicant, stage, item,
                           Msg(N_("Clear the score of {item}"), {"item": item}), changes,
                           lambda: case.clear_score(applicant, stage, item))
    return _score_edit(case, applicant, stage, item, Msg(N_("Score {item}"), {"item": item}),
                       changes, lambda: case.score_item(applicant, stage, item, pct))


def set_comments(case: CaseSession, applicant: str, stage: str, item: str, strengths: str,
                 improvements: str) -> Changed[SheetUpdate]:
    """Both comments of an item (its secret marks follow the words they marked)."""
    changes = CaseChanges(comments=True, marks=True, history=True, applicant_id=applicant,
                          stage_id=stage)
    return _score_edit(case, applicant, stage, item,
                       Msg(N_("Comments on {item}"), {"item": item}), changes,
                       lambda: case.score_item(applicant, stage, item, None, strengths,
                                               improvements))


def mark_secret(case: CaseSession, applicant: str, stage: str, item: str, field: str,
                start: int, end: int) -> Changed[SheetUpdate]:
    """Mark a span of a comment as repeating a declared secret."""
    changes = CaseChanges(marks=True, history=True, applicant_id=applicant, stage_id=stage)
    return _score_edit(case, applicant, stage, item,
                       Msg(N_("Mark a secret in the comments on {item}"), {"item": item}),
                       changes, lambda: case.mark_secret(applicant, stage, item, field, start,
                                                         end))


def set_panel_score(case: CaseSession, applicant: str, stage: str,
                    value: object) -> Changed[Decimal]:
    key: Key = (applicant, stage)
    h = history(case)
    before = case.run(lambda s: h.read(s, "panel_score", key))
    score = case.set_panel_score(applicant, stage, value)
    changes = CaseChanges(panel_scores=True, history=True, applicant_id=applicant,
                          stage_id=stage)
    step = case.run(lambda s: h.record(s, "panel_score", key, before,
                                       Msg(N_("Panel score")), changes))
    return Changed(score, changes if step is not None else CaseChanges(), step)


def recuse(case: CaseSession, applicant: str, reason: str, text: str) -> Changed[None]:
    """Declare a conflict (not undoable: the scorebook locks for good)."""
    case.recuse(applicant, reason, text)
    return Changed(None, CaseChanges(recusals=True, scores=True, issue_notes=True,
                                     applicant_id=applicant))


# --- site-visit issues -------------------------------------------------------------------------


def _note_edit(case: CaseSession, issue_id: str, label: Msg, edit: object
               ) -> Changed[SiteIssueView]:
    h = history(case)
    applicant = findings.site_issue(case, issue_id).applicant_id
    key: Key = (applicant, issue_id)
    before = case.run(lambda s: h.read(s, "issue_note", key))
    view: SiteIssueView = edit()  # type: ignore[operator]
    changes = CaseChanges(issue_notes=True, history=True, applicant_id=applicant)
    step = case.run(lambda s: h.record(s, "issue_note", key, before, label, changes))
    return Changed(view, changes if step is not None else CaseChanges(), step)


def note_issue(case: CaseSession, issue_id: str, outcome: object, text: str
               ) -> Changed[SiteIssueView]:
    return _note_edit(case, issue_id, Msg(N_("Note on site-visit issue")),
                      lambda: findings.note_issue(case, issue_id, outcome, text))


def clear_issue_note(case: CaseSession, issue_id: str) -> Changed[SiteIssueView]:
    return _note_edit(case, issue_id, Msg(N_("Clear the note on a site-visit issue")),
                      lambda: findings.clear_issue_note(case, issue_id))


def mark_note_secret(case: CaseSession, issue_id: str, start: int, end: int
                     ) -> Changed[SiteIssueView]:
    return _note_edit(case, issue_id, Msg(N_("Mark a secret in a note on a site-visit issue")),
                      lambda: findings.mark_note_secret(case, issue_id, start, end))


# --- the materials' secret passages and regions ------------------------------------------------


def _material_edit(case: CaseSession, kind: str, key: Key, label: Msg, edit: object
                   ) -> Changed[object]:
    h = history(case)
    before = case.run(lambda s: h.read(s, kind, key))
    result = edit()  # type: ignore[operator]
    changes = CaseChanges(material_marks=True, history=True, applicant_id=key[0])
    step = case.run(lambda s: h.record(s, kind, key, before, label, changes))
    return Changed(result, changes if step is not None else CaseChanges(), step)


def mark_passage(case: CaseSession, applicant: str, material_id: str, start: int,
                 end: int) -> Changed[object]:
    return _material_edit(case, "material_passages", (applicant, material_id),
                          Msg(N_("Mark a passage of the material as secret")),
                          lambda: passages.mark_passage(case, applicant, material_id, start,
                                                        end))


def unmark_passage(case: CaseSession, applicant: str, material_id: str,
                   mark_id: int) -> Changed[object]:
    return _material_edit(case, "material_passages", (applicant, material_id),
                          Msg(N_("Remove a secret mark from the material")),
                          lambda: passages.unmark_passage(case, applicant, mark_id))


def mark_region(case: CaseSession, applicant: str, material_id: str, page: int, x0: float,
                y0: float, x1: float, y1: float) -> Changed[SecretRegion]:
    done = _material_edit(case, "secret_regions", (applicant, material_id),
                          Msg(N_("Mark a secret region")),
                          lambda: case.mark_secret_region(material_id, page, x0, y0, x1, y1))
    assert isinstance(done.result, SecretRegion)
    return Changed(done.result, done.changes, done.step)


def unmark_region(case: CaseSession, applicant: str, material_id: str,
                  region_id: int) -> Changed[object]:
    return _material_edit(case, "secret_regions", (applicant, material_id),
                          Msg(N_("Remove a secret region")),
                          lambda: case.unmark_secret_region(region_id))


__all__ = ["clear_issue_note", "mark_note_secret", "mark_passage", "mark_region", "mark_secret",
           "note_issue", "recuse", "set_comments", "set_panel_score", "set_pct",
           "unmark_passage", "unmark_region"]
