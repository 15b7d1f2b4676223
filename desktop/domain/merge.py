"""Merging received bundles into one state: classify each bundle, derive the state from all.

Input: ``BundleRecord`` values whose signatures and seals the crypto layer has already checked,
plus a ``MergeContext`` (the cycle, the stages open for bundles, who is assigned to whom, the
office's conflicted pairs, and any fork a person has resolved).

A bundle is a snapshot of one reviewer's work for one stage and bundle kind (``scores`` from a
reviewer, ``consensus`` from a team leader): the key is (reviewer, stage, kind) and a higher
revision replaces the whole snapshot. The office keeps every accepted bundle ("keep every bundle
and derive the state", Anki's lesson); ``merge`` is called with the bundles already held and the
new ones and recomputes the state from all of them.

Refusals (the whole bundle, reason given): wrong cycle, a stage not open for bundles, an unknown
kind, a revision below 1, the same applicant twice, a sheet for an applicant not assigned to that
reviewer at that stage. Rejection depends only on the bundle and the context.

Every value the bundle carries (``BundleRecord.content``) is checked too, against what the
context gives; the first value that breaks a rule refuses the bundle, and the reason names the
field as the manifest spells it (``snapshot.scores[3].pct``), the value and the rule:
- every row's stage is the bundle's stage; every applicant (scores, panel scores, recusals,
  feedback) is assigned to the reviewer's team at that stage;
- item ids are the framework's; a percentage is 0–100 and on the framework's step;
- item scores only on a stage scored item by item, panel scores only on a stage scored as a
  whole, within its maximum and on its step, one per applicant;
- feedback ratings and recusal reasons are among those allowed;
- a consensus bundle comes from the leader of the applicant's team, and carries no panel score;
- the team's findings and the on-site issue notes: ``desktop.domain.merge_findings``.
A time later than the receiving clock (``MergeContext.now``) is reported (``warnings``), never a
reason to refuse: field laptops' clocks are often wrong.

Recusal is re-checked on every bundle: a sheet for an applicant the reviewer is conflicted with
(the office register, or the reviewer's own recusal in ANY accepted bundle of the set, any
revision or stage) is refused and reported, and never reaches the state. A recusal cannot be
undone by a later bundle: one may always step aside; the office sets a bundle aside to undo it.

Chains: a bundle names the content hash of the one before it (``prev_hash``, "" for a chain's
first). Revisions follow the chain, not the number: a bundle replaces the one held when its
chain reaches it, whatever the gap in the numbers (a crash, an export that never reached the
office). A bundle whose chain reaches nothing held, or a second chain start (a case made again
from a re-issued package, or restored from a backup, starts again at an empty ``prev_hash``), is
held for a person to decide (``ChainBreak``, beside the forks) instead of winning by a larger
number: a stolen key's bundle at revision 2**53 waits, and the real next revision still applies.
Meanwhile the chain in force stays (the highest revision reached from an empty ``prev_hash``);
a person's choice (``resolutions[(key, CHAIN)]``: a content hash of the chosen chain) settles it.

Forks: two different contents at the same revision for one key. Neither is applied until a person
resolves it (``MergeContext.resolutions``): the state keeps the highest revision below the fork
that is not itself forked (the earlier agreed snapshot), or nothing for that key.

What is order-independent, precisely:
- ``MergedState`` (winners, sheets, refused sheets, forks, chain breaks, recusals, the final
  status of every distinct bundle) is a function of the SET of bundles: any permutation and any
  duplication of the inputs gives an equal state.
- Per-bundle report outcomes depend on arrival order: whether a bundle is ``new``, ``updated``,
  ``stale`` or ``fork`` depends on what came before it. Under any permutation of the same inputs
  these stay invariant: the multiset of ``rejected`` reasons, the number of ``duplicate`` (inputs
  minus distinct accepted bundles), the number of ``new`` (distinct keys not already held), and
  the sum ``updated + stale + fork``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from desktop.domain.bundle_content import BundleContent, decimal_of, time_of
from desktop.domain.chains import CHAIN as CHAIN  # re-exported: part of the merge's API
from desktop.domain.chains import ChainBreak as ChainBreak
from desktop.domain.chains import chain_reason, chains, side_branches
from desktop.domain.disqualification import disqualified
from desktop.domain.merge_clean import scores_clean
from desktop.domain.merge_context import (
    MergeContext as MergeContext,  # (re-exported with the records: part of the merge's API)
)
from desktop.domain.merge_findings import bad as _bad
from desktop.domain.merge_findings import findings_problems
from desktop.domain.merge_records import CONSENSUS as CONSENSUS
from desktop.domain.merge_records import SCORES as SCORES
from desktop.domain.merge_records import BundleKey as BundleKey
from desktop.domain.merge_records import BundleRecord as BundleRecord
from desktop.domain.merge_records import RecordId as RecordId
from desktop.domain.merge_records import Sheet as Sheet
from desktop.domain.merge_records import SheetKey as SheetKey
from desktop.domain.merge_records import record_of as record_of
from desktop.domain.messages import N_, Msg, nmsg
from desktop.domain.revocation import revoked
from desktop.domain.scoring import CENT, FormKind


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    STALE = "stale"
    FORK = "fork"
    REJECTED = "rejected"


class FinalStatus(StrEnum):
    CURRENT = "current"  # the snapshot in force for its key
    SUPERSEDED = "superseded"  # a lower revision, or the side of a fork a person set aside
    FORKED = "forked"  # part of an unresolved fork: not applied
    REJECTED = "rejected"


@dataclass(frozen=True)
class RefusedSheet:
    reviewer_id: str
    stage_id: str
    kind: str
    applicant_id: str
    record_id: RecordId
    reason: Msg


@dataclass(frozen=True)
class Fork:
    key: BundleKey
    revision: int
    hashes: tuple[str, ...]
    fallback_revision: int | None  # the revision in force meanwhile (None: nothing)


@dataclass(frozen=True)
class MergedState:
    current: Mapping[BundleKey, RecordId]
    sheets: Mapping[SheetKey, Sheet]
    refused: tuple[RefusedSheet, ...]
    forks: tuple[Fork, ...]
    recusals: frozenset[tuple[str, str]]  # office register ∪ reviewers' own recusals
    statuses: Mapping[RecordId, FinalStatus]
    rejected: Mapping[RecordId, Msg]
    breaks: tuple[ChainBreak, ...] = ()

    def waiting(self) -> int:
        """How many decisions wait for a person: unresolved forks and chain breaks."""
        return len(self.forks) + len(self.breaks)

    def sheets_for(self, stage_id: str, applicant_id: str,
                   kind: str = SCORES) -> dict[str, Sheet]:
        """reviewer_id -> sheet for one applicant at one stage (recusals already removed)."""
        return {k[3]: s for k, s in self.sheets.items()
                if k[0] == stage_id and k[1] == kind and k[2] == applicant_id}


@dataclass(frozen=True)
class BundleOutcome:
    bundle_id: str
    record_id: RecordId
    outcome: Outcome
    reason: Msg | None
    final: FinalStatus
    refused: tuple[RefusedSheet, ...] = ()
    warnings: tuple[Msg, ...] = ()  # reported, not refused (a time later than the clock)


@dataclass(frozen=True)
class MergeReport:
    outcomes: tuple[BundleOutcome, ...]  # one per incoming bundle, in the order given
    state: MergedState

    def counts(self) -> dict[Outcome, int]:
        c = Counter(o.outcome for o in self.outcomes)
        return {o: c.get(o, 0) for o in Outcome}


# --- rejection --------------------------------------------------------------------------------


def rejection(record: BundleRecord, ctx: MergeContext) -> Msg | None:
    """Why a bundle is refused as a whole, or None. Depends only on the bundle and the context."""
    if record.cycle_id != ctx.cycle_id:
        return Msg(N_("bundle is for cycle {found}, this is cycle {expected}"),
                   {"found": record.cycle_id, "expected": ctx.cycle_id})
    if record.stage_id not in ctx.stage_ids:
        return Msg(N_("stage {stage} does not take bundles in this cycle"),
                   {"stage": record.stage_id})
    if record.kind not in ctx.kinds:
        return Msg(N_("unknown bundle kind '{kind}'"), {"kind": record.kind})
    if (why := revoked(record, ctx.revocations)) is not None:
        return why
    if (why := disqualified(record, ctx.disqualified)) is not None:
        return why
    if record.revision < 1:
        return Msg(N_("revision {revision} is not a positive number"),
                   {"revision": record.revision})
    if record.content is not None:
        why = next(_value_problems(record, record.content, ctx), None)
        if why is not None:
            return why
    seen: set[str] = set()
    for sheet in record.sheets:
        if sheet.applicant_id in seen:
            return Msg(N_("applicant {applicant} appears twice in the bundle"),
                       {"applicant": sheet.applicant_id})
        seen.add(sheet.applicant_id)
        if (record.stage_id, record.reviewer_id, sheet.applicant_id) not in ctx.assignments:
            return Msg(N_("applicant {applicant} is not assigned to reviewer {reviewer} at "
                          "stage {stage}"),
                       {"applicant": sheet.applicant_id, "reviewer": record.reviewer_id,
                        "stage": record.stage_id})
    return None


def _value_problems(rec: BundleRecord, c: BundleContent,
                    ctx: MergeContext) -> Iterator[Msg]:
    """Every value of the bundle checked against the cycle, in the manifest's order."""
    stage, who = rec.stage_id, rec.reviewer_id
    at = {"stage": stage, "reviewer": who}
    consensus = rec.kind == CONSENSUS
    form = ctx.forms.get(stage)
    if consensus and ctx.led is not None and not any(
            s == stage and r == who for s, r, _a in ctx.led):
        yield _bad("reviewer_id", who, Msg(N_("a consensus bundle comes only from a team "
                                              "leader: {reviewer} leads no team at stage "
                                              "{stage}"), at))

    def placed(path: str, row_stage: str | None, applicant: str) -> Iterator[Msg]:
        if row_stage is not None and row_stage != stage:
            yield _bad(f"{path}.stage_id", row_stage,
                       Msg(N_("it must be the bundle's stage ({stage})"), at))
        if (stage, who, applicant) not in ctx.assignments:
            yield _bad(f"{path}.applicant_id", applicant,
                       Msg(N_("the applicant is not assigned to the team of reviewer "
                              "{reviewer} at stage {stage}"), at))
        elif consensus and ctx.led is not None and (stage, who, applicant) not in ctx.led:
            yield _bad(f"{path}.applicant_id", applicant,
                       Msg(N_("only the leader of the applicant's team sends its consensus; "
                              "{reviewer} does not lead it at stage {stage}"), at))

    # (all at once when none breaks a rule; else one by one, to say which and why)
    for i, sc in enumerate(() if scores_clean(c.scores, stage, who, consensus, form, ctx)
                           else c.scores):
        path = f"snapshot.scores[{i}]"
        yield from placed(path, sc.stage_id, sc.applicant_id)
        if form is not None and form.kind is not FormKind.ITEMS:
            yield _bad(f"{path}.item_id", sc.item_id,
                       Msg(N_("stage {stage} is not scored item by item: it takes no item "
                              "scores"), at))
        if ctx.item_ids is not None and sc.item_id not in ctx.item_ids:
            yield _bad(f"{path}.item_id", sc.item_id,
                       Msg(N_("the criteria framework has no such item")))
        if sc.pct is not None:
            if isinstance(sc.pct, bool) or not 0 <= sc.pct <= 100:
                yield _bad(f"{path}.pct", sc.pct,
                           Msg(N_("a percentage is a whole number from 0 to 100")))
            elif ctx.step_pct and sc.pct % ctx.step_pct:
                yield _bad(f"{path}.pct", sc.pct,
                           Msg(N_("a percentage is a multiple of the {step}% step"),
                               {"step": ctx.step_pct}))
    panelled: set[str] = set()
    for i, ps in enumerate(c.panel_scores):
        path = f"snapshot.panel_scores[{i}]"
        yield from placed(path, ps.stage_id, ps.applicant_id)
        if ps.applicant_id in panelled:
            yield _bad(f"{path}.applicant_id", ps.applicant_id,
                       Msg(N_("the applicant already has a panel score in this bundle")))
        panelled.add(ps.applicant_id)
        if consensus:
            yield _bad(f"{path}.score", ps.score,
                       Msg(N_("a consensus bundle carries no panel scores")))
        if form is not None and form.kind is not FormKind.PANEL_SCORE:
            yield _bad(f"{path}.score", ps.score,
                       Msg(N_("stage {stage} is not scored as a whole: it takes no panel "
                              "score"), at))
        if ps.score is None:
            continue
        value = decimal_of(ps.score)
        top = None if form is None else form.max_points
        step = (None if form is None else form.step) or CENT
        if value is None:
            yield _bad(f"{path}.score", ps.score, Msg(N_("a panel score is a number")))
        elif value < 0 or (top is not None and value > top):
            yield _bad(f"{path}.score", ps.score,
                       Msg(N_("a panel score at stage {stage} is from 0 to {max}"),
                           {**at, "max": top}))
        elif value % step:
            yield _bad(f"{path}.score", ps.score,
                       Msg(N_("a panel score at stage {stage} is a multiple of {step}"),
                           {**at, "step": step}))
    for i, rc in enumerate(c.recusals):
        path = f"snapshot.recusals[{i}]"
        yield from placed(path, None, rc.applicant_id)
        if ctx.recusal_reasons is not None and rc.reason not in ctx.recusal_reasons:
            yield _bad(f"{path}.reason", rc.reason,
                       Msg(N_("a recusal reason is one of: {allowed}"),
                           {"allowed": ", ".join(sorted(ctx.recusal_reasons))}))
    for i, fb in enumerate(c.feedback):
        path = f"snapshot.feedback[{i}]"
        yield from placed(path, fb.stage_id, fb.applicant_id)
        if ctx.ratings is not None and fb.rating not in ctx.ratings:
            yield _bad(f"{path}.rating", fb.rating,
                       Msg(N_("a feedback rating is one of: {allowed}"),
                           {"allowed": ", ".join(sorted(ctx.ratings))}))
    yield from findings_problems(rec.kind, stage, who, c, ctx.findings, placed,
                                 lambda r, a: (stage, r, a) in ctx.assignments)


