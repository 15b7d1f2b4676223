"""A whole section of a bundle's values found clean at once (issue 26): the merge's value checks
(``desktop.domain.merge._value_problems``) walk the item scores one by one, each through the
placement check; ``scores_clean`` answers for all of them with a few set operations. It only
ever says True when that walk finds nothing (its answer is never an error: on False the walk
runs and says which score and why, in the manifest's order, as before)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.bundle_content import ScoreRow
from desktop.domain.merge_context import MergeContext
from desktop.domain.scoring import FormKind, StageForm

_PCT_TYPES = frozenset({int, type(None)})


def scores_clean(scores: Sequence[ScoreRow], stage: str, who: str, consensus: bool,
                 form: StageForm | None, ctx: MergeContext) -> bool:
    """True when no item score of the bundle (``stage``, reviewer ``who``) breaks a value rule:
    each at the bundle's stage, its applicant assigned to ``who`` there (and led by ``who`` for
    a consensus, when the leads are known), a stage scored item by item, an item of the
    framework, a percentage a whole number 0–100 (not a bool) on the framework's step."""
    if form is not None and form.kind is not FormKind.ITEMS:
        return False
    if {s.stage_id for s in scores} - {stage}:
        return False
    # exact int or None: a bool would be equal to 1 or 0 in the set of values below
    if {type(s.pct) for s in scores} - _PCT_TYPES:
        return False
    assigned = ctx.assignments
    applicants = {s.applicant_id for s in scores}
    if any((stage, who, a) not in assigned for a in applicants):
        return False
    if consensus and ctx.led is not None and any((stage, who, a) not in ctx.led
                                                 for a in applicants):
        return False
    if ctx.item_ids is not None and not ctx.item_ids.issuperset(s.item_id for s in scores):
        return False
    step = ctx.step_pct
    return all(0 <= p <= 100 and not (step and p % step)
               for p in {s.pct for s in scores} if p is not None)
