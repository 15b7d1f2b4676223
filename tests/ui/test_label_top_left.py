"""A vertical label beside its field stands at the top left by itself (``set_top_left``), not by
the layout's ``AlignTop | AlignLeft`` (which makes all of PySide's ``Qt`` enums before the first
paint). It must look exactly as the aligned label did: same columns, same pixels, at every
height its row is given, and as the text and the room change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.field_label import FieldLabel, LabelBeside, PageTitle
from tests.ui.geometry import settle

SHORT = "ᠳᠠᠪᠤᠭᠤ ᠲᠠᠯ᠎ᠠ(&S)"
LONG = "ᠰᠠᠶᠢᠬᠠᠨ ᠨᠡᠭᠡᠭᠡᠭᠰᠡᠨ ᠬᠡᠷᠡᠭ\u202fᠦᠨ ᠪᠢᠴᠢᠭ ᠪᠠ ᠠᠯᠪᠠᠨ ᠭᠡᠷ\u202fᠦᠨ ᠠᠵᠢᠯ\u202fᠤᠨ ᠣᠷᠣᠨ ᠵᠠᠢ (&W)"


def _pair(qtbot: QtBot, fonts: FontSet, text: str, *, title: bool = False,
          column_height: int = 120) -> tuple[QWidget, FieldLabel, QWidget, FieldLabel]:
    """The same label and field twice: beside by ``LabelBeside`` (the label at the top left by
    itself) and in a plain row whose layout aligns the label (as ``LabelBeside`` did)."""
    tops: list[tuple[QWidget, FieldLabel]] = []
    for ours in (True, False):
        top = QWidget()
        qtbot.addWidget(top)
        field = QPlainTextEdit(top)
        field.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no text cursor in one of the two
        label: FieldLabel = (PageTitle(text, top, fonts=fonts, column_height=column_height)
                             if title else
                             FieldLabel(text, field, top, fonts=fonts,
                                        column_height=column_height))
        box = QVBoxLayout(top)
        if ours:
            box.addLayout(LabelBeside(label, field))
        else:
            row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            row.addWidget(field, 1)
            box.addLayout(row)
        top.resize(420, 320)
        top.show()
        qtbot.waitExposed(top)
        tops.append((top, label))
    settle()
    (ours_top, ours_label), (aligned_top, aligned_label) = tops
    return ours_top, ours_label, aligned_top, aligned_label


def _same_look(ours_top: QWidget, ours: FieldLabel, aligned_top: QWidget,
               aligned: FieldLabel) -> None:
    settle()
    assert ours.is_top_left() and not aligned.is_top_left()
    assert ours.geometry().topLeft() == aligned.geometry().topLeft()
    assert ours.width() == aligned.width()
    assert ours.height() >= aligned.height()  # its row's height; it stands at the top of it
    room = ours.contentsRect().height()
    assert ours.vertical_layout(ours._column_room()) == \
        aligned.vertical_layout(aligned._column_room())
    assert room >= aligned.contentsRect().height()
    a: QImage = ours_top.grab().toImage()
    b: QImage = aligned_top.grab().toImage()
    assert a == b  # pixel for pixel


def test_a_vertical_label_looks_as_the_aligned_one(qtbot: QtBot, fonts: FontSet) -> None:
    ours_top, ours, aligned_top, aligned = _pair(qtbot, fonts, SHORT)
    _same_look(ours_top, ours, aligned_top, aligned)
    assert ours.height() > aligned.height()  # given its whole row, it paints at the top
    for height in (260, 520, 900):  # more room along the column: the same columns
        for top in (ours_top, aligned_top):
            top.resize(420, height)
        _same_look(ours_top, ours, aligned_top, aligned)


def test_a_long_label_and_a_title_as_the_aligned_ones(qtbot: QtBot, fonts: FontSet) -> None:
    for title in (False, True):
        ours_top, ours, aligned_top, aligned = _pair(qtbot, fonts, LONG, title=title,
                                                     column_height=90)
        _same_look(ours_top, ours, aligned_top, aligned)
        assert len(ours.vertical_layout(ours._column_room()).columns) > 1
        for label in (ours, aligned):  # a new text (a language switch) and a new room
            label.setText(SHORT)
            label.set_column_height(200)
        _same_look(ours_top, ours, aligned_top, aligned)
        for top in (ours_top, aligned_top):
            top.resize(380, 700)
        _same_look(ours_top, ours, aligned_top, aligned)


def test_horizontal_again_it_is_an_ordinary_label(qtbot: QtBot, fonts: FontSet) -> None:
    _ours_top, ours, _aligned_top, _aligned = _pair(qtbot, fonts, SHORT)
    assert ours.is_top_left()
    ours.setText("优势(&S)")
    settle()
    assert not ours.is_vertical() and not ours.is_top_left()
    ours.setText(SHORT)
    settle()
    assert ours.is_vertical() and ours.is_top_left()
