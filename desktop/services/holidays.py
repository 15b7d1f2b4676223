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

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
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

__all__ = ["CalendarGap", "ChineseCalendar", "HolidayScheduleError", "InstalledSchedule",
           "OfficeCalendar", "install_schedule", "load_schedule", "load_schedules",
           "office_calendar", "office_notice", "uncovered_years", "user_holidays_dir"]


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


def year_covered(calendar: OfficeCalendar, year: int) -> bool:
    """Does a source answer for the whole of ``year`` (a schedule file, or chinese_calendar)?"""
    if year in calendar.schedules.schedules:
        return True
    return all(calendar.is_workday(day) is not None
               for day in (date(year, 1, 1), date(year, 7, 1), date(year, 12, 31)))


def uncovered_years(calendar: OfficeCalendar, first: date, last: date) -> tuple[int, ...]:
    """The years from ``first`` to ``last`` whose official holiday schedule is not loaded."""
    return tuple(y for y in range(first.year, last.year + 1) if not year_covered(calendar, y))


def notice_horizon(published: date, working_days: int) -> date:
    """The latest day a notice of ``working_days`` published on ``published`` could reach:
    five working days a week, plus the longest holiday span a schedule may have (15 days)."""
    return published + timedelta(days=(working_days * 7) // 5 + 7 + 15)


@dataclass(frozen=True)
class InstalledSchedule:
    """A holiday schedule file checked and copied into the office's holiday folder."""

    year: int
    source: str  # the State Council notice it was taken from
    file: Path  # where it now is
    replaced: tuple[Path, ...]  # older files for the same year that it replaces


def install_schedule(path: Path, folder: Path | None = None) -> InstalledSchedule:
    """Check a schedule file as the calendar loads it (``load_schedule``; the same rules as
    every file in the folder, and no conflicting day with the other years' files), then copy
    it into the user's holiday folder as ``<year>.toml`` or ``<year>.json``, replacing another
    file for the same year there. A refused file changes nothing (``HolidayScheduleError``)."""
    target_folder = folder if folder is not None else user_holidays_dir()
    schedule = load_schedule(path)
    others = [s for s in load_schedules(target_folder) if s.year != schedule.year]
    shipped = [s for s in load_schedules(resource("holidays"))
               if s.year != schedule.year and s.year not in {o.year for o in others}]
    ScheduleCalendar([*shipped, *others, schedule])  # raises on a day two files disagree on
    data = path.read_bytes()
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / f"{schedule.year}{path.suffix.lower()}"
    replaced = tuple(p for p in _schedule_files(target_folder)
                     if p != target and _year_of(p) == schedule.year)
    if target.exists() and target.resolve() == path.resolve():
        return InstalledSchedule(schedule.year, schedule.source, target, replaced)
    temporary = target.with_name(f".{target.name}.part")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    for old in replaced:
        old.unlink(missing_ok=True)
    return InstalledSchedule(schedule.year, schedule.source, target, replaced)


def _year_of(path: Path) -> int | None:
    try:
        return load_schedule(path).year
    except HolidayScheduleError:
        return None
