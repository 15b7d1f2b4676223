from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.criteria import Framework
from desktop.ui.fonts import FontSet
from desktop.ui.models.scorebook_model import Col, InMemoryScoreSink, ScorebookModel
from desktop.ui.undo import UndoController
from desktop.ui.views.scorebook_view import ScorebookView
from tests.ui.helpers import key_click, key_clicks, type_in_cell

A, S = "applicant-1", "onsite"


def _view(qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet,
          undo: UndoController | None = None) -> ScorebookView:
    view = ScorebookView(ScorebookModel(sink, A, S, undo=undo), fonts=fonts)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    return view


def test_type_a_number_and_enter_sets_pct_and_total(qtbot: QtBot, sink: InMemoryScoreSink,
                                                    fonts: FontSet, framework: Framework
                                                    ) -> None:
    view = _view(qtbot, sink, fonts)
    first, second = framework.items[0], framework.items[1]
    with qtbot.waitSignal(view.model.total_changed):
        type_in_cell(qtbot, view.table, "70")
    assert view.model.entry(first.id).pct == 70
    assert view.table.current_item_id() == second.id  # Enter moves on to the next item
    type_in_cell(qtbot, view.table, "45")
    assert sink.scorebook(A, S).entry(second.id).pct == 45
    expected = (first.points * 70 + second.points * 45) / 100
    assert float(view.model.total()) == expected
    assert str(view.model.total()) in view.total_label.text()


def test_plus_minus_and_page_keys_step_by_five(qtbot: QtBot, sink: InMemoryScoreSink,
                                               fonts: FontSet, framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    item_id = framework.items[0].id
    table = view.table
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_PageUp):
        key_click(table, key)
    assert view.model.entry(item_id).pct == 15
    key_click(table, Qt.Key.Key_Minus)
    key_click(table, Qt.Key.Key_PageDown)
    assert view.model.entry(item_id).pct == 5
    key_click(table, Qt.Key.Key_Delete)
    assert view.model.entry(item_id).pct is None


def test_invalid_value_is_refused_shown_and_model_unchanged(
        qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet, framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    item_id = framework.items[0].id
    view.model.set_pct(item_id, 50)
    total = view.model.total()
    with qtbot.waitSignal(view.model.edit_refused):
        type_in_cell(qtbot, view.table, "37")
    assert view.model.entry(item_id).pct == 50
    assert sink.scorebook(A, S).entry(item_id).pct == 50
    assert view.model.total() == total
    assert "37" in view.message_label.text() and "5" in view.message_label.text()
    type_in_cell(qtbot, view.table, "55")  # the next good value clears the message
    assert view.message_label.text() == ""


def test_a_refused_value_keeps_the_cursor_on_its_item(
        qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet, framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    first, second = framework.items[0].id, framework.items[1].id
    with qtbot.waitSignal(view.model.edit_refused):
        type_in_cell(qtbot, view.table, "63")  # not on the 5 % step
    assert view.table.current_item_id() == first  # Enter did not move on
    assert "63" in view.message_label.text() and view.message_label.isVisible()
    assert view.model.entry(first).pct is None
    # the correction goes to the same item, then Enter moves on
    type_in_cell(qtbot, view.table, "65")
    assert view.model.entry(first).pct == 65
    assert view.table.current_item_id() == second
    assert view.message_label.text() == ""


def test_arrow_keys_skip_subtotal_rows(qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet,
                                       framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    items_in_first = framework.items_of(framework.categories[0].id)
    for _ in items_in_first:
        key_click(view.table, Qt.Key.Key_Down)
    second_category_first = framework.items_of(framework.categories[1].id)[0]
    assert view.table.current_item_id() == second_category_first.id
    key_click(view.table, Qt.Key.Key_Up)
    assert view.table.current_item_id() == items_in_first[-1].id
    assert view.table.currentIndex().column() == Col.PCT


def test_side_panel_shows_the_descriptor_of_the_current_band(
        qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet, framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    item = framework.items[0]
    view.model.set_pct(item.id, 70)
    band = framework.band_of(70).number
    descriptor = framework.descriptor(item.kind, band)
    html = view.bands_label.text()
    marked = html.split("▶", 1)[1].split("</p>", 1)[0]
    assert descriptor.en.split(";")[0] in marked
    assert item.name_en in view.item_title.text()


def test_comments_are_saved_when_moving_to_another_item(
        qtbot: QtBot, sink: InMemoryScoreSink, fonts: FontSet, framework: Framework) -> None:
    view = _view(qtbot, sink, fonts)
    item_id = framework.items[0].id
    view.strengths.setFocus()
    qtbot.waitUntil(view.strengths.hasFocus)
    key_clicks(view.strengths, "Clear goals")
    view.improvements.setPlainText("Few trends")
    with qtbot.waitSignal(view.model.committed):
        view.table.setFocus()  # focus leaves the editors: saved
    entry = sink.scorebook(A, S).entry(item_id)
    assert (entry.strengths, entry.improvements) == ("Clear goals", "Few trends")
    key_click(view.table, Qt.Key.Key_Down)
    assert view.strengths.toPlainText() == ""
    key_click(view.table, Qt.Key.Key_Up)
    assert view.strengths.toPlainText() == "Clear goals"


def test_every_control_has_an_accessible_name(qtbot: QtBot, sink: InMemoryScoreSink,
                                              fonts: FontSet) -> None:
    view = _view(qtbot, sink, fonts)
    view.table.edit(view.table.currentIndex())
    controls = [view.table, view.strengths, view.improvements, view.total_label,
                *view.findChildren(QLineEdit)]
    assert all(c.accessibleName() for c in controls)
