"""A vertical column's width without measuring an upright Han where it cannot be the wider
(``VerticalTextRenderer._han_fits``): the same width as measured, at every size, weight and
stretch, and with the fonts not bundled."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.fonts import FontSet
from desktop.ui.widgets.vertical_text import VerticalTextRenderer


def test_a_column_is_as_wide_as_measured_without_measuring_a_han(qtbot: QtBot, qapp: QApplication,
                                                                 fonts: FontSet) -> None:
    """The column width is the wider of the Mongolian line height and an upright Han (中), at
    every size, weight and stretch; the Han is measured only where it might be the wider
    (``_han_fits``), and never when the fonts are not bundled."""
    skipped = 0
    cases = []
    for points in (5.0, 6.0, 7.5, 8.25, 9.0, 10.0, 11.0, 12.0, 14.4, 18.0, 24.0, 36.0, 72.0):
        cases.append(("points", points))
    for pixels in (6, 8, 10, 11, 12, 13, 15, 16, 19, 24, 32, 48, 96):
        cases.append(("pixels", pixels))
    for kind, size in cases:
        for bold in (False, True):
            for stretch in (100, 150):
                base = QFont(qapp.font())
                if kind == "points":
                    base.setPointSizeF(size)
                else:
                    base.setPixelSize(int(size))
                base.setBold(bold)
                base.setStretch(stretch)
                for font_set in (fonts, FontSet()):
                    renderer = VerticalTextRenderer(base, font_set)
                    plain = max(QFontMetricsF(renderer.mongolian).height(),
                                QFontMetricsF(renderer.chinese).horizontalAdvance("\u4e2d"))
                    assert renderer.column_width == plain, (kind, size, bold, stretch)
                    height = QFontMetricsF(renderer.mongolian).height()
                    fits = renderer._han_fits(height)
                    skipped += fits
                    if font_set is not fonts or stretch != 100:
                        assert not fits  # measured
    assert skipped == len(cases) * 2  # the bundled fonts at the usual stretch: never measured
