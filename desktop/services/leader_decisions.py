"""The team leader's decisions on bundles that compete (``TeamLeader.list_forks/resolve_fork``,
``list_breaks/resolve_chain``), mirroring the office's (``office.merge.resolve_fork``,
``office.chains.resolve_chain``) on the leader's own case file.

- A **fork**: two contents at one revision of one member, stage and kind. Neither applies (the
  earlier agreed revision stands) until the leader lets one stand.
- A **broken chain**: a member's bundle whose ``prev_hash`` does not reach the bundle held (a lost
  export, a laptop restored from a backup, a case made again, or someone else's key at any
  revision). It does not win by its number: it waits, and the bundle held stays in force, until
  the leader chooses a chain — keep the one held, or take the new one. The other chain's bundles
  are set aside (kept in the case file); a later bundle chaining to the chosen one applies as
  usual.

Each decision needs a reason and is an entry of the case's hash-chained audit log
(``team.fork.resolve`` / ``team.chain.resolve``, the reason as its why); the latest per fork or
per (member, stage, kind) counts, and the merged state is derived from them on every read.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.chains import CHAIN, chain_reason
from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.merge import MergedState
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services.case_types import MAX_COMMENT
from desktop.services.leader_state import TeamState, decisions_of
from desktop.services.leader_types import (
    CHAIN_ACTION,
    FORK_ACTION,
    ChainBreakView,
    ChainSide,
    ForkSide,
    ForkView,
)
from desktop.services.office.merge import pick_held


def _why(reason: str, empty: str) -> str:
    why = reason.strip()
    if not why:
        raise InputRejected(Msg(empty))
    if len(why) > MAX_COMMENT:
        raise InputRejected(Msg(N_("The reason is longer than {limit} characters"),
                                {"limit": MAX_COMMENT}))
    return why


# --- forks -------------------------------------------------------------------------------------

def forks(team: TeamState, s: Session) -> list[ForkView]:
    groups: dict[tuple[str, str, str, int], dict[str, list[m.ReceivedBundle]]] = {}
    for row in s.scalars(select(m.ReceivedBundle).order_by(m.ReceivedBundle.received_at,
                                                            m.ReceivedBundle.sha256)):
        groups.setdefault((row.reviewer_id, row.stage_id, row.kind, row.revision), {}) \
            .setdefault(row.content_hash, []).append(row)
    decided = decisions_of(s, FORK_ACTION)
    fallback = {(f.key, f.revision): f.fallback_revision for f in team.merged(s).forks}
    out = []
    for (rid, stage, kind, rev), by_hash in sorted(groups.items()):
        if len(by_hash) < 2:
            continue
        choice = decided.get(((rid, stage, kind), rev))
        sides = tuple(ForkSide(rows[0].file_name, rows[0].sha256, h, rows[0].received_at)
                      for h, rows in sorted(by_hash.items()))
        out.append(ForkView(rid, stage, kind, rev, sides,
                            None if choice is None else choice[0],
                            None if choice is None else choice[1],
                            fallback.get(((rid, stage, kind), rev))))
    return out


def resolve_fork(team: TeamState, bundle_ref: str, reason: str) -> ForkView:
    why = _why(reason, N_("Resolving a fork needs a reason"))

    def work(s: Session) -> ForkView:
        row = pick_held(s, m.ReceivedBundle, bundle_ref)
        key = (row.reviewer_id, row.stage_id, row.kind)
        hashes = set(s.scalars(select(m.ReceivedBundle.content_hash).filter_by(
            reviewer_id=row.reviewer_id, stage_id=row.stage_id, kind=row.kind,
            revision=row.revision)))
        if len(hashes) < 2:
            raise RuleViolation(Msg(N_("Bundle {file} (revision {revision} of {reviewer}, "
                                       "stage {stage}) is not part of a fork"),
                                    {"file": row.file_name, "revision": row.revision,
                                     "reviewer": row.reviewer_id, "stage": row.stage_id}))
        previous = decisions_of(s, FORK_ACTION).get((key, row.revision))
        audit.append(s, actor=team.leader_id, action=FORK_ACTION,
                     entity=f"fork:{row.reviewer_id}/{row.stage_id}/{row.kind}/{row.revision}",
                     old=None if previous is None else {"content_hash": previous[0]},
                     new={"reviewer": row.reviewer_id, "stage": row.stage_id,
                          "kind": row.kind, "revision": row.revision,
                          "content_hash": row.content_hash, "file": row.file_name,
                          "set_aside": sorted(hashes - {row.content_hash})},
                     why=why)
        return next(f for f in forks(team, s)
                    if (f.reviewer, f.stage, f.kind, f.revision) == (*key, row.revision))

    return team.case.run(work)


# --- broken chains -----------------------------------------------------------------------------

def _side(row: m.ReceivedBundle) -> ChainSide:
    return ChainSide(row.revision, row.file_name, row.sha256, row.content_hash, row.received_at)


def _views(team: TeamState, s: Session, state: MergedState) -> list[ChainBreakView]:
    rows = {(r.reviewer_id, r.stage_id, r.kind, r.revision, r.content_hash): r
            for r in s.scalars(select(m.ReceivedBundle).order_by(m.ReceivedBundle.sha256))}
    records = {r.record_id: r for r in team.held_records(s)}
    out = []
    for b in state.breaks:
        held = state.current.get(b.key)
        waiting = tuple(_side(rows[rid]) for rid in sorted(b.waiting, key=lambda x: x[3])
                        if rid in rows)
        if not waiting:
            continue
        top = max(b.waiting, key=lambda x: x[3])
        who = team.roster.find(b.key[0])
        out.append(ChainBreakView(
            b.key[0], who.display_name if who is not None else b.key[0], b.key[1], b.key[2],
            _side(rows[held]) if held is not None and held in rows else None, waiting,
            chain_reason(records[top], b) if top in records else Msg(N_("waits for a "
                                                                        "decision"))))
    return out


def breaks(team: TeamState, s: Session) -> list[ChainBreakView]:
    """The chains that wait for the leader's choice (resolved ones are in the audit log)."""
    return _views(team, s, team.merged(s))


