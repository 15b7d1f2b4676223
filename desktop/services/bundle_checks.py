"""What every value of a received bundle is checked against, for the office's merge and the
team leader's import alike (one rule set: ``desktop.domain.merge.rejection``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from desktop.domain.conflicts import ConflictKind
from desktop.domain.criteria import Framework
from desktop.domain.scoring import StageForm
from desktop.services.case_types import Assessment

RATINGS = frozenset(a.value for a in Assessment)  # a reviewer's feedback on an applicant
RECUSAL_REASONS = frozenset(k.value for k in ConflictKind)


def value_rules(fw: Framework, forms: Mapping[str, StageForm]) -> dict[str, Any]:
    """The ``MergeContext`` fields that check values: the framework's items and step, each
    stage's form, the ratings and recusal reasons allowed, and this computer's clock."""
    return {"item_ids": frozenset(it.id for it in fw.items), "step_pct": fw.step_pct,
            "forms": dict(forms), "ratings": RATINGS, "recusal_reasons": RECUSAL_REASONS,
            "now": datetime.now(UTC)}
