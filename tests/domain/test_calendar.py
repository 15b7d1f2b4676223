"""Notice periods in working days on a calendar protocol; holiday schedule validation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from desktop.domain.calendar import (
    CalendarGap,
    HolidaySchedule,
    HolidayScheduleError,
    PublicationDay,
    ScheduleCalendar,
    notice_for,
    notice_period,
)
from desktop.domain.errors import InputRejected
from desktop.domain.programmes import Citation, Notice, NoticeCount


class Weekdays:
    """Monday–Friday, known only for the years given."""

    def __init__(self, *years: int) -> None:
        self.years = set(years)

    def is_workday(self, day: date) -> bool | None:
        return day.weekday() < 5 if day.year in self.years else None


def _schedule(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": "scorebook.holidays/1",
        "year": 2027,
        "source": "test schedule",
        "holidays": [{"name": "元旦", "start": date(2027, 1, 1), "end": date(2027, 1, 3)},
                     {"name": "春节", "start": "2027-02-06", "end": "2027-02-13"}],
        "workdays": [{"date": date(2027, 2, 14), "name": "春节调休"}],
    }
    data.update(over)
    return data


def test_next_working_day_convention_is_the_default() -> None:
    p = notice_period(date(2025, 3, 7), 5, Weekdays(2025))  # a Friday
    assert p.first_day == date(2025, 3, 10) and p.last_day == date(2025, 3, 14)
    assert p.convention is PublicationDay.NEXT_WORKDAY
    assert "next working day" in str(p.explain())


def test_publication_day_counts_when_asked_and_a_working_day() -> None:
    p = notice_period(date(2025, 3, 7), 5, Weekdays(2025), PublicationDay.COUNTS)
    assert p.first_day == date(2025, 3, 7) and p.last_day == date(2025, 3, 13)
    sat = notice_period(date(2025, 3, 8), 5, Weekdays(2025), PublicationDay.COUNTS)
    assert sat.first_day == date(2025, 3, 10)  # a Saturday does not count
    assert "day of publication counts" in str(p.explain())


def test_unknown_year_is_refused_with_how_to_add_it() -> None:
    with pytest.raises(CalendarGap) as err:
        notice_period(date(2025, 12, 26), 10, Weekdays(2025), schedule_folder="/office/holidays")
    text = str(err.value)
    assert "2026-01-01" in text and "2026 holiday schedule" in text
    assert "/office/holidays" in text and "README" in text
    assert err.value.day == date(2026, 1, 1)


def test_notice_for_carries_count_and_citation() -> None:
    notice = Notice("final", "committee", 10, NoticeCount.EXACTLY, "高新区",
                    Citation("高新区办法", "第十九条"))
    p = notice_for(notice, date(2025, 3, 7), Weekdays(2025))
    assert p.working_days == 10 and p.count is NoticeCount.EXACTLY
    assert p.cite == notice.cite and len(p.days) == 10 and p.last_day == date(2025, 3, 21)


def test_zero_days_and_runaway_calendars_are_refused() -> None:
    with pytest.raises(InputRejected):
        notice_period(date(2025, 3, 7), 0, Weekdays(2025))

    class Never:
        def is_workday(self, day: date) -> bool | None:
            return False

    with pytest.raises(InputRejected, match="no working day"):
        notice_period(date(2025, 3, 7), 1, Never())


def test_schedule_calendar_from_a_valid_schedule() -> None:
    s = HolidaySchedule.from_mapping(_schedule(), "2027.toml")
    cal = ScheduleCalendar([s])
    assert cal.is_workday(date(2027, 1, 1)) is False
    assert cal.is_workday(date(2027, 1, 4)) is True
    assert cal.is_workday(date(2027, 2, 14)) is True  # a Sunday made a working day
    assert cal.is_workday(date(2027, 3, 6)) is False  # an ordinary Saturday
    assert cal.is_workday(date(2028, 1, 3)) is None
    p = notice_period(date(2027, 2, 5), 2, cal)
    assert p.days == (date(2027, 2, 14), date(2027, 2, 15))


@pytest.mark.parametrize(
    ("override", "entry", "problem"),
    [
        ({"schema": "x"}, "schema", "expected"),
        ({"year": "2027"}, "year", "year from 2000"),
        ({"source": ""}, "(file)", "source"),
        ({"holiday": []}, "(file)", "unknown field 'holiday'"),
        ({"holidays": []}, "holidays", "no holidays"),
        ({"holidays": [{"name": "x", "start": "2027-02-30"}]}, "holidays[0] (x)", "date"),
        ({"holidays": [{"name": "x", "start": "2027-02-03", "end": "2027-02-01"}]},
         "holidays[0] (x)", "before it starts"),
        ({"holidays": [{"name": "x", "start": "2027-07-01", "end": "2027-07-20"}]},
         "holidays[0] (x)", "more than 15"),
        ({"holidays": [{"name": "x", "start": "2029-07-01"}]}, "holidays[0] (x)",
         "outside the year"),
        ({"holidays": [{"name": "a", "start": "2027-05-01", "end": "2027-05-03"},
                       {"name": "b", "start": "2027-05-03"}]}, "holidays[1] (b)",
         "already listed under a"),
        ({"holidays": [{"start": "2027-05-01"}]}, "holidays[0]", "'name'"),
        ({"workdays": [{"date": "2027-02-15", "name": "w"}]}, "workdays[0] (2027-02-15)",
         "weekday"),
        ({"workdays": [{"date": "2027-01-02", "name": "w"}]}, "workdays[0] (2027-01-02)",
         "already listed under 元旦"),
        ({"workdays": {"date": "2027-02-14"}}, "workdays", "list of tables"),
        ({"workdays": [{"date": "2027-02-14", "name": "w", "extra": 1}]}, "workdays[0]",
         "unknown field 'extra'"),
    ],
)
def test_malformed_schedule_is_refused_naming_entry_and_problem(
        override: dict[str, Any], entry: str, problem: str) -> None:
    with pytest.raises(HolidayScheduleError) as err:
        HolidaySchedule.from_mapping(_schedule(**override), "2027.toml")
    assert err.value.file == "2027.toml"
    assert err.value.entry == entry
    assert problem in err.value.problem


def test_two_schedules_for_one_year_or_contradicting_are_refused() -> None:
    a = HolidaySchedule.from_mapping(_schedule(), "a.toml")
    b = HolidaySchedule.from_mapping(_schedule(), "b.toml")
    with pytest.raises(HolidayScheduleError, match="second schedule"):
        ScheduleCalendar([a, b])
    c = HolidaySchedule.from_mapping(_schedule(
        year=2028, holidays=[{"name": "元旦", "start": "2027-12-31", "end": "2028-01-02"}],
        workdays=[]), "c.toml")
    d = HolidaySchedule.from_mapping(_schedule(), "d.toml")
    cal = ScheduleCalendar([c, d])
    assert cal.is_workday(date(2027, 12, 31)) is False  # listed in the 2028 schedule
    assert cal.years == (2027, 2028)
    e = HolidaySchedule.from_mapping(_schedule(
        workdays=[{"date": "2027-12-25", "name": "调休"}]), "e.toml")  # a Saturday
    f = HolidaySchedule.from_mapping(_schedule(
        year=2028, holidays=[{"name": "元旦", "start": "2027-12-25", "end": "2028-01-01"}],
        workdays=[]), "f.toml")
    with pytest.raises(HolidayScheduleError, match="contradicts"):
        ScheduleCalendar([e, f])


def test_every_day_of_a_covered_year_is_known() -> None:
    cal = ScheduleCalendar([HolidaySchedule.from_mapping(_schedule(), "2027.toml")])
    day = date(2027, 1, 1)
    while day.year == 2027:
        assert cal.is_workday(day) is not None
        day += timedelta(days=1)
