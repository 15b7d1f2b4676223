"""Undo and redo of the case file's edits in the core (``case_undo``, ``case_edits``), on real
SQLCipher case files made from real signed packages: each edit undone and redone, the audit
chain verified with both directions in it, an export ending the history, a refused undo leaving
everything as it was; score edits return the sheet's derived scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.errors import RuleViolation
from desktop.domain.scoring import FormKind
from desktop.models import case as cm
from desktop.services import case_edits as edits
from desktop.services import case_findings as cf
from desktop.services import case_material_marks as passages
from desktop.services.case import CaseSession
from desktop.services.case_undo import NothingToUndo, StepChanged, history
from tests.models.case_world import SECRET
from tests.services.findings_world import issues_world

A, ST, IT = "A001", "onsite", "4.1.2"
ISSUE = "SI-0a1b2c3d4e"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[CaseSession]:
    with issues_world(tmp_path).create(tmp_path / "case") as opened:
        yield opened


def _actions(case: CaseSession) -> list[str]:
    return case.run(lambda s: list(s.scalars(select(cm.AuditEntry.action)
                                             .order_by(cm.AuditEntry.seq))))


def _row(case: CaseSession) -> tuple[int | None, str, str] | None:
    views = {v.item_id: v for v in case.scores(A, ST)}
    v = views.get(IT)
    got = None if v is None else (v.pct, v.strengths, v.improvements)
    return None if got == (None, "", "") else got  # an emptied row: nothing there


def test_a_first_score_a_change_and_a_clear_undo_and_redo(case: CaseSession) -> None:
    h = history(case)
    assert not h.can_undo and not h.can_redo and h.undo_label is None
    first = edits.set_pct(case, A, ST, IT, 60)
    assert first.changes.scores and first.changes.applicant_id == A and first.step
    assert first.result.entry.pct == 60
    points = case.framework.item(IT).points
    assert first.result.summary.item_scores[IT] == Decimal(points) * Decimal("0.60")
    category = case.framework.item(IT).category
    assert first.result.summary.category_subtotals[category] == first.result.summary.total
    edits.set_pct(case, A, ST, IT, 80)
    edits.set_pct(case, A, ST, IT, None)  # a clear is an edit like any other
    assert _row(case) is None
    assert h.undo_label is not None and h.undo_label.render() == "Clear the score of 4.1.2"
    undone = h.undo()
    assert undone.changes.scores and _row(case) == (80, "", "")
    h.undo()
    assert _row(case) == (60, "", "")
    h.undo()  # the first score: nothing was there
    assert _row(case) is None and not h.can_undo
    assert h.redo_label is not None and h.redo_label.render() == "Score 4.1.2"
    h.redo()
    h.redo()
    assert _row(case) == (80, "", "")
    h.redo()
    assert _row(case) is None and not h.can_redo
    actions = _actions(case)
    assert actions.count("score.undo") == 3 and actions.count("score.redo") == 3
    assert "score.clear" in actions
    assert case.verify_audit().ok
    with pytest.raises(NothingToUndo):
        h.redo()


def test_comments_and_their_secret_marks_undo_and_redo(case: CaseSession) -> None:
    h = history(case)
    text = f"工艺 {SECRET} 已查看"
    done = edits.set_comments(case, A, ST, IT, text, "缺少对标")
    assert done.changes.comments and done.result.entry.strengths == text
    start = text.index(SECRET)
    marked = edits.mark_secret(case, A, ST, IT, "strengths", start, start + len(SECRET))
    assert marked.changes.marks and len(marked.result.marks) == 1
    edits.set_comments(case, A, ST, IT, "改写了", "缺少对标")  # the marked words are gone
    assert case.scores(A, ST)[0].marks == ()
    h.undo()  # the text and its mark come back together
    view = case.scores(A, ST)[0]
    assert view.strengths == text and len(view.marks) == 1
    h.undo()  # the mark alone
    assert case.scores(A, ST)[0].marks == ()
    h.undo()
    assert _row(case) is None
    h.redo()
    h.redo()
    assert len(case.scores(A, ST)[0].marks) == 1
    assert {"score.undo", "score.redo", "secret.mark"} <= set(_actions(case))
    assert case.verify_audit().ok


def test_an_issue_note_and_a_material_passage_undo_and_redo(case: CaseSession) -> None:
    h = history(case)
    edits.note_issue(case, ISSUE, "confirmed", "走访记录齐全")
    edits.note_issue(case, ISSUE, "not_confirmed", "部分齐全")
    h.undo()
    assert cf.site_issue(case, ISSUE).note == "走访记录齐全"
    h.undo()
    assert cf.site_issue(case, ISSUE).outcome is None
    h.redo()
    assert cf.site_issue(case, ISSUE).note == "走访记录齐全"
    edits.clear_issue_note(case, ISSUE)
    assert not h.can_redo  # a new edit drops what was undone
    h.undo()
    assert cf.site_issue(case, ISSUE).note == "走访记录齐全"
    material = next(m for m in case.materials(A) if m.kind == "text" and m.body)
    mark = edits.mark_passage(case, A, material.material_id, 0, min(6, len(material.body)))
    assert mark.changes.material_marks
    assert len(passages.passage_marks(case, A, material.material_id)) == 1
    h.undo()
    assert passages.passage_marks(case, A, material.material_id) == []
    h.redo()
    [kept] = passages.passage_marks(case, A, material.material_id)
    edits.unmark_passage(case, A, material.material_id, kept.mark_id)
    h.undo()
    assert len(passages.passage_marks(case, A, material.material_id)) == 1
    actions = set(_actions(case))
    assert {"issue_note.undo", "issue_note.redo", "material_passages.undo",
            "material_passages.redo"} <= actions
    assert case.verify_audit().ok


def test_a_refused_undo_leaves_everything_intact(case: CaseSession) -> None:
    h = history(case)
    edits.set_pct(case, A, ST, IT, 60)
    case.score_item(A, ST, IT, 70)  # changed another way (not through the history)
    rows = case.audit_count()
    with pytest.raises(StepChanged):
        h.undo()
    assert _row(case) == (70, "", "") and case.audit_count() == rows and h.can_undo
    case.score_item(A, ST, IT, 60)
    edits.recuse(case, A, "other", "我曾为该单位提供咨询")
    rows = case.audit_count()
    with pytest.raises(RuleViolation):
        h.undo()  # the scorebook is locked for good
    assert _row(case) == (60, "", "") and case.audit_count() == rows and h.can_undo
    with pytest.raises(NothingToUndo):
        h.undo(expect=-1)  # the window expected another step: nothing is done
    assert case.verify_audit().ok


def test_an_export_ends_the_history(case: CaseSession, tmp_path: Path) -> None:
    h = history(case)
    edits.set_pct(case, "A002", ST, IT, 60)
    edits.set_pct(case, "A002", ST, IT, 65)
    h.undo()
    assert h.can_undo and h.can_redo
    usb = tmp_path / "usb"
    usb.mkdir()
    case.export_bundle(usb)
    assert not h.can_undo and not h.can_redo
    with pytest.raises(NothingToUndo):
        h.undo()


def test_a_panel_score_undoes(case: CaseSession) -> None:
    panel = next((s for s in case.stages() if s.form is FormKind.PANEL_SCORE), None)
    if panel is None:
        pytest.skip("this package has no panel-score stage")
    h = history(case)
    edits.set_panel_score(case, A, panel.stage_id, panel.max_points or 10)
    h.undo()
    assert case.run(lambda s: s.scalars(select(cm.PanelScore)).first()) is None
    h.redo()
    assert case.run(lambda s: s.scalars(select(cm.PanelScore)).first()) is not None
