"""A file opened from the file manager lands where the office uses it: a score bundle in the
import (at once when the workspace is open, else after its passphrase), an enrolment card in
*Enrol reviewer* on the people page."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.services.demo import PASSPHRASE
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController, install_office
from desktop.ui.office.dialogs import OpenRequest, OpenWorkspaceDialog
from desktop.ui.open_file import FileOpener, open_given_file
from desktop.ui.reviewer.controller import ReviewerController
from desktop.ui.reviewer.open_case import CaseDialog
from tests.ui.office.conftest import wait_idle


def _route(window: MainWindow, path: Path) -> FileOpener:
    if not isinstance(getattr(window, "reviewer", None), ReviewerController):
        window.reviewer = ReviewerController(window)  # type: ignore[attr-defined]
    open_given_file(window, path)
    opener = window.findChild(FileOpener, "FileOpener")
    assert isinstance(opener, FileOpener)
    return opener


def _bundle(demo: Path) -> Path:
    return sorted((demo / "bundles").glob("*.sbb"))[0]


def test_a_bundle_goes_to_the_open_workspaces_import(
        qtbot: QtBot, window: MainWindow, office: OfficeController, demo: Path) -> None:
    bundle = _bundle(demo)
    wait_idle(qtbot, office, lambda: _route(window, bundle))
    assert window.current_page() == "office_import"
    page = office.pages["office_import"]
    assert page.report.rowCount() == 1  # type: ignore[attr-defined]


def test_a_bundle_with_nothing_open_asks_the_recent_workspaces_passphrase_first(
        qtbot: QtBot, window: MainWindow, demo: Path) -> None:
    office = install_office(window)
    office.recent.add(demo / "office")
    window.show()
    opener = _route(window, _bundle(demo))
    dialog = opener.dialog
    assert isinstance(dialog, OpenWorkspaceDialog) and dialog.isVisible()
    assert dialog.folder.text() == str(demo / "office")
    assert _bundle(demo).name in window.statusBar().currentMessage()
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(office.opened, timeout=30_000):
        dialog.accept()
    qtbot.waitUntil(lambda: not office.session.busy, timeout=60_000)
    assert window.current_page() == "office_import" and opener.pending is None
    office.session.close()


def test_an_enrolment_card_opens_enrol_reviewer_with_it(
        window: MainWindow, office: OfficeController, tmp_path: Path) -> None:
    card = tmp_path / "reviewer.card"
    card.write_bytes(make_card(ReviewerIdentity.generate("R099", "New Reviewer")))
    dialog = _route(window, card).dialog
    assert window.current_page() == "office_people"
    assert dialog is not None and dialog.isVisible()
    assert dialog.path.text() == str(card)  # type: ignore[attr-defined]
    dialog.reject()


def test_a_bundle_on_a_computer_with_no_workspace_yet_waits_for_either(
        qtbot: QtBot, window: MainWindow, demo: Path) -> None:
    """No recent workspace: the case is asked for (a team leader's computer), and the office's
    workspace opened from the File menu instead takes the bundle all the same."""
    office = install_office(window)
    window.show()
    opener = _route(window, _bundle(demo))
    assert isinstance(opener.dialog, CaseDialog) and not opener.dialog.creating
    opener.dialog.reject()
    with qtbot.waitSignal(office.opened, timeout=30_000):
        office.open(OpenRequest(demo / "office", PASSPHRASE))
    qtbot.waitUntil(lambda: not office.session.busy, timeout=60_000)
    assert window.current_page() == "office_import" and opener.pending is None
    office.session.close()
