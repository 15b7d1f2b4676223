"""Printing on paper from the office window: File ▸ Print… (Ctrl+P) on the ranking page
previews the ranking, asks for a printer (here a QPrinter writing a PDF file) and draws the same
PDF the CLI writes, page by page; read back: as many pages as the document, none blank. On a
page without a document of its own Ctrl+P opens the Print page, where it prints the document
chosen; a cancelled print dialog prints nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.paper_print import PrintDialogTranslator, print_dialog


def _pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    return printer


def _inked_pages(path: Path) -> list[bool]:
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        inked = []
        for n in range(len(document)):
            image = document[n].render(scale=0.5).to_pil().convert("L")
            low, high = image.getextrema()
            inked.append(high - low > 100)  # black text on white paper
        return inked
    finally:
        document.close()


def _wait_task(qtbot: QtBot, office: OfficeController) -> None:
    with qtbot.waitSignal(office.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        pass


def test_ctrl_p_on_the_ranking_prints_the_ranking_on_paper(
        qtbot: QtBot, window: MainWindow, office: OfficeController, tmp_path: Path) -> None:
    page: Any = office.page("print")
    out = tmp_path / "printer.pdf"
    asked: list[tuple[str, int]] = []

    def choose(parent: QWidget, title: str, pages: int) -> QPrinter:
        asked.append((title, pages))
        return _pdf_printer(out)

    page.choose_printer = choose
    window.show_page("office_ranking")
    assert window.act_print.isEnabled() and window.act_print.shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(office.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        window.act_print.trigger()  # the ranking previewed first …
    assert window.current_page() == "office_print" and page.kind() == "ranking"
    _wait_task(qtbot, office)  # … then printed
    assert asked == [("Ranking", len(page.rendered.pages))]
    assert out.is_file() and _inked_pages(out) == [True] * len(page.rendered.pages)
    assert "sent to" in page.message.text() and str(out) in page.message.text()


def test_print_button_prints_the_document_chosen_and_cancel_prints_nothing(
        qtbot: QtBot, window: MainWindow, office: OfficeController, tmp_path: Path) -> None:
    page: Any = office.page("print")
    window.show_page("office_cycle")
    window.act_print.trigger()  # no document of its own: the Print page, nothing started
    assert window.current_page() == "office_print" and not office.session.busy
    page.select_document("ballots")
    with qtbot.waitSignal(office.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        assert page.preview()
    count = len(page.rendered.pages)
    assert count >= 2
    page.choose_printer = lambda parent, title, pages: None  # the dialog cancelled
    assert page.print_on_paper() is False and not office.session.busy
    out = tmp_path / "ballots.pdf"
    page.choose_printer = lambda parent, title, pages: _pdf_printer(out)
    with qtbot.waitSignal(office.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        page.print_button.click()
    assert _inked_pages(out) == [True] * count


def test_the_print_dialog_speaks_mongolian(qapp: QApplication, window: MainWindow) -> None:
    """Qt has no Mongolian catalog: its print dialog's texts come from Scorebook's."""
    from tests.ui.office.test_vertical_labels import _switch

    translator = PrintDialogTranslator()
    try:
        _switch(window, "mn_Mong_CN")
        qapp.installTranslator(translator)
        dialog = print_dialog(QPrinter(), window, "ranking", 2)
        texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)
                 + dialog.findChildren(QCheckBox) + dialog.findChildren(QRadioButton)
                 if w.text().strip()]
        english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("PDF", ""))]
        assert texts and not english, english
        dialog.deleteLater()
    finally:
        qapp.removeTranslator(translator)
        _switch(window, "en")
