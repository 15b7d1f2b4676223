"""Import score and consensus bundles: verify, classify, apply — any number of files at once.

``read_bundles`` is the part a team leader's field app shares with the office: it reads each file
(size-capped), opens it with the recipient's key against the roster (decrypt, signature, signer on
the roster and active, strict manifest) and turns it into a domain ``BundleRecord``; a file that
fails is reported with its reason and never stops the others.

``merge_files`` is the office's use case (one unit of work): every verified bundle is kept whole
(raw bytes and manifest), the domain merge classifies the incoming ones against those held, and
the scores, panel scores, consensus and feedback tables are derived again from ALL held bundles —
so importing is idempotent and independent of order. Every value of a verified bundle is
checked against the cycle before anything is stored (``context``: the framework's items and
step, each stage's form, ratings, recusal reasons, assignments, team leaders; see
``desktop.domain.merge.rejection``); a time later than this computer's clock is reported, not
refused. A file refused (tampered, unknown signer, wrong cycle, stage or assignment, a value
that breaks a rule) is rejected whole and kept in the quarantine (``quarantine.keep``: one copy
per distinct file, capped) and recorded. Recusal is checked
again on every bundle: sheets for an applicant the reviewer is conflicted with are refused and
listed, and never reach a mean, a consensus or a rank.

Forks (two contents at one revision of one reviewer, stage and kind) are held until a person
decides: ``list_forks`` shows them with the files on each side; ``resolve_fork`` picks the bundle
that stands, with a reason (kept as an office decision in the cycle's settings under
``fork.<kind>.<reviewer>.<stage>.<revision>`` and in the history), and derives the state again.
A decision can be changed by resolving again; re-imports keep it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from desktop.crypto.bundle import MAX_BUNDLE_BYTES, open_bundle
from desktop.crypto.errors import CryptoError
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.crypto.usb import read_capped
from desktop.domain.errors import InputRejected, NotFound, RuleViolation, ScorebookError
from desktop.domain.merge import (
    CHAIN,
    CONSENSUS,
    SCORES,
    BundleKey,
    BundleRecord,
    MergeContext,
    MergedState,
    MergeReport,
    Outcome,
    merge,
)
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import Applicant, Assignment, TeamMember
from desktop.models.office.review import (
    ConsensusItem,
    Feedback,
    ItemScore,
    MergeRefusal,
    PanelScore,
    ReceivedBundle,
)
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.bundle_checks import value_rules
from desktop.services.catalogue import framework_for_ref
from desktop.services.office import conflicts
from desktop.services.office.chains import breaks_of, chain_resolutions, merged, resolve_by_fork
from desktop.services.office.chains import fork_views as chain_views
from desktop.services.office.common import (
    cycle_code,
    dumps,
    loads,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.conflicts import register
from desktop.services.office.derived_state import derived_counts, keep_totals, unchanged
from desktop.services.office.derived_state import keep as keep_state
from desktop.services.office.disqualification import disqualified_in
from desktop.services.office.equivocation import find_equivocations, flag_files
from desktop.services.office.findings import given_issues
from desktop.services.office.findings_derive import derive_findings
from desktop.services.office.merge_types import (
    FileResult,
    ForkSide,
    ForkView,
    Incoming,
    MergeSummary,
    record_from_manifest,
)
from desktop.services.office.packages import assignments, current_roster
from desktop.services.office.quarantine import Kept, keep
from desktop.services.office.revocation import revocations, signed_when
from desktop.services.office.workspace import Workspace

MAX_FILE = MAX_BUNDLE_BYTES + 64 * 1024  # sealed plaintext cap + container overhead


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def read_bundles(paths: Sequence[Path],
                 recipient: X25519PrivateKey | ReviewerIdentity | OfficeIdentity,
                 roster: Roster | None,
                 known: dict[str, tuple[dict[str, Any], str]] | None = None, *,
                 progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> list[Incoming]:
    """Read and verify each file; ``known`` maps sha256 → (manifest, content hash) of files
    already verified (not opened again). ``progress(done, total)`` is called after each file;
    ``is_cancelled()`` is asked before each one, and when it says yes the files not yet read
    are left out (the caller sees fewer results than paths)."""
    known = dict(known or {})
    out: list[Incoming] = []
    total = len(paths)
    for path in paths:
        if is_cancelled is not None and is_cancelled():
            break
        try:
            data = read_capped(path, MAX_FILE)
        except ScorebookError as exc:
            out.append(Incoming(path, "", error=exc.message))
            if progress is not None:
                progress(len(out), total)
            continue
        digest = hashlib.sha256(data).hexdigest()
        item = Incoming(path, digest, data)
        if digest in known:
            item.manifest, item.content_hash = known[digest]
        elif roster is None:
            item.error = Msg(N_("no roster has been issued for this cycle yet"))
        else:
            try:
                opened = open_bundle(data, recipient, roster)
            except CryptoError as exc:
                item.error = exc.message
            else:
                item.manifest, item.content_hash = opened.manifest, opened.content_hash
                item.signer_fp = opened.signer.fingerprint
                known[digest] = (opened.manifest, opened.content_hash)
        if item.manifest is not None:
            item.record = record_from_manifest(item.manifest, item.content_hash, path.name)
        out.append(item)
        if progress is not None:
            progress(len(out), total)
    return out


# --- the office's merge -----------------------------------------------------------------------


def context(s: Session, cycle: Cycle) -> MergeContext:
    """What every bundle is checked against: the cycle, its framework and programme, who is
    assigned to (and leads the team of) each applicant, the conflict register, the clock."""
    p = programme_of(cycle.programme_id)
    reg = register(s, cycle, field=False)  # field recusals come from the bundles
    fw = framework_for_ref(cycle.framework_ref)
    assigned = assignments(s, cycle)
    return MergeContext(cycle_id=cycle_code(cycle),
                        stage_ids=frozenset(st.id for st in p.scored_stages),
                        assignments=assigned,
                        conflicted=reg.conflicted_pairs(),
                        resolutions=fork_resolutions(s, cycle),
                        led=_led(s, cycle, assigned),
                        revocations=revocations(s, cycle), disqualified=disqualified_in(s, cycle),
                        **value_rules(fw, {st.id: st.form for st in p.scored_stages},
                                      {st.id: st.kind.value for st in p.scored_stages},
                                      given_issues(s, cycle)))


def _led(s: Session, cycle: Cycle, assigned: frozenset[tuple[str, str, str]]
         ) -> frozenset[tuple[str, str, str]]:
    """(stage, leader, applicant) for the leader of the team each applicant is assigned to."""
    pairs = {(rid, str(aid)) for aid, rid in s.execute(
        select(Assignment.applicant_id, TeamMember.reviewer_id)
        .join(TeamMember, TeamMember.team_id == Assignment.team_id)
        .join(Applicant, Applicant.id == Assignment.applicant_id)
        .where(Applicant.cycle_id == cycle.id, TeamMember.leader.is_(True)))}
    return frozenset(a for a in assigned if (a[1], a[2]) in pairs)


# --- forks: a person decides which bundle stands ------------------------------------------------

FORK_KEY = "fork."


def _fork_key(kind: str, reviewer: str, stage: str, revision: int) -> str:
    return f"{FORK_KEY}{kind}.{reviewer}.{stage}.{revision}"


def fork_resolutions(s: Session, cycle: Cycle) -> dict[tuple[BundleKey, int], str]:
    """(reviewer, stage, kind), revision -> the content hash the office chose (and, at
    revision ``CHAIN``, the chain it chose: ``office.chains``)."""
    out: dict[tuple[BundleKey, int], str] = chain_resolutions(s, cycle)
    for row in s.execute(select(CycleSetting).where(
            CycleSetting.cycle_id == cycle.id,
            CycleSetting.key.startswith(FORK_KEY, autoescape=True))).scalars():
        v = loads(row.value)
        out[((v["reviewer"], v["stage"], v["kind"]), int(v["revision"]))] = v["content_hash"]
    return out


def _forks(s: Session, cycle: Cycle) -> list[ForkView]:
    groups: dict[tuple[str, str, str, int], dict[str, list[ReceivedBundle]]] = defaultdict(
        lambda: defaultdict(list))
    for row in s.execute(select(ReceivedBundle).where(ReceivedBundle.cycle_id == cycle.id)
                         .order_by(ReceivedBundle.received_at, ReceivedBundle.sha256)
                         ).scalars():
        groups[(row.signer_id, row.stage_id, row.kind, row.revision)][row.content_hash].append(
            row)
    decided = {setting.key: loads(setting.value) for setting in s.execute(
        select(CycleSetting).where(CycleSetting.cycle_id == cycle.id,
                                   CycleSetting.key.startswith(FORK_KEY, autoescape=True))
    ).scalars()}
    state = merged(s, cycle)  # kept at the last derive (office.derived_state)
    fallback = state.fallback
    out = []
    chained = {rid[4] for b in state.breaks for rid in b.waiting}  # listed as chains below
    chosen_chain = {k for k, rev in chain_resolutions(s, cycle) if rev == CHAIN}
    for (rid, stage, kind, rev), by_hash in sorted(groups.items()):
        choice = decided.get(_fork_key(kind, rid, stage, rev))
        if len(by_hash) < 2 or chained & set(by_hash) or (
                choice is None and (rid, stage, kind) in chosen_chain
                and ((rid, stage, kind), rev) not in fallback):
            continue  # a chain waits, or a person chose a chain that sets a side aside
        sides = tuple(ForkSide(rows[0].file_name, rows[0].sha256, h, rows[0].received_at)
                      for h, rows in sorted(by_hash.items()))
        out.append(ForkView(rid, stage, kind, rev, sides,
                            None if choice is None else choice["content_hash"],
                            None if choice is None else choice["reason"],
                            fallback.get(((rid, stage, kind), rev))))
    return [*out, *chain_views(s, cycle, state.breaks)]  # chains waiting: office.chains


def list_forks(ws: Workspace, cycle_ref: str | None = None) -> list[ForkView]:
    """Every fork among the held bundles, resolved or not."""
    with ws.uow() as s:
        return _forks(s, resolve_cycle(s, cycle_ref))


class _Held(Protocol):
    file_name: str
    sha256: str
    content_hash: str


_H = TypeVar("_H", bound=_Held)


def pick_held(s: Session, model: type[_H], ref: str, *where: Any) -> _H:
    """The held bundle a person named by file name or by the start (8+ hex digits) of its file
    or content hash; ``where`` narrows the rows (e.g. to one cycle). The office and the team
    leader use the same rule."""
    ref = ref.strip()
    columns: Any = model  # the mapped class: its attributes are columns here
    rows = list(s.scalars(select(model).where(columns.file_name == ref, *where)))
    if not rows and len(ref) >= 8 and all(c in "0123456789abcdef" for c in ref.lower()):
        prefix = ref.lower()
        rows = [r for r in s.scalars(select(model).where(*where))
                if r.sha256.startswith(prefix) or r.content_hash.startswith(prefix)]
    if len({r.content_hash for r in rows}) > 1:
        raise InputRejected(Msg(N_("'{ref}' names more than one bundle: give more of its "
                                   "hash"), {"ref": ref}))
    if not rows:
        raise NotFound(Msg(N_("No held bundle is named '{ref}' (a file name, or the start of "
                              "its hash)"), {"ref": ref}))
    return rows[0]


def resolve_fork(ws: Workspace, bundle_ref: str, reason: str,
                 cycle_ref: str | None = None) -> ForkView:
    """Let the bundle named by ``bundle_ref`` (file name, or the start of its file or content
    hash) stand for its fork; the other side is set aside. ``reason`` is required."""
    if not reason.strip():
        raise InputRejected(Msg(N_("Resolving a fork needs a reason")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _lock(s, cycle)
        row = pick_held(s, ReceivedBundle, bundle_ref, ReceivedBundle.cycle_id == cycle.id)
        hashes = set(s.execute(select(ReceivedBundle.content_hash).where(
            ReceivedBundle.cycle_id == cycle.id, ReceivedBundle.signer_id == row.signer_id,
            ReceivedBundle.stage_id == row.stage_id, ReceivedBundle.kind == row.kind,
            ReceivedBundle.revision == row.revision)).scalars())
        if (row.signer_id, row.stage_id, row.kind) in {
                (b.reviewer, b.stage, b.kind) for b in breaks_of(s, cycle)}:
            return resolve_by_fork(s, cycle, row, reason)  # a chain waits: choose it
        if len(hashes) < 2:
            raise RuleViolation(Msg(N_("Bundle {file} (revision {revision} of {reviewer}, stage "
                                       "{stage}) is not part of a fork"),
                                    {"file": row.file_name, "revision": row.revision,
                                     "reviewer": row.signer_id, "stage": row.stage_id}))
        key = _fork_key(row.kind, row.signer_id, row.stage_id, row.revision)
        previous = record_choice(s, cycle, key, row, reason)
        log(s, cycle, "fork.resolve", reviewer=row.signer_id, stage=row.stage_id,
            kind=row.kind, revision=row.revision, chosen=row.content_hash,
            set_aside=sorted(hashes - {row.content_hash}), previous=previous,
            reason=reason.strip())
        return next(f for f in _forks(s, cycle)
                    if (f.reviewer, f.stage, f.kind, f.revision) ==
                    (row.signer_id, row.stage_id, row.kind, row.revision))


def record_choice(s: Session, cycle: Cycle, key: str, row: ReceivedBundle,
                  reason: str) -> str | None:
    """Keep the office's choice of ``row`` (with its reason) under ``key`` — a fork or a
    chain — and derive the state again; the content hash chosen before, if any."""
    value = dumps({"reviewer": row.signer_id, "stage": row.stage_id, "kind": row.kind,
                   "revision": row.revision, "content_hash": row.content_hash,
                   "reason": reason.strip(), "file": row.file_name})
    setting = s.get(CycleSetting, (cycle.id, key))
    previous = None if setting is None else str(loads(setting.value)["content_hash"])
    if setting is None:
        s.add(CycleSetting(cycle_id=cycle.id, key=key, value=value, source="office",
                           citation=None))
    else:
        setting.value = value
    s.flush()
    held, _ = held_records(s, cycle)
    _derive(s, cycle, merge([], context(s, cycle), held))
    return previous


def held_records(s: Session, cycle: Cycle) -> tuple[list[BundleRecord],
                                                    dict[str, tuple[dict[str, Any], str]]]:
    records, known = [], {}
    for row in s.execute(select(ReceivedBundle).where(ReceivedBundle.cycle_id == cycle.id)
                         .order_by(ReceivedBundle.sha256)).scalars():
        manifest = json.loads(row.manifest_json)
        known[row.sha256] = (manifest, row.content_hash)
        records.append(replace(record_from_manifest(manifest, row.content_hash, row.file_name),
                               signer_fp=row.signer_fp, received_at=row.received_at))
    return records, known


def _lock(s: Session, cycle: Cycle) -> None:
    """One merge per cycle at a time when several people share a PostgreSQL database."""
    if s.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(cycle.id.bytes).digest()[:8], "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def merge_files(ws: Workspace, paths: Sequence[Path], cycle_ref: str | None = None, *,
                progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> MergeSummary:
    """Import ``paths`` in one unit of work. ``progress(done, total)`` is called after each
    file is read and verified (the slow part). ``is_cancelled()`` is asked between files; on
    a cancel the merge FINISHES the unit of work for the files verified so far (classified,
    stored, derived and committed like any import) and lists the rest in ``not_read``. Since
    import is idempotent and order-independent, importing those later (or all again) gives the
    same state as one uninterrupted import; nothing partial is ever committed."""
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _lock(s, cycle)
        roster = current_roster(s, cycle)
        held, known = held_records(s, cycle)
        items = read_bundles(paths, identity, roster[0] if roster else None, known,
                             progress=progress, is_cancelled=is_cancelled)
        signed_when(s, cycle, items, identity, roster[0] if roster else None)
        not_read = tuple(p.name for p in paths[len(items):])
        ctx = context(s, cycle)
        incoming = [i.record for i in items if i.record is not None]
        report = merge(incoming, ctx, held)
        by_record = iter(report.outcomes)
        stored = set(known)
        results: list[FileResult] = []
        for item in items:
            if item.record is None:
                reason = item.error or Msg(N_("unreadable"))
                kept = keep(s, ws, cycle, item.file, item.sha256, item.data, reason)
                results.append(FileResult(item.file.name, Outcome.REJECTED.value, reason,
                                          None, None, None, None, quarantined=kept.path,
                                          not_kept=kept.not_kept))
                continue
            outcome = next(by_record)
            rec = item.record
            kept = Kept(None)
            if outcome.outcome is Outcome.REJECTED:
                kept = keep(s, ws, cycle, item.file, item.sha256, item.data,
                            outcome.reason or Msg(""))
            elif item.sha256 not in stored and item.data is not None and item.manifest:
                stored.add(item.sha256)
                s.add(ReceivedBundle(
                    cycle_id=cycle.id, sha256=item.sha256, content_hash=item.content_hash,
                    kind=rec.kind, signer_id=rec.reviewer_id, stage_id=rec.stage_id,
                    slot=f"{rec.kind}:{rec.reviewer_id}:{rec.stage_id}",
                    revision=rec.revision, manifest_json=json.dumps(item.manifest,
                                                                    ensure_ascii=False),
                    raw=item.data, file_name=item.file.name, signer_fp=item.signer_fp or None))
            results.append(FileResult(item.file.name, outcome.outcome.value, outcome.reason,
                                      rec.reviewer_id, rec.stage_id, rec.kind, rec.revision,
                                      tuple(r.reason for r in outcome.refused), kept.path,
                                      outcome.warnings, kept.not_kept))
        s.flush()
        flagged = [e for e in find_equivocations(s, cycle)
                   if {e.consensus_file, *e.member_files} & {r.file for r in results}]
        results = flag_files(results, flagged)
        for e in flagged:
            log(s, cycle, "equivocation", **e.history())
        # Nothing new held and nothing a derive reads changed since the last: the derived
        # tables already hold exactly what a derive would write (office.derived_state).
        counts = derived_counts(s, cycle) if len(stored) == len(known) and \
            unchanged(s, cycle) else _derive(s, cycle, report)
        extra: dict[str, Any] = {"cancelled": True, "not_read": len(not_read)} \
            if not_read else {}
        if any(r.warnings for r in results):
            extra["warnings"] = sum(len(r.warnings) for r in results)
        log(s, cycle, "merge", files=len(items), **extra,
            **{k: sum(1 for r in results if r.outcome == k) for k in
               ("new", "updated", "duplicate", "stale", "fork", "rejected")})
        tally = {o.value: sum(1 for r in results if r.outcome == o.value) for o in Outcome}
        return MergeSummary(cycle_code(cycle), tuple(results), tally, report.state.waiting(),
                            len(stored), counts[0], counts[1], len(report.state.refused),
                            cancelled=bool(not_read), not_read=not_read,
                            equivocations=tuple(e.message() for e in flagged))


def rederive(ws: Workspace, cycle_ref: str | None = None) -> MergedState:
    """Derive the merged state again from the held bundles (after a conflict or assignment
    changed); returns it."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _lock(s, cycle)
        held, _ = held_records(s, cycle)
        report = merge([], context(s, cycle), held)
        _derive(s, cycle, report)
        return report.state


