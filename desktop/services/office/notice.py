"""Public notices in Chinese working days, objections with their outcome, supervision feedback
(applicant → reviewer, entered by the office), and the workspace history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.domain.calendar import CalendarGap, NoticePeriod, PublicationDay, notice_after
from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.messages import N_, Msg
from desktop.models.office.decision import HistoryEntry, NoticeRecord, Objection
from desktop.models.office.people import Applicant
from desktop.models.office.review import Feedback
from desktop.services.holidays import (
    OfficeCalendar,
    notice_horizon,
    office_calendar,
    office_notice,
    uncovered_years,
)
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    dumps,
    find_applicant,
    find_reviewer,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.cycle import settings
from desktop.services.office.ranking import ranking
from desktop.services.office.readiness import confirm_or_refuse
from desktop.services.office.results_notices import (
    BackfillRule,
    FeedbackAdded,
    FeedbackRow,
    HistoryRow,
    NoticePublished,
    ObjectionDecided,
    ObjectionLogged,
)
from desktop.services.office.workspace import Workspace

NOTICES = OfficeChanges(notices=True)  # notices, objections, feedback (the ranking reads them)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.domain.programmes import Notice
    from desktop.models.office.setup import Cycle


@dataclass(frozen=True)
class NoticePreview:
    """A notice period computed, not recorded: what the office reads before publishing."""

    notice: str  # the programme's notice id
    published: date
    first_day: date
    last_day: date
    working_days: int
    count: str  # "at_least" | "exactly"
    cite: str
    convention: str  # PublicationDay value
    explain: Msg
    calendar_sources: tuple[str, ...]  # the schedule files or chinese_calendar counted on


@dataclass(frozen=True)
class NoticeOutlook:
    """Before publishing: the period if it can be counted, else why not, and the years ahead
    whose official holiday schedule is not loaded (a warning before the count is refused)."""

    preview: NoticePreview | None
    refused: Msg | None  # e.g. a CalendarGap: no schedule covers a day the count needs
    missing_years: tuple[int, ...]  # years the period may run into that no source covers
    holiday_folder: Path  # where a schedule file is loaded to


@dataclass(frozen=True)
class RecordedNotice:
    record: str  # the record's id (to remove it)
    notice: str
    published: date | None
    first_day: date
    last_day: date
    working_days: int
    convention: str
    applicants: tuple[str, ...]  # refs


def _compute(s: Session, cycle: Cycle, notice_id: str, published: date,
             calendar: OfficeCalendar | None) -> tuple[Notice, PublicationDay, NoticePeriod]:
    p = programme_of(cycle.programme_id)
    notice = next((n for n in p.notices if n.id == notice_id), None)
    if notice is None:
        raise NotFound(Msg(N_("Programme {programme} has no notice '{notice}' (it has: "
                              "{known})"), {"programme": p.id, "notice": notice_id,
                                           "known": ", ".join(n.id for n in p.notices)}))
    counts = bool(settings(s, cycle)["publication_day_counts"].value)
    convention = PublicationDay.COUNTS if counts else PublicationDay.NEXT_WORKDAY
    return notice, convention, office_notice(notice, published, calendar, convention)


def preview_notice(ws: Workspace, notice_id: str, published: date, *,
                   calendar: OfficeCalendar | None = None,
                   cycle_ref: str | None = None) -> NoticePreview:
    """The notice period from ``published`` as ``publish_notice`` would record it; nothing is
    recorded (a day no calendar source covers is refused the same way)."""
    cal = calendar or office_calendar()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        notice, convention, period = _compute(s, cycle, notice_id, published, cal)
        sources = tuple(dict.fromkeys(
            src for src in (cal.source_of(d) for d in period.days) if src))
        return NoticePreview(notice.id, published, period.first_day, period.last_day,
                             period.working_days, notice.count.value, str(notice.cite),
                             convention.value, period.explain(), sources)


def notice_outlook(ws: Workspace, notice_id: str, published: date, *,
                   calendar: OfficeCalendar | None = None,
                   cycle_ref: str | None = None) -> NoticeOutlook:
    """``preview_notice`` that never raises for a calendar gap: the window shows, while the
    date is chosen, whether the count can be made and which schedules are missing ahead."""
    cal = calendar or office_calendar()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        notice = next((n for n in p.notices if n.id == notice_id), None)
        days = notice.working_days if notice is not None else 0
    missing = uncovered_years(cal, published, notice_horizon(published, days))
    try:
        preview = preview_notice(ws, notice_id, published, calendar=cal, cycle_ref=cycle_ref)
    except CalendarGap as gap:
        return NoticeOutlook(None, gap.message, missing or (gap.day.year,), cal.add_to)
    return NoticeOutlook(preview, None, missing, cal.add_to)


def publish_notice(ws: Workspace, notice_id: str, published: date,
                   applicant_refs: list[str], *, calendar: OfficeCalendar | None = None,
                   cycle_ref: str | None = None,
                   confirm_unresolved: bool = False) -> Done[NoticePublished]:
    """The notice period from ``published``, counted in working days with the stated
    convention; a day no calendar source covers is refused with how to add the schedule.
    While anything is unresolved (``readiness``) publishing is refused (``UnresolvedMatters``)
    unless ``confirm_unresolved``; the confirmation is kept in the history with the list."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        notice, convention, period = _compute(s, cycle, notice_id, published, calendar)
        apps = [find_applicant(s, cycle, r) for r in applicant_refs]
        stage = notice_after(programme_of(cycle.programme_id), notice.id)
        step = Msg(N_("Publishing the notice after {stage}"), {"stage": stage.name_zh}) \
            if stage is not None else Msg(N_("Publishing the notice {notice}"),
                                          {"notice": notice.id})  # the stage's official name
        confirm_or_refuse(s, cycle, step, confirm_unresolved, "notice.confirm_unresolved",
                          notice=notice.id)
        record = NoticeRecord(cycle_id=cycle.id, notice_id=notice.id,
                              starts_on=period.first_day, ends_on=period.last_day,
                              working_days=period.working_days, convention=convention.value,
                              published_on=published,
                              applicants_json=dumps([str(a.id) for a in apps]))
        s.add(record)
        s.flush()
        log(s, cycle, "notice.publish", notice=notice.id, ends=period.last_day)
        return Done(NoticePublished(
            notice=notice.id, published=published, first_day=period.first_day,
            last_day=period.last_day, working_days=period.working_days,
            count=notice.count.value, cite=str(notice.cite), convention=convention.value,
            convention_source="office", explain=period.explain(),
            applicants=tuple(a.ref for a in apps), record=str(record.id),
            applicant_names=tuple(a.name for a in apps),
            programme=programme_of(cycle.programme_id)), NOTICES)


