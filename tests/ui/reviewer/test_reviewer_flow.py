"""The reviewer's main flows through real widgets on a real, encrypted case file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.crypto.bundle import open_bundle
from desktop.crypto.roster import verify_roster
from desktop.services.case import open_case
from desktop.services.catalogue import framework as _fw
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import Col
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.materials import SECRET_BG
from desktop.ui.widgets.save_state import SaveState
from desktop.ui.widgets.vertical_header import VerticalHeaderView
from tests.ui.helpers import key_clicks, type_in_cell
from tests.ui.reviewer.world import NAMES, PASSPHRASE, SECRET, Team, click_export, open_scorebook

FIRST, SECOND = (i.id for i in _fw().items[:2])


def _input_method(widget: QWidget, text: str) -> None:
    """Commit text as an input method does (QTest cannot type Chinese key by key)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_open_existing_case_through_the_dialog(qtbot: QtBot, window: MainWindow,
                                               controller: ReviewerController, team: Team,
                                               tmp_path: Path) -> None:
    team.create("R001", tmp_path / "case").close()
    dialog = controller.show_case_dialog(create=False)
    dialog.folder.setText(str(tmp_path / "case"))
    dialog.passphrase.setText("not the passphrase")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "Wrong passphrase" in dialog.error.text())
    assert dialog.passphrase.text() == ""  # never kept in the widget
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.opened):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert controller.case is not None
    assert window.current_page() == "applicants"
    model = controller.applicants.model  # type: ignore[union-attr]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == NAMES
    assert model.index(0, 1).data() == "0/23 scored"
    assert window.save_indicator.state() is SaveState.SAVED
    assert PASSPHRASE not in window.windowTitle() and SECRET not in window.windowTitle()


