"""Revoke and replace a reviewer's key (a lost laptop), and the roster update that carries it to
the field.

A revocation records why, when the office learnt of the loss, and the last revision of that key
it trusts; the reviewer is marked inactive and a new roster version is signed. A bundle's own
creation time is written by whoever holds the key, so it proves nothing: what counts is when the
office received it. Bundles of the key the office did not hold before the revocation (the
earlier of the moment it learnt of the loss and the moment it recorded it) are refused; those it
held are re-checked (their signature verified again with the revoked key) and, above the trusted
revision, wait for the office's recorded decision (``decide_revoked``). A replacement key for the
same reviewer id is enrolled with ``replace_key`` (its fingerprint compared with the card's).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.atomic import write_atomic
from desktop.crypto.bundle import open_bundle
from desktop.crypto.errors import CryptoError
from desktop.crypto.keys import OfficeIdentity, PublicIdentity, read_card
from desktop.crypto.roster import Roster, RosterEntry
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import KeyRevocation, Reviewer
from desktop.models.office.review import ReceivedBundle
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.case_roster import ROSTER_UPDATE_SUFFIX
from desktop.services.keys import EnrolmentCardView, check_card_fingerprint
from desktop.services.office.changes import DERIVED, Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    dumps,
    find_reviewer,
    loads,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.packages import _issue_roster, current_roster
from desktop.services.office.results_trust import (
    KeyReplaced,
    KeyRevoked,
    RevocationView,
    RevokedBundle,
    RevokedDecided,
    RosterUpdateWritten,
)
from desktop.services.office.reviewers import _public_json
from desktop.services.office.revoked_keys import DECISION_KEY, _aware, cutoff, revocations
from desktop.services.office.workspace import Workspace

if TYPE_CHECKING:
    from desktop.services.office.merge_types import Incoming

MAX_REASON = 2000

# what each operation touches (the window's pages read again what they show of these)
REVOKED = DERIVED | OfficeChanges(people=True, keys=True)  # inactive, a roster, re-checked
REPLACED = OfficeChanges(people=True, keys=True)
DECIDED = DERIVED | OfficeChanges(keys=True)  # the merged state derived again
ROSTER_WRITTEN = OfficeChanges(packages=True, history=True)  # perhaps a new roster version


def revoked_identity(row: KeyRevocation) -> PublicIdentity:
    return _identity_of(row.public_json)


def _identity_of(public_json: bytes) -> PublicIdentity:
    from desktop.crypto import strictjson as sj

    doc = sj.loads(public_json)
    return PublicIdentity(doc["reviewer_id"], doc["display_name"],
                          sj.decode_b64(doc["sign_pub"], "sign_pub"),
                          sj.decode_b64(doc["enc_pub"], "enc_pub"))


def with_key(roster: Roster, old: PublicIdentity) -> Roster:
    """The roster with the reviewer's entry carrying ``old`` (active): to verify a bundle signed
    by a revoked key (never to accept it: the merge decides)."""
    entries = []
    for e in roster.reviewers:
        if e.reviewer_id == old.reviewer_id:
            e = RosterEntry.of(old, e.team, e.leader, True)
        entries.append(e)
    return replace(roster, reviewers=tuple(entries))


def open_with_revoked(data: bytes, identity: OfficeIdentity, roster: Roster,
                      rows: list[KeyRevocation]) -> tuple[dict[str, Any], str, str] | None:
    """(manifest, content hash, fingerprint) if a revoked key signed ``data``; else None."""
    for row in rows:
        try:
            opened = open_bundle(data, identity, with_key(roster, revoked_identity(row)))
        except CryptoError:
            continue
        return opened.manifest, opened.content_hash, row.fingerprint
    return None


def signed_when(s: Session, cycle: Cycle, items: Sequence[Incoming], identity: OfficeIdentity,
                roster: Roster | None) -> None:
    """Give each read bundle its signing key and, if the office already holds it, when it was
    received; a file refused because its key is revoked (or replaced) is verified with that key
    so that the merge refuses it with that reason."""
    from desktop.services.office.merge_types import record_from_manifest

    rows = list(s.execute(select(KeyRevocation)).scalars())
    held = {sha: (fp, received) for sha, fp, received in s.execute(
        select(ReceivedBundle.sha256, ReceivedBundle.signer_fp, ReceivedBundle.received_at)
        .where(ReceivedBundle.cycle_id == cycle.id,
               ReceivedBundle.sha256.in_({i.sha256 for i in items})))}
    for item in items:
        if item.record is None and item.data is not None and rows and roster is not None:
            opened = open_with_revoked(item.data, identity, roster, rows)
            if opened is not None:
                item.manifest, item.content_hash, item.signer_fp = opened
                item.error = None
                item.record = record_from_manifest(item.manifest, item.content_hash,
                                                   item.file.name)
        if item.record is None:
            continue
        fp, received = held.get(item.sha256, (None, None))
        item.signer_fp = item.signer_fp or fp or ""
        item.record = replace(item.record, signer_fp=item.signer_fp or None,
                              received_at=received)


def revoke_key(ws: Workspace, reviewer: str, reason: str, learnt_at: datetime,
               trusted_revision: int, cycle_ref: str | None = None) -> Done[KeyRevoked]:
    """Revoke the reviewer's present key: record it, mark the reviewer inactive, sign a new
    roster version, and re-check the bundles of that key the office holds."""
    reason = reason.strip()[:MAX_REASON]
    if not reason:
        raise InputRejected(Msg(N_("Revoking a key needs a reason")))
    if trusted_revision < 0:
        raise InputRejected(Msg(N_("The last trusted revision is 0 or more")))
    learnt = _aware(learnt_at)
    now = datetime.now(UTC)
    if learnt > now:
        raise InputRejected(Msg(N_("The moment the office learnt of the loss is in the future")))
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = find_reviewer(s, reviewer)
        if not row.active:
            raise RuleViolation(Msg(N_("The key of reviewer {reviewer} is already revoked"),
                                    {"reviewer": reviewer}))
        rev = KeyRevocation(reviewer_id=row.id, fingerprint=row.fingerprint,
                            public_json=row.public_json, reason=reason, learnt_at=learnt,
                            trusted_revision=trusted_revision, revoked_at=now)
        s.add(rev)
        row.active = False
        s.flush()
        rechecked = _recheck(s, cycle, identity, rev)
        roster = _issue_roster(s, cycle, identity)
        log(s, cycle, "reviewer.revoke", reviewer=row.id, fingerprint=row.fingerprint,
            reason=reason, learnt_at=learnt, trusted_revision=trusted_revision,
            roster=roster.version, held=rechecked["held"], refused=rechecked["refused"],
            awaiting=rechecked["awaiting"])
        _rederive(s, cycle)
        return Done(KeyRevoked(row.id, row.fingerprint, roster.version, rechecked["held"],
                               rechecked["refused"], rechecked["awaiting"], row.name), REVOKED)


def _recheck(s: Session, cycle: Cycle, identity: OfficeIdentity,
             rev: KeyRevocation) -> dict[str, int]:
    """Verify each held bundle of the reviewer again; note which key signed it."""
    found = current_roster(s, cycle)
    counts = {"held": 0, "refused": 0, "awaiting": 0}
    if found is None:
        return counts
    roster = with_key(found[0], revoked_identity(rev))
    limit = cutoff(rev)
    for b in s.execute(select(ReceivedBundle).where(
            ReceivedBundle.cycle_id == cycle.id,
            ReceivedBundle.signer_id == rev.reviewer_id)).scalars():
        try:
            open_bundle(b.raw, identity, roster)
        except CryptoError:
            continue  # signed by another key of this reviewer
        b.signer_fp = rev.fingerprint
        counts["held"] += 1
        if _aware(b.received_at) >= limit:
            counts["refused"] += 1
        elif b.revision > rev.trusted_revision:
            counts["awaiting"] += 1
    s.flush()
    return counts


def _rederive(s: Session, cycle: Cycle) -> None:
    from desktop.domain.merge import merge
    from desktop.services.office.derive import _derive
    from desktop.services.office.held import context, held_records

    held, _ = held_records(s, cycle)
    _derive(s, cycle, merge([], context(s, cycle), held))


def replace_key(ws: Workspace, reviewer: str, card: bytes, fingerprint: str,
                cycle_ref: str | None = None) -> Done[KeyReplaced]:
    """Enrol a replacement key for a reviewer whose key is revoked (same reviewer id); the
    card's fingerprint must be the one the reviewer confirmed in person."""
    pub = read_card(card)
    check_card_fingerprint(EnrolmentCardView(Path("card"), pub.reviewer_id, pub.display_name,
                                             pub.fingerprint, card), fingerprint)
    if pub.reviewer_id != reviewer:
        raise InputRejected(Msg(N_("The card is for reviewer {found}, not {reviewer}"),
                                {"found": pub.reviewer_id, "reviewer": reviewer}))
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = find_reviewer(s, reviewer)
        if row.active:
            raise RuleViolation(Msg(N_("Revoke the present key of reviewer {reviewer} before "
                                       "enrolling a replacement"), {"reviewer": reviewer}))
        used = s.execute(select(Reviewer.id).where(Reviewer.fingerprint == pub.fingerprint)
                         ).scalar_one_or_none()
        gone = s.execute(select(KeyRevocation.id).where(
            KeyRevocation.fingerprint == pub.fingerprint)).scalar_one_or_none()
        if used is not None or gone is not None:
            raise InputRejected(Msg(N_("This key is already enrolled for reviewer {reviewer}"),
                                    {"reviewer": used or reviewer}))
        old = row.fingerprint
        row.fingerprint = pub.fingerprint
        row.public_json = _public_json(pub)
        row.card = card
        row.name = pub.display_name
        row.active = True
        s.flush()
        roster = _issue_roster(s, cycle, identity)
        log(s, cycle, "reviewer.replace", reviewer=reviewer, old=old, new=pub.fingerprint,
            roster=roster.version)
        return Done(KeyReplaced(reviewer, pub.fingerprint, old, roster.version,
                                pub.display_name), REPLACED)


