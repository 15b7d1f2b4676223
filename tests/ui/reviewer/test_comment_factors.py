"""The scoring page's comments with their factors, the guidance's warning, and the on-site notes
on site-visit issues: real widgets over a real case file made from a real package that carries
the material-review team's issues."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.package import build_package
from desktop.domain.criteria import ItemKind
from desktop.domain.findings import Factor, Outcome, factor_names
from desktop.services import case_findings as cf
from desktop.services import catalogue
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.case_package import sample_content
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.comment_factors import table_column
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.geometry import settle
from tests.ui.reviewer.world import NAMES, PASSPHRASE, SECRET, TEAM, Team

ISSUE, OTHER = "SI-0a1b2c3d4e", "SI-1f2e3d4c5b"


def _case(team: Team, folder: Path) -> CaseSession:
    content = sample_content("R001", applicants=len(NAMES),
                             criteria_ref=catalogue.framework().ref, names=NAMES,
                             secret=SECRET, team=TEAM)
    content["applicants"][0]["site_issues"] = [
        {"issue_id": ISSUE, "item_id": "4.1.2", "kind": "verify",
         "text": "核实“三级走访”制度的落实记录"},
        {"issue_id": OTHER, "item_id": "4.1.2", "kind": "clarify",
         "text": "澄清质量管理委员会的分工"}]
    package = team.folder / "panel-issues.sbp"
    me = team.members["R001"]
    package.write_bytes(build_package(team.office, team.roster_bytes, me.public, content))
    return create_case(package, folder, PASSPHRASE, me, team.office.root_fingerprint,
                       kdf=CHEAP_KDF)


def _type(widget: QWidget, text: str) -> None:
    """Commit text as an input method does (QTest cannot type Chinese key by key)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _open(qtbot: QtBot, window: MainWindow, controller: ReviewerController,
          case: CaseSession) -> None:
    controller.set_case(case)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    controller.open_applicant("A001")


