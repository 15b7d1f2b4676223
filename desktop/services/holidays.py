"""The office's working-day calendar: holiday schedule files first, then ``chinese_calendar``.

Sources, highest precedence first:
1. schedule files in the user's folder (``user_data_dir()/holidays`` unless another is passed),
2. schedule files shipped in ``resources/holidays/``,
3. the ``chinese_calendar`` package (PyPI ``chinesecalendar``), which knows 2004 to 2026.

A schedule file for a year is that year's whole schedule: it replaces the other sources for every
day of the year (and for the days outside it that it lists, e.g. a New Year span starting on
31 December). A user file for a year replaces a shipped one for the same year. Two files for the
same year in one folder are refused. Files whose name starts with ``TEMPLATE`` or ``_`` are not
loaded. A day no source covers gives ``None`` and the notice count refuses it (``CalendarGap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from desktop.domain.calendar import (
    CalendarGap,
    HolidaySchedule,
    HolidayScheduleError,
    NoticePeriod,
    PublicationDay,
    ScheduleCalendar,
    notice_for,
)
from desktop.domain.messages import N_
from desktop.domain.programmes import Notice
from desktop.paths import resource, user_data_dir
from desktop.services.files import read_data_file

__all__ = ["CalendarGap", "ChineseCalendar", "OfficeCalendar", "load_schedule",
           "load_schedules", "office_calendar", "office_notice", "user_holidays_dir"]


def user_holidays_dir() -> Path:
    return user_data_dir() / "holidays"


class ChineseCalendar:
    """``chinese_calendar`` as a ``WorkdayCalendar``: None for the years it does not know."""

    def is_workday(self, day: date) -> bool | None:
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return None


def load_schedule(path: Path) -> HolidaySchedule:
    return HolidaySchedule.from_mapping(read_data_file(path, HolidayScheduleError), str(path))


def _schedule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in {".toml", ".json"} and p.is_file()
                  and not p.name.startswith(("TEMPLATE", "_", ".")))


def load_schedules(folder: Path) -> tuple[HolidaySchedule, ...]:
    """Every schedule file in ``folder`` (validated); two for one year are refused."""
    found: dict[int, HolidaySchedule] = {}
    for path in _schedule_files(folder):
        schedule = load_schedule(path)
        if schedule.year in found:
            raise HolidayScheduleError(str(path), "year", N_(
                "a second schedule for {year} in the same folder (the other is {other})"),
                year=schedule.year, other=found[schedule.year].file)
        found[schedule.year] = schedule
    return tuple(found[y] for y in sorted(found))


class OfficeCalendar:
    """Schedule files (user over shipped) over ``chinese_calendar``."""

    def __init__(self, schedules: Iterable[HolidaySchedule], fallback: ChineseCalendar | None,
                 add_to: Path) -> None:
        self.schedules = ScheduleCalendar(schedules)
        self.fallback = fallback
        self.add_to = add_to  # where the office adds a schedule file (named in refusals)

    def is_workday(self, day: date) -> bool | None:
        value = self.schedules.is_workday(day)
        if value is not None or self.fallback is None:
            return value
        return self.fallback.is_workday(day)

    def source_of(self, day: date) -> str | None:
        """Which source answers for ``day``: a file path, ``chinese_calendar`` or None."""
        year = self.schedules.schedules.get(day.year)
        if self.schedules.is_workday(day) is not None:
            if year is not None:
                return year.file
            return next((s.file for s in self.schedules.schedules.values()
                         if day in s.overrides()), None)
        if self.fallback is not None and self.fallback.is_workday(day) is not None:
            return "chinese_calendar"
        return None


def office_calendar(user_folder: Path | None = None, shipped_folder: Path | None = None,
                    use_chinese_calendar: bool = True) -> OfficeCalendar:
    """The calendar: user folder files override shipped ones for the same year."""
    user = user_folder if user_folder is not None else user_holidays_dir()
    shipped = shipped_folder if shipped_folder is not None else resource("holidays")
    by_year = {s.year: s for s in load_schedules(shipped)}
    by_year.update({s.year: s for s in load_schedules(user)})
    return OfficeCalendar([by_year[y] for y in sorted(by_year)],
                          ChineseCalendar() if use_chinese_calendar else None, user)


def office_notice(notice: Notice, published: date, calendar: OfficeCalendar | None = None,
                  convention: PublicationDay = PublicationDay.NEXT_WORKDAY) -> NoticePeriod:
    """A programme notice's period on the office calendar; refuses an uncovered day."""
    cal = calendar or office_calendar()
    return notice_for(notice, published, cal, convention, schedule_folder=str(cal.add_to))


def schedule_years(calendar: OfficeCalendar) -> Sequence[int]:
    return calendar.schedules.years