def resolve_chain(team: TeamState, bundle_ref: str, reason: str) -> ChainBreakView:
    why = _why(reason, N_("Choosing a chain needs a reason"))

    def work(s: Session) -> ChainBreakView:
        row = pick_held(s, m.ReceivedBundle, bundle_ref)
        key = (row.reviewer_id, row.stage_id, row.kind)
        waiting = {(v.reviewer, v.stage, v.kind): v for v in breaks(team, s)}
        previous = decisions_of(s, CHAIN_ACTION).get((key, CHAIN))
        view = waiting.get(key)
        if view is None and previous is None:
            raise RuleViolation(Msg(N_("Bundle {file} (revision {revision} of {reviewer}, "
                                       "stage {stage}) has no competing chain to choose from"),
                                    {"file": row.file_name, "revision": row.revision,
                                     "reviewer": row.reviewer_id, "stage": row.stage_id}))
        audit.append(s, actor=team.leader_id, action=CHAIN_ACTION,
                     entity=f"chain:{row.reviewer_id}/{row.stage_id}/{row.kind}",
                     old=None if previous is None else {"content_hash": previous[0]},
                     new={"reviewer": row.reviewer_id, "stage": row.stage_id,
                          "kind": row.kind, "revision": row.revision,
                          "content_hash": row.content_hash, "file": row.file_name},
                     why=why)
        if view is None:  # deciding again: the chain chosen before is not waiting
            who = team.roster.find(row.reviewer_id)
            view = ChainBreakView(row.reviewer_id,
                                  who.display_name if who is not None else row.reviewer_id,
                                  row.stage_id, row.kind, None, (_side(row),),
                                  Msg(N_("decided again")))
        return ChainBreakView(view.reviewer, view.name, view.stage, view.kind, view.held,
                              view.waiting, view.reason, row.content_hash, why)

    return team.case.run(work)


__all__ = ["breaks", "forks", "resolve_chain", "resolve_fork"]
