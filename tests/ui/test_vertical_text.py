from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_header import VerticalHeaderView
from desktop.ui.widgets.vertical_text import (
    MVS,
    NNBSP,
    VerticalLabel,
    layout_columns,
)

MONGOL = "ᠮᠣᠩᠭᠣᠯ"  # Mongol
BICHIG = "ᠪᠢᠴᠢᠭ"  # script
CHINAR_UN = "ᠴᠢᠨᠠᠷ" + NNBSP + "ᠤᠨ"  # a word with its case suffix joined by NNBSP


def ten_per_char(piece: str, upright: bool) -> float:
    """A fixed-advance measure: every character 10 long (upright ones 20)."""
    return len(piece) * (20.0 if upright else 10.0)


def test_columns_break_only_at_ordinary_spaces() -> None:
    text = f"{MONGOL} {BICHIG} {CHINAR_UN}"
    layout = layout_columns(text, 60, ten_per_char)
    assert layout.texts == (MONGOL, BICHIG, CHINAR_UN)
    assert layout.breaks == (len(MONGOL) + 1, len(MONGOL) + len(BICHIG) + 2)
    assert all(text[b - 1] == " " for b in layout.breaks)


def test_words_share_a_column_when_they_fit_and_order_is_kept() -> None:
    text = f"{MONGOL} {BICHIG} {MONGOL}"
    layout = layout_columns(text, 120, ten_per_char)  # 6 + 1 + 5 = 12 chars fit, 18 do not
    assert layout.texts == (f"{MONGOL} {BICHIG}", MONGOL)
    assert [c.start for c in layout.columns] == [0, len(MONGOL) + len(BICHIG) + 2]


@pytest.mark.parametrize("joiner", [NNBSP, MVS])
def test_never_breaks_at_nnbsp_or_mvs_even_when_the_word_overflows(joiner: str) -> None:
    word = "ᠴᠢᠨᠠᠷ" + joiner + "ᠤᠨ"
    text = f"{word} {word}"
    layout = layout_columns(text, 30, ten_per_char)  # narrower than either word
    assert layout.texts == (word, word)
    assert all(text[b - 1] == " " for b in layout.breaks)
    assert layout.length == 80  # the overflowing word is kept whole


def test_newline_forces_a_column_and_spaces_runs_collapse_at_breaks() -> None:
    layout = layout_columns(f"{MONGOL}\n{BICHIG}   {MONGOL}", 1000, ten_per_char)
    assert layout.texts == (MONGOL, f"{BICHIG}   {MONGOL}")
    assert layout_columns("", 100, ten_per_char).columns == ()
    assert layout_columns("   ", 100, ten_per_char).columns == ()


def test_han_characters_are_upright_segments_one_by_one() -> None:
    layout = layout_columns(f"{MONGOL} 中国 {BICHIG}", 1000, ten_per_char)
    (column,) = layout.columns
    upright = [s.text for s in column.segments if s.upright]
    assert upright == ["中", "国"]
    offsets = [s.offset for s in column.segments]
    assert offsets == sorted(offsets)  # segments run top to bottom
    assert column.length == sum(s.length for s in column.segments)


def test_real_fonts_shape_and_break_known_strings(qtbot: QtBot, fonts: FontSet) -> None:
    label = VerticalLabel(f"{MONGOL} {BICHIG} {CHINAR_UN}", fonts=fonts)
    qtbot.addWidget(label)
    renderer = label.renderer()
    one = renderer.measure(MONGOL, False)
    assert one > 0
    roomy = renderer.layout(label.text(), 10_000)
    assert len(roomy.columns) == 1
    tight = renderer.layout(label.text(), one + 1)
    assert tight.texts[0] == MONGOL and tight.texts[-1] == CHINAR_UN
    assert all(label.text()[b - 1] == " " for b in tight.breaks)
    if fonts.mongolian:  # the bundled font is present: Mongolian is drawn larger than Chinese
        assert renderer.mongolian.pointSizeF() == pytest.approx(
            renderer.chinese.pointSizeF() * 1.25)
        assert renderer.mongolian.families()[0] == fonts.mongolian


def _ink(image: QImage, background: QColor) -> int:
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if image.pixelColor(x, y) != background)


def test_vertical_label_renders_columns_left_to_right(qtbot: QtBot, fonts: FontSet) -> None:
    label = VerticalLabel(f"{MONGOL} {BICHIG} {CHINAR_UN}", fonts=fonts, column_height=60)
    qtbot.addWidget(label)
    label.setStyleSheet("background: white; color: black")
    label.setAutoFillBackground(True)
    label.resize(label.sizeHint())
    assert label.is_vertical()
    hint = label.sizeHint()
    assert hint.width() > 0 and hint.height() > 0
    image = label.grab().toImage()
    white = image.pixelColor(0, 0)
    assert _ink(image, white) > 20
    columns = label.vertical_layout(label.contentsRect().height()).columns
    assert len(columns) >= 2
    width = label.renderer().column_width + label.renderer().column_gap
    left = image.copy(0, 0, int(width), image.height())
    assert _ink(left, white) > 0  # the first column is on the left


def test_non_mongolian_text_is_horizontal(qtbot: QtBot, fonts: FontSet) -> None:
    label = VerticalLabel("Scorebook 评审记分册", fonts=fonts)
    qtbot.addWidget(label)
    assert not label.is_vertical()
    hint = label.sizeHint()
    assert hint.width() > hint.height()


def test_header_view_makes_mongolian_sections_tall(qtbot: QtBot, fonts: FontSet) -> None:
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Score", f"{MONGOL} {BICHIG}"])
    table = QTableView()
    qtbot.addWidget(table)
    header = VerticalHeaderView(Qt.Orientation.Horizontal, table, fonts=fonts)
    table.setHorizontalHeader(header)
    table.setModel(model)
    plain = header.sectionSizeFromContents(0)
    vertical = header.sectionSizeFromContents(1)
    assert vertical.height() > plain.height()
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    assert not table.grab().toImage().isNull()