def _derive(s: Session, cycle: Cycle, report: MergeReport) -> tuple[int, int]:
    """Replace the derived tables with what the merged state holds."""
    state = report.state
    for model in (ItemScore, PanelScore):
        s.execute(delete(model).where(model.cycle_id == cycle.id))
    s.execute(delete(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                          ConsensusItem.bundle_id.is_not(None)))
    s.execute(delete(Feedback).where(Feedback.cycle_id == cycle.id,
                                     Feedback.bundle_id.is_not(None)))
    bundle_ids = {(r.content_hash, r.signer_id, r.stage_id, r.kind): r.id for r in s.execute(
        select(ReceivedBundle.id, ReceivedBundle.content_hash, ReceivedBundle.signer_id,
               ReceivedBundle.stage_id, ReceivedBundle.kind)  # never the manifests or files
        .where(ReceivedBundle.cycle_id == cycle.id))}
    s.execute(delete(MergeRefusal).where(MergeRefusal.bundle_id.in_(list(bundle_ids.values()))))
    valid_apps = {str(a) for a in s.execute(select(Applicant.id)
                                            .where(Applicant.cycle_id == cycle.id)).scalars()}
    current_ids = {key: bundle_ids.get((rid[4], key[0], key[1], key[2]))
                   for key, rid in state.current.items()}
    items: list[dict[str, Any]] = []
    panels: list[dict[str, Any]] = []
    consensus: list[dict[str, Any]] = []
    import uuid as _uuid

    for (stage, kind, applicant, reviewer), sheet in sorted(state.sheets.items()):
        if applicant not in valid_apps:
            continue
        bid = current_ids.get((reviewer, stage, kind))
        if bid is None:
            continue
        aid = _uuid.UUID(applicant)
        if kind == SCORES:
            for e in sheet.entries:
                items.append({"id": _uuid.uuid4(), "cycle_id": cycle.id, "bundle_id": bid,
                              "reviewer_id": reviewer, "applicant_id": aid, "stage_id": stage,
                              "item_id": e.item_id, "pct": e.pct, "strengths": e.strengths,
                              "improvements": e.improvements})
            if sheet.panel_score is not None:
                panels.append({"id": _uuid.uuid4(), "cycle_id": cycle.id, "bundle_id": bid,
                               "reviewer_id": reviewer, "applicant_id": aid,
                               "stage_id": stage, "value": sheet.panel_score})
        elif kind == CONSENSUS:
            why = dict(sheet.rationales)
            for e in sheet.entries:
                if e.pct is None:
                    continue
                consensus.append({"id": _uuid.uuid4(), "cycle_id": cycle.id,
                                  "applicant_id": aid, "stage_id": stage, "item_id": e.item_id,
                                  "pct": e.pct, "rationale": why.get(e.item_id, ""),
                                  "leader_id": reviewer, "bundle_id": bid})
    if items:
        s.connection().execute(insert(ItemScore), items)
    keep_totals(s, cycle, items)  # each sheet's total, for the ranking (office.derived_state)
    if panels:
        s.connection().execute(insert(PanelScore), panels)
    if consensus:
        # A consensus from the field replaces one the office entered for the same items.
        for c in consensus:
            s.execute(delete(ConsensusItem).where(
                ConsensusItem.cycle_id == cycle.id, ConsensusItem.applicant_id ==
                c["applicant_id"], ConsensusItem.stage_id == c["stage_id"],
                ConsensusItem.item_id == c["item_id"]))
        s.connection().execute(insert(ConsensusItem), consensus)
    _derive_feedback(s, cycle, state, bundle_ids, valid_apps)
    derive_findings(s, cycle, state, bundle_ids, valid_apps)  # issue 20: findings_derive
    for ref in state.refused:
        bid = bundle_ids.get((ref.record_id[4], ref.reviewer_id, ref.stage_id, ref.kind))
        if bid is not None:
            s.add(MergeRefusal(bundle_id=bid, applicant_id=ref.applicant_id,
                               reason=ref.reason.render()))
    # Field recusals reach the conflicts register (issue 16 part 3, in conflicts.py).
    conflicts.sync_field_recusals(s, cycle, state)
    keep_state(s, cycle, state)  # what the ranking's readers need, with its inputs' fingerprint
    return len(items), len(panels)


def _derive_feedback(s: Session, cycle: Cycle, state: MergedState,
                     bundle_ids: dict[tuple[str, str, str, str], Any],
                     valid_apps: Iterable[str]) -> None:
    """Reviewer → applicant supervision feedback from the bundles in force (not recused)."""
    import uuid as _uuid

    valid = set(valid_apps)
    wanted = {key: bid for key, rid in state.current.items() if key[2] == SCORES
              and (bid := bundle_ids.get((rid[4], key[0], key[1], key[2]))) is not None}
    manifests = dict(s.execute(  # one query for all, not one per bundle
        select(ReceivedBundle.id, ReceivedBundle.manifest_json)
        .where(ReceivedBundle.id.in_(list(wanted.values())))).all())
    for key, bid in wanted.items():
        for fb in json.loads(manifests[bid])["snapshot"]["feedback"]:
            aid = fb["applicant_id"]
            if aid not in valid or (key[0], aid) in state.recusals:
                continue
            s.add(Feedback(cycle_id=cycle.id, direction="reviewer_to_applicant",
                           reviewer_id=key[0], applicant_id=_uuid.UUID(aid),
                           stage_id=fb["stage_id"], assessment=fb["rating"], text=fb["text"],
                           bundle_id=bid))
