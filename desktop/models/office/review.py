"""Conflicts, rosters, packages, every received bundle (kept whole), quarantine, and the state
derived from the bundles (scores, panel scores, consensus, reviewer feedback)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.office.base import OfficeBase, new_id, utcnow


class Conflict(OfficeBase):
    """A typed conflict of interest between a reviewer and an applicant, with its source.

    ``pinned`` rows are the office's decision: ``conflicted`` true or false, and it stands over
    any other row for the same pair. Rows of source ``bundle`` are a reviewer's recusal declared
    in the field: derived from the held bundles at every merge (schema 0004), with the bundle
    that carried it, when it was declared, and whether that reviewer has scores for the
    applicant in a held bundle (the office then decides).
    """

    __tablename__ = "conflict"
    __table_args__ = (Index(None, "reviewer_id", "applicant_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    kind: Mapped[str]  # ConflictKind
    source: Mapped[str]  # office | reviewer | applicant | suggested
    detail: Mapped[str] = mapped_column(Text, default="")
    until_year: Mapped[int | None]  # a past relationship ended that year
    conflicted: Mapped[bool] = mapped_column(default=True)
    pinned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    bundle_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    declared_at: Mapped[datetime | None]
    scored: Mapped[bool] = mapped_column(default=False, server_default=false())


class RosterIssue(OfficeBase):
    """Every roster the office signed; the version only goes up."""

    __tablename__ = "roster_issue"

    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    signed: Mapped[bytes] = mapped_column(LargeBinary)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class PackageIssue(OfficeBase):
    """A panel package issued to one reviewer (the file is on the medium; its hash is kept)."""

    __tablename__ = "package_issue"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"))
    roster_version: Mapped[int]
    sha256: Mapped[str]
    file_name: Mapped[str]
    applicants: Mapped[str] = mapped_column(Text)  # JSON list of applicant ids it carries
    # 0010: the site-visit issues it carried, {applicant id: [issue ids]} (what a team was given)
    site_issues: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


LIGHT_COLUMNS = ("cycle_id", "sha256", "kind", "signer_id", "stage_id", "revision", "content_hash",
                 "file_name", "signer_fp", "received_at")


class ReceivedBundle(OfficeBase):
    """A bundle that verified (signature, roster, recipient), kept whole with its manifest.

    The merged state is derived from these rows, so import is idempotent and order-independent.
    ``slot`` is what a bundle supersedes within: (kind, signer, stage[, applicant]).
    """

    __tablename__ = "received_bundle"
    __table_args__ = (Index(None, "cycle_id", "slot"),
                      # 0011: every light column, so reading them never walks the manifests'
                      # and files' overflow pages (SQLite): the ranking's readers use it
                      Index("ix_received_bundle_light", *LIGHT_COLUMNS))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(unique=True)  # of the file bytes
    content_hash: Mapped[str]  # of the signed content, as the crypto layer reports it
    kind: Mapped[str]  # scores | consensus
    signer_id: Mapped[str]
    stage_id: Mapped[str]
    slot: Mapped[str]
    revision: Mapped[int] = mapped_column(BigInteger)  # up to 2**53 (0006)
    manifest_json: Mapped[str] = mapped_column(Text)
    # deferred: a held file's bytes are read only when asked for (revocation's re-check), never
    # when a reader loads the rows for their light columns
    raw: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    file_name: Mapped[str]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    signer_fp: Mapped[str | None]  # the signing key's fingerprint (None: held before 0005)


class QuarantinedFile(OfficeBase):
    """A file that did not import: why, and where its copy was put."""

    __tablename__ = "quarantined_file"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    sha256: Mapped[str]
    file_name: Mapped[str]
    reason: Mapped[str] = mapped_column(Text)
    copied_to: Mapped[str]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class MergeRefusal(OfficeBase):
    """Part of a verified bundle refused at merge: a recused applicant, a wrong assignment …"""

    __tablename__ = "merge_refusal"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[str | None]
    reason: Mapped[str] = mapped_column(Text)


class ItemScore(OfficeBase):
    """Derived: one reviewer's percentage for one item of one applicant at one stage."""

    __tablename__ = "item_score"
    __table_args__ = (
        UniqueConstraint("cycle_id", "reviewer_id", "applicant_id", "stage_id", "item_id"),
        CheckConstraint("pct IS NULL OR (pct >= 0 AND pct <= 100)", name="pct_range"),
        # Covers the ranking's per-reviewer sums: read from the index alone (0002).
        Index("ix_item_score_totals", "cycle_id", "applicant_id", "stage_id", "reviewer_id",
              "item_id", "pct"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    item_id: Mapped[str]
    pct: Mapped[int | None]
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")


class SheetTotal(OfficeBase):
    """Derived with the item scores (0011): one reviewer's sheet of one applicant at one stage,
    summed — Σ points × pct over the framework's items, in hundredths, and how many of its
    items have a percentage — so the ranking reads a row per sheet, not one per item."""

    __tablename__ = "sheet_total"
    __table_args__ = (
        Index("ix_sheet_total_read", "cycle_id", "applicant_id", "stage_id", "reviewer_id",
              "hundredths", "scored"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    hundredths: Mapped[int | None] = mapped_column(BigInteger)  # None: no item scored
    scored: Mapped[int]  # the framework's items with a percentage


class ItemSpread(OfficeBase):
    """Derived with the item scores (0011): the lowest and highest percentage the reviewers gave
    one item of one applicant at one stage, so the unresolved list reads only the groups whose
    spread can be flagged, not every item score."""

    __tablename__ = "item_spread"
    __table_args__ = (Index("ix_item_spread_read", "cycle_id", "spread"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    item_id: Mapped[str]
    low: Mapped[int]
    high: Mapped[int]
    spread: Mapped[int]


class PanelScore(OfficeBase):
    """Derived: one reviewer's single score for a panel-score stage (e.g. defense /100)."""

    __tablename__ = "panel_score"
    __table_args__ = (
        UniqueConstraint("cycle_id", "reviewer_id", "applicant_id", "stage_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    value: Mapped[Decimal]


class ConsensusItem(OfficeBase):
    """The team leader's consensus percentage and rationale per item (组长负责制)."""

    __tablename__ = "consensus_item"
    __table_args__ = (UniqueConstraint("cycle_id", "applicant_id", "stage_id", "item_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    item_id: Mapped[str]
    pct: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text, default="")
    leader_id: Mapped[str]
    bundle_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(OfficeBase):
    """Supervision feedback (双向监督反馈): reviewer → applicant from bundles, applicant →
    reviewer entered by the office; per visit (stage)."""

    __tablename__ = "feedback"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    direction: Mapped[str]  # reviewer_to_applicant | applicant_to_reviewer
    reviewer_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str | None]
    assessment: Mapped[str]  # compliant | concerns | violation
    text: Mapped[str] = mapped_column(Text, default="")
    bundle_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamFinding(OfficeBase):
    """Derived (0010): one of the team's findings in the consensus bundle in force for an
    applicant and stage (``desktop.domain.findings.Finding``): agreed strengths and improvements
    per item, key themes, suggestions, site-visit issues and their resolutions. ``sources`` and
    ``marks`` are JSON ("[reviewer ids]", "[[start, end], …]")."""

    __tablename__ = "team_finding"
    __table_args__ = (Index(None, "cycle_id", "applicant_id", "stage_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    leader_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    item_id: Mapped[str] = mapped_column(default="")  # "" for the applicant's findings
    kind: Mapped[str]  # FindingKind
    ordinal: Mapped[int]  # its place among the applicant's findings in the bundle
    text: Mapped[str] = mapped_column(Text)
    issue_id: Mapped[str] = mapped_column(default="")
    outcome: Mapped[str | None]  # Outcome, resolutions only
    sources: Mapped[str] = mapped_column(Text, default="[]")
    marks: Mapped[str] = mapped_column(Text, default="[]")


class IssueNote(OfficeBase):
    """Derived (0010): what an on-site reviewer recorded about one site-visit issue, from the
    scores bundle in force (``marks``: JSON "[[start, end], …]" of the text)."""

    __tablename__ = "issue_note"
    __table_args__ = (Index(None, "cycle_id", "applicant_id", "stage_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    bundle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("received_bundle.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str]
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id",
                                                               ondelete="CASCADE"))
    stage_id: Mapped[str]
    issue_id: Mapped[str]
    outcome: Mapped[str]  # Outcome
    text: Mapped[str] = mapped_column(Text, default="")
    marks: Mapped[str] = mapped_column(Text, default="[]")


class DerivedState(OfficeBase):
    """What the last derive of a cycle's merged state found that the ranking and the unresolved
    list read (chain breaks, forks' fallbacks: ``services.office.derived_state``), kept with a
    fingerprint of every input of that derive (0011); a reader whose inputs changed since
    derives again instead of trusting it."""

    __tablename__ = "derived_state"

    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"),
                                                primary_key=True)
    fingerprint: Mapped[str]
    payload: Mapped[str] = mapped_column(Text)
