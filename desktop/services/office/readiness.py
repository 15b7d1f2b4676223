"""What is unresolved in a cycle before the office decides (``domain.readiness``): forks no person
has resolved, eligibility not reviewed, flagged items without a consensus, missing stage scores,
and field recusals from applicants the same reviewer has scores for.

The ranking shows the list with every ranking; the steps that decide (``vote.hold_vote``,
``notice.publish_notice``) call ``confirm_or_refuse``: with anything unresolved they refuse
(``UnresolvedMatters``, exit 3 at the command line) unless the office confirms, and a
confirmation is kept in the cycle's history with the list it confirmed.

Reading is kept cheap (the ranking runs it every time): forks from the bundles' keys alone
(only the manifests of a fork's sides are opened); chain breaks from the state kept at the last
derive (``derived_state``, when nothing it was derived from changed); flagged items from each
item's lowest and highest percentage kept by the derive (``item_spread``; before 0011 one
aggregate of the merged percentages) — an item is flagged from those alone (the spread, and
whether they fall in different bands), and only groups that can be flagged are read; an
applicant whose recused reviewer's percentages are still held (a conflict recorded after the
merge) is counted one by one without them, like the divergence view.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from desktop.domain.conflicts import ConflictRegister
from desktop.domain.consensus import RuleMode, item_stats
from desktop.domain.merge import CONSENSUS, RecordId
from desktop.domain.messages import Msg
from desktop.domain.ranking import StageTotal
from desktop.domain.readiness import (
    NEEDS_EVIDENCE,
    NOT_EVALUATED,
    Named,
    Unresolved,
    UnresolvedItem,
    UnresolvedKind,
    UnresolvedMatters,
)
from desktop.domain.scoring import FormKind
from desktop.models.office.decision import Objection
from desktop.models.office.people import Applicant, Eligibility
from desktop.models.office.review import ConsensusItem, ItemScore, ItemSpread, ReceivedBundle
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.common import cycle_code, log, programme_of, resolve_cycle
from desktop.services.office.conflicts import FieldRecusal, field_recusals, register
from desktop.services.office.cycle import (
    Setting,
    divergence_rule,
    setting_rows,
    settings,
    weights,
)
from desktop.services.office.derived_state import Kept
from desktop.services.office.gc_pause import paused
from desktop.services.office.id_text import as_text, id_of
from desktop.services.office.packages import admitted_to
from desktop.services.office.totals import held_state, stage_totals
from desktop.services.office.totals_rows import driver_rows
from desktop.services.office.workspace import Workspace

__all__ = ["Unresolved", "UnresolvedMatters", "confirm_or_refuse", "find_unresolved",
           "unresolved"]


def unresolved(ws: Workspace, cycle_ref: str | None = None) -> Unresolved:
    """Everything unresolved in the cycle (the latest unless named); the cyclic collector
    paused meanwhile, as for the ranking (office.gc_pause)."""
    with paused(), ws.uow() as s:
        return find_unresolved(s, resolve_cycle(s, cycle_ref))


def find_unresolved(s: Session, cycle: Cycle,
                    totals: Mapping[str, Mapping[str, StageTotal]] | None = None,
                    named: Mapping[str, Named] | None = None, *,
                    values: dict[str, Setting] | None = None,
                    reg: ConflictRegister | None = None,
                    removed: set[str] | None = None,
                    settled: set[tuple[str, str, str]] | None = None,
                    eligibility: Mapping[str, str | None] | None = None,
                    still_held: set[str] | None = None,
                    fields: Mapping[tuple[str, str], FieldRecusal] | None = None,
                    stored: Sequence[CycleSetting] | None = None,
                    ids: Mapping[str, str] | None = None) -> Unresolved:
    """The list in one unit of work; ``totals`` (applicant id -> stage -> total), ``named``
    (applicant id -> the cycle's applicant named), ``values`` (the cycle's settings), ``reg``
    (the conflicts register), ``removed`` (the applicants an upheld objection removed),
    ``settled`` (applicant id, stage, item of every consensus item: ``totals.consensus_rows``)
    and ``eligibility`` (applicant id -> its eligibility result as stored, None or left out
    where there is none), ``still_held`` (the applicants whose recused reviewer still has item
    scores held: ``totals.StillHeld``) and ``fields`` (the field recusals:
    ``conflicts.register_and_recusals``) and ``stored`` (the cycle's setting rows:
    ``cycle.setting_rows``) and ``ids`` (the database's text of each applicant id -> the id,
    ``id_text.id_of``'s answer: ``totals.applicant_ids``) are the ranking's when it has them
    already (read in the same unit of work)."""
    names = applicant_names(s, cycle) if named is None else named
    if stored is None:  # read once: the settings, the admissions and the revoked keys' decisions
        stored = setting_rows(s, cycle)
    values = settings(s, cycle, stored) if values is None else values
    reg = register(s, cycle) if reg is None else reg
    if removed is None:
        removed = {str(o) for o in s.execute(select(Objection.applicant_id).where(
            Objection.cycle_id == cycle.id, Objection.outcome == "upheld")).scalars()}
    live = {aid for aid in names if aid not in removed}
    # The derive's kept state, held to the end: the flagged items and the chain breaks ask
    # for it (``totals.held_state``: read once, not twice).
    state = held_state(s, cycle)
    # The merged state (kept at the last derive, or derived now without writing): the chain
    # breaks, and when it was kept, every held bundle's key (``chains.merged``) — read once.
    from desktop.services.office.chains import merged

    held = merged(s, cycle)
    items = [*_forks(s, cycle, names, held), *_eligibility(s, cycle, names, live, eligibility),
             *_flagged(s, cycle, names, live, values, reg, kept=state is not None,
                       settled=settled, still_held=still_held, ids=ids),
             *_missing(s, cycle, names, live, totals, values, reg, stored),
             *_recusals_with_scores(s, cycle, names, reg, fields), *_revoked(s, cycle, stored),
             *_chains(s, cycle, held), *_equivocations(s, cycle, held)]
    return Unresolved(cycle_code(cycle), tuple(items))


def applicant_names(s: Session, cycle: Cycle) -> dict[str, Named]:
    """Applicant id -> its reference and name, for every applicant of the cycle (columns)."""
    return {id_of(raw): Named(ref, name) for raw, ref, name in s.connection().execute(
        select(as_text(Applicant.id), Applicant.ref, Applicant.name)
        .where(Applicant.cycle_id == cycle.id))}


def confirm_or_refuse(s: Session, cycle: Cycle, step: Msg, confirmed: bool, action: str,
                      **detail: Any) -> Unresolved:
    """Before a deciding step: refuse (``UnresolvedMatters``) while anything is unresolved and
    the office has not confirmed; a confirmation is recorded in the history (``action``, with
    ``detail`` and the list confirmed)."""
    found = find_unresolved(s, cycle)
    if not found:
        return found
    if not confirmed:
        raise UnresolvedMatters(step, found)
    log(s, cycle, action, **detail, unresolved=[i.history() for i in found.items])
    return found


def _sorted(items: list[UnresolvedItem]) -> list[UnresolvedItem]:
    return sorted(items, key=lambda i: ([a.ref for a in i.applicants], i.stage or "",
                                        i.reviewer or ""))


# --- forks ------------------------------------------------------------------------------------


def _forks(s: Session, cycle: Cycle, names: Mapping[str, Named], held: Kept
           ) -> list[UnresolvedItem]:
    """The unresolved fork at the top of each bundle key, as the merge holds it (the state
    keeps the revision below meanwhile), with the applicants whose sheets differ. None without
    reading anything when the kept state (current: ``held.inputs``) names every held bundle
    and no two of one key and revision differ."""
    from desktop.services.office.merge import fork_resolutions

    if held.inputs is not None and not _forked(held.names):
        return []

    keys: dict[tuple[str, str, str], dict[int, dict[str, uuid.UUID]]] = defaultdict(
        lambda: defaultdict(dict))
    for bid, rid, stage, kind, rev, content in s.execute(
            select(ReceivedBundle.id, ReceivedBundle.signer_id, ReceivedBundle.stage_id,
                   ReceivedBundle.kind, ReceivedBundle.revision, ReceivedBundle.content_hash)
            .where(ReceivedBundle.cycle_id == cycle.id)):
        keys[(rid, stage, kind)][rev].setdefault(content, bid)
    if not any(len(h) > 1 for by_rev in keys.values() for h in by_rev.values()):
        return []
    chosen = fork_resolutions(s, cycle)
    out = []
    for key, by_rev in sorted(keys.items()):
        for rev in sorted(by_rev, reverse=True):
            sides = by_rev[rev]
            if len(sides) == 1 or chosen.get((key, rev)) in sides:
                break
            affected = _affected(s, list(sides.values()))
            out.append(UnresolvedItem(
                UnresolvedKind.FORK, tuple(names[a] for a in sorted(
                    affected, key=lambda a: names[a].ref) if a in names),
                key[1], reviewer=key[0], revision=rev, detail=key[2]))
            break
    return out


def _forked(names: Mapping[RecordId, str]) -> bool:
    """Whether two held bundles of one key and revision differ in content (``names``: every
    held bundle's record id)."""
    seen: dict[tuple[str, str, str, int], str] = {}
    for rid, stage, kind, rev, content in names:
        if seen.setdefault((rid, stage, kind, rev), content) != content:
            return True
    return False


def _revoked(s: Session, cycle: Cycle, stored: Sequence[CycleSetting]) -> list[UnresolvedItem]:
    """Held bundles of a revoked key above its trusted revision that no one decided yet."""
    from desktop.domain.revocation import awaiting
    from desktop.services.office.merge import held_records
    from desktop.services.office.revoked_keys import revocations

    revs = revocations(s, cycle, stored)
    if not revs:
        return []
    held, _ = held_records(s, cycle)
    return [UnresolvedItem(UnresolvedKind.REVOKED_KEY, (), r.stage_id, reviewer=r.reviewer_id,
                           revision=r.revision, detail=r.bundle_id)
            for r in sorted(held, key=lambda r: (r.reviewer_id, r.stage_id, r.revision))
            if awaiting(r, revs)]


def _chains(s: Session, cycle: Cycle, held: Kept) -> list[UnresolvedItem]:
    """Held bundles that wait for the office to choose a chain (``office.chains``)."""
    from desktop.services.office.chains import breaks_of

    return [UnresolvedItem(UnresolvedKind.CHAIN, (), b.stage, reviewer=b.reviewer,
                           revision=rev, detail=name)
            for b in breaks_of(s, cycle, held) for rev, name, _h in b.waiting]


def _equivocations(s: Session, cycle: Cycle, held: Kept) -> list[UnresolvedItem]:
    """Member bundles whose content differs from what a held consensus lists (none, without
    reading the manifests, when the kept state names every held bundle and none is a
    consensus)."""
    from desktop.services.office.equivocation import find_equivocations

    if held.inputs is not None and all(kind != CONSENSUS for _r, _s, kind, _v, _c in held.names):
        return []

    return [UnresolvedItem(UnresolvedKind.EQUIVOCATION, (), e.stage, reviewer=e.reviewer,
                           revision=e.revision, detail=e.leader)
            for e in find_equivocations(s, cycle)]


def _affected(s: Session, bundle_ids: list[uuid.UUID]) -> set[str]:
    """Applicant ids whose percentages, panel score or recusal differ between the sides."""
    from desktop.services.office.merge_types import record_from_manifest

    sides = []
    for text in s.execute(select(ReceivedBundle.manifest_json)
                          .where(ReceivedBundle.id.in_(bundle_ids))).scalars():
        rec = record_from_manifest(json.loads(text), "", "")
        view: dict[str, Any] = {sh.applicant_id: (tuple((e.item_id, e.pct) for e in sh.entries),
                                                  sh.panel_score) for sh in rec.sheets}
        view.update({a: "recused" for a in rec.recusals})
        sides.append(view)
    every = set().union(*sides) if sides else set()
    return {a for a in every if len({repr(side.get(a)) for side in sides}) > 1}


# --- eligibility ------------------------------------------------------------------------------


def _eligibility(s: Session, cycle: Cycle, names: Mapping[str, Named], live: set[str],
                 found: Mapping[str, str | None] | None) -> list[UnresolvedItem]:
    if found is None:
        found = {str(aid): result for aid, result in s.execute(
            select(Eligibility.applicant_id, Eligibility.result_json)
            .join(Applicant, Applicant.id == Eligibility.applicant_id)
            .where(Applicant.cycle_id == cycle.id))}
    out = []
    for aid in live:
        result = found.get(aid)
        if result is None:
            out.append(UnresolvedItem(UnresolvedKind.ELIGIBILITY, (names[aid],),
                                      detail=NOT_EVALUATED))
        elif json.loads(result).get("overall") == NEEDS_EVIDENCE:
            out.append(UnresolvedItem(UnresolvedKind.ELIGIBILITY, (names[aid],),
                                      detail=NEEDS_EVIDENCE))
    return _sorted(out)


# --- flagged items without a consensus --------------------------------------------------------


def _flagged(s: Session, cycle: Cycle, names: Mapping[str, Named], live: set[str],
             values: dict[str, Setting], reg: ConflictRegister, *, kept: bool,
             settled: set[tuple[str, str, str]] | None,
             still_held: set[str] | None = None,
             ids: Mapping[str, str] | None = None) -> list[UnresolvedItem]:
    """Per applicant and stage scored by items: the items the divergence rule flags (recused
    reviewers left out) that have no consensus. ``ids``: the database's text -> the id, where
    the caller has them (``id_of`` then runs only for a text not among them)."""
    p = programme_of(cycle.programme_id)
    stages = [st.id for st in p.scored_stages if st.form.kind is FormKind.ITEMS]
    if not stages:
        return []
    fw = framework_for_ref(cycle.framework_ref)
    rule = divergence_rule(values["divergence"])
    # Applicants with a recused reviewer's percentages still held (a conflict recorded after
    # the merge) are counted one by one, without them; the others in one aggregate.
    by_hand = _still_held(s, cycle, sorted(reg.conflicted_pairs())) if still_held is None \
        else still_held
    if settled is None:
        settled = {(id_of(a), st, it) for a, st, it in driver_rows(s, select(
            as_text(ConsensusItem.applicant_id), ConsensusItem.stage_id,
            ConsensusItem.item_id).where(ConsensusItem.cycle_id == cycle.id))}
    known = {it.id for it in fw.items}
    order = {it.id: n for n, it in enumerate(fw.items)}
    spread = func.max(ItemScore.pct) - func.min(ItemScore.pct)
    # Only groups that can be flagged come back: a spread at least the rule's when it needs
    # one (every condition), else any spread at all.
    least = rule.min_spread_pct if rule.mode is RuleMode.ALL and rule.min_spread_pct else 1
    memo: dict[int, bool] = {}  # lowest × 1,000 + highest -> flagged, whatever the item
    flagged: dict[tuple[str, str], list[str]] = defaultdict(list)
    if kept:  # kept by the derive (office.derived_state, ``has_totals``): the groups alone
        groups: Any = select(as_text(ItemSpread.applicant_id), ItemSpread.stage_id,
                             ItemSpread.item_id,
                             ItemSpread.low, ItemSpread.high).where(
            ItemSpread.cycle_id == cycle.id, ItemSpread.spread >= max(1, least),
            ItemSpread.stage_id.in_(stages))
    else:  # derived before 0011: one aggregate over every item score
        groups = select(as_text(ItemScore.applicant_id), ItemScore.stage_id, ItemScore.item_id,
                        func.min(ItemScore.pct), func.max(ItemScore.pct)).where(
            ItemScore.cycle_id == cycle.id, ItemScore.pct.is_not(None),
            ItemScore.stage_id.in_(stages)).group_by(
            ItemScore.applicant_id, ItemScore.stage_id, ItemScore.item_id).having(
            spread >= max(1, least))
    known_ids = {} if ids is None else ids
    counted: dict[str, str | None] = {}  # the database's text -> the id, None: not counted here
    unseen = object()
    for raw, stage, item, low, high in driver_rows(s, groups):  # the driver's tuples
        key = counted.get(raw, unseen)
        if key is unseen:
            aid = known_ids.get(raw) or id_of(raw)
            key = counted[raw] = aid if aid in live and aid not in by_hand else None
        if key is None or item not in known or (settled and (key, stage, item) in settled):
            continue
        low, high = low or 0, high or 0  # never None: only percentages are aggregated
        pair = low * 1000 + high
        found = memo.get(pair)
        if found is None:
            found = memo[pair] = item_stats(
                fw, item, {"low": low, "high": high}, rule=rule).flagged
        if found:
            flagged[(key, stage)].append(item)  # type: ignore[index]  # a str: not None
    if by_hand & live:
        from desktop.services.office.consensus import stats

        for app in s.execute(select(Applicant).where(Applicant.id.in_(
                {uuid.UUID(a) for a in by_hand & live}))).scalars():
            for stage in stages:
                key = str(app.id)
                flagged[(key, stage)] += [k for k, v in stats(s, cycle, app, stage).items()
                                          if v.flagged and (key, stage, k) not in settled]
    out = [UnresolvedItem(UnresolvedKind.FLAGGED, (names[aid],), stage,
                          tuple(sorted(found, key=order.__getitem__)))
           for (aid, stage), found in flagged.items() if found]
    return sorted(out, key=lambda i: (i.applicants[0].ref, stages.index(i.stage or "")))


def _still_held(s: Session, cycle: Cycle, pairs: list[tuple[str, str]]) -> set[str]:
    """Applicant ids of the (reviewer, applicant) pairs that still have percentages held: one
    indexed look-up per pair, a few hundred per query (an EXISTS each: every planner probes the
    item scores' unique index with all three columns; one query over the reviewers and the
    applicants was cheaper to build but, on a PostgreSQL without statistics yet, scanned a
    reviewer's every item score)."""
    out: set[str] = set()
    for start in range(0, len(pairs), 200):
        found = [select(literal(aid)).where(exists().where(
            ItemScore.cycle_id == cycle.id, ItemScore.applicant_id == uuid.UUID(aid),
            ItemScore.reviewer_id == rid)) for rid, aid in pairs[start:start + 200]]
        out.update(str(a) for a in s.execute(union_all(*found)).scalars())
    return out


# --- missing stage scores ---------------------------------------------------------------------


def _missing(s: Session, cycle: Cycle, names: Mapping[str, Named], live: set[str],
             totals: Mapping[str, Mapping[str, StageTotal]] | None,
             values: dict[str, Setting], reg: ConflictRegister,
             stored: Sequence[CycleSetting]) -> list[UnresolvedItem]:
    """A weighted stage without a total, for each applicant taking part in it (admitted, where
    the office admits applicants to a stage)."""
    if totals is None:
        totals = stage_totals(s, cycle, reg=reg)
    w = weights(values).weights
    stages = [st.id for st in programme_of(cycle.programme_id).scored_stages]
    out = []
    weighted = [stage for stage in stages if w.get(stage)]
    admissions = admitted_to(s, cycle, weighted, stored)  # from the rows read once
    for stage in weighted:
        allowed = admissions[stage]
        for aid in live:
            if allowed is not None and aid not in allowed:
                continue
            by_stage = totals.get(aid)
            total = None if by_stage is None else by_stage.get(stage)
            if total is None or total.total is None:
                out.append(UnresolvedItem(UnresolvedKind.MISSING_SCORES, (names[aid],), stage))
    return sorted(out, key=lambda i: (i.applicants[0].ref, stages.index(i.stage or "")))


# --- field recusals from applicants the reviewer has scores for -------------------------------


def _recusals_with_scores(s: Session, cycle: Cycle, names: Mapping[str, Named],
                          reg: ConflictRegister,
                          fields: Mapping[tuple[str, str], FieldRecusal] | None = None
                          ) -> list[UnresolvedItem]:
    if fields is None:
        fields = field_recusals(s, cycle)
    out = [UnresolvedItem(UnresolvedKind.RECUSAL_WITH_SCORES, (names[aid],), reviewer=rid)
           for (rid, aid), found in fields.items()
           if found.scored and aid in names and reg.pin_for(rid, aid) is None]
    return sorted(out, key=lambda i: (i.reviewer or "", i.applicants[0].ref))
