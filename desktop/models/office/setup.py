"""The workspace itself, its review cycles and the cycle's settings and stage schedule."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.office.base import OfficeBase, new_id, utcnow

WORKSPACE_FORMAT = "scorebook.office/1"


class WorkspaceInfo(OfficeBase):
    """One row: the office's name, its identity (private part encrypted) and the data-key wrap.

    ``identity_sealed`` is the office identity encrypted (AES-256-GCM) under the workspace data
    key. On SQLCipher the data key is wrapped in the key file beside the database; on PostgreSQL
    the wrapped key lives here (``key_wrapped``), so one passphrase opens either.
    """

    __tablename__ = "workspace_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str]
    office_name: Mapped[str]
    office_fingerprint: Mapped[str]
    office_public: Mapped[bytes] = mapped_column(LargeBinary)
    identity_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    key_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Cycle(OfficeBase):
    """One review cycle of one programme (届 / 年度)."""

    __tablename__ = "cycle"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    programme_id: Mapped[str]
    number: Mapped[int]  # the year (annual programmes) or the cycle number (届)
    label: Mapped[str]
    framework_ref: Mapped[str]
    opened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CycleSetting(OfficeBase):
    """A cycle value with where it comes from: a programme rule (with citation) or the office."""

    __tablename__ = "cycle_setting"

    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"),
                                                primary_key=True)
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    source: Mapped[str]  # "programme" | "office"
    citation: Mapped[str | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Where the document is silent the office decides: who recorded the decision and when
    # (None: not decided yet, the value is only a suggestion; schema 0008).
    decided_by: Mapped[str | None] = mapped_column(nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)


class CycleStage(OfficeBase):
    """The stage schedule: each programme stage's dates in this cycle."""

    __tablename__ = "cycle_stage"

    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"),
                                                primary_key=True)
    stage_id: Mapped[str] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
