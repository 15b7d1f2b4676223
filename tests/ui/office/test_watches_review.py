"""A panel inside a page watches what it shows (review of ``watches``): the review reports panel
on the consensus page shows, for the on-site stage, the site-visit issues the issued packages
gave the reviewers; issuing the on-site packages (its ``Done`` names only the packages and the
roster) must make it read again, or it keeps a report 'complete' that now lacks resolutions."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.services.office import findings, packages
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from desktop.ui.office.review_reports import ReviewReportsPanel
from tests.ui.office.test_review_reports import _cells, office, world  # noqa: F401  (fixtures)


def test_the_review_reports_panel_follows_the_packages_issued(
        qtbot: QtBot, office: OfficeController, window: MainWindow,  # noqa: F811
        tmp_path: Path) -> None:
    window.show_page("office_consensus")
    panel: ReviewReportsPanel = office.page("consensus").review_reports
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    before = _cells(panel)
    ws = office.session.workspace
    done = packages.issue_packages(ws, tmp_path / "usb", stage_id="onsite")
    assert done.result and not done.changes.bundles and done.changes.packages
    office.session.notify(done)
    qtbot.waitUntil(lambda: _cells(panel) != before)
    shown = _cells(panel)
    assert [r.complete for r in findings.report_statuses(ws)] == \
        [c[2] == "complete" for c in shown]
