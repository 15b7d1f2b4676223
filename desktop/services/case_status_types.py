"""What ``case status`` reads (``case_status``): plain frozen dataclasses of the standard
library's types only, so the light open (``case_light``) loads nothing of the domain beyond the
criteria. ``case_types`` re-exports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ApplicantStatus:
    applicant_id: str
    name: str
    recused: bool
    scored_items: int
    total: Decimal
    panel_score: Decimal | None


@dataclass(frozen=True)
class ExportView:
    bundle_id: str
    stage_id: str
    revision: int
    content_hash: str
    final: bool
    created_at: datetime
    file_name: str


@dataclass(frozen=True)
class MaterialStatus:
    """A material as ``case status`` lists it (no text: title, kind, pages, hash)."""

    applicant_id: str
    material_id: str
    title: str
    kind: str  # "text" | "pdf"
    pages: int | None
    sha256: str
    size: int
    removed: bool


@dataclass(frozen=True)
class DocumentsStatus:
    keep_until: date | None  # the package's last day for its documents
    removed_at: datetime | None
    materials: tuple[MaterialStatus, ...]


@dataclass(frozen=True)
class CaseStatus:
    case_id: str
    reviewer_id: str
    programme_id: str
    cycle_id: str
    criteria_ref: str
    current_stage_id: str
    items_per_applicant: int
    applicants: tuple[ApplicantStatus, ...]
    exports: tuple[ExportView, ...]
    audit_rows: int
    audit_head: str
    audit_ok: bool
    schema: str | None
    backups: tuple[str, ...] = field(default=())
    documents: DocumentsStatus | None = None
