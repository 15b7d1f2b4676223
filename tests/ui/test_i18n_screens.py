"""Issue 7's "Done when" for the screen: the vertical widget's layout of known strings with the
bundled fonts (column count, order, break positions; suffixes joined by NNBSP never split), and
Qt's own dialog buttons in Chinese (Qt's catalog) and in Mongolian (our catalog)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services.catalogue import framework
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.qt_catalog import STANDARD_BUTTON_TEXTS
from desktop.ui.widgets.vertical_text import NNBSP, VerticalLabel

MONGOL = "ᠮᠣᠩᠭᠣᠯ"
SENIOR = framework().item("4.1.2").name_mn or ""  # ᠳᠡᠭᠡᠳᠦ ᠤᠳᠤᠷᠢᠳᠤᠯ<NNBSP>ᠤᠨ ᠡᠭᠦᠷᠭᠡ
Buttons = QDialogButtonBox.StandardButton


@pytest.fixture
def switcher(qapp: QApplication) -> Iterator[LanguageSwitcher]:
    sw = LanguageSwitcher(qapp)
    yield sw
    sw.apply("en", remember=False)


def test_known_item_name_breaks_into_its_words_never_at_the_nnbsp(qtbot: QtBot,
                                                                   fonts: FontSet) -> None:
    assert SENIOR.split(" ") == ["ᠳᠡᠭᠡᠳᠦ", f"ᠤᠳᠤᠷᠢᠳᠤᠯ{NNBSP}ᠤᠨ", "ᠡᠭᠦᠷᠭᠡ"]
    label = VerticalLabel(SENIOR, fonts=fonts)
    qtbot.addWidget(label)
    renderer = label.renderer()
    widest = max(renderer.measure(w, False) for w in SENIOR.split(" "))
    tight = renderer.layout(SENIOR, widest + 1)  # one word per column
    assert tight.texts == ("ᠳᠡᠭᠡᠳᠦ", f"ᠤᠳᠤᠷᠢᠳᠤᠯ{NNBSP}ᠤᠨ", "ᠡᠭᠦᠷᠭᠡ")
    assert tight.breaks == (len("ᠳᠡᠭᠡᠳᠦ") + 1, SENIOR.index("ᠡᠭᠦᠷᠭᠡ"))
    assert SENIOR.index(NNBSP) not in tight.breaks and SENIOR.index(NNBSP) + 1 not in tight.breaks
    # narrower than the suffixed word: it overflows its column rather than splitting
    narrow = renderer.layout(SENIOR, renderer.measure("ᠤᠨ", False))
    assert f"ᠤᠳᠤᠷᠢᠳᠤᠯ{NNBSP}ᠤᠨ" in narrow.texts and "ᠤᠨ" not in narrow.texts
    # room for the first two words: two columns, in reading order
    two = renderer.layout(SENIOR, renderer.measure(SENIOR.rsplit(" ", 1)[0], False) + 1)
    assert two.texts == (SENIOR.rsplit(" ", 1)[0], "ᠡᠭᠦᠷᠭᠡ")
    assert len(renderer.layout(SENIOR, 10_000).columns) == 1


def _ink_rows(image: QImage, x0: int, x1: int, background: QColor) -> int:
    """The lowest row with ink between x0 and x1 (0 when blank)."""
    lowest = 0
    for y in range(image.height()):
        if any(image.pixelColor(x, y) != background for x in range(x0, min(x1, image.width()))):
            lowest = y
    return lowest


def test_columns_advance_left_to_right_and_run_top_to_bottom(qtbot: QtBot,
                                                            fonts: FontSet) -> None:
    long_word = f"{MONGOL}{NNBSP}ᠤᠨ{NNBSP}ᠤᠨ"  # one unbreakable, long word
    label = VerticalLabel(f"{long_word} ᠤᠨ", fonts=fonts)
    qtbot.addWidget(label)
    renderer = label.renderer()
    height = int(renderer.measure(long_word, False)) + 4
    label.set_column_height(height)
    label.setStyleSheet("background: white; color: black")
    label.setAutoFillBackground(True)
    label.resize(label.sizeHint())
    layout = label.vertical_layout(label.contentsRect().height())
    assert layout.texts == (long_word, "ᠤᠨ")
    image = label.grab().toImage()
    white = image.pixelColor(0, 0)
    width = int(renderer.column_width)
    step = int(renderer.column_width + renderer.column_gap)
    left = _ink_rows(image, 0, width, white)
    right = _ink_rows(image, step, step + width, white)
    assert left > 0 and right > 0
    assert left > 2 * right  # the long word is the first (left) column, drawn downwards


def test_chinese_standard_buttons_come_from_qt(qtbot: QtBot, switcher: LanguageSwitcher) -> None:
    switcher.apply("zh_CN", remember=False)
    box = QDialogButtonBox(Buttons.Ok | Buttons.Cancel | Buttons.Close)
    qtbot.addWidget(box)
    assert box.button(Buttons.Ok).text() == "确定"
    assert box.button(Buttons.Cancel).text() == "取消"
    assert box.button(Buttons.Close).text() == "关闭"


def test_mongolian_standard_buttons_come_from_our_catalog(qtbot: QtBot,
                                                          switcher: LanguageSwitcher) -> None:
    switcher.apply("mn_Mong_CN", remember=False)
    every = Buttons.Ok | Buttons.Cancel | Buttons.Close | Buttons.Save | Buttons.Yes | Buttons.No \
        | Buttons.Apply | Buttons.Help | Buttons.Discard | Buttons.Retry | Buttons.RestoreDefaults
    box = QDialogButtonBox(every)
    qtbot.addWidget(box)
    assert box.button(Buttons.Ok).text() == i18n._("OK") == "ᠪᠠᠲᠤᠯᠠᠬᠤ"
    assert box.button(Buttons.Cancel).text() == "ᠪᠣᠯᠢᠬᠤ"
    for button in box.buttons():
        text = button.text()
        assert any("\u1820" <= c <= "\u18af" for c in text), text
    # back to English: Qt's own texts again (our translator is removed)
    switcher.apply("en", remember=False)
    english = QDialogButtonBox(Buttons.Ok | Buttons.Cancel)
    qtbot.addWidget(english)
    assert [b.text() for b in english.buttons()] == ["OK", "Cancel"]


def test_every_standard_text_is_in_both_catalogs() -> None:
    for language in ("zh_CN", "mn_Mong_CN"):
        catalog = i18n.translator(language)
        missing = [t for t in STANDARD_BUTTON_TEXTS if catalog.gettext(t) == t]
        assert not missing, (language, missing)
