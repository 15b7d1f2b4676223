"""The office attaches an applicant's documents from the window (real workspace, real PDFs):
the dialog, a PDF dropped on the applicant's row, the refusal of a file that is not a PDF, the
list with pages and secrets found, and removal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.office import materials
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.materials import AttachDocumentDialog, DocumentsDialog
from tests.pdf_samples import report_pages, scanned_pdf, text_pdf
from tests.ui.office.test_setup_actions import _dialog_clashes

SECRET = "稀土萃取工艺参数保密条款第七项"


def _page(window: MainWindow, office: OfficeController):  # type: ignore[no-untyped-def]
    window.show_page("office_applicants")
    page = office.page("applicants")
    page.refresh()
    return page


def _attach(qtbot: QtBot, office: OfficeController, dialog: AttachDocumentDialog) -> None:
    with qtbot.waitSignal(office.session.busy_changed, timeout=60_000,
                          check_params_cb=lambda busy: not busy):
        dialog.ok.click()


def test_attach_a_pdf_through_the_dialog(qtbot: QtBot, window: MainWindow,
                                         office: OfficeController, tmp_path: Path) -> None:
    page = _page(window, office)
    ref = page.model.row(0).ref
    page.view.selectRow(0)
    before = len(materials.list_materials(office.session.workspace, ref))
    docs = page.documents.open_documents()
    assert isinstance(docs, DocumentsDialog) and docs.model.rowCount() == before
    report = tmp_path / "补充证明材料.pdf"
    report.write_bytes(text_pdf(report_pages(3, SECRET, secret_page=2)))
    passages = tmp_path / "secrets.txt"
    passages.write_text(f"{SECRET}\n\n不在文件中的段落\n", encoding="utf-8")
    docs.attach_button.click()  # the button opens an empty dialog
    empty = docs.attach_dialog
    assert empty is not None and empty.path.text() == "" and empty.title.text() == ""
    empty.reject()
    dialog = docs.attach(report)
    assert dialog.title.text() == "补充证明材料"  # from the file's name
    assert dialog.load_passages(passages)
    assert dialog.passages.toPlainText() == f"{SECRET}\n不在文件中的段落"
    _attach(qtbot, office, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    summary = dialog.result_summary
    assert summary is not None and summary.kind == "pdf" and summary.pages == 3
    assert summary.secrets == 2 and summary.secrets_unfound == ("不在文件中的段落",)
    assert docs.model.rowCount() == before + 1
    row = next(r for r in docs.model.rows() if r["title"] == "补充证明材料")
    secrets_text = docs.model.index(docs.model.rows().index(row), 4).data()
    assert "不在文件中的段落" in secrets_text  # the passage not found is named
    assert "不在文件中的段落" in docs.message.text()
    # stored in the workspace, as the CLI lists it
    listed = materials.list_materials(office.session.workspace, ref)
    assert any(m.title == "补充证明材料" and m.pages == 3 for m in listed)
    docs.close()


def test_a_file_that_is_not_a_pdf_is_refused(qtbot: QtBot, window: MainWindow,
                                             office: OfficeController, tmp_path: Path) -> None:
    page = _page(window, office)
    ref = page.model.row(0).ref
    before = materials.list_materials(office.session.workspace, ref)
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"PK\x03\x04 a zip file renamed")
    docs = page.documents.open_documents(ref)
    assert docs is not None
    dialog = docs.attach(fake)
    _attach(qtbot, office, dialog)
    qtbot.waitUntil(lambda: dialog.refusal is not None and dialog.refusal.isVisible())
    assert dialog.refusal is not None
    assert "report.pdf" in dialog.refusal.text()  # names the file and the reason
    assert dialog.isVisible() and dialog.path.text() == str(fake)  # nothing lost
    assert materials.list_materials(office.session.workspace, ref) == before
    dialog.refusal.close()
    dialog.reject()
    docs.close()


def test_a_pdf_dropped_on_an_applicant_row(qtbot: QtBot, window: MainWindow,
                                           office: OfficeController, tmp_path: Path) -> None:
    page = _page(window, office)
    qtbot.waitExposed(page.view)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(2))
    second = page.model.row(1).ref
    rect = page.view.visualRect(page.model.index(1, 1))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(scan))])
    # Qt delivers a drop only during a real drag: the page's handler gets the events directly
    viewport = page.view.viewport()
    enter = QDragEnterEvent(rect.center(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert page.documents.eventFilter(viewport, enter) and enter.isAccepted()
    assert page.view.currentIndex().row() == 1  # the row under the file is the target
    drop = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    assert page.documents.eventFilter(viewport, drop)
    docs = page.documents.dialog
    assert isinstance(docs, DocumentsDialog) and docs.ref == second
    dialog = docs.attach_dialog
    assert dialog is not None and dialog.path.text() == str(scan)
    assert dialog.applicant.currentData() == second
    dialog.passages.setPlainText(SECRET)
    _attach(qtbot, office, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "no text layer" in docs.message.text()  # reviewers mark its secrets by hand
    summary = dialog.result_summary
    assert summary is not None and not summary.text_layer
    # removed again, after a confirmation
    index = next(i for i, r in enumerate(docs.model.rows()) if r["title"] == "scan")
    docs.view.selectRow(index)
    box = docs.ask_remove()
    assert box is not None
    remove = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    remove.click()
    assert all(r["title"] != "scan" for r in docs.model.rows())
    assert all(m.title != "scan"
               for m in materials.list_materials(office.session.workspace, second))
    docs.close()


def test_the_dialogs_speak_each_language_without_clashing_keys(
        window: MainWindow, office: OfficeController) -> None:
    page = _page(window, office)
    ref = page.model.row(0).ref
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            docs = page.documents.open_documents(ref)
            assert docs is not None
            assert _dialog_clashes(docs) == [], language
            attach = docs.attach()  # a window of its own (its controls are children of docs)
            assert _dialog_clashes(attach) == [], language
            if language != "en":
                assert attach.ok.text() != "Atta&ch" and docs.windowTitle()
                assert "Documents" not in page.documents.button.text()
            attach.reject()
            docs.close()
    finally:
        window.language.apply("en", remember=False)
