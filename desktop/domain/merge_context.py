"""What the merge checks a bundle against (``MergeContext``): the cycle, its stages, who is
assigned to and leads whom, conflicts, decisions a person took, and the value rules. Part of
the merge (``desktop.domain.merge``), below it and the chains."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from desktop.domain.disqualification import Disqualified
from desktop.domain.merge_findings import FindingRules
from desktop.domain.merge_records import CONSENSUS, SCORES, BundleKey
from desktop.domain.revocation import Revocation
from desktop.domain.scoring import StageForm


@dataclass(frozen=True)
class MergeContext:
    """What a bundle is checked against. The optional parts (None, or a stage missing from
    ``forms``) are not checked; the office and the team leader give them all."""

    cycle_id: str
    stage_ids: frozenset[str]
    assignments: frozenset[tuple[str, str, str]]  # (stage_id, reviewer_id, applicant_id)
    conflicted: frozenset[tuple[str, str]] = frozenset()  # (reviewer_id, applicant_id), office
    kinds: frozenset[str] = frozenset({SCORES, CONSENSUS})
    resolutions: Mapping[tuple[BundleKey, int], str] = field(default_factory=dict)
    # (key, revision) -> the content hash a person chose to resolve a fork; (key, CHAIN) -> a
    # content hash of the chain a person chose to stand when chains compete
    item_ids: frozenset[str] | None = None  # the criteria framework's items
    step_pct: int | None = None  # the framework's percentage step
    forms: Mapping[str, StageForm] = field(default_factory=dict)  # stage -> how it is scored
    ratings: frozenset[str] | None = None  # feedback ratings allowed
    recusal_reasons: frozenset[str] | None = None
    led: frozenset[tuple[str, str, str]] | None = None
    # (stage_id, leader_id, applicant_id): the leader of the applicant's team at that stage
    now: datetime | None = None  # the receiving machine's clock: later times are reported
    revocations: Mapping[str, Revocation] = field(default_factory=dict)  # by key fingerprint
    disqualified: Mapping[str, Disqualified] = field(default_factory=dict)  # by reviewer id
    findings: FindingRules | None = None  # findings and issue notes (merge_findings)
