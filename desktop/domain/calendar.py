"""Notice periods in Chinese working days (公示期为N个工作日), and holiday schedules as data.

``notice_period`` counts working days on a ``WorkdayCalendar`` (anything with
``is_workday(day) -> bool | None``, where None means no source covers that day). A day no source
covers is refused with ``CalendarGap``, whose message says how to add the year's schedule: a
date is never guessed.

Counting convention (a parameter, shown in the result):
- ``PublicationDay.NEXT_WORKDAY`` (default): the period starts on the first working day after
  the day of publication; publishing on Friday 2025-09-26 with 5 working days runs Monday
  09-29 to … (the official makeup Sunday 09-28 counts if it is a working day).
- ``PublicationDay.COUNTS``: the day of publication is day 1 when it is a working day.

``HolidaySchedule.from_mapping`` validates one year's official schedule (国务院办公厅 notice):
named holiday spans and adjusted working days (weekend makeup days, 调休上班). See
resources/holidays/README.md for the file format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Protocol

from desktop.domain.errors import FileFormatError, InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Citation, Notice, NoticeCount, Programme, Stage

SCHEMA = "scorebook.holidays/1"
MAX_GAP_DAYS = 40  # no official schedule has this many non-working days in a row
MAX_SPAN_DAYS = 15


class WorkdayCalendar(Protocol):
    def is_workday(self, day: date) -> bool | None:
        """True for a working day, False for a rest day, None when no source covers ``day``."""
        ...


class PublicationDay(StrEnum):
    NEXT_WORKDAY = "next_workday"  # the period starts the working day after publication
    COUNTS = "counts"  # the day of publication is day 1 if it is a working day


PUBLICATION_DAY_LABEL: dict[str, str] = {
    PublicationDay.NEXT_WORKDAY.value: N_("counting from the next working day after publication"),
    PublicationDay.COUNTS.value: N_("the day of publication counts when it is a working day"),
}


def notice_after(programme: Programme, notice_id: str) -> Stage | None:
    """The stage a programme's notice follows (what names the notice to people), if known."""
    for n in programme.notices:
        if n.id == notice_id:
            return next((s for s in programme.stages if s.id == n.after), None)
    return None


class CalendarGap(InputRejected):
    """No calendar source covers a day the count needs."""

    def __init__(self, day: date, where: str | None = None) -> None:
        params: dict[str, Any] = {"date": day.isoformat(), "year": day.year}
        if where:
            params["where"] = where
            template = N_("No holiday schedule covers {date}. When the State Council publishes "
                          "the {year} holiday schedule, add it as a file in {where} (see "
                          "resources/holidays/README.md and TEMPLATE.toml), then try again")
        else:
            template = N_("No holiday schedule covers {date}. When the State Council publishes "
                          "the {year} holiday schedule, add it as a holiday schedule file (see "
                          "resources/holidays/README.md and TEMPLATE.toml), then try again")
        super().__init__(Msg(template, params))
        self.day = day


class HolidayScheduleError(FileFormatError):
    """A holiday schedule file is malformed."""


@dataclass(frozen=True)
class NoticePeriod:
    published: date
    working_days: int
    convention: PublicationDay
    first_day: date
    last_day: date  # the period ends at the end of this day
    days: tuple[date, ...]  # the working days counted, in order
    count: NoticeCount | None = None  # "at least" or "exactly", from the programme
    cite: Citation | None = None

    def explain(self) -> Msg:
        if self.convention is PublicationDay.NEXT_WORKDAY:
            template = N_("{days} working days from {first} to {last}; published {published}, "
                          "counting from the next working day")
        else:
            template = N_("{days} working days from {first} to {last}; published {published}, "
                          "the day of publication counts when it is a working day")
        return Msg(template, {"days": self.working_days, "first": self.first_day.isoformat(),
                              "last": self.last_day.isoformat(),
                              "published": self.published.isoformat()})


