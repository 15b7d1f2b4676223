"""Check the bundles the office holds again: ``verify_held`` (``scorebook office verify``, the
Import page's "Verify held bundles").

Why: a held bundle is kept whole in the workspace (its sealed bytes, its manifest, the values it
is filed under), and every merge derives the scores, consensus and feedback from those rows. On
PostgreSQL anyone who can write the database can change a row; the signatures are what such a
change cannot forge. So each held bundle's stored bytes are opened again exactly as at import —
decrypted with the office key, the reviewer's signature verified over the exact signed bytes,
the manifest parsed strictly — against the cycle's rosters, and the row must say what the
signed bytes say: the file hash, the content hash, the manifest, reviewer, stage, kind,
revision and slot.

The rosters are every version the office signed for the cycle, each verified with the root key
of the office identity (sealed under the workspace's data key, which the database does not
hold), never with a fingerprint read from the database. A bundle counts as authentic when one
of them opens it (it was imported under the roster of its time; whether the bundles of a key
revoked later still stand is decided with the revocation, not here). A roster row that does not
verify is reported too.

What this cannot see: a held row deleted, or an older genuine bundle of the same reviewer put
back — each is authentic. Reading only; the run is recorded in the cycle's history (counts).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.bundle import OpenedBundle, open_bundle
from desktop.crypto.errors import CryptoError, UnknownSigner
from desktop.crypto.keys import OfficeIdentity
from desktop.crypto.roster import Roster, verify_roster
from desktop.domain.messages import N_, Msg, nmsg
from desktop.models.office.review import ReceivedBundle, RosterIssue
from desktop.models.office.setup import Cycle
from desktop.services.office.common import cycle_code, log, resolve_cycle
from desktop.services.office.results_base import Keyed
from desktop.services.office.workspace import Workspace

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class HeldCheck(Keyed):
    """One held bundle, as its row names it, and whether its stored bytes still verify and
    say what the row says (``reason``: why not). The window's report table reads it as it is."""

    file: str
    sha256: str
    reviewer: str
    stage: str
    kind: str
    revision: int
    ok: bool
    reason: Msg | None = None
    roster_version: int | None = None  # the roster version that opened it


@dataclass(frozen=True)
class RosterCheck:
    version: int
    ok: bool
    reason: Msg | None = None


@dataclass(frozen=True)
class VerifyReport:
    cycle: str
    bundles: tuple[HeldCheck, ...]
    rosters: tuple[RosterCheck, ...]
    ok: bool  # every bundle and roster verified, and the check ran to the end
    failures: int  # bundles and rosters that did not verify
    cancelled: bool = False

    @property
    def failed(self) -> tuple[HeldCheck, ...]:
        return tuple(b for b in self.bundles if not b.ok)

    def verdict(self) -> Msg | None:
        """None when everything verified; else what failed, counted."""
        if self.failures:
            return nmsg("{count} held bundle or roster does not verify: the database was "
                        "altered or damaged. Each is listed with its reason",
                        "{count} held bundles or rosters do not verify: the database was "
                        "altered or damaged. Each is listed with its reason", self.failures)
        if self.cancelled:
            return Msg(N_("Cancelled: not every held bundle was checked"))
        return None


@dataclass(frozen=True)
class _Row:
    id: Any
    file_name: str
    sha256: str
    content_hash: str
    signer_id: str
    stage_id: str
    kind: str
    revision: int
    slot: str


def _rosters(s: Session, cycle: Cycle, root_fp: str) -> tuple[list[Roster], list[RosterCheck]]:
    """The cycle's rosters that verify, newest first, and a check for every row."""
    good: list[Roster] = []
    checks: list[RosterCheck] = []
    rows = s.execute(select(RosterIssue.version, RosterIssue.signed)
                     .where(RosterIssue.cycle_id == cycle.id)
                     .order_by(RosterIssue.version.desc())).all()
    for version, signed in rows:
        try:
            roster = verify_roster(signed, root_fp, None)
        except CryptoError as exc:
            checks.append(RosterCheck(version, False, exc.message))
            continue
        if roster.version != version or roster.cycle_id != cycle_code(cycle):
            checks.append(RosterCheck(version, False, Msg(N_(
                "the roster row names another version or cycle than its signed content"))))
            continue
        good.append(roster)
        checks.append(RosterCheck(version, True))
    return good, checks


