"""The notices page: *Compute end date* computes only; *Record notice…* records after asking and
a recorded notice can be removed; a year whose holiday schedule is not loaded is warned about
before the count is refused, and a schedule file loaded from the page lets the count go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from desktop.services.office import notice
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.services.test_holidays import SCHEDULE_2027


@pytest.fixture
def page(window: MainWindow, office: OfficeController, tmp_path: Path) -> Any:
    shown = office.page("notices")
    shown.holiday_folder = tmp_path / "holidays"  # the user's holiday folder, private
    shown.confirm = lambda parent, step, found: True
    window.show_page("office_notices")
    return shown


def test_compute_records_nothing_and_record_asks_first(page: Any,
                                                       office: OfficeController) -> None:
    ws = office.session.workspace
    before = notice.recorded_notices(ws)
    page.published.setDate(QDate(2025, 9, 26))  # computed as the date changes
    assert "2025-10-16" in page.period.text()
    assert page.compute() is True and notice.recorded_notices(ws) == before
    asked: list[str] = []
    def refuse(parent: object, question: str) -> bool:
        asked.append(question)
        return False

    page.ask = refuse
    assert page.record() is False  # "no": nothing recorded
    assert "Oct 16, 2025" in asked[0] and notice.recorded_notices(ws) == before
    page.ask = lambda parent, question: True
    assert page.record() is True
    after = notice.recorded_notices(ws)
    assert len(after) == len(before) + 1 and page.notices.rowCount() == len(after)
    assert "ends on Oct 16, 2025" in page.message.text()


def test_a_recorded_notice_is_removed_after_asking(page: Any,
                                                   office: OfficeController) -> None:
    ws = office.session.workspace
    page.published.setDate(QDate(2025, 9, 26))
    page.ask = lambda parent, question: True
    assert page.record() is True
    count = page.notices.rowCount()
    assert not page.remove_button.isEnabled() or page.notices_view.currentIndex().isValid()
    page.notices_view.selectRow(count - 1)
    assert page.remove_button.isEnabled()
    page.ask = lambda parent, question: False
    assert page.remove_selected() is False and page.notices.rowCount() == count
    page.ask = lambda parent, question: "Oct 16, 2025" in question
    assert page.remove_selected() is True
    assert page.notices.rowCount() == count - 1 == len(notice.recorded_notices(ws))
    assert notice.history(ws)[0].action == "notice.remove"


def test_missing_holiday_schedule_is_warned_ahead_and_loaded(page: Any, tmp_path: Path,
                                                            office: OfficeController) -> None:
    page.published.setDate(QDate(2026, 12, 1))  # counted, but 2027 is near
    assert page.period.text().count("2026-12") >= 1
    assert page.calendar_warning.isVisible()
    assert "2027" in page.calendar_warning.text() and "not loaded" in page.calendar_warning.text()
    page.published.setDate(QDate(2026, 12, 24))  # runs into 2027: cannot be counted
    assert page.compute() is False
    assert "No holiday schedule covers 2027" in page.calendar_warning.text()
    page.ask = lambda parent, question: True
    before = len(notice.recorded_notices(office.session.workspace))
    assert page.record() is False
    assert len(notice.recorded_notices(office.session.workspace)) == before
    bad = tmp_path / "bad.toml"
    bad.write_text(SCHEDULE_2027.replace("2027-02-14", "2027-02-15"), encoding="utf-8")
    assert page.load_schedule(bad) is False and page.message.is_error()
    assert "2027-02-15" in page.message.text() and not (tmp_path / "holidays").exists()
    good = tmp_path / "国务院2027.toml"
    good.write_text(SCHEDULE_2027, encoding="utf-8")
    assert page.load_schedule(good) is True
    assert "2027" in page.message.text() and (tmp_path / "holidays" / "2027.toml").is_file()
    assert page.compute() is True and "2027-01" in page.period.text()
    assert not page.calendar_warning.isVisible() or "2028" in page.calendar_warning.text()


def test_the_nominees_follow_a_new_vote_unless_typed_over(page: Any, qtbot: Any,
                                                         office: OfficeController) -> None:
    from desktop.services.office import reads, vote

    ws = office.session.workspace
    latest = reads.latest_votes(ws)
    if not latest:
        pytest.skip("the demo workspace holds no vote")
    page.refresh()
    first = page.refs.text()
    held = next(iter(latest.values()))
    assert first and held.elected
    # the committee votes again: everyone against the first elected but one
    members = [m.name for m in reads.committee_members(ws)]
    keep = held.elected[0]
    ballots = {m: {ref: ("for" if ref == keep else "against") for ref in held.elected}
               for m in members}
    done = vote.hold_vote(ws, held.award_id, members, ballots, confirm_unresolved=True)
    office.session.notify(done)
    qtbot.waitUntil(lambda: page.refs.text() != first)
    assert keep in page.refs.text().split(", ")
    # a list typed by the person stays over the next vote
    page.refs.setText("A001")
    office.session.notify(vote.hold_vote(ws, held.award_id, members, ballots,
                                         confirm_unresolved=True))
    page.refresh()
    assert page.refs.text() == "A001"