def recorded_notices(ws: Workspace, cycle_ref: str | None = None) -> list[RecordedNotice]:
    """The cycle's recorded notices, oldest first, each with its record id."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {str(a.id): a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        return [RecordedNotice(str(n.id), n.notice_id, n.published_on, n.starts_on, n.ends_on,
                               n.working_days, n.convention,
                               tuple(refs.get(a, a) for a in json.loads(n.applicants_json)))
                for n in s.execute(select(NoticeRecord).where(
                    NoticeRecord.cycle_id == cycle.id)
                    .order_by(NoticeRecord.recorded_at)).scalars()]


def remove_notice(ws: Workspace, record_id: str, cycle_ref: str | None = None
                  ) -> Done[RecordedNotice]:
    """Remove a notice recorded by mistake (kept in the history with its dates)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = next((n for n in s.execute(select(NoticeRecord).where(
            NoticeRecord.cycle_id == cycle.id)).scalars() if str(n.id) == record_id), None)
        if row is None:
            raise NotFound(Msg(N_("No recorded notice '{id}'"), {"id": record_id}))
        refs = {str(a.id): a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        gone = RecordedNotice(str(row.id), row.notice_id, row.published_on, row.starts_on,
                              row.ends_on, row.working_days, row.convention,
                              tuple(refs.get(a, a) for a in json.loads(row.applicants_json)))
        s.delete(row)
        log(s, cycle, "notice.remove", notice=gone.notice, published=gone.published,
            ends=gone.last_day)
        return Done(gone, NOTICES)


def add_objection(ws: Workspace, applicant_ref: str, received_on: date, summary: str,
                  cycle_ref: str | None = None) -> Done[ObjectionLogged]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        row = Objection(cycle_id=cycle.id, applicant_id=app.id, received_on=received_on,
                        summary=summary)
        s.add(row)
        s.flush()
        log(s, cycle, "objection.add", applicant=app.ref)
        return Done(ObjectionLogged(objection=str(row.id), applicant=app.ref,
                                    outcome=row.outcome, applicant_name=app.name), NOTICES)


def decide_objection(ws: Workspace, objection_id: str, upheld: bool, decided_on: date, *,
                     note: str = "", cycle_ref: str | None = None
                     ) -> Done[ObjectionDecided]:
    """Log the outcome; an upheld objection removes the candidate, and where the programme
    allows, the next in rank fills the place (the ranking shows who)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = next((o for o in s.execute(select(Objection).where(
            Objection.cycle_id == cycle.id)).scalars() if str(o.id).startswith(objection_id)),
            None)
        if row is None:
            raise NotFound(Msg(N_("No objection '{id}'"), {"id": objection_id}))
        if row.outcome != "pending":
            raise InputRejected(Msg(N_("This objection was already decided ({outcome})"),
                                    {"outcome": row.outcome}))
        row.outcome = "upheld" if upheld else "dismissed"
        row.decided_on, row.note = decided_on, note
        s.flush()
        result = ranking(s, cycle)
        app = s.get(Applicant, row.applicant_id)
        assert app is not None
        filled = [r.ref for c in result.categories for r in c.rows if r.backfilled]
        if filled:
            backfill = next(a for a in s.execute(select(Applicant).where(
                Applicant.cycle_id == cycle.id, Applicant.ref == filled[0])).scalars())
            row.backfill_applicant_id = backfill.id
        log(s, cycle, "objection.decide", applicant=app.ref, outcome=row.outcome)
        p = programme_of(cycle.programme_id)
        return Done(ObjectionDecided(
            objection=str(row.id), applicant=app.ref, outcome=row.outcome,
            applicant_name=app.name, backfilled=tuple(filled),
            backfill_rule=None if p.backfill is None else BackfillRule(
                allowed=p.backfill.allowed,
                cite=str(p.backfill.cite) if p.backfill.cite else None),
            categories=result.categories), NOTICES)


def add_applicant_feedback(ws: Workspace, applicant_ref: str, reviewer_id: str,
                           assessment: str, text: str, stage_id: str | None = None,
                           cycle_ref: str | None = None) -> Done[FeedbackAdded]:
    """双向监督反馈, the applicant's side: its assessment of a reviewer's conduct."""
    if assessment not in {"compliant", "concerns", "violation"}:
        raise InputRejected(Msg(N_("An assessment is compliant, concerns or violation")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        find_reviewer(s, reviewer_id)
        s.add(Feedback(cycle_id=cycle.id, direction="applicant_to_reviewer",
                       reviewer_id=reviewer_id, applicant_id=app.id, stage_id=stage_id,
                       assessment=assessment, text=text))
        log(s, cycle, "feedback.add", applicant=app.ref, reviewer=reviewer_id)
        return Done(FeedbackAdded(applicant=app.ref, reviewer=reviewer_id,
                                  assessment=assessment, stage=stage_id,
                                  applicant_name=app.name), NOTICES)


def feedback_report(ws: Workspace, cycle_ref: str | None = None) -> list[FeedbackRow]:
    """Both directions of supervision feedback, per visit (stage) and applicant."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {a.id: a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        rows = s.execute(select(Feedback).where(Feedback.cycle_id == cycle.id)
                         .order_by(Feedback.stage_id, Feedback.applicant_id,
                                   Feedback.direction, Feedback.reviewer_id)).scalars()
        return [FeedbackRow(stage=f.stage_id, applicant=refs.get(f.applicant_id),
                            reviewer=f.reviewer_id, direction=f.direction,
                            assessment=f.assessment, text=f.text) for f in rows]


def history(ws: Workspace, cycle_ref: str | None = None, limit: int = 200
            ) -> list[HistoryRow]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(select(HistoryEntry).where(
            (HistoryEntry.cycle_id == cycle.id) | HistoryEntry.cycle_id.is_(None))
            .order_by(HistoryEntry.id.desc()).limit(limit)).scalars()
        return [HistoryRow(at=h.at, action=h.action, detail=json.loads(h.detail or "{}"),
                           cycle=cycle_code(cycle)) for h in rows]