FUTURE_SLACK = timedelta(minutes=10)  # clocks differ a little; beyond this a time is reported
MAX_TIME_WARNINGS = 5  # per bundle; the rest are counted


def warnings(record: BundleRecord, ctx: MergeContext) -> tuple[Msg, ...]:
    """What is reported but not refused: times later than the receiving machine's clock (field
    laptops' clocks are often wrong). Needs ``ctx.now``."""
    c = record.content
    if c is None or ctx.now is None:
        return ()
    limit = ctx.now + FUTURE_SLACK
    times = [("created_at", c.created_at),
             *((f"snapshot.recusals[{i}].declared_at", r.declared_at)
               for i, r in enumerate(c.recusals)),
             *((f"snapshot.feedback[{i}].created_at", f.created_at)
               for i, f in enumerate(c.feedback))]
    late = [(path, text) for path, text in times
            if (moment := time_of(text)) is not None and moment > limit]
    out = [Msg(N_("{field} is {value}, later than this computer's clock ({now}): the laptop's "
                  "clock may be wrong; the bundle is accepted"),
               {"field": path, "value": text, "now": ctx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
           for path, text in late[:MAX_TIME_WARNINGS]]
    if len(late) > MAX_TIME_WARNINGS:
        rest = len(late) - MAX_TIME_WARNINGS
        out.append(nmsg("{count} more time is later than this computer's clock",
                        "{count} more times are later than this computer's clock", rest))
    return tuple(out)


# --- the state --------------------------------------------------------------------------------


def _winner(key: BundleKey, by_rev: Mapping[int, set[str]],
            ctx: MergeContext) -> tuple[tuple[int, str] | None, Fork | None]:
    """The (revision, hash) in force for a key, and the unresolved fork at the top if any."""
    fork: Fork | None = None
    for rev in sorted(by_rev, reverse=True):
        hashes = by_rev[rev]
        chosen = ctx.resolutions.get((key, rev))
        if len(hashes) == 1:
            pick: str | None = next(iter(hashes))
        else:
            pick = chosen if chosen in hashes else None
        if pick is not None:
            if fork is not None:
                fork = Fork(fork.key, fork.revision, fork.hashes, rev)
            return (rev, pick), fork
        if fork is None:
            fork = Fork(key, rev, tuple(sorted(hashes)), None)
    return None, fork


def merged_state(records: Iterable[BundleRecord], ctx: MergeContext) -> MergedState:
    """The state a set of bundles gives: independent of order and of duplicates."""
    return _state([(rec, rejection(rec, ctx)) for rec in records], ctx)


def _state(judged: Iterable[tuple[BundleRecord, Msg | None]], ctx: MergeContext) -> MergedState:
    """``merged_state`` of records whose ``rejection`` is in hand (each checked once)."""
    accepted: dict[RecordId, BundleRecord] = {}
    rejected: dict[RecordId, Msg] = {}
    for rec, why in judged:
        if why is not None:
            rejected[rec.record_id] = why
            continue
        held = accepted.get(rec.record_id)
        # Copies share a content hash; keep one deterministically whatever the order.
        if held is None or rec.bundle_id < held.bundle_id:
            accepted[rec.record_id] = rec

    recusals = set(ctx.conflicted)
    for rec in accepted.values():
        recusals.update((rec.reviewer_id, a) for a in rec.recusals)

    of_key: dict[BundleKey, list[BundleRecord]] = defaultdict(list)
    for rec in accepted.values():
        of_key[rec.key].append(rec)

    current: dict[BundleKey, RecordId] = {}
    forks: list[Fork] = []
    breaks: list[ChainBreak] = []
    statuses: dict[RecordId, FinalStatus] = {rid: FinalStatus.REJECTED for rid in rejected}
    for key, recs in of_key.items():
        standing, broken = chains(key, recs, ctx)
        by_rev: dict[int, set[str]] = defaultdict(set)
        for rid in standing:
            by_rev[rid[3]].add(rid[4])
        win, fork = _winner(key, by_rev, ctx) if by_rev else (None, None)
        if win is not None:
            kept = {(*key, *win)} | ({(*key, fork.revision, h) for h in fork.hashes}
                                     if fork is not None else set()) | {
                (*key, rev, h) for rev, hs in by_rev.items() if (key, rev) in ctx.resolutions
                for h in hs}  # a resolved fork's other side is set aside, not a branch
            off = side_branches(recs, standing, kept)
            if off:
                standing -= off
                waits = set(broken.waiting) if broken is not None else set()
                broken = ChainBreak(key, tuple(sorted(waits | off)), win[0])
        if broken is not None:
            breaks.append(broken)
        for r in recs:
            rid = r.record_id
            if broken is not None and rid in broken.waiting:
                statuses[rid] = FinalStatus.FORKED
            elif rid not in standing:
                statuses[rid] = FinalStatus.SUPERSEDED  # a person chose another chain
            elif win is not None and (rid[3], rid[4]) == win:
                statuses[rid] = FinalStatus.CURRENT
            elif fork is not None and rid[3] == fork.revision:
                statuses[rid] = FinalStatus.FORKED
            else:
                statuses[rid] = FinalStatus.SUPERSEDED
        if fork is not None:
            forks.append(fork)
        if win is not None:
            current[key] = (*key, win[0], win[1])

    sheets: dict[SheetKey, Sheet] = {}
    refused: list[RefusedSheet] = []
    for rid in current.values():
        rec = accepted[rid]
        for sheet in rec.sheets:
            if (rec.reviewer_id, sheet.applicant_id) in recusals:
                refused.append(_refuse(rec, sheet.applicant_id, ctx))
            else:
                sheets[(rec.stage_id, rec.kind, sheet.applicant_id, rec.reviewer_id)] = sheet
    refused.sort(key=lambda r: (r.record_id, r.applicant_id))
    forks.sort(key=lambda f: (f.key, f.revision))
    breaks.sort(key=lambda b: b.key)
    return MergedState(current=current, sheets=sheets, refused=tuple(refused),
                       forks=tuple(forks), recusals=frozenset(recusals), statuses=statuses,
                       rejected=rejected, breaks=tuple(breaks))


def _refuse(rec: BundleRecord, applicant_id: str, ctx: MergeContext) -> RefusedSheet:
    office = (rec.reviewer_id, applicant_id) in ctx.conflicted
    reason = Msg(
        N_("reviewer {reviewer} is conflicted with applicant {applicant} (office register): "
           "scores refused") if office else
        N_("reviewer {reviewer} recused from applicant {applicant}: scores refused"),
        {"reviewer": rec.reviewer_id, "applicant": applicant_id})
    return RefusedSheet(rec.reviewer_id, rec.stage_id, rec.kind, applicant_id, rec.record_id,
                        reason)


# --- the report -------------------------------------------------------------------------------


def merge(incoming: Sequence[BundleRecord], ctx: MergeContext,
          held: Iterable[BundleRecord] = ()) -> MergeReport:
    """Classify each incoming bundle against those held and earlier in the batch; derive the state.

    ``held`` are the bundles the office already keeps (any order). The state is recomputed from
    ``held`` + ``incoming``; see the module docstring for what depends on order.
    """
    # Each record's values are checked once (rejection depends on the record and ctx alone).
    held_judged = [(rec, rejection(rec, ctx)) for rec in held]
    judged = [(rec, rejection(rec, ctx)) for rec in incoming]
    seen: set[RecordId] = set()
    top: dict[BundleKey, int] = {}
    for rec, why in held_judged:
        if why is None:
            seen.add(rec.record_id)
            top[rec.key] = max(top.get(rec.key, rec.revision), rec.revision)

    state = _state([*held_judged, *judged], ctx)
    refused_by_record: dict[RecordId, list[RefusedSheet]] = defaultdict(list)
    recusals = state.recusals
    waiting = {rid: b for b in state.breaks for rid in b.waiting}
    outcomes: list[BundleOutcome] = []
    for rec, why in judged:
        rid = rec.record_id
        if why is not None:
            outcomes.append(BundleOutcome(
                rec.bundle_id, rid, Outcome.REJECTED,
                Msg(N_("bundle {file} from reviewer {reviewer}: {reason}"),
                    {"file": rec.bundle_id, "reviewer": rec.reviewer_id, "reason": why}),
                FinalStatus.REJECTED))
            continue
        if rid in seen:
            outcome = Outcome.DUPLICATE
        elif rec.key not in top:
            outcome = Outcome.NEW
        elif rec.revision > top[rec.key]:
            outcome = Outcome.UPDATED
        elif rec.revision < top[rec.key]:
            outcome = Outcome.STALE
        else:
            outcome = Outcome.FORK
        seen.add(rid)
        top[rec.key] = max(top.get(rec.key, rec.revision), rec.revision)
        if rid not in refused_by_record:
            refused_by_record[rid] = [_refuse(rec, s.applicant_id, ctx) for s in rec.sheets
                                      if (rec.reviewer_id, s.applicant_id) in recusals]
        reason = None
        if outcome is Outcome.FORK:
            reason = Msg(N_("revision {revision} already received with different content: "
                            "held for a person to resolve"), {"revision": rec.revision})
        elif outcome is Outcome.STALE:
            reason = Msg(N_("revision {revision} is older than revision {top} already held"),
                         {"revision": rec.revision, "top": top[rec.key]})
        if rid in waiting:
            reason = chain_reason(rec, waiting[rid])
            if outcome in (Outcome.UPDATED, Outcome.STALE):
                outcome = Outcome.FORK
        elif outcome is Outcome.STALE and state.statuses[rid] is FinalStatus.CURRENT:
            outcome, reason = Outcome.UPDATED, None  # it chains on: the number does not decide
        outcomes.append(BundleOutcome(rec.bundle_id, rid, outcome, reason, state.statuses[rid],
                                      tuple(refused_by_record[rid]), warnings(rec, ctx)))
    return MergeReport(tuple(outcomes), state)


def import_verdict(outcomes: Sequence[str]) -> Msg | None:
    """Exact words for a batch import that needs attention — how many bundles were rejected,
    how many made forks, and how many of the others were applied (duplicates and older
    revisions count as applied) — or None when every bundle was applied."""
    rejected = sum(1 for o in outcomes if o == Outcome.REJECTED)
    forks = sum(1 for o in outcomes if o == Outcome.FORK)
    if not rejected and not forks:
        return None
    applied = len(outcomes) - rejected - forks
    rest = Msg(N_("nothing was applied")) if applied == 0 else nmsg(
        "{count} other bundle was applied", "{count} other bundles were applied", applied)
    refused = nmsg("{count} bundle was rejected", "{count} bundles were rejected", rejected)
    held = nmsg("{count} fork waits for a person's decision",
                "{count} forks wait for a person's decision", forks)
    if rejected and forks:
        return Msg(N_("{rejected} and {forks}; {applied} (see the report)"),
                   {"rejected": refused, "forks": held, "applied": rest})
    return Msg(N_("{problem}; {applied} (see the report)"),
               {"problem": refused if rejected else held, "applied": rest})
