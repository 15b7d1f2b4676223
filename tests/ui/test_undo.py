from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.criteria import Framework
from desktop.domain.errors import ScoreValueError
from desktop.ui.models.scorebook_model import InMemoryScoreSink
from desktop.ui.undo import UndoController

A, S = "applicant-1", "onsite"


def test_do_and_undo_both_call_the_service(sink: InMemoryScoreSink,
                                           framework: Framework) -> None:
    undo = UndoController()
    item = framework.items[0].id
    undo.perform("score", lambda: sink.set_pct(A, S, item, 50),
                 lambda: sink.set_pct(A, S, item, None))
    assert sink.scorebook(A, S).entry(item).pct == 50
    undo.stack.undo()
    assert sink.scorebook(A, S).entry(item).pct is None
    undo.stack.redo()
    assert sink.scorebook(A, S).entry(item).pct == 50


def test_a_refused_operation_is_not_recorded(sink: InMemoryScoreSink,
                                             framework: Framework) -> None:
    undo = UndoController()
    item = framework.items[0].id
    with pytest.raises(ScoreValueError):
        undo.perform("score", lambda: sink.set_pct(A, S, item, 37), lambda: None)
    assert undo.stack.count() == 0


def test_rules_rechecked_on_undo_and_a_failure_is_reported(
        qtbot: QtBot, sink: InMemoryScoreSink, framework: Framework) -> None:
    undo = UndoController()
    item = framework.items[0].id
    # an undo that the core refuses (a value off the step) must not crash or change anything
    undo.perform("score", lambda: sink.set_pct(A, S, item, 50),
                 lambda: sink.set_pct(A, S, item, 37))
    with qtbot.waitSignal(undo.failed) as failed:
        undo.stack.undo()
    assert isinstance(failed.args[0], ScoreValueError)
    assert sink.scorebook(A, S).entry(item).pct == 50
    assert undo.stack.count() == 0  # the command that cannot be undone was dropped


def test_final_operations_are_not_undoable_and_cut_the_history(
        qtbot: QtBot, sink: InMemoryScoreSink, framework: Framework) -> None:
    undo = UndoController()
    item = framework.items[0].id
    undo.perform("score", lambda: sink.set_pct(A, S, item, 50),
                 lambda: sink.set_pct(A, S, item, None))
    assert undo.stack.canUndo()
    with qtbot.waitSignal(undo.history_cut) as cut:
        assert undo.perform_final("export", lambda: "bundle.sbk") == "bundle.sbk"
    assert cut.args == ["export"]
    assert not undo.stack.canUndo() and undo.stack.count() == 0
    assert sink.scorebook(A, S).entry(item).pct == 50
