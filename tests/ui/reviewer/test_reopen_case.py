"""A case opened again in the same window replaces its pages: the new pages are shown, the old
ones are never found again (Qt warns, and the tests fail on Qt warnings, if they are)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.reviewer.world import Team


def test_opening_a_case_again_shows_the_new_pages(
        qtbot: QtBot, window: MainWindow, controller: ReviewerController, team: Team,
        tmp_path: Path) -> None:
    controller.set_case(team.create("R001", tmp_path / "first"))
    window.show()
    controller.open_applicant("A001")
    first = controller.scorebook
    controller.set_case(team.create("R002", tmp_path / "second"))
    controller.open_applicant("A001")
    assert controller.scorebook is not first
    assert window.pages.currentWidget() is controller.scorebook
    window.show_page("applicants")
    assert window.pages.currentWidget() is controller.applicants
