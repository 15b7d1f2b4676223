"""Computing a notice period only computes (nothing recorded); recording is its own step and a
recorded notice can be removed (kept in the history); the outlook names the years ahead whose
holiday schedule is not loaded, and a schedule file loaded from the window is checked as the
calendar loads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.calendar import HolidayScheduleError
from desktop.domain.errors import NotFound
from desktop.services.holidays import install_schedule, office_calendar, uncovered_years
from desktop.services.office import notice
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_holidays import SCHEDULE_2027


def test_preview_records_nothing_and_remove_undoes_a_record(ws: Workspace,
                                                            tmp_path: Path) -> None:
    a0 = small_cycle(ws).apps[0].ref
    cal = office_calendar(tmp_path / "none", use_chinese_calendar=True)
    shown = notice.preview_notice(ws, "proposed-winners", date(2025, 9, 26), calendar=cal)
    assert (shown.first_day, shown.last_day) == (date(2025, 9, 28), date(2025, 10, 16))
    assert shown.working_days == 10 and shown.calendar_sources == ("chinese_calendar",)
    assert notice.recorded_notices(ws) == []  # computing is not publishing
    out = notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), [a0], calendar=cal,
                                confirm_unresolved=True).result
    [kept] = notice.recorded_notices(ws)
    assert kept.record == out.record and kept.applicants == (a0,)
    assert kept.published == date(2025, 9, 26) and kept.last_day == shown.last_day
    done = notice.remove_notice(ws, kept.record)
    gone = done.result
    assert done.changes.notices and done.changes.areas == ("notices",)
    assert gone.last_day == date(2025, 10, 16) and notice.recorded_notices(ws) == []
    assert notice.history(ws)[0].action == "notice.remove"
    with pytest.raises(NotFound):
        notice.remove_notice(ws, kept.record)


def test_outlook_warns_of_a_missing_year_before_the_count_is_refused(
        ws: Workspace, tmp_path: Path) -> None:
    small_cycle(ws)
    user = tmp_path / "holidays"
    cal = office_calendar(user)
    assert uncovered_years(cal, date(2026, 1, 1), date(2027, 1, 31)) == (2027,)
    early = notice.notice_outlook(ws, "proposed-winners", date(2026, 12, 1), calendar=cal)
    assert early.preview is not None and early.preview.last_day.year == 2026
    assert early.missing_years == (2027,)  # counted, but 2027 is near and not loaded
    late = notice.notice_outlook(ws, "proposed-winners", date(2026, 12, 24), calendar=cal)
    assert late.preview is None and late.missing_years == (2027,)
    assert late.refused is not None and "2027" in late.refused.render()
    source = tmp_path / "国务院2027.toml"
    source.write_text(SCHEDULE_2027, encoding="utf-8")
    installed = install_schedule(source, user)
    assert installed.file == user / "2027.toml" and installed.year == 2027
    ok = notice.notice_outlook(ws, "proposed-winners", date(2026, 12, 24),
                               calendar=office_calendar(user))
    assert ok.preview is not None and ok.missing_years == ()
    assert str(installed.file) in ok.preview.calendar_sources


def test_a_bad_schedule_file_changes_nothing(tmp_path: Path) -> None:
    user = tmp_path / "holidays"
    bad = tmp_path / "2027.toml"
    bad.write_text(SCHEDULE_2027.replace("date = 2027-02-14", "date = 2027-02-15"),
                   encoding="utf-8")  # a Monday cannot be an adjusted working day
    with pytest.raises(HolidayScheduleError, match=r"2027-02-15|Saturday"):
        install_schedule(bad, user)
    assert not user.exists() or not any(user.iterdir())
    good = tmp_path / "draft.json"
    good.write_text('{"schema": "scorebook.holidays/1", "year": 2027, "source": "x", '
                    '"holidays": [{"name": "元旦", "start": "2027-01-01"}], "workdays": []}',
                    encoding="utf-8")
    first = install_schedule(good, user)
    second_source = tmp_path / "final.toml"
    second_source.write_text(SCHEDULE_2027, encoding="utf-8")
    second = install_schedule(second_source, user)
    assert second.replaced == (first.file,) and sorted(p.name for p in user.iterdir()) == [
        "2027.toml"]
