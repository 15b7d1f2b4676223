"""The derived tables of a cycle, replaced from the merged state of every held bundle (``_derive``):
the item and panel scores, the field consensus, the supervision feedback, the findings and issue
notes (``findings_derive``), the refused sheets, the field recusals in the conflicts register,
each sheet's total and the kept state (``derived_state``). An import of new bundles into a kept
state derives only what they touch: ``derive_incremental``."""

from __future__ import annotations

import json
import uuid as _uuid
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.domain.merge import CONSENSUS, SCORES, BundleRecord, MergedState, MergeReport
from desktop.models.base import utcnow
from desktop.models.office.people import Applicant
from desktop.models.office.review import (
    ConsensusItem,
    Feedback,
    ItemScore,
    MergeRefusal,
    PanelScore,
    ReceivedBundle,
)
from desktop.models.office.setup import Cycle
from desktop.services.office import conflicts
from desktop.services.office.bulk import insert_rows
from desktop.services.office.derived_state import (
    Kept,
    derived_counts,
    keep_part,
    keep_totals,
    keep_totals_of,
)
from desktop.services.office.derived_state import keep as keep_state
from desktop.services.office.field_consensus import write_field_consensus
from desktop.services.office.findings_derive import derive_findings
from desktop.services.office.row_ids import ordered_ids


def _bundle_ids(s: Session, cycle: Cycle, reviewers: Collection[str] | None = None
                ) -> dict[tuple[str, str, str, str], Any]:
    """(content hash, signer, stage, kind) -> the held row's id (the last by file hash when
    copies share a content hash); of ``reviewers`` only when given."""
    query = (select(ReceivedBundle.id, ReceivedBundle.content_hash, ReceivedBundle.signer_id,
                    ReceivedBundle.stage_id, ReceivedBundle.kind)  # never the manifests or files
             .where(ReceivedBundle.cycle_id == cycle.id).order_by(ReceivedBundle.sha256))
    if reviewers is not None:
        query = query.where(ReceivedBundle.signer_id.in_(sorted(reviewers)))
    return {(r.content_hash, r.signer_id, r.stage_id, r.kind): r.id for r in s.execute(query)}


def _valid_apps(s: Session, cycle: Cycle) -> set[str]:
    return {str(a) for a in s.execute(select(Applicant.id)
                                      .where(Applicant.cycle_id == cycle.id)).scalars()}


def _derive(s: Session, cycle: Cycle, report: MergeReport,
            manifests: Mapping[Any, dict[str, Any]] | None = None) -> tuple[int, int]:
    """Replace the derived tables with what the merged state holds; ``manifests``: held bundle
    id -> manifest of those the caller has in hand (an import's own; the rest are read)."""
    state = report.state
    for model in (ItemScore, PanelScore):
        s.execute(delete(model).where(model.cycle_id == cycle.id))
    s.execute(delete(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                          ConsensusItem.bundle_id.is_not(None)))
    s.execute(delete(Feedback).where(Feedback.cycle_id == cycle.id,
                                     Feedback.bundle_id.is_not(None)))
    bundle_ids = _bundle_ids(s, cycle)
    s.execute(delete(MergeRefusal).where(MergeRefusal.bundle_id.in_(list(bundle_ids.values()))))
    valid_apps = _valid_apps(s, cycle)
    snaps = _snapshots(s, state, bundle_ids, manifests)
    items, panels, refused = _write(s, cycle, state, bundle_ids, valid_apps, snaps)
    keep_totals(s, cycle, items)  # each sheet's total, for the ranking (office.derived_state)
    derive_findings(s, cycle, state, bundle_ids, valid_apps,  # issue 20: findings_derive
                    snapshots=snaps)
    # Field recusals reach the conflicts register (issue 16 part 3, in conflicts.py).
    conflicts.sync_field_recusals(s, cycle, state)
    # what the ranking's readers need, with its inputs' fingerprint and what was written
    keep_state(s, cycle, state, (len(items), len(panels), refused))
    return len(items), len(panels)


def can_derive_part(s: Session, cycle: Cycle, records: Iterable[BundleRecord],
                    kept: Kept | None) -> bool:
    """Whether ``derive_part`` may stand for a whole derive: the kept state matched every input
    before the import (``kept``, read then), no consensus entered by hand is held (a field
    consensus replaces those) and none of ``records`` (the incoming bundles and the held ones of
    their reviewers) declares a recusal (a recusal reaches the reviewer's other sheets and the
    conflicts register: a whole derive then)."""
    if kept is None or any(r.recusals for r in records):
        return False
    return not hand_consensus(s, cycle)


def hand_consensus(s: Session, cycle: Cycle) -> bool:
    """Whether the office entered a consensus by hand (a field consensus replaces it at a
    derive)."""
    return s.execute(select(ConsensusItem.id).where(
        ConsensusItem.cycle_id == cycle.id, ConsensusItem.bundle_id.is_(None)).limit(1)
    ).first() is not None


