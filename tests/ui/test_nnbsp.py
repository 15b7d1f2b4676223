"""NNBSP (U+202F) after Latin or Chinese text draws as a narrow blank, never as a box.

Qt's itemiser puts an NNBSP that follows Latin text in the Latin run, so the Mongolian font's
shaping never swaps its out-of-context marker glyph (a dotted box in Noto Sans Mongolian) for the
blank; ``packaging/fetch_fonts.py`` empties that marker. These tests look at the glyph Qt picks
and at the pixels a real QLabel paints there.
"""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QTextLayout, QTextLine
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet

NAME = "Zhenhua"
SUFFIX = "\u1824\u1828"  # ᠤᠨ
TEXT = f"{NAME}\u202f{SUFFIX}"


def _font(fonts: FontSet, kind: str, base: QFont) -> QFont:
    return {"ui": fonts.ui_font, "chinese": fonts.chinese_font,
            "mongolian": fonts.mongolian_font}[kind](base)


def _layout(text: str, font: QFont) -> QTextLayout:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout


def _x(line: QTextLine, cursor: int) -> float:
    return cast(tuple[float, int], line.cursorToX(cursor))[0]


@pytest.mark.parametrize("kind", ["ui", "chinese", "mongolian"])
def test_the_glyph_qt_draws_for_nnbsp_after_latin_is_blank(
        qapp: QApplication, fonts: FontSet, kind: str) -> None:
    assert fonts.mongolian is not None
    layout = _layout(TEXT, _font(fonts, kind, qapp.font()))
    runs = layout.glyphRuns(len(NAME), 1)  # the glyphs of the NNBSP only
    assert runs, "no glyph for the NNBSP"
    for run in runs:
        raw = run.rawFont()
        for index in run.glyphIndexes():
            assert raw.pathForGlyph(index).isEmpty(), (raw.familyName(), index)
    line = layout.lineAt(0)
    width = _x(line, len(NAME) + 1) - _x(line, len(NAME))
    m_layout = _layout("M", _font(fonts, kind, qapp.font()))  # keep it: lines point into it
    em = m_layout.lineAt(0).naturalTextWidth()
    assert 0 < width < em  # a narrow space (the marker was wider than an "M")


@pytest.mark.parametrize("kind", ["ui", "mongolian"])
def test_a_label_paints_nothing_where_the_nnbsp_is(
        qtbot: QtBot, qapp: QApplication, fonts: FontSet, kind: str) -> None:
    label = QLabel(TEXT)
    qtbot.addWidget(label)
    font = _font(fonts, kind, qapp.font())
    font.setPointSizeF(28)
    label.setFont(font)
    label.setMargin(0)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.resize(label.sizeHint().width() + 40, label.sizeHint().height())
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ratio = image.devicePixelRatio()
    layout = _layout(TEXT, font)  # keep it alive while its line is used
    line = layout.lineAt(0)
    left = _x(line, len(NAME))
    right = _x(line, len(NAME) + 1)
    assert right - left >= 3, "the NNBSP has no width to look at"
    background = QColor(image.pixel(image.width() - 2, image.height() // 2))
    inked = [
        (x, y)
        for x in range(int((left + 1) * ratio), int((right - 1) * ratio))
        for y in range(image.height())
        if QColor(image.pixel(x, y)).lightness() < background.lightness() - 40
    ]
    assert not inked, f"{len(inked)} dark pixels where the NNBSP is (a box?)"
    # and the label does draw the letters on either side (the test can see ink)
    assert any(QColor(image.pixel(x, y)).lightness() < background.lightness() - 40
               for x in range(0, max(int(left * ratio), 1)) for y in range(image.height()))
