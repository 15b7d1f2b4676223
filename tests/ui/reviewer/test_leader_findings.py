"""The team leader's findings tab on real case files, packages and bundles: the members'
comments of an item beside the agreed findings, a comment picked with Enter becomes an agreed
strength, key themes written, Delete removes, Edit › Undo takes an edit back, the site-visit
issues received are resolved on the issue board, and the status line says what the report still
needs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.package import build_package
from desktop.domain.findings import FindingKind, Outcome
from desktop.i18n import set_language
from desktop.services import catalogue
from desktop.services import leader_findings as lf
from desktop.services.case import CaseSession, create_case
from desktop.services.case_package import sample_content
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.leader_page import FINDINGS_TAB
from tests.ui.mnemonics import clashes
from tests.ui.reviewer.world import NAMES, PASSPHRASE, SECRET, TEAM, Team

ITEMS = [i.id for i in catalogue.framework().items]
ITEM = ITEMS[0]
ISSUE = "SI-0a1b2c3d4e"
STRENGTHS = {"R001": "【方法·展开】质量目标层层分解（第12页）\n年度评审机制运行有效",
             "R003": "领导层亲自推动卓越绩效"}


def _case(team: Team, reviewer_id: str, folder: Path) -> CaseSession:
    """A case from a package whose first applicant carries a site-visit issue (as the office
    sends them to the on-site team)."""
    content = sample_content(reviewer_id, applicants=len(NAMES),
                             criteria_ref=catalogue.framework().ref, names=NAMES,
                             secret=SECRET, team=TEAM)
    content["stages"].insert(0, {"stage_id": "material", "kind": "material",
                                 "name_zh": "材料评审", "name_en": "Material review",
                                 "form": "items"})
    content["applicants"][0]["site_issues"] = [
        {"issue_id": ISSUE, "item_id": ITEM, "kind": "verify", "text": "核实质量目标分解到班组"}]
    package = team.folder / f"panel-{reviewer_id}-issues.sbp"
    package.write_bytes(build_package(team.office, team.roster_bytes,
                                      team.members[reviewer_id].public, content))
    return create_case(package, folder, PASSPHRASE, team.members[reviewer_id],
                       team.office.root_fingerprint, kdf=CHEAP_KDF)


def _bundles(team: Team, tmp_path: Path) -> list[Path]:
    out = []
    (tmp_path / "usb").mkdir()
    for rid, pct in (("R001", 60), ("R003", 70)):
        with _case(team, rid, tmp_path / f"case-{rid}") as case:
            for stage in ("material", "onsite"):
                for item in ITEMS:
                    case.score_item("A001", stage, item, pct,
                                    strengths=STRENGTHS[rid] if item == ITEM else "",
                                    improvements="学习改进证据不足" if item == ITEM else "")
                out.append(case.export_bundle(tmp_path / "usb", stage_id=stage).path)
    return out


def test_pick_a_comment_write_key_themes_resolve_an_issue_and_the_status(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    bundles = _bundles(team, tmp_path)
    controller.set_case(_case(team, "R002", tmp_path / "case-leader"))
    page = controller.leader
    assert page is not None
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("leader")
    with qtbot.waitSignal(page.imported, timeout=30_000):
        page.import_files(bundles)
    page.tabs.setCurrentIndex(FINDINGS_TAB)
    panel = page.findings_panel
    assert panel.choose("A001") and panel.choose_item(ITEM)
    assert "Report not complete" in panel.status.text()
    assert "not final" in panel.status.text() and "key themes" in panel.status.text()

    comments = panel.comments
    assert comments.count() == 5  # R001: two strengths, an improvement; R003: one of each
    first = comments.item(0).text()
    assert first.startswith("Reviewer One · Strength · Approach, deployment · pages 12")
    assert first.endswith("质量目标层层分解（第12页）")
    assert "Reviewer Three" in comments.item(3).text()

    # Enter picks the selected comment: it appears as an agreed strength
    comments.setFocus()
    comments.setCurrentRow(0)
    QTest.keyClick(comments, Qt.Key.Key_Return)
    strengths = panel.lists[FindingKind.STRENGTH]
    assert strengths.count() == 1
    assert "质量目标层层分解" in strengths.item(0).text()
    assert "from Reviewer One" in strengths.item(0).text()
    # merge two comments of two reviewers into one
    comments.clearSelection()
    comments.item(1).setSelected(True)
    comments.item(3).setSelected(True)
    assert panel.merge_button.isEnabled() and not panel.pick_button.isEnabled()
    panel.merge_button.click()
    assert strengths.count() == 2
    assert "from Reviewer One, Reviewer Three" in strengths.item(1).text() or \
        "from Reviewer One and Reviewer Three" in strengths.item(1).text()

    # key themes, written in the second tab
    panel.tabs.setCurrentIndex(1)
    answers = iter([("战略目标与质量目标高度一致", None), ("学习改进机制有待加强", None)])
    panel.ask_text = lambda *_a: next(answers)
    panel.add_buttons[FindingKind.THEME_STRENGTH].click()
    panel.add_buttons[FindingKind.THEME_IMPROVEMENT].click()
    assert panel.lists[FindingKind.THEME_STRENGTH].count() == 1
    assert panel.lists[FindingKind.THEME_IMPROVEMENT].count() == 1
    assert "key themes" not in panel.status.text()

    # an edit, undone from the window's Edit menu
    themes = panel.lists[FindingKind.THEME_STRENGTH]
    QTest.mouseClick(themes.viewport(), Qt.MouseButton.LeftButton,
                     pos=themes.visualItemRect(themes.item(0)).center())
    panel.ask_text = lambda *_a: ("战略目标清晰", None)
    assert panel.edit_button.isEnabled()
    panel.edit_button.click()
    assert "战略目标清晰" in themes.item(0).text(), panel.message.text()
    window.undo.stack.undo()
    qtbot.waitUntil(lambda: "高度一致" in themes.item(0).text())
    window.undo.stack.redo()
    qtbot.waitUntil(lambda: "战略目标清晰" in themes.item(0).text())

    # Delete removes the current finding
    panel.tabs.setCurrentIndex(0)
    strengths.setFocus()
    strengths.setCurrentRow(1)
    QTest.keyClick(strengths, Qt.Key.Key_Delete)
    assert strengths.count() == 1
    window.undo.stack.undo()
    qtbot.waitUntil(lambda: strengths.count() == 2)

    # on site: the issue board; site-visit issues are not raised here
    assert not panel.issues_box.isVisibleTo(panel)
    assert panel.tabs.isTabVisible(2)
    panel.tabs.setCurrentIndex(2)
    assert panel.board.count() == 1 and ISSUE in panel.board.item(0).text()
    assert "Not resolved yet" in panel.board.item(0).text()
    assert ISSUE in panel.status.text()
    panel.board.setCurrentRow(0)
    panel.ask_text = lambda *_a: ("班组目标卡齐全", Outcome.CONFIRMED)
    panel.resolve_button.click()
    assert "Resolution: Confirmed — 班组目标卡齐全" in panel.board.item(0).text()
    assert ISSUE not in panel.status.text()
    for tab in range(3):
        panel.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert clashes(window) == [], tab

    # after the material review: site-visit issues per item (and no issue board)
    page.stage.setCurrentIndex(page.stage.findData("material"))
    assert panel.stage_id == "material" and panel.choose_item(ITEM)
    panel.tabs.setCurrentIndex(0)
    assert panel.issues_box.isVisibleTo(panel) and not panel.tabs.isTabVisible(2)
    assert panel.comments.count() == 5
    panel.ask_text = lambda *_a: ("核实质量目标分解到班组", None)
    panel.add_buttons[FindingKind.VERIFY].click()
    issues = panel.lists[FindingKind.VERIFY]
    assert issues.count() == 1 and "SI-" in issues.item(0).text()

    # whole at 1366×768 in Chinese and in Mongolian (its titles vertical there)
    panel.tabs.setCurrentIndex(0)
    window.resize(1366, 768 - 48)
    for language in ("zh_CN", "mn_Mong_CN"):
        window.language.apply(language, remember=False)
        try:
            QApplication.processEvents()
            assert panel.titles[FindingKind.STRENGTH].is_vertical() == (language != "zh_CN")
            assert window.minimumSizeHint().height() <= 768 - 48, language
            shown = window.centralWidget()
            assert shown is not None
            for widget in (panel.tabs, panel.merge_button, panel.edit_button,
                           panel.add_buttons[FindingKind.VERIFY]):  # nothing below the page
                bottom = widget.mapTo(shown, QPoint(0, widget.height())).y()
                assert bottom <= shown.height(), (language, widget.text()
                                                  if isinstance(widget, QPushButton) else "")
            assert panel.comments.count() == 5 and issues.count() == 1
        finally:
            set_language("en")
    window.language.apply("en", remember=False)

    # what the window did is in the case file
    assert [r.kind.value for r in lf.findings(page.team, "A001", "material")] == ["verify"]
    rows = lf.findings(page.team, "A001", "onsite")
    assert sorted(r.kind.value for r in rows) == ["resolution", "strength", "strength",
                                                  "theme_improvement", "theme_strength"]

