"""Chain decisions: bundles whose chain does not reach the chain in force wait for a person.

Revisions follow the chain, not the number (``desktop.domain.chains``): a bundle whose
``prev_hash`` reaches nothing held (a lost export, or a stolen key's bundle at any revision), or
a second chain start (a case made again from a re-issued package, or restored from a backup:
its counter and chain start again), is held instead of winning by its number or being refused as
stale. ``list_breaks`` shows them; ``resolve_chain`` lets the chain of a named bundle stand, with
a reason (kept as an office decision in the cycle's settings under
``chain.<kind>.<reviewer>.<stage>`` and in the history), and derives the state again. The other
chains' bundles are set aside; a later bundle that chains to the chosen one applies as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.merge import ChainBreak
from desktop.domain.messages import N_, Msg
from desktop.models.office.review import ReceivedBundle
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.office.common import log, resolve_cycle
from desktop.services.office.derived_state import Kept, kept
from desktop.services.office.held import (  # CHAIN_KEY, chain_resolutions: re-exported
    CHAIN_KEY as CHAIN_KEY,
)
from desktop.services.office.held import _lock, context, held_records, pick_held, record_choice
from desktop.services.office.held import chain_resolutions as chain_resolutions
from desktop.services.office.workspace import Workspace

if TYPE_CHECKING:
    from desktop.services.office.merge_types import ForkView

def _chain_key(kind: str, reviewer: str, stage: str) -> str:
    return f"{CHAIN_KEY}{kind}.{reviewer}.{stage}"


@dataclass(frozen=True)
class BreakView:
    reviewer: str
    stage: str
    kind: str
    waiting: tuple[tuple[int, str, str], ...]  # (revision, file, content hash) not applied
    in_force: int | None  # the revision in force meanwhile (None: nothing)


def merged(s: Session, cycle: Cycle) -> Kept:
    """The state kept at the last derive (``office.derived_state``), or (its inputs changed
    since) the same derived now from every held bundle, without writing anything."""
    found = kept(s, cycle)
    if found is not None:
        return found
    from desktop.domain.merge import merge

    held, _ = held_records(s, cycle)
    state = merge([], context(s, cycle), held).state
    return Kept(tuple(state.breaks), {r.record_id: r.bundle_id for r in held},
                {(f.key, f.revision): f.fallback_revision for f in state.forks})


def breaks_of(s: Session, cycle: Cycle, state: Kept | None = None) -> list[BreakView]:
    """The chain breaks the merged state holds (kept at the last derive when nothing it was
    derived from changed since: ``office.derived_state``). ``state``: ``merged``'s answer, when
    the caller has it from this unit of work."""
    if state is None:
        state = merged(s, cycle)
    names = state.names
    return [BreakView(b.key[0], b.key[1], b.key[2],
                      tuple((rid[3], names.get(rid, ""), rid[4]) for rid in b.waiting),
                      b.in_force_revision) for b in state.breaks]


def list_breaks(ws: Workspace, cycle_ref: str | None = None) -> list[BreakView]:
    """Every key whose bundles wait for a person to choose a chain."""
    with ws.uow() as s:
        return breaks_of(s, resolve_cycle(s, cycle_ref))


def resolve_chain(ws: Workspace, bundle_ref: str, reason: str,
                  cycle_ref: str | None = None) -> list[BreakView]:
    """Let the chain of the bundle named by ``bundle_ref`` (file name, or the start of its file
    or content hash) stand for its reviewer, stage and kind; bundles of the other chains are set
    aside. ``reason`` is required. Returns the breaks still waiting."""
    if not reason.strip():
        raise InputRejected(Msg(N_("Choosing a chain needs a reason")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _lock(s, cycle)
        row = pick_held(s, ReceivedBundle, bundle_ref, ReceivedBundle.cycle_id == cycle.id)
        choose_chain(s, cycle, row, reason)
        return breaks_of(s, cycle)


def choose_chain(s: Session, cycle: Cycle, row: ReceivedBundle, reason: str) -> None:
    """Record the office's choice of ``row``'s chain (with a reason) and derive the state."""
    if not reason.strip():
        raise InputRejected(Msg(N_("Choosing a chain needs a reason")))
    key = _chain_key(row.kind, row.signer_id, row.stage_id)
    setting = s.get(CycleSetting, (cycle.id, key))
    waiting = {(b.reviewer, b.stage, b.kind) for b in breaks_of(s, cycle)}
    if setting is None and (row.signer_id, row.stage_id, row.kind) not in waiting:
        raise RuleViolation(Msg(N_("Bundle {file} (revision {revision} of {reviewer}, stage "
                                   "{stage}) has no competing chain to choose from"),
                                {"file": row.file_name, "revision": row.revision,
                                 "reviewer": row.signer_id, "stage": row.stage_id}))
    previous = record_choice(s, cycle, key, row, reason)
    log(s, cycle, "chain.resolve", reviewer=row.signer_id, stage=row.stage_id,
        kind=row.kind, revision=row.revision, chosen=row.content_hash, previous=previous,
        reason=reason.strip())


def fork_views(s: Session, cycle: Cycle, breaks: Sequence[ChainBreak]) -> list[ForkView]:
    """Each waiting chain as the fork list shows it (``merge.ForkView``): the bundle in force
    and those waiting are the sides; resolving a side (``merge.resolve_fork``) chooses its
    chain."""
    from desktop.services.office.merge_types import ForkSide, ForkView

    rows = {(r.signer_id, r.stage_id, r.kind, r.revision, r.content_hash): r
            for r in s.execute(select(ReceivedBundle)
                               .where(ReceivedBundle.cycle_id == cycle.id)
                               .order_by(ReceivedBundle.sha256.desc())).scalars()}
    out = []
    for b in breaks:
        ids = [*((rid for rid in rows if rid[:3] == b.key and rid[3] == b.in_force_revision)
                 if b.in_force_revision is not None else ()), *b.waiting]
        sides = tuple(ForkSide(rows[i].file_name, rows[i].sha256, i[4], rows[i].received_at)
                      for i in dict.fromkeys(ids) if i in rows)
        out.append(ForkView(b.key[0], b.key[1], b.key[2], max(rid[3] for rid in b.waiting),
                            sides, None, None, b.in_force_revision))
    return out


def resolve_by_fork(s: Session, cycle: Cycle, row: ReceivedBundle, reason: str) -> ForkView:
    """``merge.resolve_fork`` on a bundle that is no fork's side but waits on a chain: choose its
    chain, and show the choice as a resolved fork view."""
    from desktop.services.office.merge_types import ForkSide, ForkView

    choose_chain(s, cycle, row, reason)
    return ForkView(row.signer_id, row.stage_id, row.kind, row.revision,
                    (ForkSide(row.file_name, row.sha256, row.content_hash, row.received_at),),
                    row.content_hash, reason.strip(), None)
