"""A file opened from the file manager (``scorebook-app FILE``) lands where it is used on a
reviewer's computer: a package on *New case file*, a case on *Open case file*, a bundle in the
team leader's import, a roster update into the case once it is open; anything else is named in
the status bar and nothing opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.identity import new_identity
from desktop.ui.app import build_main_window, first_run
from desktop.ui.first_run import FirstRunWizard
from desktop.ui.main_window import MainWindow
from desktop.ui.open_file import FileOpener, open_given_file
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.open_case import CaseDialog
from tests.ui.reviewer.world import Team

ID_PASS = "identity pass"


def _opener(window: MainWindow, controller: ReviewerController, path: Path) -> FileOpener:
    window.reviewer = controller  # type: ignore[attr-defined]  # as install_reviewer does
    window.show()
    open_given_file(window, path)
    opener = window.findChild(FileOpener, "FileOpener")
    assert isinstance(opener, FileOpener)
    return opener


def test_a_package_opens_new_case_file_with_it_filled_in(
        window: MainWindow, controller: ReviewerController, team: Team) -> None:
    package = team.package("R001")
    dialog = _opener(window, controller, package).dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()
    assert dialog.creating and dialog.package.text() == str(package)


def test_a_case_opens_open_case_file_on_its_folder(
        window: MainWindow, controller: ReviewerController, team: Team, tmp_path: Path) -> None:
    team.create("R001", tmp_path / "case").close()
    for given in (tmp_path / "case", tmp_path / "case" / "case.key"):
        dialog = _opener(window, controller, given).dialog
        assert isinstance(dialog, CaseDialog) and dialog.isVisible()
        assert not dialog.creating and dialog.folder.text() == str(tmp_path / "case")
        dialog.reject()


def test_a_roster_update_waits_for_the_case_then_asks_the_identity_passphrase(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    new_identity("R001", "Reviewer One", ID_PASS, folder=tmp_path / "identity", kdf=CHEAP_KDF)
    update = tmp_path / "roster-2025-v1.sbr"
    update.write_bytes(team.roster_bytes)
    opener = _opener(window, controller, update)
    dialog = opener.dialog
    assert isinstance(dialog, CaseDialog) and not dialog.creating  # the case first
    assert opener.pending is not None and opener.pending.path == update
    assert update.name in window.statusBar().currentMessage()

    dialog.opened.emit(team.create("R001", tmp_path / "case"))  # what the dialog says once open
    assert window.current_page() == "applicants" and opener.pending is None
    prompt = opener.dialog
    assert isinstance(prompt, QInputDialog) and prompt.isVisible()
    assert update.name in prompt.labelText()
    prompt.setTextValue(ID_PASS)
    prompt.accept()
    qtbot.waitUntil(lambda: "Roster version 1" in window.statusBar().currentMessage(),
                    timeout=20_000)


def test_a_bundle_goes_to_the_team_leaders_import(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    (tmp_path / "usb").mkdir()
    with team.create("R001", tmp_path / "member") as member:
        bundle = member.export_bundle(tmp_path / "usb").path
    controller.set_case(team.create("R002", tmp_path / "leader"))
    leader = controller.leader
    assert leader is not None
    with qtbot.waitSignal(leader.imported, timeout=30_000):
        _opener(window, controller, bundle)
    assert window.current_page() == "leader"
    assert leader.report.rowCount() == 1  # the member's bundle, in the merge report


def test_anything_else_is_named_and_nothing_opens(
        window: MainWindow, controller: ReviewerController, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a Scorebook file", encoding="utf-8")
    opener = _opener(window, controller, notes)
    assert opener.dialog is None and opener.pending is None
    message = window.statusBar().currentMessage()
    assert "notes.txt" in message and "is not a score bundle" in message
    assert window.current_page() == "start"


def test_the_start_with_a_file_argument_routes_it_after_the_set_up_wizard(
        qtbot: QtBot, qapp: QApplication, team: Team, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``scorebook-app panel.sbp`` on a computer without an identity: the set-up wizard comes
    first (no case without an identity), the package's *New case file* once it closes."""
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path / "home"))
    package = team.package("R001")
    window = build_main_window(qapp, ["--language", "en", str(package)])
    qtbot.addWidget(window)
    window.after_first_paint(lambda: first_run(window))  # as main() does
    window.show()
    qtbot.waitUntil(lambda: _opener_of(window) is not None
                    and _opener_of(window).waiting_for_setup is not None,  # type: ignore[union-attr]
                    timeout=10_000)
    opener = _opener_of(window)
    assert opener is not None and opener.dialog is None
    assert package.name in window.statusBar().currentMessage()
    wizard = window.findChild(FirstRunWizard, "FirstRunWizard")
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
    wizard.reject()
    assert isinstance(opener.dialog, CaseDialog) and opener.dialog.isVisible()
    assert opener.dialog.creating and opener.dialog.package.text() == str(package)
    opener.dialog.reject()


def test_the_start_with_a_file_argument_routes_it_at_once_when_set_up(
        qtbot: QtBot, qapp: QApplication, team: Team, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path / "home"))
    package = team.package("R001")
    window = build_main_window(qapp, ["--language", "en", str(package)])
    qtbot.addWidget(window)
    window.show()  # no wizard: as on a computer already set up
    qtbot.waitUntil(lambda: _opener_of(window) is not None
                    and _opener_of(window).dialog is not None,  # type: ignore[union-attr]
                    timeout=10_000)
    opener = _opener_of(window)
    assert opener is not None and isinstance(opener.dialog, CaseDialog)
    assert opener.dialog.package.text() == str(package)
    opener.dialog.reject()


def _opener_of(window: MainWindow) -> FileOpener | None:
    found = window.findChild(FileOpener, "FileOpener")
    return found if isinstance(found, FileOpener) else None