def _workday(calendar: WorkdayCalendar, day: date, where: str | None) -> bool:
    value = calendar.is_workday(day)
    if value is None:
        raise CalendarGap(day, where)
    return value


def notice_period(published: date, working_days: int, calendar: WorkdayCalendar,
                  convention: PublicationDay = PublicationDay.NEXT_WORKDAY, *,
                  schedule_folder: str | None = None) -> NoticePeriod:
    """The working days of a notice period and its last day.

    ``schedule_folder`` is named in the refusal when a day is not covered.
    """
    if working_days < 1:
        raise InputRejected(Msg(N_("A notice period needs at least one working day")))
    days: list[date] = []
    day = published if convention is PublicationDay.COUNTS else published + timedelta(days=1)
    gap = 0
    while len(days) < working_days:
        if _workday(calendar, day, schedule_folder):
            days.append(day)
            gap = 0
        else:
            gap += 1
            if gap > MAX_GAP_DAYS:
                raise InputRejected(Msg(N_("The calendar has no working day for {days} days "
                                           "after {date}: check the holiday schedules"),
                                        {"days": MAX_GAP_DAYS, "date": day.isoformat()}))
        day += timedelta(days=1)
    return NoticePeriod(published, working_days, convention, days[0], days[-1], tuple(days))


def notice_for(notice: Notice, published: date, calendar: WorkdayCalendar,
               convention: PublicationDay = PublicationDay.NEXT_WORKDAY, *,
               schedule_folder: str | None = None) -> NoticePeriod:
    """A programme's notice: its working days, "at least" or "exactly", and its citation."""
    period = notice_period(published, notice.working_days, calendar, convention,
                           schedule_folder=schedule_folder)
    return NoticePeriod(period.published, period.working_days, period.convention,
                        period.first_day, period.last_day, period.days, notice.count,
                        notice.cite)


# --- holiday schedules ------------------------------------------------------------------------


@dataclass(frozen=True)
class HolidaySpan:
    name: str
    start: date
    end: date

    def days(self) -> Iterable[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True)
class MakeupDay:
    day: date
    name: str


@dataclass(frozen=True)
class HolidaySchedule:
    """One year's official schedule. Days of ``year`` not listed follow Monday–Friday."""

    year: int
    source: str
    holidays: tuple[HolidaySpan, ...]
    workdays: tuple[MakeupDay, ...]
    file: str = ""

    def overrides(self) -> dict[date, bool]:
        out: dict[date, bool] = {}
        for span in self.holidays:
            for d in span.days():
                out[d] = False
        for m in self.workdays:
            out[m.day] = True
        return out

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str) -> HolidaySchedule:
        return _parse_schedule(data, source)


