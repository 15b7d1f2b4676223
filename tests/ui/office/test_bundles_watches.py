"""The import page reads again only when what it shows changed (``ImportPage.watches``): the held
bundles (the quarantine, the forks) and the keys (the held bundles of revoked keys). A reviewer
disqualified or the votes, the settings … changed leave it alone; a key revoked or the quarantine
cleared makes it read again, and it then shows what changed; the held bundles verified again
change only the history, and no page reads again."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from desktop.services.office import disqualification, reviewers, revocation
from desktop.services.office.changes import OfficeChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.conftest import wait_idle
from tests.ui.office.test_setup_actions import _page


def _counting(page: object) -> list[int]:
    """Count the page's reads from the services (its ``reload``)."""
    count = [0]
    reload = page.reload  # type: ignore[attr-defined]

    def counted() -> None:
        count[0] += 1
        reload()

    page.reload = counted  # type: ignore[attr-defined]
    return count


def test_the_import_page_reads_again_only_for_bundles_and_keys(
        qtbot: QtBot, office: OfficeController, window: MainWindow) -> None:
    ws = office.session.workspace
    page = _page(window, office, "import")
    reads = _counting(page)
    rid = next(r.reviewer for r in reviewers.list_reviewers(ws) if r.active)

    # unrelated operations: the page is not read again
    office.session.notify(disqualification.disqualify(ws, rid, "违反评审纪律"))
    office.session.notify(OfficeChanges(applicants=True, settings=True, notices=True,
                                        votes=True, consensus=True))
    assert reads[0] == 0 and not page.stale

    # a key revoked: the page reads again and shows its held bundles waiting for a decision
    done = revocation.revoke_key(ws, rid, "笔记本电脑丢失", datetime.now(UTC), 0)
    office.session.notify(done)
    assert reads[0] == 1
    waiting = revocation.held_of_revoked(ws)
    assert page.revoked.model.rowCount() == len(waiting)
    assert page.revoked.isVisibleTo(page) == bool(waiting)

    # the quarantine cleared through the session: read again once
    wait_idle(qtbot, office, page.clear_quarantine)
    assert reads[0] == 2

    # the held bundles verified again: only the history changed, no page reads again
    people = office.page("people")
    people.stale = False
    wait_idle(qtbot, office, page.verify_held)
    assert page.verify_dialog is not None and page.verify_dialog.report is not None
    page.verify_dialog.close()
    assert reads[0] == 2 and not page.stale and not people.stale

    # a change the page watches while another page is shown: read when it is shown again
    window.show_page("office_people")
    office.session.notify(OfficeChanges(keys=True))
    assert reads[0] == 2 and page.stale
    window.show_page("office_import")
    assert reads[0] == 3 and not page.stale


def test_the_packages_page_watches_the_packages(office: OfficeController,
                                                window: MainWindow) -> None:
    page = _page(window, office, "packages")
    reads = _counting(page)
    office.session.notify(OfficeChanges(bundles=True, keys=True, people=True))
    assert reads[0] == 0
    office.session.notify(OfficeChanges(packages=True))
    assert reads[0] == 1
