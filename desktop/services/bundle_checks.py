"""What every value of a received bundle is checked against, for the office's merge and the
team leader's import alike (one rule set: ``desktop.domain.merge.rejection``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from desktop.domain.conflicts import ConflictKind
from desktop.domain.criteria import Framework
from desktop.domain.merge_findings import FindingRules
from desktop.domain.scoring import StageForm
from desktop.services.case_types import Assessment

RATINGS = frozenset(a.value for a in Assessment)  # a reviewer's feedback on an applicant
RECUSAL_REASONS = frozenset(k.value for k in ConflictKind)


def value_rules(fw: Framework, forms: Mapping[str, StageForm],
                stage_kinds: Mapping[str, str] | None = None,
                given: Mapping[tuple[str, str], frozenset[str]] | None = None
                ) -> dict[str, Any]:
    """The ``MergeContext`` fields that check values: the framework's items and step, each
    stage's form, the ratings and recusal reasons allowed, this computer's clock, and the
    rules for the team's findings and the on-site issue notes (``merge_findings``): each
    stage's kind (a ``StageKind`` value) and the site-visit issues given, (reviewer,
    applicant) -> issue ids (the office: what its packages carried; the team leader: the
    issues its case received, for each member). Stages or issues not given are not checked."""
    return {"item_ids": frozenset(it.id for it in fw.items), "step_pct": fw.step_pct,
            "forms": dict(forms), "ratings": RATINGS, "recusal_reasons": RECUSAL_REASONS,
            "now": datetime.now(UTC),
            "findings": FindingRules(fw, dict(stage_kinds or {}),
                                     None if given is None else dict(given))}
