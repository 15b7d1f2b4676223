"""The tables of a reviewer's case file (one review cycle, one reviewer).

Migrations in ``desktop/models/migrations/versions`` create exactly these; a test compares them.
Free text (applicant names, materials, comments, declared secrets) lives only here, encrypted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


class CaseMeta(Base):
    """One row: what this case is, whose it is, and the package and roster it came from."""

    __tablename__ = "case_meta"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[uuid.UUID]
    reviewer_id: Mapped[str]
    display_name: Mapped[str]
    programme_id: Mapped[str]
    criteria_ref: Mapped[str]
    cycle_id: Mapped[str]
    current_stage_id: Mapped[str]
    package_id: Mapped[str]
    package_issued_at: Mapped[datetime]
    office_fingerprint: Mapped[str]
    roster_version: Mapped[int]
    roster_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentityKey(Base):
    """The reviewer's private keys (signing, encryption), as the crypto layer serialises them."""

    __tablename__ = "identity_key"

    reviewer_id: Mapped[str] = mapped_column(primary_key=True)
    private_json: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamMember(Base):
    __tablename__ = "team_member"

    reviewer_id: Mapped[str] = mapped_column(primary_key=True)
    display_name: Mapped[str]
    leader: Mapped[bool] = mapped_column(default=False)


class Stage(Base):
    __tablename__ = "stage"

    stage_id: Mapped[str] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    kind: Mapped[str]
    name_zh: Mapped[str]
    name_en: Mapped[str]
    form_kind: Mapped[str]  # FormKind: items | panel_score | none
    max_points: Mapped[Decimal | None]
    step: Mapped[Decimal | None]


class Applicant(Base):
    __tablename__ = "applicant"

    applicant_id: Mapped[str] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    name: Mapped[str]
    category: Mapped[str | None]


