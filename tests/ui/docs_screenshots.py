"""Render the UI screenshots kept under docs/ui/ (offscreen). Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.docs_screenshots

The office window's pages (docs/ui/office-*.png, at 1280×768) come from
``python -m tests.ui.office.screenshots [DEMO_DIR] en zh_CN mn_Mong_CN``.

The Mongolian words in vertical-mongolian.png are sample text for the widget, not catalog
strings (those await native review).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QTableView,
    QWidget,
)

from desktop.i18n import set_language
from desktop.services.catalogue import framework
from desktop.ui.app import main as app_main
from desktop.ui.demo import DEMO_APPLICANT, DEMO_STAGE, demo_sink
from desktop.ui.fonts import FontSet, load_bundled_fonts
from desktop.ui.models.scorebook_model import ScorebookModel
from desktop.ui.views.scorebook_view import ScorebookView
from desktop.ui.widgets.nav_bar import NavigationBar
from desktop.ui.widgets.vertical_header import VerticalHeaderView
from desktop.ui.widgets.vertical_text import NNBSP, VerticalLabel

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ui"
SAMPLE = f"ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ{NNBSP}ᠦᠨ ᠵᠢᠱᠢᠶ᠎ᠡ ᠴᠢᠨᠠᠷ{NNBSP}ᠤᠨ 中国 ᠦᠨᠡᠯᠡᠬᠦ 2024"


def vertical_sample(fonts: FontSet) -> QWidget:
    page = QWidget()
    page.setStyleSheet("background: white; color: black;")
    grid = QGridLayout(page)
    caption = QLabel("Horizontal QLabel (Qt shaping) — the same text set vertically below:")
    horizontal = QLabel(SAMPLE)
    horizontal.setFont(fonts.mongolian_font(page.font()))
    grid.addWidget(caption, 0, 0, 1, 3)
    grid.addWidget(horizontal, 1, 0, 1, 3)
    label = VerticalLabel(SAMPLE, fonts=fonts, column_height=230)
    grid.addWidget(QLabel("VerticalLabel"), 2, 0)
    grid.addWidget(label, 3, 0, Qt.AlignmentFlag.AlignTop)

    nav = NavigationBar(fonts=fonts)
    for key, text in (("a", "ᠦᠨᠡᠯᠡᠬᠦ"), ("b", "ᠳᠦᠩ ᠪᠢᠴᠢᠭ"), ("c", "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ")):
        nav.add_entry(key, text)
    grid.addWidget(QLabel("NavigationBar"), 2, 1)
    grid.addWidget(nav, 3, 1, Qt.AlignmentFlag.AlignTop)

    model = QStandardItemModel(3, 4)
    model.setHorizontalHeaderLabels(["ᠨᠡᠷ᠎ᠡ", "ᠳᠦᠩ", "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ", "Band"])
    for r in range(3):
        for c, v in enumerate((f"4.{r + 1}", str(40 + 10 * r), f"{50 + 5 * r}%", "4")):
            model.setItem(r, c, QStandardItem(v))
    table = QTableView()
    table.setHorizontalHeader(VerticalHeaderView(Qt.Orientation.Horizontal, table, fonts=fonts))
    table.setModel(model)
    table.setMinimumSize(300, 260)
    grid.addWidget(QLabel("VerticalHeaderView"), 2, 2)
    grid.addWidget(table, 3, 2)
    page.resize(820, 460)
    return page


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    fonts = load_bundled_fonts()
    assert isinstance(app, QApplication)
    app.setFont(fonts.ui_font(app.font()))
    DOCS.mkdir(parents=True, exist_ok=True)
    set_language("en")

    page = vertical_sample(fonts)
    page.show()
    app.processEvents()
    page.grab().save(str(DOCS / "vertical-mongolian.png"))

    fw = framework()
    view = ScorebookView(ScorebookModel(demo_sink(fw), DEMO_APPLICANT, DEMO_STAGE), fonts=fonts)
    view.resize(1200, 760)
    view.show()
    app.processEvents()
    view.grab().save(str(DOCS / "scorebook-en.png"))

    app_main(["--screenshot", str(DOCS / "main-shell.png"), "--demo", "--language", "en"])
    for path in sorted(DOCS.glob("*.png")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
