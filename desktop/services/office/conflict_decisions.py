"""A conflict recorded or pinned, and the merged scores derived again: one use case for the
window and the command line.

A recusal reaches every held bundle of the reviewer (their scores for the applicant leave every
mean, a sheet of theirs is refused), so once bundles are held a new declaration or pin derives
the merged state again, as an import would; before any bundle arrives there is nothing to
derive. The conflict is committed first: a derive that fails leaves it recorded and the kept
state stale, which every reader notices and merges for itself.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.merge import merge
from desktop.models.office.review import ReceivedBundle
from desktop.services.office import conflicts
from desktop.services.office.changes import DERIVED, Done, OfficeChanges
from desktop.services.office.common import resolve_cycle
from desktop.services.office.derive import _derive
from desktop.services.office.held import _lock, context, held_records
from desktop.services.office.results_conflicts import ConflictPinned, ConflictRecorded
from desktop.services.office.workspace import Workspace


def declare(ws: Workspace, reviewer_id: str, applicant_ref: str, kind: str, source: str, *,
            detail: str = "", until_year: int | None = None,
            cycle_ref: str | None = None) -> Done[ConflictRecorded]:
    """Record a declared conflict (``conflicts.add_conflict``) and derive again."""
    done = conflicts.add_conflict(ws, reviewer_id, applicant_ref, kind, source, detail=detail,
                                  until_year=until_year, cycle_ref=cycle_ref)
    return Done(done.result, done.changes | _rederive(ws, cycle_ref))


def decide(ws: Workspace, reviewer_id: str, applicant_ref: str, conflicted: bool, *,
           note: str = "", cycle_ref: str | None = None) -> Done[ConflictPinned]:
    """Pin the office's decision for a pair (``conflicts.pin``) and derive again."""
    done = conflicts.pin(ws, reviewer_id, applicant_ref, conflicted, note=note,
                         cycle_ref=cycle_ref)
    return Done(done.result, done.changes | _rederive(ws, cycle_ref))


def _rederive(ws: Workspace, cycle_ref: str | None) -> OfficeChanges:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        if s.execute(select(ReceivedBundle.id).where(ReceivedBundle.cycle_id == cycle.id)
                     .limit(1)).first() is None:
            return conflicts.CONFLICTS  # nothing held: nothing derived
        _lock(s, cycle)
        held, _ = held_records(s, cycle)
        _derive(s, cycle, merge([], context(s, cycle), held))
        return DERIVED
