"""Office settings edited in forms of their own kind (the weights as one percentage per stage,
numbers or none, choices, yes/no), on the real cycle page of a real workspace; a refusal is
shown in the form, which keeps what was entered; each save is one undo step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget
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
    assert "1.1" in editor.note.text() and "110 %" not in editor.note.text()  # the refusal
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
