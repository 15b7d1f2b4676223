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
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.bundle import MAX_BUNDLE_BYTES, open_bundle
from desktop.crypto.errors import CryptoError
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.crypto.usb import read_capped
from desktop.domain.errors import InputRejected, RuleViolation, ScorebookError
from desktop.domain.merge import (
    CHAIN,
    MergedState,
    Outcome,
    merge,
)
from desktop.domain.messages import N_, Msg
from desktop.models.office.base import utcnow
from desktop.models.office.review import (
    ReceivedBundle,
)
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.office import inputs_memo
from desktop.services.office.bulk import insert_rows
from desktop.services.office.chains import breaks_of, chain_resolutions, merged, resolve_by_fork
from desktop.services.office.chains import fork_views as chain_views
from desktop.services.office.common import (
    cycle_code,
    loads,
    log,
    resolve_cycle,
)
from desktop.services.office.derive import _derive as _derive  # re-exported
from desktop.services.office.derive import _derive_feedback as _derive_feedback
from desktop.services.office.derive import (
    can_derive_part,
    derive_part,
    hand_consensus,
    held_counts,
)
from desktop.services.office.derived_state import inputs_read, stored_inputs
from desktop.services.office.derived_state import kept as kept_state
from desktop.services.office.equivocation import find_equivocations, flag_files
from desktop.services.office.gc_pause import paused
from desktop.services.office.held import (  # re-exported: the merge's API before office.held
    FORK_KEY as FORK_KEY,
)
from desktop.services.office.held import HeldFiles, kept_context
from desktop.services.office.held import _fork_key as _fork_key
from desktop.services.office.held import _lock as _lock
from desktop.services.office.held import context as context
from desktop.services.office.held import fork_resolutions as fork_resolutions
from desktop.services.office.held import held_records as held_records
from desktop.services.office.held import pick_held as pick_held
from desktop.services.office.held import record_choice as record_choice
from desktop.services.office.merge_types import (
    FileResult,
    ForkSide,
    ForkView,
    Incoming,
    MergeSummary,
    record_from_manifest,
)
from desktop.services.office.packages import current_roster
from desktop.services.office.quarantine import Kept, keep
from desktop.services.office.revocation import signed_when
from desktop.services.office.row_ids import ordered_id
from desktop.services.office.workspace import Workspace