def test_factors_warning_and_issue_notes(qtbot: QtBot, window: MainWindow,
                                         controller: ReviewerController, team: Team,
                                         tmp_path: Path) -> None:
    folder = tmp_path / "case"
    _open(qtbot, window, controller, _case(team, folder))
    page = controller.scorebook
    assert page is not None
    view = page.current_view()
    bar = page.factor_bar()
    assert view is not None and bar is not None
    assert view.table.current_item_id() == "4.1.2"
    # a process item: 方法 展开 学习 整合, not the results factors
    shown = {f for f, b in bar.buttons.items() if not b.isHidden()}
    assert shown == {Factor.APPROACH, Factor.DEPLOYMENT, Factor.LEARNING, Factor.INTEGRATION}

    view.strengths.setFocus()
    qtbot.waitUntil(view.strengths.hasFocus)
    _type(view.strengths, "建立了三级走访制度（第12页）")
    bar.buttons[Factor.APPROACH].click()
    assert view.strengths.toPlainText() == "【Approach】建立了三级走访制度（第12页）"
    assert bar.buttons[Factor.APPROACH].isChecked()
    view.strengths.moveCursor(QTextCursor.MoveOperation.End)
    _type(view.strengths, "\n高层定期评审战略")
    assert not bar.buttons[Factor.APPROACH].isChecked()  # the cursor is on the second line
    bar.buttons[Factor.DEPLOYMENT].click()
    bar.buttons[Factor.APPROACH].click()
    assert view.strengths.toPlainText() == ("【Approach】建立了三级走访制度（第12页）\n"
                                            "【Approach·deployment】高层定期评审战略")
    bar.buttons[Factor.DEPLOYMENT].click()  # off again
    assert view.strengths.toPlainText().endswith("\n【Approach】高层定期评审战略")
    assert "p. 12" in bar.readback.text()

    case = controller.case
    assert case is not None

    def saved_factors() -> list[tuple[Factor, ...]]:
        return [c.factors for c in cf.item_comments(case, "A001", "onsite", "4.1.2").strengths]

    qtbot.waitUntil(lambda: saved_factors() == [(Factor.APPROACH,), (Factor.APPROACH,)])
    assert bar.warning.isHidden()
    view.model.set_pct("4.1.2", 90)
    view.improvements.setFocus()
    qtbot.waitUntil(view.improvements.hasFocus)
    _type(view.improvements, "改进未形成闭环\n各部门指标不一致\n缺少对标")
    qtbot.waitUntil(lambda: not bar.warning.isHidden())
    assert "90%" in bar.warning.text() and "more improvements (3)" in bar.warning.text()
    bar.buttons[Factor.LEARNING].click()
    assert view.improvements.toPlainText().endswith("\n【learning】缺少对标")
    QTest.keyClick(view.improvements, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert view.improvements.toPlainText().endswith("\n【learning·integration】缺少对标")

    # the issues of item 4.1.2 beside it; a note saved, undone, redone
    panel = page.issues
    assert not panel.isHidden() and set(panel.rows) == {ISSUE, OTHER}
    assert "(2)" in panel.title()
    row = panel.rows[ISSUE]
    row.outcome.setCurrentIndex(row.outcome.findData(Outcome.CONFIRMED.value))
    window.activateWindow()
    row.note.setFocus()
    qtbot.waitUntil(row.note.hasFocus)
    _type(row.note, "查看了走访台账，记录完整")
    row.save.click()
    saved = cf.site_issue(case, ISSUE)
    assert saved.outcome is Outcome.CONFIRMED and saved.note == "查看了走访台账，记录完整"
    window.undo.stack.undo()
    assert cf.site_issue(case, ISSUE).outcome is None and row.note.toPlainText() == ""
    window.undo.stack.redo()
    assert row.note.toPlainText() == "查看了走访台账，记录完整"
    # the outcome taken back and the text emptied: the note goes (one undo step)
    row.note.clear()
    row.outcome.setCurrentIndex(0)
    assert panel.save(ISSUE) and cf.site_issue(case, ISSUE).outcome is None
    window.undo.stack.undo()
    assert cf.site_issue(case, ISSUE).outcome is Outcome.CONFIRMED
    assert row.note.toPlainText() == "查看了走访台账，记录完整"
    # a note left with no outcome is not saved: the page says why
    other = panel.rows[OTHER]
    other.note.setFocus()
    _type(other.note, "待确认")
    other.save.click()
    assert "Choose the outcome" in page.status.text()
    assert cf.site_issue(case, OTHER).outcome is None
    # an item without issues hides the panel
    view.table.setCurrentIndex(view.model.index(1, 0))
    assert view.table.current_item_id() == "4.1.3" and panel.isHidden()
    view.table.setCurrentIndex(view.model.index(0, 0))  # back: the unsaved note is kept
    assert panel.rows[OTHER].note.toPlainText() == "待确认"

    controller.close()  # quit, and open the case again
    _open(qtbot, window, controller, open_case(folder, PASSPHRASE))
    page = controller.scorebook
    assert page is not None
    again = page.current_view()
    assert again is not None and again.table.current_item_id() == "4.1.2"
    assert again.strengths.toPlainText().startswith("【Approach】建立了三级走访制度")
    assert page.issues.rows[ISSUE].note.toPlainText() == "查看了走访台账，记录完整"
    assert page.issues.rows[ISSUE].chosen() is Outcome.CONFIRMED
    assert not page.factor_bar().warning.isHidden()  # type: ignore[union-attr]


def test_recused_applicant_locks_the_buttons_and_the_notes(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = _case(team, tmp_path / "case")
    case.recuse("A001", "employment", "I worked there")
    _open(qtbot, window, controller, case)
    page = controller.scorebook
    assert page is not None
    bar = page.factor_bar()
    assert bar is not None and not bar.buttons[Factor.APPROACH].isEnabled()
    row = page.issues.rows[ISSUE]
    assert row.note.isReadOnly() and not row.outcome.isEnabled()
    assert not bar.toggle(Factor.APPROACH)


def test_mongolian_fits_and_a_note_passage_is_marked_secret(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    case = _case(team, tmp_path / "case")
    case.score_item("A001", "onsite", "4.1.2", 90, "制度健全", "闭环不足\n指标不一\n缺少对标")
    _open(qtbot, window, controller, case)
    page = controller.scorebook
    assert page is not None
    view, bar = page.current_view(), page.factor_bar()
    assert view is not None and bar is not None
    window.resize(1366, 740)
    window.language.apply("mn_Mong_CN", remember=False)
    settle()
    # the labels stand vertical: the warning and the read-back move under the items table
    column = table_column(view)
    assert column is not None and column.indexOf(bar.notes) >= 0
    assert not bar.warning.isHidden() and "90%" in bar.warning.text()
    central = window.centralWidget()
    assert central is not None and page.minimumSizeHint().height() <= central.height()
    names = {b.text() for b in bar.buttons.values() if not b.isHidden()}
    assert names == set(factor_names(case.framework, ItemKind.PROCESS, "mn").values())
    window.language.apply("zh_CN", remember=False)
    settle()
    assert column.indexOf(bar.notes) < 0
    assert {b.text() for b in bar.buttons.values() if not b.isHidden()} == {
        "方法", "展开", "学习", "整合"}

    row = page.issues.rows[ISSUE]
    row.outcome.setCurrentIndex(row.outcome.findData(Outcome.CONFIRMED.value))
    _type(row.note, f"现场看到 {SECRET} 的记录")
    assert page.secret_warning.text()  # the note quotes a declared secret (in Chinese now)
    assert page.issues.save(ISSUE)
    cursor = row.note.textCursor()
    at = row.note.toPlainText().index(SECRET)
    cursor.setPosition(at)
    cursor.setPosition(at + len(SECRET), QTextCursor.MoveMode.KeepAnchor)
    row.note.setTextCursor(cursor)
    assert page.mark_selection_secret()
    assert cf.site_issue(case, ISSUE).marks == ((at, at + len(SECRET)),)
    assert len(row.note.extraSelections()) == 2  # the mark, and the quote underlined
    assert page.secret_warning.text() == ""
