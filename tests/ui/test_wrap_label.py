"""``WrapLabel`` keeps its heights for widths: every answer equals a plain word-wrapped
``QLabel``'s in the same state, and no change of what the height depends on is answered from
what was kept before it. ``VerticalTextRenderer`` keeps its column layouts by text and column
length: each equals the layout worked out afresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_text import VerticalTextRenderer, layout_columns
from desktop.ui.widgets.wrap_label import WrapLabel

TEXTS = (
    "Open a recent case file or office workspace below, or start a new one. Every change is "
    "saved as you make it. Press F1 for help.",
    "在下面打开最近的评审记录文件或办公室工作区，或新建一个。"
    "每项修改都会随时保存。按 F1 查看帮助。",
    "ᠳᠣᠣᠷᠠᠬᠢ ᠰᠠᠶᠢᠬᠠᠨ ᠤ ᠬᠡᠷᠡᠭ\u202fᠦᠨ ᠪᠢᠴᠢᠭ ᠪᠤᠶᠤ ᠠᠯᠪᠠᠨ ᠭᠡᠷ\u202fᠦᠨ ᠠᠵᠢᠯ\u202fᠤᠨ ᠣᠷᠣᠨ ᠵᠠᠢ\u202fᠶᠢ "
    "ᠨᠡᠭᠡᠭᠡᠭᠡᠷᠡᠢ᠃ F1",
)
WIDTHS = (-18, -5, 0, 1, 40, 120, 231, 326, 476, 689, 1084)


def _plain_like(label: WrapLabel) -> QLabel:
    """A plain QLabel in the same state as ``label``."""
    plain = QLabel()
    plain.setWordWrap(label.wordWrap())
    plain.setFont(label.font())
    plain.setMargin(label.margin())
    plain.setIndent(label.indent())
    plain.setContentsMargins(label.contentsMargins())
    plain.setAlignment(label.alignment())
    plain.setTextFormat(label.textFormat())
    plain.setText(label.text())
    return plain


def _same(label: WrapLabel, qtbot: QtBot) -> None:
    plain = _plain_like(label)
    qtbot.addWidget(plain)
    for _twice in range(2):  # asked again: from what was kept
        for width in WIDTHS:
            assert label.heightForWidth(width) == plain.heightForWidth(width), width


def test_heights_equal_a_plain_labels(qtbot: QtBot, qapp: QApplication, fonts: FontSet) -> None:
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setFont(fonts.ui_font(qapp.font()))
    for text in TEXTS:
        label.setText(text)  # a new text is not answered from the old one's heights
        _same(label, qtbot)


def test_a_change_is_not_answered_from_the_kept_heights(qtbot: QtBot, qapp: QApplication,
                                                        fonts: FontSet) -> None:
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setFont(fonts.ui_font(qapp.font()))
    label.setText(TEXTS[2])
    _same(label, qtbot)
    before = [label.heightForWidth(w) for w in WIDTHS]
    bigger = QFont(label.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    label.setFont(bigger)
    _same(label, qtbot)
    assert [label.heightForWidth(w) for w in WIDTHS] != before
    changes: tuple[Callable[[], object], ...] = (
        lambda: label.setMargin(7), lambda: label.setIndent(30),
        lambda: label.setContentsMargins(5, 9, 13, 2), lambda: label.setWordWrap(False),
        lambda: label.setWordWrap(True),
        lambda: label.set_alignment(Qt.AlignmentFlag.AlignRight.value
                                    | Qt.AlignmentFlag.AlignBottom.value),
        lambda: label.setTextFormat(Qt.TextFormat.RichText),
        lambda: label.setText("<b>" + TEXTS[0] + "</b>"),
        lambda: label.setTextFormat(Qt.TextFormat.PlainText),
        lambda: label.setStyleSheet("font-size: 31px;"))
    for change in changes:
        change()
        _same(label, qtbot)
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom


def test_the_renderers_kept_layouts_are_fresh_layouts(qtbot: QtBot, qapp: QApplication,
                                                      fonts: FontSet) -> None:
    renderer = VerticalTextRenderer(qapp.font(), fonts)
    other = VerticalTextRenderer(QFont(qapp.font().family(), 30), fonts)
    texts = [TEXTS[2], "ᠡᠬᠢᠯᠡᠬᠦ", "ᠳᠠᠪᠤᠭᠤ ᠲᠠᠯ᠎ᠠ 优势 (&S)", "", "ᠮᠣᠩᠭᠣᠯ\nᠪᠢᠴᠢᠭ"]
    for _round in range(2):
        for text in texts:
            for height in (40, 90.0, 110, 150, 260.5, 1000):
                kept = renderer.layout(text, height)
                assert kept == layout_columns(text, height, renderer.measure)
                assert kept.column_height == height
                # another renderer's fonts measure otherwise: its own layouts
                assert other.layout(text, height) == layout_columns(text, height, other.measure)
    assert renderer.layout(TEXTS[2], 90) != other.layout(TEXTS[2], 90)
    for n in range(200):  # many texts: what is kept stays bounded and right
        text = "ᠮᠣᠩᠭᠣᠯ " * (n % 7 + 1)
        assert renderer.layout(text, 60 + n) == layout_columns(text, 60 + n, renderer.measure)