def _date(value: Any, source: str, entry: str, field: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise HolidayScheduleError(source, entry, N_("'{field}' must be a date like 2027-01-01, "
                                                 "not '{value}'"), field=field, value=value)


def _text(raw: Mapping[str, Any], key: str, source: str, entry: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise HolidayScheduleError(source, entry, N_("missing or empty text field '{field}'"),
                                   field=key)
    return value.strip()


def _keys(raw: Mapping[str, Any], allowed: set[str], source: str, entry: str) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        raise HolidayScheduleError(source, entry, N_("unknown field '{field}' (allowed: "
                                                     "{allowed})"),
                                   field=extra[0], allowed=", ".join(sorted(allowed)))


def _tables(data: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise HolidayScheduleError(source, key, N_("must be a list of tables ([[{field}]])"),
                                   field=key)
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise HolidayScheduleError(source, f"{key}[{i}]", N_("not a table of fields"))
    return value


def _parse_schedule(data: Mapping[str, Any], source: str) -> HolidaySchedule:
    if not isinstance(data, Mapping):
        raise HolidayScheduleError(source, "(file)", N_("not a table of fields"))
    _keys(data, {"schema", "year", "source", "holidays", "workdays"}, source, "(file)")
    if data.get("schema") != SCHEMA:
        raise HolidayScheduleError(source, "schema", N_("expected '{expected}', found "
                                                        "'{found}'"),
                                   expected=SCHEMA, found=data.get("schema"))
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise HolidayScheduleError(source, "year", N_("must be a year from 2000 to 2100"))
    notice = _text(data, "source", source, "(file)")
    lo, hi = date(year - 1, 12, 1), date(year + 1, 1, 31)

    spans: list[HolidaySpan] = []
    taken: dict[date, str] = {}
    raw_holidays = _tables(data, "holidays", source)
    if not raw_holidays:
        raise HolidayScheduleError(source, "holidays", N_("no holidays listed"))
    for i, raw in enumerate(raw_holidays):
        entry = f"holidays[{i}]"
        _keys(raw, {"name", "start", "end"}, source, entry)
        name = _text(raw, "name", source, entry)
        entry = f"holidays[{i}] ({name})"
        start = _date(raw.get("start"), source, entry, "start")
        end = _date(raw.get("end", start), source, entry, "end")
        if end < start:
            raise HolidayScheduleError(source, entry, N_("ends {end} before it starts {start}"),
                                       end=end.isoformat(), start=start.isoformat())
        if (end - start).days + 1 > MAX_SPAN_DAYS:
            raise HolidayScheduleError(source, entry, N_("spans more than {days} days"),
                                       days=MAX_SPAN_DAYS)
        if start < lo or end > hi:
            raise HolidayScheduleError(source, entry, N_("falls outside the year {year}"),
                                       year=year)
        span = HolidaySpan(name, start, end)
        for d in span.days():
            if d in taken:
                raise HolidayScheduleError(source, entry, N_("{date} is already listed under "
                                                             "{other}"),
                                           date=d.isoformat(), other=taken[d])
            taken[d] = name
        spans.append(span)

    makeups: list[MakeupDay] = []
    for i, raw in enumerate(_tables(data, "workdays", source)):
        entry = f"workdays[{i}]"
        _keys(raw, {"date", "name"}, source, entry)
        name = _text(raw, "name", source, entry)
        day = _date(raw.get("date"), source, f"{entry} ({name})", "date")
        entry = f"workdays[{i}] ({day.isoformat()})"
        if not lo <= day <= hi:
            raise HolidayScheduleError(source, entry, N_("falls outside the year {year}"),
                                       year=year)
        if day.weekday() < 5:
            raise HolidayScheduleError(source, entry, N_("{date} is a weekday, already a "
                                                         "working day; makeup days fall on "
                                                         "weekends"), date=day.isoformat())
        if day in taken:
            raise HolidayScheduleError(source, entry, N_("{date} is already listed under "
                                                         "{other}"),
                                       date=day.isoformat(), other=taken[day])
        taken[day] = name
        makeups.append(MakeupDay(day, name))
    return HolidaySchedule(year, notice, tuple(spans), tuple(makeups), source)


class ScheduleCalendar:
    """A calendar from holiday schedules: covers each schedule's year and the days it lists."""

    def __init__(self, schedules: Iterable[HolidaySchedule]) -> None:
        self.schedules: dict[int, HolidaySchedule] = {}
        self._overrides: dict[date, bool] = {}
        origin: dict[date, str] = {}
        for s in schedules:
            if s.year in self.schedules:
                raise HolidayScheduleError(s.file or "?", "year", N_(
                    "a second schedule for {year} (the other is {other})"),
                    year=s.year, other=self.schedules[s.year].file or "?")
            self.schedules[s.year] = s
            for d, work in s.overrides().items():
                if d in self._overrides and self._overrides[d] != work:
                    raise HolidayScheduleError(s.file or "?", d.isoformat(), N_(
                        "contradicts {other} for this date"), other=origin[d])
                self._overrides[d] = work
                origin[d] = s.file or str(s.year)

    def is_workday(self, day: date) -> bool | None:
        if day in self._overrides:
            return self._overrides[day]
        if day.year in self.schedules:
            return day.weekday() < 5
        return None

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.schedules))