def test_score_by_keyboard_commits_to_the_case_file_and_undoes(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    with qtbot.waitSignal(view.model.committed):
        type_in_cell(qtbot, view.table, "70")
    type_in_cell(qtbot, view.table, "45")
    assert "Saved" in window.save_indicator.text()
    view.table.setCurrentIndex(view.model.index(view.model.row_of(FIRST), Col.PCT))
    assert view.table.current_item_id() == FIRST
    type_in_cell(qtbot, view.table, "55")
    # not on the 5 % step: the core refuses, nothing changes
    type_in_cell(qtbot, view.table, "72")
    assert view.message_label.text()  # the core's refusal, shown inline
    case = controller.case
    assert case is not None
    assert {v.item_id: v.pct for v in case.scores("A001", "onsite")} == {FIRST: 55, SECOND: 45}
    window.act_undo.trigger()
    assert {v.item_id: v.pct for v in case.scores("A001", "onsite")}[FIRST] == 70
    window.act_redo.trigger()
    assert view.model.entry(FIRST).pct == 55
    controller.refresh_applicants()
    assert controller.applicants.model.index(0, 1).data() == "2/23 scored"  # type: ignore[union-attr]
    controller.close()
    with open_case(tmp_path / "case", PASSPHRASE) as again:
        assert {v.item_id: v.pct for v in again.scores("A001", "onsite")} == \
            {FIRST: 55, SECOND: 45}


def test_materials_highlight_secrets_and_a_comment_passage_is_marked(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    page = controller.scorebook
    assert page is not None
    body = page.materials.browser.toPlainText()
    start = body.index(SECRET)
    assert page.materials.secret_spans == [(start, start + len(SECRET))]
    highlighted = page.materials.browser.extraSelections()
    assert len(highlighted) == 1 and highlighted[0].format.background().color() == SECRET_BG
    assert highlighted[0].cursor.selectedText() == SECRET

    comment = f"工艺先进，采用{SECRET}，成效显著"
    view.strengths.setFocus()
    qtbot.waitUntil(view.strengths.hasFocus)
    _input_method(view.strengths, comment)
    assert "quotes a passage the applicant declared secret" in page.secret_warning.text()
    cursor = view.strengths.textCursor()
    at = comment.index(SECRET)
    cursor.setPosition(at)
    cursor.setPosition(at + len(SECRET), QTextCursor.MoveMode.KeepAnchor)
    view.strengths.setTextCursor(cursor)
    page.mark_button.click()
    assert "Marked as secret" in page.status.text()
    case = controller.case
    assert case is not None
    score = {v.item_id: v for v in case.scores("A001", "onsite")}[FIRST]
    assert score.strengths == comment
    assert [(m.field, m.start, m.end) for m in score.marks] == \
        [("strengths", at, at + len(SECRET))]
    page.status.clear()
    view.strengths.setTextCursor(QTextCursor(view.strengths.document()))  # nothing selected
    page.mark_button.click()
    assert "Select the passage" in page.status.text()


def test_recusal_locks_the_scorebook_visibly(qtbot: QtBot, window: MainWindow,
                                             controller: ReviewerController, team: Team,
                                             tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    applicants = controller.applicants
    assert applicants is not None
    applicants.select("A002")
    applicants.recuse_button.click()
    dialog = controller.dialog
    from desktop.ui.reviewer.dialogs import RecusalDialog

    assert isinstance(dialog, RecusalDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.reason.setCurrentIndex(dialog.reason.findData("consulting"))
    key_clicks(dialog.statement, "I advised them on their quality system in 2023.")
    assert not ok.isEnabled()  # not without the confirmation
    dialog.confirm.setChecked(True)
    assert ok.isEnabled()
    ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = applicants.model.row_of("A002")
    status = applicants.model.index(row, applicants.model.columnCount() - 1).data()
    assert status == "Locked: you declared a conflict"
    assert applicants.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert not applicants.recuse_button.isEnabled()

    controller.open_applicant("A002")
    page = controller.scorebook
    assert page is not None and page.banner.isVisibleTo(page)
    assert "Consulting" in page.banner.text() and NAMES[1] in page.banner.text()
    view = page.current_view()
    assert view is not None and view.strengths.isReadOnly()
    qtbot.waitUntil(view.table.hasFocus)
    type_in_cell(qtbot, view.table, "70")
    assert "locked" in view.message_label.text()
    case = controller.case
    assert case is not None and case.scores("A002", "onsite") == []


def test_supervision_feedback_is_recorded(qtbot: QtBot, window: MainWindow,
                                          controller: ReviewerController, team: Team,
                                          tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    applicants = controller.applicants
    assert applicants is not None
    applicants.select("A001")
    applicants.feedback_button.click()
    from desktop.ui.reviewer.dialogs import FeedbackDialog

    dialog = controller.dialog
    assert isinstance(dialog, FeedbackDialog)
    dialog.assessment.setCurrentIndex(dialog.assessment.findData("concerns"))
    key_clicks(dialog.text, "Offered gifts at the end of the visit; declined.")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    folder = tmp_path / "usb"
    folder.mkdir()
    case = controller.case
    assert case is not None
    result = case.export_bundle(folder)
    roster = verify_roster(team.roster_bytes, team.office.root_fingerprint, None)
    opened = open_bundle(result.path.read_bytes(), team.office, roster)
    feedback = opened.manifest["snapshot"]["feedback"]
    assert [(f["applicant_id"], f["rating"]) for f in feedback] == [("A001", "concerns")]


def test_export_to_a_folder_says_safe_to_remove_and_the_office_can_open_it(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    type_in_cell(qtbot, view.table, "70")
    assert window.undo.stack.canUndo()
    window.act_export.trigger()
    assert window.current_page() == "export"
    page = controller.export
    assert page is not None
    stick = tmp_path / "usb"
    stick.mkdir()
    page.folder.setText(str(stick))
    with qtbot.waitSignal(page.done, timeout=20_000) as blocker:
        click_export(page)
        # no edits while the case file is exported; only the export's Cancel takes input
        assert controller.scorebook is not None and not controller.scorebook.isEnabled()
        assert not window.nav.isEnabled() and not page.export_button.isEnabled()
        assert page.progress.isVisibleTo(page) and page.progress.cancel_button.isEnabled()
    result = blocker.args[0]
    assert controller.scorebook.isEnabled() and window.nav.isEnabled()
    assert not page.progress.isVisibleTo(page)
    assert "Safe to remove" in page.message.text() and result.path.name in page.message.text()
    assert result.path.parent == stick and result.path.exists()
    assert not window.undo.stack.canUndo()  # an export is final
    roster = verify_roster(team.roster_bytes, team.office.root_fingerprint, None)
    opened = open_bundle(result.path.read_bytes(), team.office, roster)
    scores = opened.manifest["snapshot"]["scores"]
    assert [(s["applicant_id"], s["item_id"], s["pct"]) for s in scores] == \
        [("A001", FIRST, 70)]


def test_export_failure_is_reported_plainly(qtbot: QtBot, window: MainWindow,
                                            controller: ReviewerController, team: Team,
                                            tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    page = controller.export
    assert page is not None
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    page.folder.setText(str(not_a_folder))
    with qtbot.waitSignal(page.failed, timeout=20_000):
        click_export(page)
    assert "Not exported" in page.message.text() and "Safe to remove" not in page.message.text()
    assert window.pages.isEnabled() and window.nav.isEnabled()


def test_lock_needs_the_case_passphrase(qtbot: QtBot, window: MainWindow,
                                        controller: ReviewerController, team: Team,
                                        tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    window.lock()
    window.unlock_requested.emit("wrong one")
    qtbot.waitUntil(lambda: "Wrong passphrase" in window.lock_page.message.text())
    assert window.is_locked()
    with qtbot.waitSignal(window.unlocked):
        window.unlock_requested.emit(PASSPHRASE)
    assert not window.is_locked()


def test_language_switch_retranslates_the_reviewer_pages(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    model = controller.applicants.model  # type: ignore[union-attr]
    assert model.headerData(1, Qt.Orientation.Horizontal) == "On-site review"
    with qtbot.waitSignal(window.language.language_changed):
        window.language.apply("zh_CN", remember=False)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "现场评审"
    page = controller.scorebook
    assert page is not None and page.stage.itemText(0) == "现场评审"
    window.language.apply("en", remember=False)
    assert page.stage.itemText(0) == "On-site review"


def test_applicants_table_sets_mongolian_column_titles_vertically(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    page = controller.applicants
    assert page is not None
    header = page.table.horizontalHeader()
    assert isinstance(header, VerticalHeaderView)
    english_height = header.sizeHint().height()
    try:
        window.language.apply("mn_Mong_CN", remember=False)
        title = page.model.headerData(2, Qt.Orientation.Horizontal)
        assert any("\u1820" <= c <= "\u18af" for c in title)
        size = header.sectionSizeFromContents(2)
        assert size.height() > size.width()  # a column standing on end, not a line of text
        assert header.sizeHint().height() > english_height
    finally:
        window.language.apply("en", remember=False)
