"""Chains of one key's bundles (reviewer, stage, kind): revisions follow the chain, not the number.

Part of the merge (``desktop.domain.merge``): ``chains`` tells which bundles of one key may stand
and which wait for a person because their chain does not reach the chain in force.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.messages import N_, Msg

if TYPE_CHECKING:
    from desktop.domain.merge_context import MergeContext
    from desktop.domain.merge_records import BundleKey, BundleRecord, RecordId


@dataclass(frozen=True)
class ChainBreak:
    """Bundles of one key whose chain does not reach the chain in force (or chains that
    compete): held until a person chooses a chain (``MergeContext.resolutions[(key, CHAIN)]``)."""

    key: BundleKey
    waiting: tuple[RecordId, ...]  # not applied meanwhile
    in_force_revision: int | None  # the revision in force meanwhile (None: nothing)


CHAIN = 0  # the "revision" under which a person's choice of chain is kept in ``resolutions``


def _parents(recs: Sequence[BundleRecord]) -> dict[RecordId, BundleRecord | None]:
    """Each bundle's link: the bundle whose content hash is its ``prev_hash``, at a lower
    revision (None: a chain start, or a link to nothing held)."""
    by_hash = {r.content_hash: r for r in recs}
    out: dict[RecordId, BundleRecord | None] = {}
    for r in recs:
        p = by_hash.get(r.prev_hash or "")
        out[r.record_id] = p if p is not None and p.revision < r.revision else None
    return out


def _lineage(rid: RecordId, parent: dict[RecordId, BundleRecord | None]) -> set[RecordId]:
    """A bundle and every bundle its chain reaches."""
    out = {rid}
    while (p := parent[rid]) is not None:
        rid = p.record_id
        out.add(rid)
    return out


def chains(key: BundleKey, recs: Sequence[BundleRecord], ctx: MergeContext
           ) -> tuple[set[RecordId], ChainBreak | None]:
    """Which bundles of one key may stand, and the break if chains compete.

    A bundle links to the bundle of the same key whose content hash is its ``prev_hash`` (at a
    lower revision); following the links gives each bundle the start of its chain. Chains that
    start at an empty ``prev_hash`` hang together (two first revisions are a fork; a second
    start beside a longer chain is a branch, see ``side_branches``). One tree: all of it may
    stand (gaps in the numbers are normal). A ``prev_hash`` that reaches nothing held starts a
    separate tree: the tree of the bundle a person chose stands (what it reaches and what chains
    to it); until then the tree from an empty ``prev_hash`` stands (nothing if there is none)
    and the other bundles wait. Bundles whose ``prev_hash`` is not known (None) are merged by
    their numbers alone.
    """
    every = {r.record_id for r in recs}
    if any(r.prev_hash is None for r in recs):
        return every, None
    parent = _parents(recs)
    chosen = ctx.resolutions.get((key, CHAIN))
    pick = next((r.record_id for r in recs if r.content_hash == chosen), None)
    if pick is not None:
        return {rid for rid in every if pick in _lineage(rid, parent)} | _lineage(
            pick, parent), None
    by_id = {r.record_id: r for r in recs}
    groups: dict[RecordId | None, set[RecordId]] = defaultdict(set)
    for rid in every:
        first = min(_lineage(rid, parent), key=lambda x: x[3])
        groups[None if by_id[first].prev_hash == "" else first].add(rid)  # None: from ""
    if len(groups) == 1:
        return every, None
    standing = groups.get(None, set())
    top = max((rid[3] for rid in standing), default=None)
    return standing, ChainBreak(key, tuple(sorted(every - standing)), top)


def side_branches(recs: Sequence[BundleRecord], standing: set[RecordId],
                  keep: set[RecordId]) -> set[RecordId]:
    """Standing bundles off the chain of those kept (the one in force and a fork's sides): a
    branch from an earlier bundle (a laptop restored from a backup exports again from there)."""
    if any(r.prev_hash is None for r in recs):
        return set()
    parent = _parents(recs)
    reached: set[RecordId] = set()
    for rid in keep:
        reached |= _lineage(rid, parent)
    return standing - reached


def chain_reason(rec: BundleRecord, broken: ChainBreak) -> Msg:
    params = {"revision": rec.revision, "reviewer": rec.reviewer_id, "stage": rec.stage_id,
              "in_force": broken.in_force_revision}
    if broken.in_force_revision is not None and broken.in_force_revision > rec.revision and \
            rec.prev_hash:
        return Msg(N_("revision {revision} branches off the chain held for reviewer {reviewer}, "
                      "stage {stage}, where revision {in_force} stands (a laptop restored from "
                      "a backup?): held for a person to decide which chain stands"), params)
    if rec.prev_hash == "":
        return Msg(N_("revision {revision} starts a new chain for reviewer {reviewer}, stage "
                      "{stage}, beside the one held (a case made again, or restored from a "
                      "backup?): held for a person to decide which chain stands"), params)
    return Msg(N_("revision {revision} does not chain to any bundle held for reviewer "
                  "{reviewer}, stage {stage} (a lost export, or someone else's key?): held for a "
                  "person to decide, it does not win by its number"), params)
