"""The merge's records: a verified bundle as the merge sees it (``BundleRecord``), one applicant's
sheet in it, and the keys that name them. The lowest part of the merge
(``desktop.domain.merge``): the chains, revocation and disqualification rules read these types
without importing the merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from desktop.domain.bundle_content import BundleContent, sheet_parts
from desktop.domain.scoring import ItemEntry

SCORES = "scores"
CONSENSUS = "consensus"

BundleKey = tuple[str, str, str]  # (reviewer_id, stage_id, kind)
RecordId = tuple[str, str, str, int, str]  # key + (revision, content_hash)
SheetKey = tuple[str, str, str, str]  # (stage_id, kind, applicant_id, reviewer_id)


@dataclass(frozen=True)
class Sheet:
    """One applicant's part of a bundle: item entries, or a panel score, or consensus items."""

    applicant_id: str
    entries: tuple[ItemEntry, ...] = ()
    panel_score: Decimal | None = None
    rationales: tuple[tuple[str, str], ...] = ()  # consensus bundles: (item_id, rationale)


@dataclass(frozen=True)
class BundleRecord:
    bundle_id: str  # how reports name it (file name or id); not part of the identity
    reviewer_id: str
    cycle_id: str
    stage_id: str
    kind: str
    revision: int
    content_hash: str
    sheets: tuple[Sheet, ...] = ()
    recusals: tuple[str, ...] = ()  # applicant ids the reviewer recused from
    content: BundleContent | None = None  # every value as carried, checked by ``rejection``
    signer_fp: str | None = None  # the signing key's fingerprint (revoked keys are refused)
    received_at: datetime | None = None  # when the office held it (None: arriving now)
    prev_hash: str | None = None  # the content hash it chains to ("" first); None: not known

    @property
    def key(self) -> BundleKey:
        return (self.reviewer_id, self.stage_id, self.kind)

    @property
    def record_id(self) -> RecordId:
        return (self.reviewer_id, self.stage_id, self.kind, self.revision, self.content_hash)


def record_of(bundle_id: str, reviewer_id: str, cycle_id: str, stage_id: str, kind: str,
              revision: int, content_hash: str, content: BundleContent,
              prev_hash: str | None = None) -> BundleRecord:
    """The record of a verified bundle: its values kept as carried, grouped into sheets."""
    parts = sheet_parts(content, kind == CONSENSUS)
    sheets = tuple(Sheet(aid, p.entries, p.panel_score, p.rationales)
                   for aid, p in parts.items())
    return BundleRecord(bundle_id, reviewer_id, cycle_id, stage_id, kind, revision,
                        content_hash, sheets,
                        tuple(sorted({r.applicant_id for r in content.recusals})), content,
                        prev_hash=prev_hash)
