"""FieldLabel, PageTitle and their layouts: vertical beside the field in Mongolian, as before in
Chinese; the mnemonic focuses the field in both."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.field_label import (
    FieldLabel,
    LabelBeside,
    LabelForm,
    PageTitle,
    TitlePlace,
    plain_text,
)
from tests.ui.geometry import above, beside, left_of, lying, press_mnemonic, settle, standing

MN = "ᠳᠠᠪᠤᠭᠤ ᠲᠠᠯ᠎ᠠ(&S)"  # "strengths", with its mnemonic
ZH = "优势(&S)"


def test_plain_text_drops_mnemonic_markers_only() -> None:
    assert plain_text("优势(&S)") == "优势(S)"
    assert plain_text("R&&D &Plan") == "R&D Plan"


def _form(qtbot: QtBot, fonts: FontSet) -> tuple[QWidget, FieldLabel, QPlainTextEdit]:
    top = QWidget()
    qtbot.addWidget(top)
    field = QPlainTextEdit(top)
    label = FieldLabel(ZH, field, top, fonts=fonts)
    box = QVBoxLayout(top)
    box.addLayout(LabelBeside(label, field))
    box.addWidget(QLineEdit(top))  # something else with focus first
    top.resize(420, 320)
    top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow)
    settle()
    return top, label, field


def test_label_turns_beside_its_field_and_back(qtbot: QtBot, fonts: FontSet) -> None:
    top, label, field = _form(qtbot, fonts)
    turns: list[bool] = []
    label.orientation_changed.connect(turns.append)
    assert lying(label) and above(label, field, top)

    label.setText(MN)
    settle()
    assert standing(label) and beside(label, field, top)
    assert label.width() < label.height()  # one column standing on end
    assert label.sizeHint().height() <= label.column_height() + 12

    label.setText(ZH)
    settle()
    assert lying(label) and above(label, field, top)
    assert turns == [True, False]


def test_mnemonic_focuses_the_field_in_both_orientations(qtbot: QtBot, fonts: FontSet) -> None:
    top, label, field = _form(qtbot, fonts)
    other = top.findChild(QLineEdit)
    assert other is not None
    for text in (ZH, MN, ZH):
        label.setText(text)
        settle()
        other.setFocus()
        assert not field.hasFocus()
        press_mnemonic(label)
        qtbot.waitUntil(field.hasFocus)


def test_a_long_vertical_label_wraps_into_columns_left_to_right(qtbot: QtBot,
                                                               fonts: FontSet) -> None:
    label = FieldLabel("ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ", fonts=fonts, column_height=60)
    qtbot.addWidget(label)
    layout = label.vertical_layout()
    assert len(layout.columns) >= 2
    assert [c.start for c in layout.columns] == sorted(c.start for c in layout.columns)
    assert label.sizeHint().width() >= 2 * label.renderer().column_width


def test_page_title_moves_to_the_left_edge_and_back(qtbot: QtBot, fonts: FontSet) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    title = PageTitle("", page, fonts=fonts)
    stage = QLineEdit(page)
    body = QPlainTextEdit(page)
    head = QHBoxLayout()
    head.addWidget(stage)
    column = QVBoxLayout()
    column.addLayout(head)
    column.addWidget(body, 1)
    outer = QHBoxLayout(page)
    outer.addLayout(column, 1)
    place = TitlePlace(title, head, outer, stretch=1)
    page.resize(800, 600)
    page.show()
    qtbot.waitExposed(page)

    title.setText("评分记录")
    settle()
    assert place.title is title and lying(title)
    assert left_of(title, stage, page) and title.y() < body.y()  # heads the stage row

    title.setText("ᠦᠨᠡᠯᠡᠬᠦ ᠳᠡᠪᠲᠡᠷ")
    settle()
    assert standing(title)
    assert title.geometry().right() < body.geometry().left()  # at the page's left edge
    assert title.geometry().right() < stage.geometry().left()

    title.setText("评分记录")
    settle()
    assert lying(title) and title.geometry().bottom() < body.geometry().top()


def test_form_wraps_labels_above_until_they_stand(qtbot: QtBot, fonts: FontSet) -> None:
    top = QWidget()
    qtbot.addWidget(top)
    one, two = QPlainTextEdit(top), QPlainTextEdit(top)
    first = FieldLabel(ZH, one, top, fonts=fonts)
    second = FieldLabel("改进机会(&I)", two, top, fonts=fonts)
    form = LabelForm(above=True)
    form.add_row(first, one)
    form.add_row(second, two)
    top.setLayout(form)
    top.resize(420, 400)
    top.show()
    qtbot.waitExposed(top)
    settle()
    assert above(first, one, top) and above(second, two, top)
    first.setText(MN)
    second.setText("ᠰᠠᠶᠢᠵᠢᠷᠠᠭᠤᠯᠬᠤ ᠲᠠᠯ(&I)")
    settle()
    assert beside(first, one, top) and beside(second, two, top)
    assert one.geometry().left() == two.geometry().left()  # the fields stay aligned
