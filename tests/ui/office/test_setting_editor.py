"""Office settings edited in forms of their own kind (the weights as one percentage per stage,
numbers or none, choices, yes/no), on the real cycle page of a real workspace; a refusal is
shown in the form, which keeps what was entered; each save is one undo step."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain.errors import ScorebookError
from desktop.services.office import cycle
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.pages_setup import CyclePage
from desktop.ui.office.setting_editor import SettingEditor
from tests.ui.helpers import key_click, key_clicks


def _page(office: OfficeController, window: MainWindow) -> CyclePage:
    window.show_page("office_cycle")
    page = office.page("cycle")
    assert isinstance(page, CyclePage)
    return page


def _stored(office: OfficeController, key: str) -> Any:
    return next(s for s in cycle.cycle_view(office.session.workspace).settings
                if s.key == key).value


def _open(page: CyclePage, key: str) -> SettingEditor:
    rows = page.settings.rows()
    at = next(i for i, r in enumerate(rows) if r.key == key)
    editor = page.edit_setting(page.settings.index(at, 1))
    assert editor is not None and editor.isVisible()
    return editor


def _fields(editor: SettingEditor, kind: type[QWidget]) -> list[Any]:
    return [w for w in editor.findChildren(kind) if w.isVisibleTo(editor)]


def test_the_weights_are_percentages_one_per_stage_saved_as_one_undo_step(
        office: OfficeController, window: MainWindow, qtbot: QtBot) -> None:
    page = _page(office, window)
    before = _stored(office, "weights")
    stages = [s.id for s in page.programme.comprehensive_stages]  # type: ignore[union-attr]
    editor = _open(page, "weights")
    boxes = _fields(editor, QDoubleSpinBox)
    assert len(boxes) == len(stages) == 2
    # shown as percentages of the stored fractions, adding up to 100 %
    assert [Decimal(str(b.value())) for b in boxes] == [
        Decimal(before[s]) * 100 for s in stages]
    assert "100 %" in editor.note.text()
    boxes[0].setValue(40)
    boxes[1].setValue(60)
    assert "100 %" in editor.note.text()
    editor.ok.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(office, "weights") == {stages[0]: "0.4", stages[1]: "0.6"}
    assert "40%" in page.message.text().replace(" ", "") and not page.message.is_error()
    window.act_undo.trigger()
    assert _stored(office, "weights") == before
    # the line under the table says what is saved now, not the value undone
    shown = page.message.text().replace(" ", "")
    assert "40%" not in shown and f"{(Decimal(before[stages[0]]) * 100).normalize()}%" in shown
    window.act_redo.trigger()
    assert _stored(office, "weights") == {stages[0]: "0.4", stages[1]: "0.6"}
    assert "40%" in page.message.text().replace(" ", "")


def test_weights_not_adding_up_are_refused_in_the_form_which_keeps_them(
        office: OfficeController, window: MainWindow) -> None:
    page = _page(office, window)
    before = _stored(office, "weights")
    undo_text = window.act_undo.text()
    editor = _open(page, "weights")
    boxes = _fields(editor, QDoubleSpinBox)
    boxes[0].setValue(boxes[0].value() + 10)
    assert "110 %" in editor.note.text()
    editor.ok.click()
    assert editor.isVisible()  # still open, the values as entered
    # the refusal speaks the form's terms (per cent), not the stored fractions
    assert "110 %" in editor.note.text() and "100 %" in editor.note.text()
    assert "1.1" not in editor.note.text() and "normalise" not in editor.note.text()
    assert page.programme is not None
    first = page.programme.comprehensive_stages[0].id
    assert boxes[0].value() == Decimal(before[first]) * 100 + 10
    assert _stored(office, "weights") == before
    assert window.act_undo.text() == undo_text  # nothing put on the undo stack
    editor.reject()


def test_enter_opens_a_setting_and_enter_saves_it(
        office: OfficeController, window: MainWindow, qtbot: QtBot) -> None:
    """As a person at the keyboard: Enter on the row, type the number, Enter."""
    page = _page(office, window)
    key = "conflict_window_years"
    old = _stored(office, key)
    rows = page.settings.rows()
    at = next(i for i, r in enumerate(rows) if r.key == key)
    view = page.settings_view
    view.setFocus()
    view.setCurrentIndex(page.settings.index(at, 0))
    key_click(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    editor = page.editor
    assert editor is not None
    spin = _fields(editor, QSpinBox)[0]
    spin.setFocus()
    spin.selectAll()
    key_clicks(spin, str(old + 2))
    key_click(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(office, key) == old + 2)
    qtbot.waitUntil(lambda: next(r for r in page.settings.rows() if r.key == key).value
                    == old + 2)
    # the table read again, the keyboard is still on the setting's row (Down goes on from it)
    qtbot.waitUntil(lambda: page.editor is None)
    assert view.currentIndex().row() == at


def test_tab_leaves_the_stage_table_for_the_settings(
        office: OfficeController, window: MainWindow, qtbot: QtBot) -> None:
    """At the keyboard: Tab from the stages reaches the settings table (it does not walk the
    stage table's cells), Down picks a row, Enter opens its form."""
    page = _page(office, window)
    window.activateWindow()
    page.stage_view.setFocus()
    qtbot.waitUntil(page.stage_view.hasFocus)
    for _ in range(6):  # whatever lies between (the decisions panel's buttons)
        if page.settings_view.hasFocus():
            break
        focused = QApplication.focusWidget()
        assert focused is not None
        key_click(focused, Qt.Key.Key_Tab)
    assert page.settings_view.hasFocus()
    view = page.settings_view
    view.setCurrentIndex(page.settings.index(0, 0))
    key_click(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    key_click(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    assert page.editor is not None and page.editor.key == page.settings.rows()[1].key
    page.editor.reject()


def test_a_number_or_none_a_choice_and_yes_or_no(
        office: OfficeController, window: MainWindow, qtbot: QtBot) -> None:
    page = _page(office, window)
    editor = _open(page, "shortlist")
    top, low = (w for w in _fields(editor, QCheckBox))  # each "none"
    top.setChecked(True)
    low.setChecked(False)
    score = _fields(editor, QDoubleSpinBox)[0]
    assert score.isEnabled()
    score.setValue(650.5)
    editor.ok.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(office, "shortlist") == {"top_n": None, "min_score": 650.5}

    editor = _open(page, "recused_members")
    combo = _fields(editor, QComboBox)[0]
    assert [combo.itemData(i) for i in range(combo.count())] == ["excluded", "counted"]
    combo.setCurrentIndex(combo.findData("counted"))
    editor.ok.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(office, "recused_members") == "counted"

    was = _stored(office, "abstentions_count")
    editor = _open(page, "abstentions_count")
    _fields(editor, QCheckBox)[0].setChecked(not was)
    editor.ok.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(office, "abstentions_count") is (not was)

    editor = _open(page, "divergence")
    bands = _fields(editor, QCheckBox)[0]
    bands.setChecked(False)
    spread = _fields(editor, QSpinBox)[0]
    spread.setValue(30)
    mode = _fields(editor, QComboBox)[0]
    mode.setCurrentIndex(mode.findData("any"))
    editor.ok.click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(office, "divergence") == {"different_bands": False, "min_spread_pct": 30,
                                             "mode": "any"}


def test_a_programme_rule_opens_no_form(office: OfficeController, window: MainWindow) -> None:
    page = _page(office, window)
    rows = page.settings.rows()
    at = next(i for i, r in enumerate(rows) if r.source != "office")
    assert page.edit_setting(page.settings.index(at, 1)) is None
    assert page.message.is_error() and page.editor is None


def test_a_share_or_no_quorum(qtbot: QtBot) -> None:
    """The vote's share: a fraction of the members present or of all members; the quorum may
    be none. What the form gives is what the service is asked to save."""
    saved: list[Any] = []

    def save(value: Any) -> ScorebookError | None:
        saved.append(value)
        return None

    parent = QWidget()
    qtbot.addWidget(parent)
    editor = SettingEditor(parent, key="quorum", name="Quorum",
                           value={"fraction": "1/2", "of": "members", "inclusive": False},
                           programme=None, meaning="how many members", save=save)
    share = _fields(editor, QLineEdit)[0]
    assert share.text() == "1/2"
    share.setText("2/3")
    inclusive, none = _fields(editor, QCheckBox)
    inclusive.setChecked(True)
    editor.accept()
    assert saved[-1] == {"fraction": "2/3", "of": "members", "inclusive": True}
    editor = SettingEditor(parent, key="quorum", name="Quorum", value=saved[-1],
                           programme=None, meaning="how many members", save=save)
    none = _fields(editor, QCheckBox)[-1]
    assert none.text() == "no quorum"  # what ticking it decides, not a bare "none"
    none.setChecked(True)
    assert not _fields(editor, QLineEdit)[0].isEnabled()
    editor.accept()
    assert saved[-1] is None


def test_a_double_click_opens_one_form(
        office: OfficeController, window: MainWindow, qtbot: QtBot) -> None:
    page = _page(office, window)
    rows = page.settings.rows()
    at = next(i for i, r in enumerate(rows) if r.key == "weights")
    view = page.settings_view
    rect = view.visualRect(page.settings.index(at, 1))
    # as a mouse sends it: a click, then the double-click on the same cell
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    assert len([e for e in page.findChildren(SettingEditor) if e.isVisible()]) == 1
    editor = page.editor
    assert editor is not None
    editor.reject()
    qtbot.waitUntil(lambda: page.editor is None)  # closed and gone: the next may open


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _editor(parent: QWidget, key: str, value: Any, saved: list[Any]) -> SettingEditor:
    def save(new: Any) -> ScorebookError | None:
        saved.append(new)
        return None

    return SettingEditor(parent, key=key, name=key, value=value, programme=None,
                         meaning="what it means", save=save)


def test_tab_runs_through_the_fields_then_to_save_then_to_cancel(
        qtbot: QtBot, parent: QWidget) -> None:
    """Tab then Enter from the last field saves: it does not land on Cancel first."""
    editor = _editor(parent, "pass_threshold",
                     {"fraction": "1/2", "of": "present", "inclusive": False}, [])
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    share = _fields(editor, QLineEdit)[0]
    qtbot.waitUntil(share.hasFocus)  # the first field has the keyboard
    order = [share, _fields(editor, QComboBox)[0], _fields(editor, QCheckBox)[0],
             editor.ok, editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
    for before, after in pairwise(order):
        assert before.hasFocus()
        key_click(before, Qt.Key.Key_Tab)
        qtbot.waitUntil(after.hasFocus)
    editor.reject()


@pytest.mark.parametrize("typed", ["3/2", "0/0", "2/", "0/3", ""])
def test_a_share_that_is_no_fraction_is_refused_in_the_form(parent: QWidget, typed: str) -> None:
    """3/2 or 0/0 is not a share: the form says so in words (not the stored keys), keeps what
    was typed and asks the office nothing."""
    saved: list[Any] = []
    editor = _editor(parent, "quorum", {"fraction": "1/2", "of": "members", "inclusive": True},
                     saved)
    share = _fields(editor, QLineEdit)[0]
    share.setText(typed)
    editor.accept()
    assert saved == [] and editor.result() == 0
    assert share.text() == typed
    note = editor.note.text()
    assert "2/3" in note and "1" in note and "'quorum'" not in note and "fraction (" not in note
    assert editor.note.isVisibleTo(editor)
    share.setFocus()
    share.selectAll()
    key_clicks(share, "2/3")  # mended: the refusal goes as the person types, and it is saved
    assert editor.note.text() == "" and not editor.note.isVisibleTo(editor)
    editor.accept()
    assert saved == [{"fraction": "2/3", "of": "members", "inclusive": True}]


def test_no_quorum_is_not_checked_as_a_fraction(parent: QWidget) -> None:
    saved: list[Any] = []
    editor = _editor(parent, "quorum", {"fraction": "1/2", "of": "members", "inclusive": True},
                     saved)
    _fields(editor, QLineEdit)[0].setText("3/2")
    _fields(editor, QCheckBox)[-1].setChecked(True)  # none: the fraction is not used
    editor.accept()
    assert saved == [None]


def test_a_whole_share_is_a_fraction(parent: QWidget) -> None:
    saved: list[Any] = []
    editor = _editor(parent, "pass_threshold",
                     {"fraction": "1/2", "of": "present", "inclusive": False}, saved)
    _fields(editor, QLineEdit)[0].setText("3/3")
    editor.accept()
    assert saved == [{"fraction": "3/3", "of": "present", "inclusive": False}]


@pytest.mark.parametrize(("key", "value", "words"), [
    ("divergence", {"different_bands": True, "min_spread_pct": 20, "mode": "all"}, ("All", "any")),
    ("pass_threshold", {"fraction": "2/3", "of": "present", "inclusive": True},
     ("exactly", "more than")),
    ("quorum", None, ("exactly", "more than")),
    ("conflict_window_years", 3, None),
    ("recused_members", "excluded", None),
])
def test_the_words_of_a_choice_are_explained_in_the_form(
        parent: QWidget, key: str, value: Any, words: tuple[str, str] | None) -> None:
    """What "all"/"any" and "inclusive" mean is written under the fields; other forms have no
    such line."""
    editor = _editor(parent, key, value, [])
    if words is None:
        assert not editor.hint.isVisibleTo(editor)
    else:
        assert editor.hint.isVisibleTo(editor)
        assert all(w in editor.hint.text() for w in words)


def test_a_number_now_none_opens_on_none_and_unticking_it_goes_to_the_number(
        qtbot: QtBot, parent: QWidget) -> None:
    """The lowest award score is none: the form opens on "none" (the number is greyed); Space
    unticks it and the keyboard is in the number, so typing 600 and Enter saves 600."""
    saved: list[Any] = []
    editor = _editor(parent, "min_award_score", None, saved)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    none = _fields(editor, QCheckBox)[0]
    score = _fields(editor, QDoubleSpinBox)[0]
    qtbot.waitUntil(none.hasFocus)
    assert none.isChecked() and not score.isEnabled()
    key_click(none, Qt.Key.Key_Space)
    qtbot.waitUntil(score.hasFocus)
    assert not none.isChecked() and score.isEnabled()
    key_clicks(score, "600")
    key_click(score, Qt.Key.Key_Return)
    assert saved == [600]
