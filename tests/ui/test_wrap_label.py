"""``WrapLabel`` keeps its heights for widths: every answer equals a plain word-wrapped
``QLabel``'s in the same state, and no change of what the height depends on is answered from
what was kept before it. ``VerticalTextRenderer`` keeps its column layouts by text and column
length: each equals the layout worked out afresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFrame, QLabel
from pytestqt.qtbot import QtBot

from desktop.i18n.mongolian import has_mongolian
from desktop.ui.fonts import FontSet
from desktop.ui.qt_light import ALIGN_LEFT, ALIGN_TOP, TEXT_WORD_WRAP
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


# --- the shaped path: QLabel's answers from one shaped layout --------------------------------

HINT_WIDTHS = (-18, -5, 0, 1, 17, 40, 77, 120, 231, 326, 476, 689, 1084, 5000)


def _mongolian_messages() -> list[str]:
    """Every tenth Mongolian message of the catalogue, and the start page's."""
    from desktop.i18n import translator

    catalog = translator("mn_Mong_CN")
    texts = sorted({v for v in getattr(catalog, "_catalog", {}).values()
                    if isinstance(v, str) and has_mongolian(v)})
    assert len(texts) > 500  # the catalogue was read
    return [*texts[::10], TEXTS[2]]


def _same_answers(label: WrapLabel, qtbot: QtBot) -> None:
    plain = _plain_like(label)
    plain.setMaximumWidth(label.maximumWidth())
    plain.setMinimumSize(label.minimumSize())
    frame, m = label.frameWidth(), label.contentsMargins()  # the margins count the frame in
    plain.setContentsMargins(m.left() - frame, m.top() - frame, m.right() - frame,
                             m.bottom() - frame)
    plain.setFrameShape(label.frameShape())
    plain.setLineWidth(label.lineWidth())
    qtbot.addWidget(plain)
    for _twice in range(2):
        assert label.sizeHint() == plain.sizeHint(), label.text()
        assert label.minimumSizeHint() == plain.minimumSizeHint(), label.text()
        for width in HINT_WIDTHS:
            assert label.heightForWidth(width) == plain.heightForWidth(width), (width,
                                                                                label.text())


def test_the_shaped_path_answers_as_a_plain_label(qtbot: QtBot, qapp: QApplication,
                                                  fonts: FontSet) -> None:
    """Mongolian messages of the catalogue, in the window's fonts at several sizes, with and
    without contents margins and a maximum width: size hints and heights as QLabel's, and from
    the shaped layout (a test that fails if the shaped path answered otherwise)."""
    label = WrapLabel()
    qtbot.addWidget(label)
    label.set_alignment(ALIGN_TOP | ALIGN_LEFT)
    base = fonts.ui_font(qapp.font())
    texts = _mongolian_messages()
    shaped = 0
    for size, bold in ((base.pointSizeF(), False), (14.4, True), (7.5, False)):
        font = QFont(base)
        font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
        for i, text in enumerate(texts):
            label.setText(text)
            label.setContentsMargins(*((0, 0, 0, 0), (3, 5, 11, 2))[i % 2])
            label.setMaximumWidth((16777215, 300, 40)[i % 3])
            _same_answers(label, qtbot)
            shaped += label._check_state()
    assert shaped > 0.9 * 3 * len(texts)  # nearly all plain: the shaped path answered them


def test_the_shaped_text_measures_as_qt_format_text(qtbot: QtBot, qapp: QApplication,
                                                    fonts: FontSet) -> None:
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setFont(fonts.ui_font(qapp.font()))
    metrics = label.fontMetrics()
    for text in _mongolian_messages()[::3]:
        label.setText(text)
        for width in (*HINT_WIDTHS, 16777215):
            rect = metrics.boundingRect(QRect(0, 0, width, 2000),
                                        ALIGN_LEFT | ALIGN_TOP | TEXT_WORD_WRAP, text)
            assert label._shaper().text_size(width) == (rect.width(), rect.height()), (width,
                                                                                      text)


def test_what_the_shaped_path_leaves_to_qlabel(qtbot: QtBot, qapp: QApplication,
                                               fonts: FontSet) -> None:
    """A mnemonic, a line break, a tab, rich text, right-to-left text, a margin, an indent, a
    frame, a minimum size, a right or bottom alignment, a text format or interaction set
    through Qt: QLabel answers, and the answers are still a plain label's."""
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setFont(fonts.ui_font(qapp.font()))
    word = "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ "
    for text in (word * 3 + "&F1", word + "\n" + word, word + "\t" + word, "<b>" + word + "</b>",
                 word + "\u05d0\u05d1", word + "\u202e" + word, "English only"):
        label.setText(text)
        assert not label._check_state(), text
        _same_answers(label, qtbot)
    label.setText(word * 4)
    assert label._check_state()
    changes: tuple[Callable[[], object], ...] = (
        lambda: label.setMargin(4), lambda: label.setMargin(0),
        lambda: label.setIndent(12), lambda: label.setIndent(-1),
        lambda: label.setLineWidth(2), lambda: label.setFrameShape(QFrame.Shape.Box),
        lambda: label.setFrameShape(QFrame.Shape.NoFrame),
        lambda: label.setMinimumWidth(50), lambda: label.setMinimumWidth(0),
        lambda: label.set_alignment(ALIGN_LEFT | 0x0040),  # bottom
        lambda: label.set_alignment(0x0002 | ALIGN_TOP),  # right
        lambda: label.set_alignment(ALIGN_LEFT | ALIGN_TOP))
    for change in changes:
        change()
        # QLabel keeps its own hints across a frame or a minimum size set (as it always did);
        # word wrap set again makes it work them out, as a plain label in this state does
        label.setWordWrap(True)
        _same_answers(label, qtbot)
    assert label._check_state()
    label.setAlignment(Qt.AlignmentFlag.AlignLeft)
    assert not label._check_state()
    _same_answers(label, qtbot)
    other = WrapLabel()
    qtbot.addWidget(other)
    other.setFont(label.font())
    other.setText(word * 4)
    other.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    assert not other._check_state()
    plain = _plain_like(other)
    plain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    qtbot.addWidget(plain)
    assert other.sizeHint() == plain.sizeHint()
    assert other.minimumSizeHint() == plain.minimumSizeHint()
