"""The decision steps: committee votes (with every ballot), notices, objections, history."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.office.base import OfficeBase, new_id, utcnow


class VoteSession(OfficeBase):
    """A committee vote on one award category; the tally and result are kept as JSON."""

    __tablename__ = "vote_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    award_id: Mapped[str]
    held_on: Mapped[date] = mapped_column(Date)
    members_total: Mapped[int]
    present_json: Mapped[str] = mapped_column(Text)  # member ids present
    recused_json: Mapped[str] = mapped_column(Text)  # {member id: [applicant ids]}
    ballots_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoticeRecord(OfficeBase):
    """A public notice (公示): the day it was published, start, end in working days, the
    counting convention used."""

    __tablename__ = "notice_record"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    notice_id: Mapped[str]  # the programme's notice id
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int]
    convention: Mapped[str] = mapped_column(Text)  # PublicationDay: does publication day count
    applicants_json: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The day of publication (the notice's issue date); None for notices recorded before
    # schema 0003 (it cannot be recovered from the period).
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class Objection(OfficeBase):
    """An objection (异议) raised during a notice, and its outcome."""

    __tablename__ = "objection"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    received_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(default="pending")  # pending | upheld | dismissed
    decided_on: Mapped[date | None] = mapped_column(Date)
    backfill_applicant_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(Text, default="")


class HistoryEntry(OfficeBase):
    """What happened in the workspace, in order (who did what, never a secret)."""

    __tablename__ = "history_entry"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    cycle_id: Mapped[uuid.UUID | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str]
    detail: Mapped[str] = mapped_column(Text, default="")