def list_revocations(ws: Workspace) -> list[RevocationView]:
    """The revoked keys, oldest first, with the reviewers' names."""
    with ws.uow() as s:
        names = {r.id: r.name for r in s.execute(select(Reviewer.id, Reviewer.name))}
        return [RevocationView(r.reviewer_id, r.fingerprint, r.reason, _aware(r.learnt_at),
                               r.trusted_revision, _aware(r.revoked_at),
                               names.get(r.reviewer_id, r.reviewer_id))
                for r in s.execute(select(KeyRevocation).order_by(KeyRevocation.revoked_at))
                .scalars()]


def held_of_revoked(ws: Workspace, cycle_ref: str | None = None) -> list[RevokedBundle]:
    """Every held bundle of a revoked key that the office must decide on (received before the
    revocation, above the last trusted revision), waiting ones first, then by reviewer, stage
    and revision."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = {r.fingerprint: r for r in s.execute(select(KeyRevocation)).scalars()}
        if not rows:
            return []
        decided: dict[str, dict[str, Any]] = {}
        for setting in s.execute(select(CycleSetting).where(
                CycleSetting.cycle_id == cycle.id,
                CycleSetting.key.startswith(DECISION_KEY, autoescape=True))).scalars():
            v = loads(setting.value)
            decided[v["content_hash"]] = v
        names = {r.id: r.name for r in s.execute(select(Reviewer.id, Reviewer.name))}
        programme = programme_of(cycle.programme_id)
        out = []
        for b in s.execute(select(ReceivedBundle).where(
                ReceivedBundle.cycle_id == cycle.id,
                ReceivedBundle.signer_fp.in_(list(rows)))).scalars():
            rev = rows[b.signer_fp or ""]
            if _aware(b.received_at) >= cutoff(rev) or b.revision <= rev.trusted_revision:
                continue
            d = decided.get(b.content_hash)
            out.append(RevokedBundle(
                b.file_name, b.sha256, b.content_hash, b.signer_id,
                names.get(b.signer_id, b.signer_id), b.stage_id, b.kind, b.revision,
                rev.trusted_revision, _aware(b.received_at), rev.reason,
                None if d is None else bool(d["stands"]), None if d is None else d["reason"],
                programme))
        return sorted(out, key=lambda r: (r.stands is not None, r.reviewer, r.stage,
                                          r.revision))


def decide_revoked(ws: Workspace, bundle_ref: str, stands: bool, reason: str,
                   cycle_ref: str | None = None) -> Done[RevokedDecided]:
    """Record whether a held bundle of a revoked key above the trusted revision stands."""
    from desktop.services.office.held import pick_held

    reason = reason.strip()
    if not reason:
        raise InputRejected(Msg(N_("Deciding on a revoked key's bundle needs a reason")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = pick_held(s, ReceivedBundle, bundle_ref, ReceivedBundle.cycle_id == cycle.id)
        revs = revocations(s, cycle)
        if row.signer_fp not in revs:
            raise RuleViolation(Msg(N_("Bundle {file} is not signed by a revoked key"),
                                    {"file": row.file_name}))
        key = f"{DECISION_KEY}{row.content_hash}"
        value = dumps({"content_hash": row.content_hash, "stands": stands,
                       "reason": reason, "file": row.file_name})
        setting = s.get(CycleSetting, (cycle.id, key))
        if setting is None:
            s.add(CycleSetting(cycle_id=cycle.id, key=key, value=value, source="office",
                               citation=None))
        else:
            setting.value = value
        s.flush()
        log(s, cycle, "revoked.decide", reviewer=row.signer_id, revision=row.revision,
            content_hash=row.content_hash, stands=stands, reason=reason)
        _rederive(s, cycle)
        name = s.execute(select(Reviewer.name).where(Reviewer.id == row.signer_id)
                         ).scalar_one_or_none()
        return Done(RevokedDecided(row.file_name, row.signer_id, row.revision, stands,
                                   name or row.signer_id, row.stage_id, reason), DECIDED)


def write_roster_update(ws: Workspace, to_dir: Path, cycle_ref: str | None = None
                        ) -> Done[RosterUpdateWritten]:
    """The signed roster of the cycle in a small file (``.sbr``) a case imports from a USB
    stick; issues a new roster version first if the reviewers or teams changed."""
    if not to_dir.is_dir():  # a missing stick is not made up as a folder on this disk
        raise InputRejected(Msg(N_("{folder} is not a folder: insert the USB stick or choose "
                                   "another folder"), {"folder": str(to_dir)}))
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _issue_roster(s, cycle, identity)
        found = current_roster(s, cycle)
        if found is None:  # pragma: no cover - _issue_roster always leaves one
            raise NotFound(Msg(N_("No roster has been issued for cycle {cycle} yet: issue the "
                                  "packages first"), {"cycle": cycle_code(cycle)}))
        roster, signed = found
        path = to_dir / f"roster-{roster.cycle_id}-v{roster.version}{ROSTER_UPDATE_SUFFIX}"
        write_atomic(path, signed)
        log(s, cycle, "roster.update", version=roster.version, file=path.name)
        return Done(RosterUpdateWritten(path, roster.version, roster.cycle_id,
                                        hashlib.sha256(signed).hexdigest()), ROSTER_WRITTEN)
