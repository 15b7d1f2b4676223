"""Applicants (with materials, declared secrets, eligibility, award history), reviewers, teams,
committee members."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.office.base import OfficeBase, new_id, utcnow


class Applicant(OfficeBase):
    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("cycle_id", "ref"), Index(None, "credit_code"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    ref: Mapped[str]  # short office reference, e.g. A007
    kind: Mapped[str]  # organisation | individual
    award_id: Mapped[str]  # the programme's award category applied for
    name: Mapped[str]
    name_key: Mapped[str]  # normalised name for matching
    credit_code: Mapped[str | None]  # organisations (and an individual's employer)
    employer: Mapped[str | None]  # individuals
    region: Mapped[str] = mapped_column(default="")
    industry: Mapped[str] = mapped_column(default="")
    size: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Material(OfficeBase):
    __tablename__ = "material"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    applicant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applicant.id", ondelete="CASCADE"), index=True)
    title: Mapped[str]
    body: Mapped[str] = mapped_column(Text)
    # added by migration 0007: a PDF document kept as encrypted chunks (MaterialChunk)
    kind: Mapped[str] = mapped_column(default="text", server_default="text")  # text | pdf
    sha256: Mapped[str] = mapped_column(default="", server_default="")  # of the plain bytes
    size: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    pages: Mapped[int | None]
    text_layer: Mapped[bool] = mapped_column(default=True, server_default=true())


class MaterialChunk(OfficeBase):
    """One chunk of a PDF document, encrypted under a key of the workspace (AES-GCM, the
    material and the chunk's place bound in): no plaintext in the database, SQLCipher or
    PostgreSQL (``desktop.services.office.materials``)."""

    __tablename__ = "material_chunk"

    material_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DeclaredSecret(OfficeBase):
    """A passage the applicant declared a trade or technical secret (商业秘密、技术秘密)."""

    __tablename__ = "declared_secret"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    material_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str]  # trade | technical
    passage: Mapped[str] = mapped_column(Text)
    # migration 0007: False when a PDF's text layer does not hold the passage (a scan)
    found: Mapped[bool] = mapped_column(default=True, server_default=true())


class Eligibility(OfficeBase):
    """The applicant's eligibility facts and the evaluated result (both JSON)."""

    __tablename__ = "eligibility"

    applicant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True)
    facts_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str | None] = mapped_column(Text)
    eligible: Mapped[bool | None]
    evaluated_at: Mapped[datetime | None]


class AwardRecord(OfficeBase):
    """A past award (any cycle, also before the workspace existed) and its revocation."""

    __tablename__ = "award_record"
    __table_args__ = (Index(None, "programme_id", "credit_code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    programme_id: Mapped[str]
    award_id: Mapped[str]
    name: Mapped[str]
    credit_code: Mapped[str | None]
    year: Mapped[int]
    cycle_number: Mapped[int | None]
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    fraud: Mapped[bool] = mapped_column(default=False)  # revoked for 弄虚作假 (ban applies)


class Reviewer(OfficeBase):
    """A reviewer enrolled from their enrolment card (public keys only)."""

    __tablename__ = "reviewer"

    id: Mapped[str] = mapped_column(primary_key=True)  # the reviewer id on the card
    name: Mapped[str]
    organisation: Mapped[str] = mapped_column(default="")
    industry: Mapped[str] = mapped_column(default="")
    contact: Mapped[str] = mapped_column(default="", server_default="")  # 0009: phone, e-mail
    fingerprint: Mapped[str] = mapped_column(unique=True)
    public_json: Mapped[bytes] = mapped_column(LargeBinary)  # PublicIdentity as serialised
    card: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)


class Affiliation(OfficeBase):
    """A reviewer's past or present organisation (for conflict suggestions)."""

    __tablename__ = "affiliation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id", ondelete="CASCADE"),
                                             index=True)
    organisation: Mapped[str]
    name_key: Mapped[str]
    credit_code: Mapped[str | None]
    relation: Mapped[str] = mapped_column(default="employment")  # a ConflictKind value
    since_year: Mapped[int | None]
    until_year: Mapped[int | None]  # None: present


class Team(OfficeBase):
    """A review team (评审组) of one industry with one leader (组长负责制)."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("cycle_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    name: Mapped[str]
    industry: Mapped[str] = mapped_column(default="")


class TeamMember(OfficeBase):
    __tablename__ = "team_member"

    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"),
                                               primary_key=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"), primary_key=True)
    leader: Mapped[bool] = mapped_column(default=False)


class Assignment(OfficeBase):
    """The team that reviews an applicant in this cycle (one team per applicant)."""

    __tablename__ = "assignment"

    applicant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"),
                                               index=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommitteeMember(OfficeBase):
    __tablename__ = "committee_member"
    __table_args__ = (UniqueConstraint("cycle_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    name: Mapped[str]
    role: Mapped[str] = mapped_column(default="member")  # chair | vice_chair | member
    organisation: Mapped[str] = mapped_column(default="")


class KeyRevocation(OfficeBase):
    """A reviewer's signing key the office revoked (a lost laptop): the key's public part (to
    re-check the bundles it signed), why, when the office learnt of the loss, and the last
    revision of that key it still trusts. Bundles of the key the office did not hold before
    ``cutoff`` are refused."""

    __tablename__ = "key_revocation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("reviewer.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(unique=True)
    public_json: Mapped[bytes] = mapped_column(LargeBinary)
    reason: Mapped[str] = mapped_column(Text)
    learnt_at: Mapped[datetime]
    trusted_revision: Mapped[int]
    revoked_at: Mapped[datetime] = mapped_column(default=utcnow)
