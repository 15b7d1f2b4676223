"""The office merge's plain types: a file as read (``Incoming``), the record a verified manifest
gives, each file's result and the merge's summary, and a fork's sides (used by the merge, the
chains, revocation and the leader without importing the merge itself)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.bundle_content import (
    BundleContent,
    FeedbackRow,
    PanelRow,
    RecusalRow,
    ScoreRow,
    rows_v2,
)
from desktop.domain.merge import (
    BundleRecord,
    record_of,
)
from desktop.domain.messages import Msg


@dataclass
class Incoming:
    """One file as read: its bytes' hash, and either a record or why it was refused."""

    file: Path
    sha256: str
    data: bytes | None = field(default=None, repr=False)
    manifest: dict[str, Any] | None = field(default=None, repr=False)
    content_hash: str = ""
    record: BundleRecord | None = None
    error: Msg | None = None
    signer_fp: str = ""  # the signing key's fingerprint, once verified
    # the signed manifest's own text, when opened here (JSON that loads equal to ``manifest``)
    text: str | None = field(default=None, repr=False)


def record_from_manifest(manifest: dict[str, Any], content_hash: str, name: str) -> BundleRecord:
    """The domain view of a verified manifest: every value kept as carried (the merge checks
    each one), grouped into per-applicant sheets."""
    snap = manifest["snapshot"]
    notes, findings = rows_v2(snap)
    content = BundleContent(
        created_at=manifest["created_at"],
        scores=tuple(ScoreRow(sc["applicant_id"], sc["stage_id"], sc["item_id"], sc["pct"],
                              sc["strengths"], sc["improvements"]) for sc in snap["scores"]),
        panel_scores=tuple(PanelRow(ps["applicant_id"], ps["stage_id"], ps["score"])
                           for ps in snap["panel_scores"]),
        recusals=tuple(RecusalRow(r["applicant_id"], r["reason"], r["declared_at"])
                       for r in snap["recusals"]),
        feedback=tuple(FeedbackRow(f["applicant_id"], f["stage_id"], f["rating"],
                                   f["created_at"]) for f in snap["feedback"]),
        issue_notes=notes, findings=findings)
    return record_of(name, manifest["reviewer_id"], manifest["cycle_id"], manifest["stage_id"],
                     manifest["kind"], int(manifest["revision"]), content_hash, content,
                     str(manifest.get("prev_hash", "")))


@dataclass(frozen=True)
class FileResult:
    file: str
    outcome: str  # new | updated | duplicate | stale | fork | rejected
    reason: Msg | None
    reviewer: str | None
    stage: str | None
    kind: str | None
    revision: int | None
    refused: tuple[Msg, ...] = ()  # sheets refused (recusal)
    quarantined: str | None = None  # where the refused file's copy is kept
    warnings: tuple[Msg, ...] = ()  # reported, not refused (e.g. a time in the future)
    not_kept: Msg | None = None  # why a refused file was not copied to the quarantine


@dataclass(frozen=True)
class MergeSummary:
    cycle: str
    files: tuple[FileResult, ...]
    counts: dict[str, int]
    forks: int
    held_bundles: int
    item_scores: int
    panel_scores: int
    refused_sheets: int
    cancelled: bool = False
    not_read: tuple[str, ...] = ()  # files left unread because the merge was cancelled
    equivocations: tuple[Msg, ...] = ()  # member bundles that differ from a consensus's list


@dataclass(frozen=True)
class ForkSide:
    file: str
    sha256: str
    content_hash: str
    received_at: Any


@dataclass(frozen=True)
class ForkView:
    reviewer: str
    stage: str
    kind: str
    revision: int
    sides: tuple[ForkSide, ...]
    chosen: str | None  # the content hash that stands (None: unresolved)
    reason: str | None
    in_force: int | None  # the revision in force for the key meanwhile (unresolved forks)
