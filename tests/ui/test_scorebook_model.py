from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.criteria import Framework
from desktop.i18n import set_language
from desktop.ui.models.scorebook_model import (
    ITEM_ID_ROLE,
    Col,
    InMemoryScoreSink,
    RowKind,
    ScorebookModel,
)
from desktop.ui.undo import UndoController
from tests.ui.helpers import check_model

A, S = "applicant-1", "onsite"


def _model(sink: InMemoryScoreSink, undo: UndoController | None = None) -> ScorebookModel:
    return ScorebookModel(sink, A, S, undo=undo)


def test_model_tester_passes_before_and_after_edits(qtmodeltester: object,
                                                     sink: InMemoryScoreSink,
                                                     framework: Framework) -> None:
    model = _model(sink)
    check_model(qtmodeltester, model)
    assert model.set_pct(framework.items[0].id, "70")
    check_model(qtmodeltester, model)


def test_rows_are_items_grouped_with_subtotals_and_a_total(sink: InMemoryScoreSink,
                                                           framework: Framework) -> None:
    model = _model(sink)
    kinds = [model.row_kind(r) for r in range(model.rowCount())]
    assert kinds.count(RowKind.ITEM) == len(framework.items) == 23
    assert kinds.count(RowKind.SUBTOTAL) == len(framework.categories)
    assert kinds[-1] is RowKind.TOTAL and kinds.count(RowKind.TOTAL) == 1
    first_subtotal = kinds.index(RowKind.SUBTOTAL)
    first_items = [model.item_at(r) for r in range(first_subtotal)]
    assert {it.category for it in first_items if it} == {framework.categories[0].id}
    assert None not in first_items
    assert model.columnCount() == len(Col) == 6


def test_edit_commits_through_the_sink_and_updates_score_subtotal_and_total(
        qtbot: QtBot, sink: InMemoryScoreSink, framework: Framework) -> None:
    model = _model(sink)
    item = framework.items[0]
    row = model.row_of(item.id)
    with qtbot.waitSignal(model.total_changed) as total:
        assert model.setData(model.index(row, Col.PCT), "70", Qt.ItemDataRole.EditRole)
    expected = Decimal(item.points) * 70 / 100
    assert sink.scorebook(A, S).entry(item.id).pct == 70
    assert model.total() == expected
    assert str(expected.quantize(Decimal("0.01"))) in total.args[0]
    assert model.index(row, Col.SCORE).data() == str(expected.quantize(Decimal("0.01")))
    assert model.index(row, Col.BAND).data() == str(framework.band_of(70).number)
    subtotal_row = next(r for r in range(row, model.rowCount())
                        if model.row_kind(r) is RowKind.SUBTOTAL)
    assert Decimal(model.index(subtotal_row, Col.SCORE).data()) == expected


def test_invalid_value_is_refused_with_the_core_message_and_nothing_changes(
        qtbot: QtBot, sink: InMemoryScoreSink, framework: Framework) -> None:
    model = _model(sink)
    item = framework.items[1]
    assert model.set_pct(item.id, 40)
    messages = {}
    for bad in ("37", "105", "abc", "-5"):
        with qtbot.waitSignal(model.edit_refused) as refused:
            assert not model.setData(model.index(model.row_of(item.id), Col.PCT), bad)
        messages[bad] = refused.args[0]
        assert bad in messages[bad]
    assert messages["37"] == "37% is not a multiple of the 5% step"
    assert sink.scorebook(A, S).entry(item.id).pct == 40
    assert model.entry(item.id).pct == 40


def test_only_item_percentages_are_editable(sink: InMemoryScoreSink) -> None:
    model = _model(sink)
    for row in range(model.rowCount()):
        for col in Col:
            editable = bool(model.flags(model.index(row, col)) & Qt.ItemFlag.ItemIsEditable)
            assert editable == (col is Col.PCT and model.row_kind(row) is RowKind.ITEM)
    total_row = model.rowCount() - 1
    assert not model.setData(model.index(total_row, Col.PCT), "50")


def test_step_moves_by_the_framework_step_within_bounds(sink: InMemoryScoreSink,
                                                        framework: Framework) -> None:
    model = _model(sink)
    item_id = framework.items[2].id
    assert model.step(item_id, 1) and model.entry(item_id).pct == 5
    assert model.step(item_id, 3) and model.entry(item_id).pct == 20
    assert model.step(item_id, -1) and model.entry(item_id).pct == 15
    model.set_pct(item_id, 100)
    assert model.step(item_id, 1) and model.entry(item_id).pct == 100


def test_names_follow_the_language(sink: InMemoryScoreSink, framework: Framework) -> None:
    model = _model(sink)
    index = model.index(0, Col.NAME)
    assert index.data() == framework.items[0].name_en
    set_language("zh_CN")
    model.retranslate()
    assert index.data() == framework.items[0].name_zh
    assert model.index(0, Col.ID).data(ITEM_ID_ROLE) == framework.items[0].id


def test_undo_and_redo_go_through_the_sink(sink: InMemoryScoreSink,
                                           framework: Framework) -> None:
    undo = UndoController()
    model = _model(sink, undo)
    item_id = framework.items[0].id
    model.set_pct(item_id, "50")
    model.set_pct(item_id, "60")
    assert undo.stack.count() == 2
    undo.stack.undo()
    assert sink.scorebook(A, S).entry(item_id).pct == 50 and model.entry(item_id).pct == 50
    undo.stack.undo()
    assert sink.scorebook(A, S).entry(item_id).pct is None
    assert model.total() == 0
    undo.stack.redo()
    undo.stack.redo()
    assert sink.scorebook(A, S).entry(item_id).pct == 60
    assert not model.set_pct(item_id, "37")
    assert undo.stack.count() == 2  # a refused edit is not recorded
