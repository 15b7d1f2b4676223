"""The reviewer reads the applicant's PDF documents beside the scorebook (real demo case files,
the documents decrypted in memory): secret passages highlighted, Chinese search, hand-marked
regions on a scan kept across reopening, page citations in comments, passages of a text
material marked secret."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.case import CaseSession, open_case
from desktop.services.demo import PASSPHRASE, DemoResult
from desktop.services.pdf_pages import Box
from desktop.ui.fonts import load_bundled_fonts
from desktop.ui.i18n_qt import LanguageSwitcher
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.materials import MaterialsPanel, PageCitation
from desktop.ui.settings import Settings
from desktop.ui.widgets.pdf_view import PdfView
from tests.ui.helpers import key_click
from tests.ui.reviewer.documents_world import demo_case, document_demo, scan_case
from tests.ui.reviewer.world import click_export

__all__ = ["document_demo"]  # the session fixture
NONE = Qt.KeyboardModifier.NoModifier


def _open(qtbot: QtBot, window: MainWindow, controller: ReviewerController, case: CaseSession,
          applicant_id: str | None = None) -> MaterialsPanel:
    controller.set_case(case)
    window.show()
    qtbot.waitExposed(window)
    controller.open_applicant(applicant_id or case.applicants()[0].applicant_id)
    assert controller.scorebook is not None
    return controller.scorebook.materials


def _new_window(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, ReviewerController]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings.at(tmp_path / "settings-again.ini")
    window = MainWindow(settings, LanguageSwitcher(app, settings), fonts=load_bundled_fonts())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window, ReviewerController(window, identity_folder=tmp_path / "identity",
                                      kdf=CHEAP_KDF)


def _pick(qtbot: QtBot, panel: MaterialsPanel, kind: str, title: str | None = None) -> None:
    for i in range(panel.picker.count()):
        mat = panel._materials[i]
        if mat.kind == kind and (title is None or mat.title == title):
            if kind == "pdf":
                with qtbot.waitSignal(panel.document.viewer.page_shown, timeout=20_000):
                    panel.picker.setCurrentIndex(i)
            else:
                panel.picker.setCurrentIndex(i)
            return
    raise AssertionError(f"no {kind} material")


def _pixel(view: PdfView, box: Box) -> QColor:
    centre = view.canvas.view_rect(box).center().toPoint()
    return view.canvas.grab().toImage().pixelColor(centre)


def test_the_report_with_its_secret_highlighted_and_searched(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        document_demo: DemoResult, tmp_path: Path) -> None:
    panel = _open(qtbot, window, controller, demo_case(document_demo, tmp_path))
    _pick(qtbot, panel, "pdf")
    doc = panel.document
    view = doc.viewer
    assert view.pages is not None and view.pages.page_count > 20
    assert doc.text_layer and doc.passages  # the demo declares a passage in it
    assert str(len(doc.passages)) in doc.notice.text()
    # the declared passage is found in the text layer and painted where it stands
    hit = view.pages.find(doc.passages[0])[0]
    with qtbot.waitSignal(view.page_shown, timeout=20_000):
        view.go_to(hit.page)
    colour = _pixel(view, hit.rects[0])
    assert colour.red() > colour.blue() + 40  # orange over the passage
    # search finds Chinese text; Enter goes to the next place
    with qtbot.waitSignal(view.page_shown, timeout=20_000):
        view.go_to(1)
    view.search_box.setText("质量")
    with qtbot.waitSignal(view.searched, timeout=20_000) as searched:
        key_click(view.search_box, Qt.Key.Key_Return)
    assert searched.args[0] > 1
    first = view.hits[view.hit_index]
    key_click(view.search_box, Qt.Key.Key_Return)
    assert view.hits[view.hit_index] != first
    assert view.page == view.hits[view.hit_index].page
    # a look at the text material and back: the same document, on the same page
    page, pages = view.page, view.pages
    _pick(qtbot, panel, "text")
    assert panel.current_page() is None
    panel.picker.setCurrentIndex(next(i for i, m in enumerate(panel._materials)
                                      if m.kind == "pdf"))
    assert view.pages is pages and view.page == page and panel.current_page() == page


def test_a_scan_says_so_and_keeps_a_region_marked_by_hand(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        document_demo: DemoResult, tmp_path: Path) -> None:
    case, material_id = scan_case(document_demo, tmp_path)
    folder = case.paths.folder
    panel = _open(qtbot, window, controller, case)
    _pick(qtbot, panel, "pdf", "扫描件")
    doc = panel.document
    assert not doc.text_layer
    assert "scan" in doc.notice.text() and "cannot be found" in doc.notice.text()
    with qtbot.waitSignal(doc.viewer.page_shown, timeout=20_000):
        doc.viewer.go_to(2)
    QTest.mouseClick(doc.mark_button, Qt.MouseButton.LeftButton)
    assert doc.viewer.canvas.marking
    canvas = doc.viewer.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(30, 40))
    QTest.mouseMove(canvas, QPoint(160, 90))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(160, 90))
    (region,) = case.secret_regions(material_id)
    assert region.page == 2 and region.x1 > region.x0 and region.y1 > region.y0
    assert [r.page for r in doc.viewer.regions] == [2]
    # Edit › Undo takes it back, Redo marks it again
    window.act_undo.trigger()
    assert case.secret_regions(material_id) == [] and doc.viewer.regions == []
    window.act_redo.trigger()
    (region,) = case.secret_regions(material_id)
    assert [r.page for r in doc.viewer.regions] == [2]
    # quit and start again: the region is still there, shown on its page
    controller.close()
    window.close()
    window, controller = _new_window(qtbot, tmp_path)
    case = open_case(folder, PASSPHRASE)
    panel = _open(qtbot, window, controller, case)
    _pick(qtbot, panel, "pdf", "扫描件")
    doc = panel.document
    assert [(r.key, r.page) for r in doc.viewer.regions] == [(region.region_id, 2)]
    with qtbot.waitSignal(doc.viewer.page_shown, timeout=20_000):
        doc.viewer.go_to(2)
    box = doc.viewer.regions[0].box
    colour = _pixel(doc.viewer, box)
    assert colour.red() > colour.green() + 30  # the hatched red of a secret region
    # removed from its context menu
    menu = doc.viewer.canvas.menu_at(doc.viewer.canvas.view_rect(box).center())
    assert menu is not None
    menu.actions()[0].trigger()
    menu.deleteLater()
    assert case.secret_regions(material_id) == [] and doc.viewer.regions == []
    controller.close()


def test_a_comment_cites_the_page_being_read(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        document_demo: DemoResult, tmp_path: Path) -> None:
    case = demo_case(document_demo, tmp_path)
    panel = _open(qtbot, window, controller, case)
    assert controller.scorebook is not None
    view = controller.scorebook.current_view()
    assert view is not None
    editor = view.strengths
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    before = editor.toPlainText()
    QTest.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == before  # a text material: no page to cite
    _pick(qtbot, panel, "pdf")
    with qtbot.waitSignal(panel.document.viewer.page_shown, timeout=20_000):
        panel.document.viewer.go_to(12)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == before + "(p. 12)"
    # the editor's context menu offers the same
    citation = editor.findChild(PageCitation)
    assert citation is not None
    menu = citation.menu_at(QPoint(5, 5))
    cite = menu.actions()[-1]
    assert "12" in cite.text() and cite.isEnabled()
    cite.trigger()
    menu.deleteLater()
    assert editor.toPlainText() == before + "(p. 12)(p. 12)"
    window.language.apply("zh_CN", remember=False)
    try:
        QTest.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        assert editor.toPlainText() == before + "(p. 12)(p. 12)（第12页）"
    finally:
        window.language.apply("en", remember=False)


def test_a_passage_of_a_text_material_marked_secret(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        document_demo: DemoResult, tmp_path: Path) -> None:
    case = demo_case(document_demo, tmp_path)
    applicant = case.applicants()[0].applicant_id
    panel = _open(qtbot, window, controller, case, applicant)
    _pick(qtbot, panel, "text")
    body = panel.browser.toPlainText()
    passage = next(line for line in body.splitlines() if len(line.strip()) > 12).strip()[:10]
    assert passage not in case.declared_secrets(applicant)
    start = body.index(passage)
    cursor = panel.browser.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage), QTextCursor.MoveMode.KeepAnchor)
    panel.browser.setTextCursor(cursor)
    menu = panel.context_menu_at(QPoint(5, 5))  # the browser's menu, as the button
    mark = next(a for a in menu.actions() if a.text() == "&Mark as secret")
    assert mark.isEnabled()
    mark.trigger()
    menu.deleteLater()
    assert passage in case.declared_secrets(applicant)  # counts as declared from now on
    assert (start, start + len(passage)) in panel.own_spans
    window.act_undo.trigger()  # undone and redone like any edit
    assert passage not in case.declared_secrets(applicant) and panel.own_spans == []
    window.act_redo.trigger()
    assert passage in case.declared_secrets(applicant)
    assert (start, start + len(passage)) in panel.own_spans
    # a comment quoting it is warned about, as for the applicant's own declarations
    assert controller.scorebook is not None
    view = controller.scorebook.current_view()
    assert view is not None
    view.strengths.setPlainText(f"报告称：{passage}。")
    assert controller.scorebook.secret_warning.text()
    # and taken back from the menu on the passage
    cursor = panel.browser.textCursor()
    cursor.setPosition(start + 1)
    on_mark = panel.browser.cursorRect(cursor).center()
    menu = panel.context_menu_at(on_mark)
    take = next(a for a in menu.actions() if a.text() == "&Remove my secret mark")
    take.trigger()
    menu.deleteLater()
    assert passage not in case.declared_secrets(applicant)
    assert panel.own_spans == []
    window.act_undo.trigger()
    assert passage in case.declared_secrets(applicant)


def test_after_the_last_final_export_the_documents_may_go(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        document_demo: DemoResult, tmp_path: Path) -> None:
    case = demo_case(document_demo, tmp_path)
    panel = _open(qtbot, window, controller, case)
    window.act_export.trigger()
    page = controller.export
    assert page is not None
    page.stage.setCurrentIndex(page.stage.findData(case.stages()[-1].stage_id))
    page.final.setChecked(True)
    stick = tmp_path / "usb"
    stick.mkdir()
    page.folder.setText(str(stick))
    with qtbot.waitSignal(page.done, timeout=30_000):
        click_export(page)
    box = controller.document_removal
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.defaultButton() is box.escapeButton()  # keeping them is the default
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
    remove = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    remove.click()
    documents = case.status().documents
    assert documents is not None and documents.removed_at is not None
    assert all(m.removed for m in documents.materials if m.kind == "pdf")
    assert "removed" in window.statusBar().currentMessage()
    # the scorebook's materials list each document as removed, and show it so
    window.show_page("scorebook")
    index = next(i for i, m in enumerate(panel._materials) if m.kind == "pdf")
    assert "removed" in panel.picker.itemText(index)
    panel.picker.setCurrentIndex(index)
    assert panel.stack.currentWidget() is panel.removed and panel.current_page() is None
    controller.close()
