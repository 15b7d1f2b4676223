"""A conflict recorded or pinned once bundles are held derives the merged scores again — the one
use case behind the window's "Accept into the register" and ``office conflict add``."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select

from desktop.models.office.review import ItemScore
from desktop.services.office import conflict_decisions
from desktop.services.office.changes import DERIVED
from desktop.services.office.conflicts import CONFLICTS
from desktop.services.office.results_bundles import import_bundles
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _scores_of(ws: Workspace, reviewer: str, applicant_id: str) -> int:
    with ws.uow() as s:
        return s.scalar(select(func.count()).select_from(ItemScore).where(
            ItemScore.reviewer_id == reviewer,
            ItemScore.applicant_id == uuid.UUID(applicant_id))) or 0


def test_a_conflict_declared_after_bundles_leaves_the_merged_scores(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    a2 = small.apps[2]
    done = import_bundles(ws, [write(tmp_path, "R2.sbb", bundle(
        small, "R2", "material", [a.id for a in small.apps]))])
    assert done.result.files[0].outcome == "new"
    held = _scores_of(ws, "R2", a2.id)
    assert held > 0

    declared = conflict_decisions.declare(ws, "R2", a2.ref, "employment", "office",
                                          detail="曾任该单位顾问")
    assert declared.result.reviewer == "R2" and declared.result.applicant == a2.ref
    assert (declared.changes & DERIVED) == DERIVED  # the merged scores derived again
    assert _scores_of(ws, "R2", a2.id) == 0

    # the office's decision that the pair is not conflicted brings them back
    pinned = conflict_decisions.decide(ws, "R2", a2.ref, False, note="已核实无利益关系")
    assert pinned.result.pinned and not pinned.result.conflicted
    assert _scores_of(ws, "R2", a2.id) == held


def test_before_any_bundle_only_the_register_changes(ws: Workspace) -> None:
    small = small_cycle(ws)
    declared = conflict_decisions.declare(ws, "R3", small.apps[0].ref, "other", "office")
    assert declared.changes == CONFLICTS
