"""What the office decides where a rule document leaves it to it: a reviewer's qualification
taken away (主席质量奖 第二十五条 …) and whether their earlier scores stand, and the nominations
(提名奖) it assigns."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.office.base import OfficeBase, new_id, utcnow


class Disqualification(OfficeBase):
    """A reviewer's qualification taken away in a cycle (reason, article, date). Bundles they
    sign afterwards are refused; ``earlier`` is the office's decision on the scores they gave
    before: pending | stand | void."""

    __tablename__ = "disqualification"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    article: Mapped[str]
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    earlier: Mapped[str] = mapped_column(default="pending")
    earlier_by: Mapped[str | None] = mapped_column(nullable=True)
    earlier_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Nomination(OfficeBase):
    """A nomination (提名奖) the office assigned to an applicant, recorded with who and when."""

    __tablename__ = "nomination"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    award_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
