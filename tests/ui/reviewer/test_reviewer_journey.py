"""The reviewer's window as a person meets it (issue 19): names where ids were, a refused value
kept in its editor with the reason beside the item, the export summary with its warning, a
comment's secret mark through undo and redo, the open-case dialog's keyboard path."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.services.catalogue import framework
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.helpers import focused, key_click, key_clicks, type_in_cell
from tests.ui.reviewer.world import NAMES, PASSPHRASE, SECRET, Team, open_scorebook


def test_names_not_ids_in_the_applicants_page_and_the_title(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    open_scorebook(qtbot, window, controller, team, tmp_path)
    model = controller.applicants.model  # type: ignore[union-attr]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == NAMES
    cells = [str(model.index(r, c).data()) for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert not any("A001" in c for c in cells)  # the id only in the name's tooltip
    assert "A001" in str(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    page = controller.scorebook
    assert page is not None and page.title.text() == f"Scorebook: {NAMES[0]}"


def test_63_enter_keeps_the_value_in_its_editor_with_the_reason_beside_the_item(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    table = view.table
    first = table.current_item_id()
    type_in_cell(qtbot, table, "63")  # the items' step is 5 %
    assert table.current_item_id() == first
    assert table.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "63"
    assert editor.selectedText() == "63"  # typing replaces it
    note = table.refusal
    assert note.isVisible() and "63" in note.text()
    cell = table.visualRect(table.currentIndex().siblingAtColumn(2))
    assert note.geometry().left() >= cell.right() or note.geometry().top() >= cell.bottom()
    assert abs(note.geometry().top() - cell.top()) < 3 * cell.height()  # beside, not far below
    key_clicks(editor, "65")
    key_click(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert view.model.entry(first or "").pct == 65 and not note.isVisible()
    assert table.current_item_id() != first  # Enter moves on once the value stands
    # Escape leaves a refused item as it was
    second = table.current_item_id()
    type_in_cell(qtbot, table, "101")
    assert table.refusal.isVisible()
    key_click(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert view.model.entry(second or "").pct is None and not table.refusal.isVisible()
    assert view.message_label.text() == ""  # nothing stale left under the table


def test_export_warns_of_unscored_items_and_sums_up_before_writing(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = team.create("R001", tmp_path / "case")
    items = framework().items
    for item in items[:6]:
        case.score_item("A001", "onsite", item.id, 60)
    case.recuse("A003", "consulting", "I advised them in 2023.")
    controller.set_case(case)
    window.show()
    page = controller.export
    assert page is not None
    window.show_page("export")
    stick = tmp_path / "usb"
    stick.mkdir()
    page.folder.setText(str(stick))
    page.export_button.click()
    box = page.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.icon() == QMessageBox.Icon.Warning
    assert "6 of 46 items scored" in box.text()  # three applicants, two going out
    details = box.informativeText()
    assert f"{NAMES[0]}: 6 of 23 items scored" in details
    assert f"{NAMES[1]}: 0 of 23 items scored" in details
    assert NAMES[2] in details and "conflict" in details and str(stick) in details
    assert box.defaultButton() is not None and \
        box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
    box.defaultButton().click()  # Go back: nothing written
    assert page.confirm is None and list(stick.iterdir()) == []
    page.export_button.click()
    box = page.confirm
    assert box is not None
    go = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    with qtbot.waitSignal(page.done, timeout=20_000):
        go.click()
    text = page.message.text()
    assert NAMES[2] in text and "A003" not in text  # the recused applicant by name


def test_undo_and_redo_of_a_comment_keep_its_secret_mark(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    view = open_scorebook(qtbot, window, controller, team, tmp_path)
    page = controller.scorebook
    assert page is not None and controller.sink is not None
    comment = f"采用{SECRET}，成效显著。"
    view.improvements.setPlainText(comment)
    view.commit_comments()
    cursor = view.improvements.textCursor()
    cursor.setPosition(comment.index(SECRET))
    cursor.setPosition(comment.index(SECRET) + len(SECRET), QTextCursor.MoveMode.KeepAnchor)
    view.improvements.setTextCursor(cursor)
    assert page.mark_selection_secret()
    item = view.table.current_item_id() or ""

    def marks() -> list[tuple[str, int, int]]:
        assert controller.sink is not None
        return [(k.field, k.start, k.end) for k in controller.sink.marks("A001", "onsite", item)]

    marked = marks()
    assert marked == [("improvements", 2, 2 + len(SECRET))]
    view.improvements.setPlainText("成效显著。")  # the marked words deleted: the mark goes
    view.commit_comments()
    assert marks() == []
    window.undo.stack.undo()
    assert view.improvements.toPlainText() == comment and marks() == marked
    window.undo.stack.redo()
    assert marks() == []
    window.undo.stack.undo()
    assert marks() == marked


def test_open_case_dialog_tab_order_reaches_the_passphrase_and_the_last_case_is_filled_in(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    team.create("R001", tmp_path / "case").close()
    window.settings.remember_case(str(tmp_path / "case"))
    window.show()
    dialog = controller.show_case_dialog(create=False)
    qtbot.waitExposed(dialog)
    assert dialog.folder.text() == str(tmp_path / "case")
    qtbot.waitUntil(dialog.passphrase.hasFocus)
    dialog.folder.setFocus()
    seen = []
    for _i in range(2):
        key_click(focused(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.folder_browse, dialog.passphrase]
    key_clicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.opened, timeout=20_000):
        key_click(dialog.passphrase, Qt.Key.Key_Return)
    assert controller.case is not None and window.role == "reviewer"
    assert window.settings.recent_cases[0] == str(tmp_path / "case")
    window.lock()
    assert "case" in window.lock_page.subject.text() and "R001" in window.lock_page.subject.text()


def dialog_clashes(dialog: QWidget) -> list[tuple[str, str, str]]:
    """Controls of a dialog that answer to the same Alt+letter (labels with a buddy, buttons)."""
    seen: dict[str, str] = {}
    out = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        match = re.search(r"&([^&\s])", widget.text().replace("&&", ""))
        if match:
            letter = match.group(1).lower()
            if letter in seen:
                out.append((letter, seen[letter], widget.text()))
            seen.setdefault(letter, widget.text())
    return out


def test_new_case_dialog_has_one_control_per_letter(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController) -> None:
    window.show()
    for create in (True, False):
        dialog = controller.show_case_dialog(create=create)
        qtbot.waitExposed(dialog)
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            assert dialog_clashes(dialog) == [], language
        window.language.apply("en", remember=False)
        dialog.reject()


def test_a_recused_applicant_is_named_by_name_when_an_edit_is_refused(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = team.create("R001", tmp_path / "case")
    case.recuse("A003", "consulting", "I advised them in 2023.")
    controller.set_case(case)
    window.show()
    controller.open_applicant("A003")
    page = controller.scorebook
    assert page is not None and page.title.text() == f"Scorebook: {NAMES[2]}"
    view = page.current_view()
    assert view is not None
    with qtbot.waitSignal(view.model.edit_refused) as refused:
        view.model.set_pct(framework().items[0].id, "70")
    message = str(refused.args[0]) if refused.args else ""
    assert NAMES[2] in message and "A003" not in message