def _open(raw: bytes, identity: OfficeIdentity, rosters: list[Roster]
          ) -> tuple[OpenedBundle, int] | Msg:
    """The bundle opened with the first roster (newest first) that verifies it, else why not:
    preferably the reason given by a roster that knows the signer."""
    error: CryptoError | None = None
    for roster in rosters:
        try:
            return open_bundle(raw, identity, roster), roster.version
        except CryptoError as exc:
            if error is None or (isinstance(error, UnknownSigner)
                                 and not isinstance(exc, UnknownSigner)):
                error = exc
    if error is None:
        return Msg(N_("no roster that verifies is held for this cycle"))
    return error.message


def _compare(row: _Row, manifest_json: str, opened: OpenedBundle) -> Msg | None:
    """Why the row does not say what the signed bytes say, or None."""
    m = opened.manifest
    if opened.content_hash != row.content_hash:
        return Msg(N_("the stored content hash is not the hash of the signed content"))
    try:
        stored = json.loads(manifest_json)
    except ValueError:
        stored = None
    if stored != m:
        return Msg(N_("the stored manifest (the scores the merge reads) differs from the "
                      "signed one"))
    signed = (m["reviewer_id"], m["stage_id"], m["kind"], m["revision"],
              f"{m['kind']}:{m['reviewer_id']}:{m['stage_id']}")
    if (row.signer_id, row.stage_id, row.kind, row.revision, row.slot) != signed:
        return Msg(N_("the stored reviewer, stage, kind or revision differs from the signed "
                      "ones"))
    return None


def _check(row: _Row, raw: bytes, manifest_json: str, identity: OfficeIdentity,
           rosters: list[Roster]) -> HeldCheck:
    def result(reason: Msg | None, version: int | None = None) -> HeldCheck:
        return HeldCheck(row.file_name, row.sha256, row.signer_id, row.stage_id, row.kind,
                         row.revision, reason is None, reason, version)

    if hashlib.sha256(raw).hexdigest() != row.sha256:
        return result(Msg(N_("the stored file is not the one imported: its hash differs")))
    opened = _open(raw, identity, rosters)
    if isinstance(opened, Msg):
        return result(Msg(N_("the stored file does not verify: {reason}"), {"reason": opened}))
    bundle, version = opened
    return result(_compare(row, manifest_json, bundle), version)


def verify_held(ws: Workspace, cycle_ref: str | None = None, *,
                progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> VerifyReport:
    """Open every held bundle of the cycle again and compare its row with its signed bytes.
    ``progress(done, total)`` after each bundle; ``is_cancelled()`` before each (the report then
    says ``cancelled`` and lists the bundles checked so far)."""
    identity = ws.identity()
    with ws.snapshot() as s:
        cycle = resolve_cycle(s, cycle_ref)
        code, cycle_id = cycle_code(cycle), cycle.id
        rosters, roster_checks = _rosters(s, cycle, identity.root_fingerprint)
        rows = [_Row(*r) for r in s.execute(
            select(ReceivedBundle.id, ReceivedBundle.file_name, ReceivedBundle.sha256,
                   ReceivedBundle.content_hash, ReceivedBundle.signer_id,
                   ReceivedBundle.stage_id, ReceivedBundle.kind, ReceivedBundle.revision,
                   ReceivedBundle.slot)
            .where(ReceivedBundle.cycle_id == cycle.id)
            .order_by(ReceivedBundle.signer_id, ReceivedBundle.stage_id, ReceivedBundle.kind,
                      ReceivedBundle.revision, ReceivedBundle.sha256)).all()]
        checks: list[HeldCheck] = []
        cancelled = False
        for row in rows:
            if is_cancelled is not None and is_cancelled():
                cancelled = True
                break
            raw, manifest_json = s.execute(  # one bundle's bytes in memory at a time
                select(ReceivedBundle.raw, ReceivedBundle.manifest_json)
                .where(ReceivedBundle.id == row.id)).one()
            checks.append(_check(row, bytes(raw), manifest_json, identity, rosters))
            if progress is not None:
                progress(len(checks), len(rows))
    failures = sum(1 for c in checks if not c.ok) + sum(1 for r in roster_checks if not r.ok)
    with ws.uow() as s:
        held = s.get(Cycle, cycle_id)
        log(s, held, "bundles.verify", bundles=len(checks), failed=failures,
            rosters=len(roster_checks), **({"cancelled": True} if cancelled else {}))
    return VerifyReport(code, tuple(checks), tuple(roster_checks),
                        ok=failures == 0 and not cancelled, failures=failures,
                        cancelled=cancelled)