def derive_part(s: Session, cycle: Cycle, report: MergeReport, reviewers: Collection[str],
                before: Kept, added: Collection[str],
                manifests: Mapping[Any, dict[str, Any]] | None = None, *,
                fresh: Mapping[tuple[str, str, str, str], Any] | None = None
                ) -> tuple[int, int, int, int]:
    """Derive again only what the bundles of ``reviewers`` give, as ``_derive`` would from every
    held bundle: ``report`` merged those reviewers' held bundles with the incoming ones (each
    key's state depends only on its own bundles, the context and its reviewer's recusals), and
    ``before`` is the state kept at the last derive, whose inputs had not changed since
    (``can_derive_part``); ``added``: the file hashes of the bundles this import stored (the
    only input it changed). Every other reviewer's rows stay as that derive wrote them. Returns
    the item and panel scores held, the decisions waiting for a person (chain breaks and
    unresolved forks) and the refused sheets, over every held bundle.

    ``fresh``: none of these reviewers' bundles was held before this import, and these are the
    ones it stored ((content hash, signer, stage, kind) -> id, as ``_bundle_ids`` reads them).
    A derive writes a reviewer's rows only from their held bundles, and the kept state was
    current: they have no row to delete, and nothing is read back."""
    state = report.state
    who = sorted(reviewers)
    pairs: set[tuple[Any, str]] = set()
    gone = [0, 0, 0]
    if fresh is None:
        pairs = {(aid, stage) for aid, stage in s.execute(
            select(ItemScore.applicant_id, ItemScore.stage_id).where(
                ItemScore.cycle_id == cycle.id, ItemScore.reviewer_id.in_(who)))}
        gone = [_deleted(s, delete(model).where(model.cycle_id == cycle.id,
                                                model.reviewer_id.in_(who)))
                for model in (ItemScore, PanelScore)]
        s.execute(delete(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                              ConsensusItem.bundle_id.is_not(None),
                                              ConsensusItem.leader_id.in_(who)))
    bundle_ids = _bundle_ids(s, cycle, reviewers) if fresh is None else dict(fresh)
    bids = list(bundle_ids.values())
    if fresh is None:
        s.execute(delete(Feedback).where(Feedback.cycle_id == cycle.id,
                                         Feedback.bundle_id.in_(bids)))
        gone.append(_deleted(s, delete(MergeRefusal).where(MergeRefusal.bundle_id.in_(bids))))
    apps = None if before.inputs is None else before.inputs.applicant_ids()
    valid_apps = _valid_apps(s, cycle) if apps is None else apps  # as read at the check
    snaps = _snapshots(s, state, bundle_ids, manifests)
    items, panels, refused = _write(s, cycle, state, bundle_ids, valid_apps, snaps)
    before_apps = {aid for aid, _stage in pairs}  # these reviewers' applicants before
    pairs |= {(row["applicant_id"], row["stage_id"]) for row in items}
    keep_totals_of(s, cycle, who, items, pairs, before_apps)
    derive_findings(s, cycle, state, bundle_ids, valid_apps, bids, snapshots=snaps,
                    fresh=fresh is not None)
    # the field recusals are as they were: no bundle of these reviewers declares one
    counts = held_counts(s, cycle, before)
    now = (counts[0] - gone[0] + len(items), counts[1] - gone[1] + len(panels),
           counts[2] - gone[2] + refused)  # what a count of the tables now finds
    waiting = keep_part(s, cycle, state, reviewers, before, now, added)
    return now[0], now[1], waiting, now[2]


def _deleted(s: Session, statement: Any) -> int:
    """Run a DELETE; how many rows it removed."""
    return int(s.execute(statement).rowcount)  # type: ignore[attr-defined]


def held_counts(s: Session, cycle: Cycle, kept: Kept) -> tuple[int, int, int]:
    """The item scores, panel scores and refused sheets held, as kept at the last derive (or
    counted, when a kept state from before they were kept says nothing)."""
    if kept.counts is not None:
        return kept.counts
    return (*derived_counts(s, cycle), _refused(s, cycle))


def _refused(s: Session, cycle: Cycle) -> int:
    return int(s.execute(select(func.count()).select_from(MergeRefusal).join(
        ReceivedBundle, ReceivedBundle.id == MergeRefusal.bundle_id).where(
        ReceivedBundle.cycle_id == cycle.id)).scalar_one())


