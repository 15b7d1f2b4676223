"""The set-up pages' actions on a real demo workspace: add an applicant (the credit code checked
as it is typed), check eligibility from a facts file, enrol a reviewer from a real signed card
(the fingerprint shown before confirming), form a team (the programme's size rule refuses, citing
its article), add a committee member; each dialog rendered in English and Chinese."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.services.office import applicants, reads, reviewers
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.people_dialogs import (
    AddCommitteeMemberDialog,
    EnrolReviewerDialog,
    NewTeamDialog,
)
from desktop.ui.office.setup_dialogs import AddApplicantDialog, EligibilityDialog
from tests.ui.helpers import key_clicks
from tests.ui.mnemonics import clashes

ROOT = Path(__file__).resolve().parents[3]
FACTS = ROOT / "resources" / "examples" / "facts" / "eligible-organisation.toml"
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QTextBrowser)


def _page(window: MainWindow, office: OfficeController, key: str) -> Any:
    window.show_page(f"office_{key}")
    page = office.page(key)
    assert not page.message.is_error(), page.message.text()
    return page


def _refusal(qtbot: QtBot, dialog: Any) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.refusal is not None and dialog.refusal.isVisible())
    box = dialog.refusal
    assert isinstance(box, QMessageBox)
    return box


def _close(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Ok).click()


def _dialog_clashes(dialog: QDialog) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    out = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or not widget.isEnabled():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            match = re.search(r"&([^&\s])", widget.text().replace("&&", ""))
            if match:
                letter = match.group(1).lower()
                if letter in seen:
                    out.append((seen[letter], widget.text()))
                seen.setdefault(letter, widget.text())
    return out


def _check_names(dialog: QDialog) -> None:
    unnamed = [type(w).__name__ for w in dialog.findChildren(QWidget)
               if isinstance(w, CONTROLS) and w.isVisibleTo(dialog) and not w.accessibleName()
               and not (isinstance(w, QAbstractButton) and w.text())
               and w.parent() is dialog]
    assert unnamed == []
    assert _dialog_clashes(dialog) == []


def _card(folder: Path, rid: str, name: str) -> tuple[Path, ReviewerIdentity]:
    identity = ReviewerIdentity.generate(rid, name)
    path = folder / f"{rid}.card"
    path.write_bytes(make_card(identity))
    return path, identity


def test_add_applicant_checks_the_code_as_typed_and_adds_the_row(
        qtbot: QtBot, office: OfficeController, window: MainWindow) -> None:
    page = _page(window, office, "applicants")
    ws = office.session.workspace
    before = len(applicants.list_applicants(ws))
    dialog = page.setup_actions.add_applicant()
    assert isinstance(dialog, AddApplicantDialog) and dialog.isVisible()
    _check_names(dialog)
    good = credit_code.generate(4242)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")

    dialog.name.setText("包头测试新材料有限公司")
    key_clicks(dialog.code, bad)
    assert dialog.code_check.text() and "check" in dialog.code_check.text().lower()
    assert dialog.code_check.text() == dialog.code_problem()
    dialog.ok_button().click()
    box = _refusal(qtbot, dialog)
    assert box.text() == dialog.code_check.text()  # the validator's own message, both places
    _close(box)
    assert dialog.isVisible() and dialog.name.text() == "包头测试新材料有限公司"
    assert len(applicants.list_applicants(ws)) == before  # nothing added
    assert page.model.rowCount() == before

    dialog.code.clear()
    key_clicks(dialog.code, good.lower())
    assert dialog.code_check.text() == f"Valid credit code: {good}"
    dialog.industry.setCurrentText("制造业")
    dialog.size_box.setCurrentText("中型")
    dialog.material_title.setText("自评报告")
    dialog.material.setPlainText("公司核心配方为稀土抛光粉A7工艺，年产能三千吨。")
    dialog.secrets.setPlainText("稀土抛光粉A7工艺\n")
    dialog.secret_kind.setCurrentIndex(1)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    rows = applicants.list_applicants(ws)
    assert len(rows) == before + 1
    new = rows[-1]
    assert (new.name, new.credit_code, new.industry, new.size) == (
        "包头测试新材料有限公司", good, "制造业", "中型")
    assert new.materials == 1 and new.declared_secrets == 1
    assert new.region == reads.cycle_programme(ws).region_zh
    assert page.model.rowCount() == before + 1
    assert page.model.rows()[-1].ref == new.ref
    assert new.ref in page.message.text() and not page.message.is_error()
    detail = reads.applicant_detail(ws, new.ref)
    assert detail.title == f"{new.ref} 包头测试新材料有限公司"
    secret = detail.materials[0].secrets[0]
    assert (secret.kind, secret.passage) == ("technical", "稀土抛光粉A7工艺")
    assert detail.materials[0].passages == ("稀土抛光粉A7工艺",)
    # the detail below the table shows the material with its declared passage
    page.select(new.ref)
    assert "稀土抛光粉A7工艺" in page.detail.toPlainText()


def test_a_secret_passage_not_in_the_material_is_refused(
        qtbot: QtBot, office: OfficeController, window: MainWindow) -> None:
    page = _page(window, office, "applicants")
    before = page.model.rowCount()
    dialog = page.setup_actions.add_applicant()
    dialog.name.setText("另一公司")
    dialog.code.setText(credit_code.generate(77))
    dialog.material_title.setText("报告")
    dialog.material.setPlainText("正文")
    dialog.secrets.setPlainText("不在正文里的段落")
    dialog.ok_button().click()
    box = _refusal(qtbot, dialog)
    assert "does not occur in the material" in box.text()
    _close(box)
    assert len(applicants.list_applicants(office.session.workspace)) == before


def test_check_eligibility_from_a_facts_file_shows_the_citations(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    page = _page(window, office, "applicants")
    page.view.selectRow(1)
    ref = page.model.row(1).ref
    dialog = page.setup_actions.check_eligibility()
    assert isinstance(dialog, EligibilityDialog)
    _check_names(dialog)
    assert dialog.applicant.currentData() == ref

    broken = tmp_path / "broken.toml"
    broken.write_text('schema = "nonsense"\n', encoding="utf-8")
    dialog.path.setText(str(broken))
    dialog.ok_button().click()
    box = _refusal(qtbot, dialog)
    assert "broken.toml" in box.text() and "schema" in box.text()
    _close(box)
    assert dialog.isVisible()

    dialog.path.setText(str(FACTS))
    dialog.ok_button().click()
    result = dialog.result_view
    assert result is not None and result.ref == ref and result.applicant_name
    assert result.findings
    shown = dialog.results.toPlainText()
    assert result.applicant_name in shown
    for f in result.findings:
        assert f.cite in shown
    assert reads.eligibility_results(office.session.workspace).of(ref) == result.eligible
    detail = reads.applicant_detail(office.session.workspace, ref)
    assert detail.eligibility == result and detail.eligible == result.eligible
    dialog.close()
    row = next(r for r in page.model.rows() if r.ref == ref)
    assert page.eligible(row.ref) == result.eligible  # the page read again


def test_enrol_shows_the_fingerprint_before_confirming(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    page = _page(window, office, "people")
    ws = office.session.workspace
    before = len(reviewers.list_reviewers(ws))
    card, identity = _card(tmp_path, "R90", "乌云其其格")
    dialog = page.setup_actions.enrol_reviewer()
    assert isinstance(dialog, EnrolReviewerDialog)
    _check_names(dialog)
    assert not dialog.ok_button().isEnabled()

    forged = tmp_path / "forged.card"
    forged.write_bytes(card.read_bytes().replace(b'"payload":"', b'"payload":"eyJ4Ijox', 1))
    dialog.path.setText(str(forged))
    assert dialog.fingerprint.text() == "" and not dialog.ok_button().isEnabled()
    assert dialog.card_info.text()

    dialog.path.setText(str(card))
    assert dialog.fingerprint.text() == identity.fingerprint
    assert "R90" in dialog.card_info.text()
    assert not dialog.ok_button().isEnabled()  # not before the fingerprints were compared
    dialog.compared.setChecked(True)
    assert dialog.ok_button().isEnabled()
    dialog.organisation.setText("内蒙古工业大学")
    dialog.industry.setCurrentText("制造业")
    dialog.past.setPlainText("包头钢铁集团\n")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    rows = reviewers.list_reviewers(ws)
    assert len(rows) == before + 1
    new = next(r for r in rows if r.reviewer == "R90")
    assert new.fingerprint == identity.fingerprint
    assert new.organisation == "内蒙古工业大学"
    assert any(r.reviewer == "R90" for r in page.reviewers.rows())
    assert identity.fingerprint in page.message.text()

    again = page.setup_actions.enrol_reviewer()
    again.path.setText(str(card))
    again.compared.setChecked(True)
    again.ok_button().click()
    box = _refusal(qtbot, again)
    assert "already enrolled" in box.text()
    _close(box)
    assert len(reviewers.list_reviewers(ws)) == before + 1


def test_new_team_respects_the_size_rule_and_forms_the_team(
        qtbot: QtBot, office: OfficeController, window: MainWindow, tmp_path: Path) -> None:
    ws = office.session.workspace
    for rid in ("R91", "R92", "R93"):
        reviewers.enrol(ws, _card(tmp_path, rid, f"评审员{rid}")[0].read_bytes(),
                        industry="制造业")
    page = _page(window, office, "people")
    page.refresh()
    teams = len(reviewers.list_teams(ws))
    dialog = page.setup_actions.new_team()
    assert isinstance(dialog, NewTeamDialog)
    _check_names(dialog)
    assert "第九条" in dialog.rule.text()
    dialog.name.setText("第三评审组")
    dialog.industry.setCurrentText("制造业")
    dialog.check("R91")
    dialog.check("R92")
    dialog.ok_button().click()
    box = _refusal(qtbot, dialog)
    assert "第九条" in box.text() and "at least 3" in box.text()  # the rule it cites
    _close(box)
    assert len(reviewers.list_teams(ws)) == teams

    dialog.check("R01")  # already in a team: refused by name
    dialog.ok_button().click()
    box = _refusal(qtbot, dialog)
    assert "R01" in box.text() and "already in team" in box.text()
    _close(box)
    dialog.check("R01", False)

    dialog.check("R93")
    dialog.leader.setCurrentIndex(dialog.leader.findData("R92"))
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    team = next(t for t in reviewers.list_teams(ws) if t.name == "第三评审组")
    assert team.members == ("R91", "R92", "R93") and team.leader == "R92"
    assert any(r.name == "第三评审组" for r in page.teams.rows())
    assert page.tabs.currentIndex() == 1


def test_add_committee_member(qtbot: QtBot, office: OfficeController,
                              window: MainWindow) -> None:
    page = _page(window, office, "people")
    ws = office.session.workspace
    before = len(reads.committee_members(ws))
    dialog = page.setup_actions.add_committee_member()
    assert isinstance(dialog, AddCommitteeMemberDialog)
    _check_names(dialog)
    dialog.ok_button().click()  # no name
    box = _refusal(qtbot, dialog)
    assert "name" in box.text()
    _close(box)
    dialog.name.setText("额尔敦")
    dialog.role.setCurrentIndex(dialog.role.findData("vice_chair"))
    dialog.organisation.setText("包头市市场监督管理局")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    members = reads.committee_members(ws)
    assert len(members) == before + 1
    new = next(m for m in members if m.name == "额尔敦")
    assert new.role == "vice_chair"
    assert any(r.name == "额尔敦" for r in page.committee.rows())
    assert page.tabs.currentIndex() == 2


def test_page_buttons_have_names_and_no_mnemonic_clash(
        office: OfficeController, window: MainWindow) -> None:
    try:
        for language in ("en", "zh_CN", "mn_Mong_CN"):
            window.language.apply(language, remember=False)
            for key in ("applicants", "people"):
                page = _page(window, office, key)
                for button in (page.setup_actions.row.itemAt(i).widget()
                               for i in range(page.setup_actions.row.count())):
                    if button is not None:
                        assert button.text() and button.accessibleName()
                assert clashes(window) == [], (language, key)
    finally:
        window.language.apply("en", remember=False)


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_dialogs_render(qtbot: QtBot, office: OfficeController, window: MainWindow,
                        tmp_path: Path, language: str) -> None:
    """Each dialog grabbed to a PNG (kept in $SCOREBOOK_SHOTS when set, to look at)."""
    out = Path(os.environ.get("SCOREBOOK_SHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    card, _identity = _card(tmp_path, "R95", "巴特尔")
    try:
        window.language.apply(language, remember=False)
        applicants_page = _page(window, office, "applicants")
        people = _page(window, office, "people")
        shots: dict[str, QDialog | None] = {}
        add = applicants_page.setup_actions.add_applicant()
        add.code.setText("91150200MA0N1234X5")
        shots["add-applicant"] = add
        check = applicants_page.setup_actions.check_eligibility()
        check.path.setText(str(FACTS))
        check.ok_button().click()
        shots["eligibility"] = check
        enrol = people.setup_actions.enrol_reviewer()
        enrol.path.setText(str(card))
        shots["enrol"] = enrol
        team = people.setup_actions.new_team()
        team.check("R01")
        shots["team"] = team
        shots["committee"] = people.setup_actions.add_committee_member()
        for name, dialog in shots.items():
            assert dialog is not None
            QApplication.processEvents()
            image = dialog.grab()
            assert not image.isNull() and image.width() > 300
            path = out / f"setup-{name}-{language}.png"
            assert image.save(str(path))
            if language == "zh_CN":
                assert dialog.windowTitle() and not re.search(r"[A-Za-z]{4,}",
                                                              dialog.windowTitle())
            dialog.close()
    finally:
        window.language.apply("en", remember=False)


def test_buttons_are_disabled_while_a_task_holds_the_database(
        office: OfficeController, window: MainWindow) -> None:
    page = _page(window, office, "applicants")
    page.set_busy(True)
    assert not page.setup_actions.add_button.isEnabled()
    page.set_busy(False)
    assert page.setup_actions.add_button.isEnabled()
    assert page.setup_actions.add_button.isVisible()
