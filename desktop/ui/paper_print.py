"""Printing on paper: a QPrintDialog, then the very PDF the command line writes, each page drawn
by PDFium (``services.printing.paper_pages``) at the printer's resolution onto the QPrinter.

Painting onto a QPrinter may run off the UI thread (Qt allows QPainter on a QPrinter in any
thread), so a long document prints with progress and a Cancel between pages; the dialog itself
runs on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRectF, QTranslator
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.i18n import _, current_language
from desktop.services import printing
from desktop.services.printing.paper import PAPER_DPI

ChoosePrinter = Callable[[QWidget, str, int], "QPrinter | None"]  # (parent, title, pages)
QT_TRANSLATED = frozenset({"en", "zh_CN"})  # Qt's own catalogs cover its print dialog
#: what Qt's print dialog asks for (recorded from a dialog with its options open)
PRINT_DIALOG_TEXTS = frozenset({
    N_("&Options <<"), N_("&Options >>"), N_("&Print"), N_("All Pages"), N_("Even Pages"),
    N_("Local file"), N_("Odd Pages"), N_("Print"), N_("Print to File (PDF)"), N_("Write PDF file"),
    N_("Collate"), N_("Color"), N_("Color Mode"), N_("Copies"), N_("Copies:"), N_("Current Page"),
    N_("Double Sided Printing"), N_("Grayscale"), N_("Long side binding"), N_("Off"), N_("Options"),
    N_("Output Settings"), N_("Page &Set:"), N_("Pages"), N_("Pages from"), N_("Print all"),
    N_("Print range"), N_("Reverse"), N_("Selection"), N_("Short side binding"), N_("to"),
    N_("Specify pages or ranges separated by commas. Ranges are specified by two numbers "
       "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9."),
    N_("&Name:"), N_("Location:"), N_("Output &file:"), N_("P&roperties"), N_("Preview"),
    N_("Printer"), N_("Type:"),
})
_PRINT_CONTEXTS = frozenset({"QPrintDialog", "QPrintSettingsOutput", "QPrintWidget"})


class PrintDialogTranslator(QTranslator):
    """Qt's print dialog in a language Qt ships no catalog for (Traditional Mongolian): its
    texts come from Scorebook's catalog while the dialog is open."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context not in _PRINT_CONTEXTS or source_text not in PRINT_DIALOG_TEXTS:
            return None
        translated = _(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:
        return False


class PrinterUnavailable(InputRejected):
    """The printer refused to start the job (not connected, out of paper, no permission)."""


def ask_printer(parent: QWidget, title: str, pages: int) -> QPrinter | None:
    """The system's print dialog (printer, copies, page range); None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    app = QCoreApplication.instance()
    translator = PrintDialogTranslator() if current_language() not in QT_TRANSLATED else None
    if translator is not None and app is not None:
        app.installTranslator(translator)
    try:
        dialog = print_dialog(printer, parent, title, pages)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        if translator is not None and app is not None:
            app.removeTranslator(translator)
    return printer if accepted else None


def print_dialog(printer: QPrinter, parent: QWidget | None, title: str,
                 pages: int) -> QPrintDialog:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {document}").format(document=title))
    dialog.setMinMax(1, max(1, pages))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog


def _wanted(printer: QPrinter, count: int) -> range:
    """The pages asked for in the dialog (all of them unless a range was chosen)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return range(printer.fromPage(), min(count, printer.toPage() or count) + 1)
    return range(1, count + 1)


def paint_pdf(printer: QPrinter, pdf: bytes,
              before_page: Callable[[int, int], None] | None = None) -> int:
    """Draw each page of ``pdf`` onto ``printer``, fitted to the printable area and centred
    (the PDF carries its own margins); returns how many pages were printed."""
    sizes = printing.page_sizes(pdf)
    wanted = _wanted(printer, len(sizes))
    if sizes:  # the paper's orientation follows the document's first page
        width, height = sizes[0]
        printer.setPageOrientation(QPageLayout.Orientation.Portrait if height >= width
                                   else QPageLayout.Orientation.Landscape)
    dpi = min(printer.resolution(), PAPER_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(Msg(N_("The printer could not start the job")))
    printed = 0
    try:
        for page in printing.paper_pages(pdf, dpi, before_page):
            if page.number not in wanted:
                continue
            if printed:
                printer.newPage()
            image = QImage(page.rgb, page.width, page.height, page.stride,
                           QImage.Format.Format_RGB888)
            area = QRectF(painter.viewport())
            scale = min(area.width() / page.width, area.height() / page.height)
            w, h = page.width * scale, page.height * scale
            target = QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2,
                            w, h)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


def printer_name(printer: QPrinter) -> str:
    """Where the pages went, in words: the printer's name or the file."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return printer.outputFileName()
    return printer.printerName() or _("the printer")


__all__ = ["ChoosePrinter", "PrintDialogTranslator", "PrinterUnavailable", "ask_printer",
           "paint_pdf", "print_dialog", "printer_name"]
