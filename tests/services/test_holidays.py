"""The office calendar: chinese_calendar for known years, schedule files for the rest."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from desktop.domain.calendar import (
    CalendarGap,
    HolidayScheduleError,
    PublicationDay,
    ScheduleCalendar,
    notice_period,
)
from desktop.domain.programmes import Citation, Notice, NoticeCount
from desktop.services.holidays import (
    ChineseCalendar,
    load_schedule,
    load_schedules,
    office_calendar,
    office_notice,
)

SCHEDULE_2027 = """\
schema = "scorebook.holidays/1"
year = 2027
source = "test fixture, not the official 2027 schedule"

[[holidays]]
name = "元旦"
start = 2027-01-01
end = 2027-01-03

[[holidays]]
name = "春节"
start = 2027-02-06
end = 2027-02-13

[[workdays]]
date = 2027-02-14
name = "春节调休上班"
"""


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "user-holidays"
    folder.mkdir()
    return folder


def _cross_check(days: tuple[date, ...], first: date, last: date) -> None:
    """Every day counted is a chinese_calendar working day and none in between is skipped."""
    counted = set(days)
    day = first
    while day <= last:
        assert (day in counted) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("published", "n", "convention", "first", "last"),
    [
        # National Day 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are working days
        (date(2025, 9, 26), 5, PublicationDay.NEXT_WORKDAY, date(2025, 9, 28), date(2025, 10, 10)),
        (date(2025, 9, 26), 7, PublicationDay.NEXT_WORKDAY, date(2025, 9, 28), date(2025, 10, 13)),
        # Spring Festival 2025: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked
        (date(2025, 1, 24), 10, PublicationDay.NEXT_WORKDAY, date(2025, 1, 26),
         date(2025, 2, 13)),
        # Spring Festival 2026: 02-15..02-23 off; Saturday 02-14 worked
        (date(2026, 2, 13), 5, PublicationDay.NEXT_WORKDAY, date(2026, 2, 14),
         date(2026, 2, 27)),
        (date(2026, 2, 13), 5, PublicationDay.COUNTS, date(2026, 2, 13), date(2026, 2, 26)),
        # National Day 2026: 10-01..10-07 off; Saturday 10-10 worked
        (date(2026, 9, 30), 5, PublicationDay.COUNTS, date(2026, 9, 30), date(2026, 10, 12)),
    ],
)
def test_holiday_spans_with_makeup_days(empty: Path, published: date, n: int,
                                        convention: PublicationDay, first: date,
                                        last: date) -> None:
    cal = office_calendar(user_folder=empty)
    p = notice_period(published, n, cal, convention)
    assert (p.first_day, p.last_day) == (first, last)
    assert len(p.days) == n
    _cross_check(p.days, p.first_day, p.last_day)
    assert cal.source_of(published) == "chinese_calendar"


def test_programme_notice_on_the_office_calendar(empty: Path) -> None:
    notice = Notice("final", "committee", 7, NoticeCount.EXACTLY, "市政府办公室",
                    Citation("包府办发〔2025〕57号", "第二十五条"))
    p = office_notice(notice, date(2025, 9, 30), office_calendar(user_folder=empty))
    # 10-09, 10-10, Saturday 10-11 (made a working day), 10-13 … 10-16
    assert p.first_day == date(2025, 10, 9) and p.last_day == date(2025, 10, 16)
    assert date(2025, 10, 11) in p.days
    _cross_check(p.days, p.first_day, p.last_day)
    assert p.cite == notice.cite


def test_2027_refused_until_a_schedule_is_added(empty: Path) -> None:
    assert ChineseCalendar().is_workday(date(2027, 1, 4)) is None
    notice = Notice("final", "committee", 10, NoticeCount.EXACTLY, "高新区",
                    Citation("高新区办法", "第十九条"))
    with pytest.raises(CalendarGap) as err:
        office_notice(notice, date(2026, 12, 25), office_calendar(user_folder=empty))
    assert str(empty) in str(err.value) and "2027" in str(err.value)

    (empty / "2027.toml").write_text(SCHEDULE_2027, encoding="utf-8")
    cal = office_calendar(user_folder=empty)
    p = office_notice(notice, date(2026, 12, 25), cal)
    # 12-28..12-31 (4), 01-04..01-08 (5), 01-11 (10th)
    assert p.last_day == date(2027, 1, 11)
    assert cal.source_of(date(2027, 1, 4)) == str(empty / "2027.toml")
    assert cal.is_workday(date(2027, 2, 14)) is True
    with pytest.raises(CalendarGap):
        notice_period(date(2027, 12, 24), 10, cal)


def test_a_user_file_takes_precedence_over_chinese_calendar(empty: Path) -> None:
    override = SCHEDULE_2027.replace("2027", "2026").replace(
        'start = 2026-02-06\nend = 2026-02-13', 'start = 2026-03-02\nend = 2026-03-06')
    (empty / "2026.toml").write_text(override, encoding="utf-8")
    cal = office_calendar(user_folder=empty)
    assert cal.is_workday(date(2026, 2, 16)) is True  # chinese_calendar says Spring Festival
    assert cal.is_workday(date(2026, 3, 2)) is False
    assert chinese_calendar.is_workday(date(2026, 2, 16)) is False


def test_user_folder_replaces_shipped_for_the_same_year(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    (shipped / "2027.toml").write_text(SCHEDULE_2027, encoding="utf-8")
    (user / "2027.toml").write_text(SCHEDULE_2027.replace(
        'start = 2027-01-01\nend = 2027-01-03', 'start = 2027-01-01\nend = 2027-01-01'),
        encoding="utf-8")
    cal = office_calendar(user_folder=user, shipped_folder=shipped)
    assert cal.is_workday(date(2027, 1, 1)) is False
    assert cal.source_of(date(2027, 1, 1)) == str(user / "2027.toml")
    only_shipped = office_calendar(user_folder=tmp_path / "absent", shipped_folder=shipped)
    assert only_shipped.source_of(date(2027, 1, 1)) == str(shipped / "2027.toml")


def test_template_is_valid_matches_chinese_calendar_and_is_not_loaded(root: Path) -> None:
    folder = root / "resources" / "holidays"
    assert load_schedules(folder) == ()
    template = load_schedule(folder / "TEMPLATE.toml")
    assert template.year == 2026
    cal = ScheduleCalendar([template])
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert (folder / "README.md").read_text(encoding="utf-8").count("scorebook.holidays/1") >= 1


@pytest.mark.parametrize(
    ("text", "entry", "problem"),
    [
        ("year = ", "(syntax)", "cannot be parsed"),
        (SCHEDULE_2027.replace("2027-01-03", "2027-01-33"), "(syntax)", "cannot be parsed"),
        (SCHEDULE_2027.replace("date = 2027-02-14", "date = 2027-02-15"),
         "workdays[0] (2027-02-15)", "weekday"),
        (SCHEDULE_2027.replace("end = 2027-02-13", "end = 2027-01-30"), "holidays[1] (春节)",
         "before it starts"),
        (SCHEDULE_2027.replace("[[workdays]]", "[[workday]]"), "(file)", "unknown field"),
    ],
)
def test_malformed_files_are_refused_with_file_entry_and_problem(
        empty: Path, text: str, entry: str, problem: str) -> None:
    path = empty / "2027.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayScheduleError) as err:
        office_calendar(user_folder=empty)
    assert err.value.file == str(path)
    assert err.value.entry == entry
    assert problem in err.value.problem
    assert str(path) in str(err.value)


def test_two_files_for_one_year_in_a_folder_are_refused(empty: Path) -> None:
    (empty / "2027.toml").write_text(SCHEDULE_2027, encoding="utf-8")
    (empty / "2027-copy.toml").write_text(SCHEDULE_2027, encoding="utf-8")
    with pytest.raises(HolidayScheduleError, match="second schedule"):
        office_calendar(user_folder=empty)