MAX_FILE = MAX_BUNDLE_BYTES + 64 * 1024  # sealed plaintext cap + container overhead


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def read_bundles(paths: Sequence[Path],
                 recipient: X25519PrivateKey | ReviewerIdentity | OfficeIdentity,
                 roster: Roster | None,
                 known: Mapping[str, tuple[dict[str, Any], str]] | None = None, *,
                 progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> list[Incoming]:
    """Read and verify each file; ``known`` maps sha256 → (manifest, content hash) of files
    already verified (not opened again). ``progress(done, total)`` is called after each file;
    ``is_cancelled()`` is asked before each one, and when it says yes the files not yet read
    are left out (the caller sees fewer results than paths)."""
    held = known if known is not None else {}
    known = {}  # opened here (a file given twice is opened once)
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
        if digest in known or digest in held:
            item.manifest, item.content_hash = known[digest] if digest in known else \
                held[digest]
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
                item.text = opened.payload.decode("utf-8")  # strict UTF-8: it parsed
                known[digest] = (opened.manifest, opened.content_hash)
        if item.manifest is not None:
            item.record = record_from_manifest(item.manifest, item.content_hash, path.name)
        out.append(item)
        if progress is not None:
            progress(len(out), total)
    return out


# --- the office's merge -----------------------------------------------------------------------


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


def merge_files(ws: Workspace, paths: Sequence[Path], cycle_ref: str | None = None, *,
                progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> MergeSummary:
    """Import ``paths`` in one unit of work. ``progress(done, total)`` is called after each
    file is read and verified (the slow part). ``is_cancelled()`` is asked between files; on
    a cancel the merge FINISHES the unit of work for the files verified so far (classified,
    stored, derived and committed like any import) and lists the rest in ``not_read``. Since
    import is idempotent and order-independent, importing those later (or all again) gives the
    same state as one uninterrupted import; nothing partial is ever committed."""
    with paused():  # no cyclic collection meanwhile (office.gc_pause)
        # the merge's objects (manifests, records, rows) are let go by their counts when
        # ``_merge_files`` returns, before the collector resumes: its next young collection
        # then walks what is left, not every manifest (~40 ms of merging 1,000)
        summary, pending = _merge_files(ws, paths, cycle_ref, progress, is_cancelled)
    inputs_memo.publish(pending)  # committed
    return summary


def _merge_files(ws: Workspace, paths: Sequence[Path], cycle_ref: str | None,
                 progress: Progress | None, is_cancelled: Cancelled | None
                 ) -> tuple[MergeSummary, inputs_memo.Pending | None]:
    """``merge_files``' unit of work; its summary and the inputs to publish once committed."""
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _lock(s, cycle)
        roster = current_roster(s, cycle)
        # the state kept at the last derive, if still current
        before = kept_state(s, cycle, names=False)
        # every input as read now (before anything is written): the held files' hashes and
        # the key of the merge's context (kept per process for the same set-up)
        setup = before.inputs if before is not None and before.inputs is not None else \
            inputs_read(s, cycle)
        files = HeldFiles(s, cycle, setup)
        items = read_bundles(paths, identity, roster[0] if roster else None, files,
                             progress=progress, is_cancelled=is_cancelled)
        signed_when(s, cycle, items, identity, roster[0] if roster else None)
        not_read = tuple(p.name for p in paths[len(items):])
        ctx = kept_context(s, cycle, setup)
        incoming = [i.record for i in items if i.record is not None]
        # With the kept state current, only the bundles of the incoming ones' reviewers are
        # read and merged (office.derive.derive_part); otherwise every held bundle.
        reviewers = {r.reviewer_id for r in incoming}
        held, _ = held_records(s, cycle, reviewers if before is not None else None)
        part = can_derive_part(s, cycle, [*held, *incoming], before)
        if before is not None and not part:
            held, _ = held_records(s, cycle)
        report = merge(incoming, ctx, held)
        by_record = iter(report.outcomes)
        stored = set(files.shas)
        results: list[FileResult] = []
        new: list[dict[str, Any]] = []  # the held rows of the files kept now
        manifests: dict[Any, dict[str, Any]] = {}  # their ids -> their manifests
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
                manifests[bid := ordered_id()] = item.manifest  # the derive reads them from here
                new.append({
                    "id": bid, "cycle_id": cycle.id, "sha256": item.sha256,
                    "content_hash": item.content_hash, "kind": rec.kind,
                    "signer_id": rec.reviewer_id, "stage_id": rec.stage_id,
                    "slot": f"{rec.kind}:{rec.reviewer_id}:{rec.stage_id}",
                    "revision": rec.revision,
                    # the signed text itself (it parsed to the manifest; every reader
                    # json.loads it): not the manifest encoded again
                    "manifest_json": item.text if item.text is not None else
                    json.dumps(item.manifest, ensure_ascii=False),
                    "raw": item.data, "file_name": item.file.name,
                    "signer_fp": item.signer_fp or None, "received_at": utcnow()})
            results.append(FileResult(item.file.name, outcome.outcome.value, outcome.reason,
                                      rec.reviewer_id, rec.stage_id, rec.kind, rec.revision,
                                      tuple(r.reason for r in outcome.refused), kept.path,
                                      outcome.warnings, kept.not_kept))
        s.flush()
        insert_rows(s, ReceivedBundle, new)  # kept whole, in one executemany (office.bulk)
        flagged = [e for e in find_equivocations(s, cycle)
                   if {e.consensus_file, *e.member_files} & {r.file for r in results}]
        results = flag_files(results, flagged)
        for e in flagged:
            log(s, cycle, "equivocation", **e.history())
        # Nothing new held and nothing a derive reads changed since the last (``before``, read
        # at the start: an import changes no other input) and no consensus entered by hand
        # (a field consensus replaces those): the derived tables already hold exactly what a
        # derive would write (office.derived_state).
        waiting, refused = report.state.waiting(), len(report.state.refused)
        added = stored - files.shas
        if before is not None and not added and (part or not hand_consensus(s, cycle)):
            *counts, held_refused = held_counts(s, cycle, before)
            if part:  # the report's state holds these reviewers' keys only
                waiting, refused = len(before.breaks) + len(before.fallback), held_refused
        elif part and before is not None:  # the report's state: these reviewers' keys only
            # none of these reviewers' bundles held before: theirs are the rows just stored
            fresh = None if held else {
                (row["content_hash"], row["signer_id"], row["stage_id"], row["kind"]): row["id"]
                for row in sorted(new, key=itemgetter("sha256"))}
            *counts, waiting, refused = derive_part(s, cycle, report, reviewers, before, added,
                                                    manifests, fresh=fresh)
        else:
            counts = list(_derive(s, cycle, report, manifests))
        extra: dict[str, Any] = {"cancelled": True, "not_read": len(not_read)} \
            if not_read else {}
        if any(r.warnings for r in results):
            extra["warnings"] = sum(len(r.warnings) for r in results)
        log(s, cycle, "merge", files=len(items), **extra,
            **{k: sum(1 for r in results if r.outcome == k) for k in
               ("new", "updated", "duplicate", "stale", "fork", "rejected")})
        tally = {o.value: sum(1 for r in results if r.outcome == o.value) for o in Outcome}
        summary = MergeSummary(cycle_code(cycle), tuple(results), tally, waiting,
                               len(stored), counts[0], counts[1], refused,
                               cancelled=bool(not_read), not_read=not_read,
                               equivocations=tuple(e.message() for e in flagged))
        # the inputs the state was kept with (or, with no derive, found current with): the
        # next import's check takes them when the database is unchanged since this commit
        kept_inputs = stored_inputs(s, cycle) or (
            None if before is None or added else before.inputs)
        pending = inputs_memo.remember(s, cycle.id, kept_inputs)
    return summary, pending


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
