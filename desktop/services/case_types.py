"""Values the case services return (plain dataclasses: the UI and the CLI render them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from desktop.domain.conflicts import ConflictKind
from desktop.domain.scoring import FormKind
from desktop.services.case_status_types import ApplicantStatus as ApplicantStatus
from desktop.services.case_status_types import CaseStatus as CaseStatus
from desktop.services.case_status_types import DocumentsStatus as DocumentsStatus
from desktop.services.case_status_types import ExportView as ExportView
from desktop.services.case_status_types import MaterialStatus as MaterialStatus

# A recusal's reason is the typed conflict kind of the domain (employment, consulting, …).
RecusalReason = ConflictKind
COMMENT_FIELDS = ("strengths", "improvements")
MAX_COMMENT = 20_000
MAX_RECUSAL_TEXT = 4_000


class Assessment(StrEnum):
    """The reviewer's assessment of an applicant's conduct (双向监督反馈)."""

    COMPLIANT = "compliant"
    CONCERNS = "concerns"
    VIOLATION = "violation"


@dataclass(frozen=True)
class MarkView:
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class ScoreView:
    applicant_id: str
    stage_id: str
    item_id: str
    pct: int | None
    strengths: str
    improvements: str
    item_score: Decimal | None
    marks: tuple[MarkView, ...] = ()
    changed: bool = True


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    revision: int
    content_hash: str
    final: bool
    excluded_recused: tuple[str, ...]
    safe_to_remove: bool


@dataclass(frozen=True)
class ImportReport:
    file: str
    rows: int
    changed: int


# --- what the reviewer's window reads (case_reads does the queries) ----------------------------


@dataclass(frozen=True)
class StageInfo:
    stage_id: str
    name_zh: str
    name_en: str
    form: FormKind
    max_points: Decimal | None


@dataclass(frozen=True)
class StageProgress:
    scored: int  # items with a percentage (items stages)
    panel_score: Decimal | None  # panel-score stages


@dataclass(frozen=True)
class ApplicantRow:
    applicant_id: str
    name: str
    recused: bool
    progress: dict[str, StageProgress]  # stage_id -> progress (every stage of the case)


@dataclass(frozen=True)
class MaterialInfo:
    """A material of the package: a text (``body``) or a PDF document (``kind`` "pdf": its
    bytes through ``CaseSession.document_bytes``; ``removed`` once the documents went)."""

    material_id: str
    title: str
    body: str
    kind: str = "text"  # "text" | "pdf"
    pages: int | None = None
    sha256: str = ""
    size: int = 0
    removed: bool = False


@dataclass(frozen=True)
class SecretRegion:
    """A page region the reviewer marked secret by hand (a scanned page with no text layer):
    PDF points, ``page`` 1-based."""

    region_id: int
    material_id: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class RecusalInfo:
    reason: str  # a RecusalReason value
    text: str


@dataclass(frozen=True)
class TeamMember:
    reviewer_id: str
    display_name: str
    leader: bool
