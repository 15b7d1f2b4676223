"""Opening a case from a panel package made by a newer Scorebook: the window says to update
Scorebook (issue 16, part 8), in the chosen language, and no case is made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from desktop.services.identity import load_identity, new_identity
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from tests import formats as fx

PASSPHRASE = "newer package passphrase"


def _newer_package(tmp_path: Path, identity_folder: Path) -> Path:
    office = fx.office()
    new_identity("R010", "Reviewer Ten", PASSPHRASE, office_fingerprint=office.root_fingerprint,
                 folder=identity_folder, kdf=CHEAP_KDF)
    me = load_identity(PASSPHRASE, identity_folder).identity
    roster = sign_roster(office, Roster(
        version=1, cycle_id="2025", office_name="Fixture Office",
        root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
        reviewers=(RosterEntry.of(me.public, team="T1"),)))
    path = tmp_path / "newer.sbp"
    path.write_bytes(fx.newer_package(office, roster, me.public,
                                      sample_content("R010",
                                                     criteria_ref=catalogue.framework().ref)))
    return path


def _open(qtbot: QtBot, controller: ReviewerController, package: Path, folder: Path) -> str:
    dialog = controller.show_case_dialog(create=True)
    dialog.package.setText(str(package))
    dialog.folder.setText(str(folder))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.accept()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(ok.isEnabled, timeout=20_000)  # enabled again once it failed
    assert dialog.isVisible() and dialog.case is None  # stays open, nothing opened
    text = dialog.error.text()
    dialog.reject()
    return text


def test_new_case_from_a_newer_package_says_update_scorebook(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController,
        tmp_path: Path) -> None:
    window.show()
    package = _newer_package(tmp_path, tmp_path / "identity")
    text = _open(qtbot, controller, package, tmp_path / "case")
    assert text.startswith("This panel package was made by a newer version of Scorebook")
    assert "Update Scorebook to open it" in text
    assert not (tmp_path / "case" / "case.db").exists() and controller.case is None

    window.language.apply("zh_CN", remember=False)
    try:
        text = _open(qtbot, controller, package, tmp_path / "case")
    finally:
        window.language.apply("en", remember=False)
    assert "请升级评审记分册" in text and "scorebook-package/2" in text