def _snapshots(s: Session, state: MergedState,
               bundle_ids: Mapping[tuple[str, str, str, str], Any],
               manifests: Mapping[Any, dict[str, Any]] | None) -> dict[Any, dict[str, Any]]:
    """Held bundle id -> the snapshot of each bundle in force: from ``manifests`` when given
    there, the others read once (the feedback and the findings both take theirs from here)."""
    bids = {bid for key, rid in state.current.items()
            if (bid := bundle_ids.get((rid[4], key[0], key[1], key[2]))) is not None}
    known = manifests or {}
    out = {bid: known[bid]["snapshot"] for bid in bids if bid in known}
    rest = [bid for bid in bids if bid not in out]
    if rest:
        out.update((bid, json.loads(text)["snapshot"]) for bid, text in s.execute(
            select(ReceivedBundle.id, ReceivedBundle.manifest_json)
            .where(ReceivedBundle.id.in_(rest))))
    return out


def _write(s: Session, cycle: Cycle, state: MergedState,
           bundle_ids: dict[tuple[str, str, str, str], Any], valid_apps: set[str],
           snapshots: Mapping[Any, dict[str, Any]]
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Insert the item and panel scores, the field consensus, the feedback and the refused
    sheets of ``state``'s bundles in force; the item and panel score rows and how many refused
    sheets."""
    current_ids = {key: bundle_ids.get((rid[4], key[0], key[1], key[2]))
                   for key, rid in state.current.items()}
    items: list[dict[str, Any]] = []
    panels: list[dict[str, Any]] = []
    consensus: list[dict[str, Any]] = []
    now = utcnow()
    cid = cycle.id  # read once (an ORM attribute: ~0.4 µs a read, 23,000 rows)
    for (stage, kind, applicant, reviewer), sheet in sorted(state.sheets.items()):
        if applicant not in valid_apps:
            continue
        bid = current_ids.get((reviewer, stage, kind))
        if bid is None:
            continue
        aid = _uuid.UUID(applicant)
        if kind == SCORES:
            for e in sheet.entries:
                items.append({"id": None, "cycle_id": cid, "bundle_id": bid,
                              "reviewer_id": reviewer, "applicant_id": aid, "stage_id": stage,
                              "item_id": e.item_id, "pct": e.pct, "strengths": e.strengths,
                              "improvements": e.improvements})
            if sheet.panel_score is not None:
                panels.append({"id": None, "cycle_id": cid, "bundle_id": bid,
                               "reviewer_id": reviewer, "applicant_id": aid,
                               "stage_id": stage, "value": sheet.panel_score})
        elif kind == CONSENSUS:
            why = dict(sheet.rationales)
            for e in sheet.entries:
                if e.pct is None:
                    continue
                consensus.append({"id": None, "cycle_id": cid,
                                  "applicant_id": aid, "stage_id": stage, "item_id": e.item_id,
                                  "pct": e.pct, "rationale": why.get(e.item_id, ""),
                                  "leader_id": reviewer, "bundle_id": bid,
                                  "recorded_at": now})
    for rows in (items, panels, consensus):  # ids in the order made: appended to the index
        for row, rid in zip(rows, ordered_ids(len(rows)), strict=True):
            row["id"] = rid
    insert_rows(s, ItemScore, items)  # through the driver, in one executemany (office.bulk)
    insert_rows(s, PanelScore, panels)
    if consensus:  # the later of the field's and the office's consensus stands
        write_field_consensus(s, cycle, consensus)
    _derive_feedback(s, cycle, state, bundle_ids, valid_apps, snapshots)
    refused = 0
    for ref in state.refused:
        bid = bundle_ids.get((ref.record_id[4], ref.reviewer_id, ref.stage_id, ref.kind))
        if bid is not None:
            s.add(MergeRefusal(bundle_id=bid, applicant_id=ref.applicant_id,
                               reason=ref.reason.render()))
            refused += 1
    return items, panels, refused


def _derive_feedback(s: Session, cycle: Cycle, state: MergedState,
                     bundle_ids: dict[tuple[str, str, str, str], Any],
                     valid_apps: Iterable[str],
                     snapshots: Mapping[Any, dict[str, Any]] | None = None) -> None:
    """Reviewer → applicant supervision feedback from the bundles in force (not recused);
    ``snapshots``: held bundle id -> snapshot (``_snapshots``; read here when not given)."""
    valid = set(valid_apps)
    wanted = {key: bid for key, rid in state.current.items() if key[2] == SCORES
              and (bid := bundle_ids.get((rid[4], key[0], key[1], key[2]))) is not None}
    if snapshots is None:
        snapshots = _snapshots(s, state, bundle_ids, None)
    for key, bid in wanted.items():
        for fb in snapshots[bid]["feedback"]:
            aid = fb["applicant_id"]
            if aid not in valid or (key[0], aid) in state.recusals:
                continue
            s.add(Feedback(cycle_id=cycle.id, direction="reviewer_to_applicant",
                           reviewer_id=key[0], applicant_id=_uuid.UUID(aid),
                           stage_id=fb["stage_id"], assessment=fb["rating"], text=fb["text"],
                           bundle_id=bid))
