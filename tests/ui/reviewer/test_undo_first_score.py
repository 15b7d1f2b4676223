"""Undo and redo of the first score an item is given, clearing with Delete, and an undo the core
refuses shown where the reviewer is looking: real widgets on a real, encrypted case file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.case import CaseSession, open_case
from desktop.services.catalogue import framework as _fw
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import Col
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.views.scorebook_view import ScorebookView
from tests.ui.helpers import key_click, type_in_cell
from tests.ui.reviewer.world import PASSPHRASE, Team, open_scorebook

FIRST, SECOND = (i.id for i in _fw().items[:2])


def _open(qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
          tmp_path: Path) -> tuple[ScorebookView, CaseSession]:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    assert controller.case is not None
    return view, controller.case


def _cell(view: ScorebookView, item_id: str) -> str:
    return str(view.model.index(view.model.row_of(item_id), Col.PCT).data())


def _pcts(case: CaseSession) -> dict[str, int | None]:
    return {v.item_id: v.pct for v in case.scores("A001", "onsite")}


def _scored(controller: ReviewerController) -> str:
    assert controller.applicants is not None
    return str(controller.applicants.model.index(0, 1).data())


def test_undo_and_redo_of_a_first_score(qtbot: QtBot, window: MainWindow,
                                        controller: ReviewerController, team: Team,
                                        tmp_path: Path) -> None:
    view, case = _open(qtbot, window, controller, team, tmp_path)
    before = case.audit_count()
    with qtbot.waitSignal(view.model.committed):
        type_in_cell(qtbot, view.table, "70")
    assert _cell(view, FIRST) == "70%" and _pcts(case) == {FIRST: 70}
    assert _scored(controller) == "1/23 scored"
    assert window.act_undo.isEnabled()

    with qtbot.waitSignal(view.model.committed):
        window.act_undo.trigger()
    assert _cell(view, FIRST) == ""  # blank again
    assert _pcts(case) == {FIRST: None}  # the case file has no percentage for it
    assert view.message_label.text() == ""
    assert _scored(controller) == "0/23 scored"
    assert case.audit_count() == before + 2  # the score and its (audited) clearing
    assert window.act_redo.isEnabled()

    with qtbot.waitSignal(view.model.committed):
        window.act_redo.trigger()
    assert _cell(view, FIRST) == "70%" and _pcts(case) == {FIRST: 70}
    assert _scored(controller) == "1/23 scored"
    assert case.verify_audit().ok

    # Delete clears a saved percentage in the window too; undo puts it back
    view.table.setCurrentIndex(view.model.index(view.model.row_of(FIRST), Col.PCT))
    with qtbot.waitSignal(view.model.committed):
        key_click(view.table, Qt.Key.Key_Delete)
    assert _cell(view, FIRST) == "" and _pcts(case) == {FIRST: None}
    with qtbot.waitSignal(view.model.committed):
        window.act_undo.trigger()
    assert _cell(view, FIRST) == "70%"
    controller.close()
    with open_case(tmp_path / "case", PASSPHRASE) as again:
        assert {v.item_id: v.pct for v in again.scores("A001", "onsite")} == {FIRST: 70}


def test_an_undo_the_core_refuses_is_shown(qtbot: QtBot, window: MainWindow,
                                           controller: ReviewerController, team: Team,
                                           tmp_path: Path) -> None:
    view, case = _open(qtbot, window, controller, team, tmp_path)
    with qtbot.waitSignal(view.model.committed):
        type_in_cell(qtbot, view.table, "70")
    case.recuse("A001", "employment", "former employer")  # the scorebook locks for good
    controller.refresh_applicants()
    assert window.current_page() == "scorebook"
    with qtbot.waitSignal(window.undo.failed) as failed:
        window.act_undo.trigger()
    assert "recused" in str(failed.args[0])
    shown = view.message_label.text()
    assert "recused" in shown and view.message_label.isVisible()
    assert "recused" in window.statusBar().currentMessage()
    assert _cell(view, FIRST) == "70%" and _pcts(case) == {FIRST: 70}  # nothing changed
    assert not window.undo.stack.canUndo()  # the refused command was dropped
