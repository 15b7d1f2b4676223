"""File ▸ Import roster update: the office's newer roster becomes the case's (a revoked leader gets
nothing sealed to them afterwards); the identity remembers the version; an older one is refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.roster import sign_roster, verify_roster
from desktop.services.identity import load_identity, new_identity
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.reviewer.world import Team

ID_PASS = "identity pass"


def test_import_roster_update_from_the_file_menu(qtbot: QtBot, window: MainWindow,
                                                 controller: ReviewerController, team: Team,
                                                 tmp_path: Path) -> None:
    new_identity("R001", "Reviewer One", ID_PASS, folder=tmp_path / "identity", kdf=CHEAP_KDF)
    assert not controller.act_roster.isEnabled()
    assert controller.act_roster in window.menu_file.actions()
    case = team.create("R001", tmp_path / "case")
    controller.set_case(case)
    assert controller.act_roster.isEnabled()
    v1 = verify_roster(team.roster_bytes, team.office.root_fingerprint, None)
    revoked = tuple(replace(e, active=False) if e.leader else e for e in v1.reviewers)
    v2 = replace(v1, version=2, reviewers=revoked)
    update = tmp_path / "roster-2025-v2.sbr"
    update.write_bytes(sign_roster(team.office, v2))

    controller.import_roster(update, ID_PASS)
    qtbot.waitUntil(lambda: "Roster version 2" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert case.roster().version == 2 and case.roster().leader_of("T1") is None
    assert load_identity(ID_PASS, tmp_path / "identity").rosters == {"2025": 2}

    old = tmp_path / "old.sbr"
    old.write_bytes(team.roster_bytes)
    controller.import_roster(old, ID_PASS)
    qtbot.waitUntil(lambda: "older" in window.statusBar().currentMessage(), timeout=20_000)
    assert case.roster().version == 2