class Material(Base):
    __tablename__ = "material"
    __table_args__ = (UniqueConstraint("applicant_id", "material_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    material_id: Mapped[str]
    title: Mapped[str]
    body: Mapped[str] = mapped_column(Text, default="")
    # added by migration 0005: a PDF document: its stream (as the package carried it,
    # encrypted) in the case folder's documents/, its key here (see services.case_documents)
    kind: Mapped[str] = mapped_column(default="text", server_default="text")  # text | pdf
    pages: Mapped[int | None]
    sha256: Mapped[str] = mapped_column(default="", server_default="")
    size: Mapped[int] = mapped_column(default=0, server_default="0")
    removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    doc_key: Mapped[bytes | None] = mapped_column(LargeBinary)


class DeclaredSecret(Base):
    """A passage the applicant declared a trade or technical secret (商业秘密、技术秘密)."""

    __tablename__ = "declared_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    material_id: Mapped[str | None]
    kind: Mapped[str]  # trade | technical
    passage: Mapped[str] = mapped_column(Text)


class Score(Base):
    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("applicant_id", "stage_id", "item_id"),
        CheckConstraint("pct IS NULL OR (pct >= 0 AND pct <= 100)", name="pct_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.stage_id"))
    item_id: Mapped[str]
    pct: Mapped[int | None]
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    framework_ref: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PanelScore(Base):
    """One score per applicant for a panel-score stage (e.g. 陈述答辩 out of 100)."""

    __tablename__ = "panel_score"
    __table_args__ = (UniqueConstraint("applicant_id", "stage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.stage_id"))
    value: Mapped[Decimal]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SecretMark(Base):
    """A span of a comment that repeats a declared secret: ``text[start:end]`` of ``field``."""

    __tablename__ = "secret_mark"
    __table_args__ = (
        CheckConstraint("field IN ('strengths', 'improvements')", name="field"),
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        Index(None, "score_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("score.id", ondelete="CASCADE"))
    field: Mapped[str]
    start: Mapped[int]
    end: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Recusal(Base):
    """A declared conflict of interest (回避): the applicant's scorebook is locked for good."""

    __tablename__ = "recusal"

    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"),
                                              primary_key=True)
    reason: Mapped[str]
    text: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExportRecord(Base):
    """One exported score bundle; the revision per stage only goes up."""

    __tablename__ = "export_record"
    __table_args__ = (UniqueConstraint("stage_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    stage_id: Mapped[str]
    revision: Mapped[int]
    prev_hash: Mapped[str | None]
    content_hash: Mapped[str]
    final: Mapped[bool]
    file_name: Mapped[str]
    destination_kind: Mapped[str]  # folder | removable
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only (triggers refuse UPDATE and DELETE), hash-chained: see models.audit."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str]
    action: Mapped[str]
    entity: Mapped[str]
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str]
    hash: Mapped[str]


# --- added by migration 0002 ------------------------------------------------------------------


class SupervisionFeedback(Base):
    """双向监督反馈: the reviewer's assessment of the applicant's conduct during the review."""

    __tablename__ = "supervision_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    stage_id: Mapped[str | None]
    assessment: Mapped[str]  # compliant | concerns | violation
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_audit_log_entity", AuditEntry.entity)


# --- added by migration 0003: the team leader's merge and consensus (组长负责制) ---------------


class ReceivedBundle(Base):
    """A team member's score bundle the leader imported, kept whole (verified bytes and manifest).

    The leader's merged state is derived from ALL these rows every time (never stored), so an
    import is idempotent and independent of order.
    """

    __tablename__ = "received_bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(unique=True)  # of the file bytes
    content_hash: Mapped[str]  # of the signed manifest bytes
    reviewer_id: Mapped[str]
    stage_id: Mapped[str]
    kind: Mapped[str]
    revision: Mapped[int]
    manifest_json: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    file_name: Mapped[str]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsensusEntry(Base):
    """What the leader entered for one item: a percentage (None: the default) and a rationale."""

    __tablename__ = "consensus_entry"
    __table_args__ = (
        UniqueConstraint("applicant_id", "stage_id", "item_id"),
        CheckConstraint("pct IS NULL OR (pct >= 0 AND pct <= 100)", name="pct_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.stage_id"))
    item_id: Mapped[str]
    pct: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsensusFinal(Base):
    """A finalised consensus for one applicant and stage, with the bundles it was made from.

    ``basis`` is a hash of the bundles in force at the time: when it no longer matches, the
    consensus is outdated and is not exported until the leader finalises it again.
    """

    __tablename__ = "consensus_final"

    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"),
                                              primary_key=True)
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.stage_id"), primary_key=True)
    basis: Mapped[str]
    items_json: Mapped[str] = mapped_column(Text)  # [{item_id, pct, rationale}]
    total: Mapped[Decimal]
    finalised_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsensusExport(Base):
    """One exported consensus bundle; the revision per stage only goes up."""

    __tablename__ = "consensus_export"
    __table_args__ = (UniqueConstraint("stage_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    stage_id: Mapped[str]
    revision: Mapped[int]
    prev_hash: Mapped[str | None]
    content_hash: Mapped[str]
    applicants: Mapped[int]
    file_name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- added by migration 0004: an export is recorded only once written and read back ----------


class PendingExport(Base):
    """A bundle built and about to be (or being) written to a stick, not yet confirmed.

    Its revision may have left the machine (a crash between the write and the record), so no
    other content may take it: see ``desktop.services.export_pending``. Removed when the export
    is recorded, or when a failed write certainly left nothing behind.
    """

    __tablename__ = "pending_export"
    __table_args__ = (UniqueConstraint("kind", "stage_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]  # scores | consensus
    stage_id: Mapped[str]
    revision: Mapped[int]
    basis: Mapped[str]  # hash of what the bundle says, apart from its id and time
    bundle_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    prev_hash: Mapped[str | None]
    content_hash: Mapped[str]
    final: Mapped[bool]
    file_name: Mapped[str]
    destination_kind: Mapped[str]
    detail_json: Mapped[str] = mapped_column(Text, default="{}")  # what the record needs
    data: Mapped[bytes] = mapped_column(LargeBinary)  # the sealed bytes, to be sent again
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- added by migration 0005: the applicant's documents (PDF) and their retention ------------


class SecretRegion(Base):
    """A page region the reviewer marked secret by hand (a scanned page): PDF points, 1-based
    page."""

    __tablename__ = "secret_region"
    __table_args__ = (CheckConstraint("page >= 1", name="page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_pk: Mapped[int] = mapped_column(ForeignKey("material.id", ondelete="CASCADE"),
                                             index=True)
    page: Mapped[int]
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentRetention(Base):
    """One row: until when the package allows keeping its documents, and when they went."""

    __tablename__ = "document_retention"

    id: Mapped[int] = mapped_column(primary_key=True)
    keep_until: Mapped[date | None] = mapped_column(Date)
    removed_at: Mapped[datetime | None]
    removed_count: Mapped[int] = mapped_column(default=0, server_default="0")


# --- added by migration 0006: site-visit issues, the on-site notes on them, the team's findings -


class SiteIssue(Base):
    """A site-visit issue the material-review team raised, received in the on-site package."""

    __tablename__ = "site_issue"

    issue_id: Mapped[str] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    item_id: Mapped[str]
    kind: Mapped[str]  # verify | clarify (desktop.domain.findings.FindingKind)
    text: Mapped[str] = mapped_column(Text)


class IssueNote(Base):
    """What this reviewer found on site about one site-visit issue."""

    __tablename__ = "issue_note"

    issue_id: Mapped[str] = mapped_column(ForeignKey("site_issue.issue_id"), primary_key=True)
    outcome: Mapped[str]  # desktop.domain.findings.Outcome
    text: Mapped[str] = mapped_column(Text, default="")
    marks_json: Mapped[str] = mapped_column(Text, default="[]")  # [[start, end]] secret spans
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamFinding(Base):
    """One of the team's findings, as the team leader consolidated it (desktop.domain.findings):
    ``item_id`` "" for a key theme or suggestion; ``issue_id`` "" unless a site-visit issue or
    its resolution; ``sources_json`` the reviewers whose comments it came from."""

    __tablename__ = "team_finding"
    __table_args__ = (Index(None, "applicant_id", "stage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[str] = mapped_column(ForeignKey("applicant.applicant_id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.stage_id"))
    item_id: Mapped[str] = mapped_column(default="")
    kind: Mapped[str]
    ordinal: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    issue_id: Mapped[str] = mapped_column(default="")
    outcome: Mapped[str | None]
    sources_json: Mapped[str] = mapped_column(Text, default="[]")
    marks_json: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
