"""Edit › Undo over the case file is the core's: Ctrl+Z and Ctrl+Shift+Z in the scoring page
call the case services' undo and redo (audited both ways) and the menu shows their labels; a
score edit updates the table from what the core returned, without reading the sheet again; the
changes of an undo reach the other pages through the controller. Real widgets on a real,
encrypted case file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import case as cm
from desktop.services import case_undo
from desktop.services.case import CaseSession
from desktop.services.catalogue import framework as _fw
from desktop.services.changes import CaseChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import Col
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.helpers import type_in_cell
from tests.ui.reviewer.world import Team, open_scorebook

FIRST = _fw().items[0].id


def _actions(case: CaseSession) -> list[str]:
    return case.run(lambda s: list(s.scalars(select(cm.AuditEntry.action)
                                             .order_by(cm.AuditEntry.seq))))


def _cell(view: object, item_id: str, col: Col = Col.PCT) -> str:
    model = view.model  # type: ignore[attr-defined]
    return str(model.index(model.row_of(item_id), col).data())


def test_ctrl_z_and_ctrl_shift_z_call_the_core(qtbot: QtBot, window: MainWindow,
                                               controller: ReviewerController, team: Team,
                                               tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    case = controller.case
    assert case is not None
    history = case_undo.history(case)
    with qtbot.waitSignal(view.model.committed):
        type_in_cell(qtbot, view.table, "70")
    assert history.can_undo and history.undo_label is not None
    assert window.act_undo.text().replace("&", "") == f"Undo Score {FIRST}"
    changes: list[object] = []
    window.undo.applied.connect(changes.append)

    view.table.setFocus()
    with qtbot.waitSignal(view.model.committed):
        QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _cell(view, FIRST) == ""
    assert not history.can_undo and history.can_redo  # the core's history moved
    assert _actions(case)[-1] == "score.undo"
    [undone] = changes
    assert isinstance(undone, CaseChanges) and undone.undone and undone.scores
    assert window.act_redo.text().replace("&", "") == f"Redo Score {FIRST}"

    with qtbot.waitSignal(view.model.committed):
        QTest.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert _cell(view, FIRST) == "70%"
    assert history.can_undo and not history.can_redo
    assert _actions(case)[-1] == "score.redo"
    assert controller.applicants is not None  # the other pages got the changes too
    assert controller.applicants.model.index(0, 1).data() == "1/23 scored"
    assert case.verify_audit().ok


def test_a_score_edit_updates_the_table_without_reading_the_sheet(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    assert controller.sink is not None
    reads: list[str] = []
    sink = controller.sink
    real_scorebook, real_views = sink.scorebook, sink.views

    def scorebook(*args: str) -> object:
        reads.append("scorebook")
        return real_scorebook(*args)

    def views(*args: str) -> object:
        reads.append("views")
        return real_views(*args)

    sink.scorebook = scorebook  # type: ignore[method-assign,assignment]
    sink.views = views  # type: ignore[method-assign,assignment]
    with qtbot.waitSignal(view.model.committed):
        type_in_cell(qtbot, view.table, "80")
    assert "scorebook" not in reads  # the table did not read the sheet again: the core
    # returned it (the comment boxes read the item's secret marks, ``views``, for themselves)
    points = _fw().item(FIRST).points
    assert _cell(view, FIRST) == "80%"
    assert view.model.scorebook.entry(FIRST).pct == 80 and points > 0
    assert view.model.total() == view.model.scorebook.summary().total > 0
