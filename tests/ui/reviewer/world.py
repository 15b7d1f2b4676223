"""A real team for the reviewer's window tests: an office, a signed roster, sealed packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import OfficeIdentity, PublicIdentity, ReviewerIdentity
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case import CaseSession, create_case
from desktop.services.case_package import sample_content
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.views.scorebook_view import ScorebookView

PASSPHRASE = "correct horse battery staple"
SECRET = "稀土萃取工艺参数保密条款第七项"
NAMES = ["Zhenhua Rare Earth Co.", "示例企业2有限公司", "示例企业3有限公司"]
TEAM = [("R001", "Reviewer One", False), ("R002", "Team Leader", True),
        ("R003", "Reviewer Three", False)]


@dataclass
class Team:
    office: OfficeIdentity
    members: dict[str, ReviewerIdentity]
    roster_bytes: bytes
    folder: Path

    def package(self, reviewer_id: str, public: PublicIdentity | None = None) -> Path:
        public = public or self.members[reviewer_id].public
        content = sample_content(reviewer_id, applicants=len(NAMES),
                                 criteria_ref=catalogue.framework().ref, names=NAMES,
                                 secret=SECRET, team=TEAM)
        # the material quotes the declared secret, as an applicant's self-assessment does
        for a in content["applicants"]:
            a["materials"][0]["body"] += f"\n关键工艺：{SECRET}。其余内容公开。"
        path = self.folder / f"panel-{reviewer_id}.sbp"
        path.write_bytes(build_package(self.office, self.roster_bytes, public, content))
        return path

    def create(self, reviewer_id: str, folder: Path) -> CaseSession:
        return create_case(self.package(reviewer_id), folder, PASSPHRASE,
                           self.members[reviewer_id], self.office.root_fingerprint,
                           kdf=CHEAP_KDF)


def make_team(folder: Path, me: PublicIdentity | None = None) -> Team:
    """R001..R003 in team T1 (R002 leads). ``me``: use this public identity for R001."""
    office = OfficeIdentity.generate("Review Office")
    members = {rid: ReviewerIdentity.generate(rid, name) for rid, name, _lead in TEAM}
    publics = {rid: m.public for rid, m in members.items()}
    if me is not None:
        publics["R001"] = me
    roster = Roster(version=1, cycle_id="2025", office_name="Review Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=tuple(RosterEntry.of(publics[rid], team="T1", leader=lead)
                                    for rid, _n, lead in TEAM))
    return Team(office, members, sign_roster(office, roster), folder)


def open_scorebook(qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
                   tmp_path: Path, applicant: str = "A001") -> ScorebookView:
    """R001's new case in the window, the applicant's scorebook open, its table focused."""
    controller.set_case(team.create("R001", tmp_path / "case"))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    controller.open_applicant(applicant)
    assert controller.scorebook is not None
    view = controller.scorebook.current_view()
    assert view is not None
    qtbot.waitUntil(view.table.hasFocus)
    return view


def click_export(page: object) -> None:
    """Press Export on an export page and answer its summary with Export."""
    from PySide6.QtWidgets import QMessageBox

    page.export_button.click()  # type: ignore[attr-defined]
    box = getattr(page, "confirm", None)
    if isinstance(box, QMessageBox):
        go = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        go.click()
