"""The roster: the office-signed list of reviewers' keys for one review cycle.

A laptop pins the office root fingerprint at enrolment (compared in person) and accepts a roster
only if it is signed by that root and its version is not lower than the one it holds. The office's
encryption key (what bundles are sealed to) is taken only from a verified roster.

The roster travels as a DSSE envelope (canonical JSON, signed, not encrypted: it holds
pseudonymous ids, display names and public keys; packages carry it sealed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from desktop.crypto import dsse, formats
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import (
    BadSignature,
    Malformed,
    RevokedSigner,
    RosterRollback,
    TooLarge,
    UnknownSigner,
    UntrustedRoot,
)
from desktop.crypto.keys import (
    KEY_BYTES,
    OfficeIdentity,
    PublicIdentity,
    fingerprint,
    normalise_fingerprint,
)
from desktop.domain.display_text import DISPLAY_NAME, OFFICE_NAME, check_display_text
from desktop.domain.messages import N_

ROSTER_TYPE = "application/vnd.scorebook.roster+json"
ROSTER_FORMAT = formats.ROSTER.tag  # "scorebook-roster/1"
MAX_ROSTER_BYTES = 4 * 1024 * 1024
MAX_REVIEWERS = 5000


@dataclass(frozen=True)
class RosterEntry:
    reviewer_id: str
    display_name: str
    sign_pub: bytes
    enc_pub: bytes
    team: str | None = None
    leader: bool = False
    active: bool = True

    @classmethod
    def of(cls, identity: PublicIdentity, team: str | None = None, leader: bool = False,
           active: bool = True) -> RosterEntry:
        return cls(identity.reviewer_id, identity.display_name, identity.sign_pub,
                   identity.enc_pub, team, leader, active)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub)

    @property
    def enc_kid(self) -> str:
        return fingerprint(self.enc_pub)

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity(self.reviewer_id, self.display_name, self.sign_pub, self.enc_pub)


@dataclass(frozen=True)
class Roster:
    version: int
    cycle_id: str
    office_name: str
    root_sign_pub: bytes
    office_enc_pub: bytes
    reviewers: tuple[RosterEntry, ...]
    issued_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        _check_unique(self.reviewers)

    @property
    def root_fingerprint(self) -> str:
        return fingerprint(self.root_sign_pub)

    @property
    def office_enc_kid(self) -> str:
        return fingerprint(self.office_enc_pub)

    @cached_property
    def _by_id(self) -> dict[str, RosterEntry]:  # built once per roster (ids are unique)
        return {e.reviewer_id: e for e in self.reviewers}

    @cached_property
    def _by_fingerprint(self) -> dict[str, RosterEntry]:  # one fingerprint per key, once
        return {e.fingerprint: e for e in self.reviewers}

    def find(self, reviewer_id: str) -> RosterEntry | None:
        return self._by_id.get(reviewer_id)

    def entry(self, reviewer_id: str) -> RosterEntry:
        """The reviewer's entry; ``UnknownSigner`` if absent (active or not)."""
        found = self.find(reviewer_id)
        if found is None:
            raise UnknownSigner()
        return found

    def signer(self, keyid: str) -> RosterEntry:
        """The entry whose signing key has fingerprint ``keyid``; ``UnknownSigner`` if none.

        Callers verify the signature with the entry's key, then call ``require_active``.
        """
        found = self._by_fingerprint.get(keyid)
        if found is None:
            raise UnknownSigner()
        return found

    @staticmethod
    def require_active(entry: RosterEntry) -> None:
        if not entry.active:
            raise RevokedSigner()

    def team_of(self, reviewer_id: str) -> tuple[RosterEntry, ...]:
        team = self.entry(reviewer_id).team
        return tuple(e for e in self.reviewers if team is not None and e.team == team)

    def leader_of(self, team: str) -> RosterEntry | None:
        return next((e for e in self.reviewers if e.team == team and e.leader and e.active), None)

    def next_version(self, reviewers: Iterable[RosterEntry]) -> Roster:
        """A successor roster (version + 1) with ``reviewers``, issued now."""
        return replace(self, version=self.version + 1, reviewers=tuple(reviewers),
                       issued_at=datetime.now(UTC))

    def to_payload(self) -> dict[str, Any]:
        return {
            "format": ROSTER_FORMAT,
            "version": self.version,
            "cycle_id": self.cycle_id,
            "office_name": self.office_name,
            "root_sign_pub": sj.b64(self.root_sign_pub),
            "office_enc_pub": sj.b64(self.office_enc_pub),
            "issued_at": sj.format_time(self.issued_at),
            "reviewers": [{
                "reviewer_id": e.reviewer_id,
                "display_name": e.display_name,
                "sign_pub": sj.b64(e.sign_pub),
                "enc_pub": sj.b64(e.enc_pub),
                "team": e.team,
                "leader": e.leader,
                "active": e.active,
            } for e in self.reviewers],
        }


def _check_unique(entries: tuple[RosterEntry, ...]) -> None:
    for attr in ("reviewer_id", "sign_pub", "enc_pub"):
        values = [getattr(e, attr) for e in entries]
        if len(set(values)) != len(values):
            raise Malformed(N_("the roster lists a reviewer or a key twice"))


_KEY = sj.b64bytes(KEY_BYTES)
_ENTRY = sj.obj({
    "reviewer_id": sj.ident,
    "display_name": sj.string(200, 1, multiline=False),
    "sign_pub": _KEY,
    "enc_pub": _KEY,
    "team": sj.nullable(sj.ident),
    "leader": sj.boolean,
    "active": sj.boolean,
})
_ROSTER = sj.obj({
    "format": sj.one_of(ROSTER_FORMAT),
    "version": sj.integer(1, 2**53),
    "cycle_id": sj.ident,
    "office_name": sj.string(200, 1, multiline=False),
    "root_sign_pub": _KEY,
    "office_enc_pub": _KEY,
    "issued_at": sj.utc_time,
    "reviewers": sj.array(_ENTRY, MAX_REVIEWERS),
})
_ROSTERS: dict[int, sj.Check] = {1: _ROSTER}  # one schema per version read (formats.ROSTER)


def _shown(keyid: str) -> str:
    """A key id from a file, shown to a person only if it has the form of a fingerprint."""
    try:
        return normalise_fingerprint(keyid)
    except Malformed:
        return "?"


def sign_roster(office: OfficeIdentity, roster: Roster) -> bytes:
    """The signed roster bytes. The roster must name this office's keys; the office's and every
    reviewer's name must show as what they are (``UnsafeDisplayText`` names a bidi control,
    zero-width or control character)."""
    if roster.root_sign_pub != office.root_sign_pub or roster.office_enc_pub != office.enc_pub:
        raise Malformed(N_("the roster names other office keys than the signing office's"))
    check_display_text(roster.office_name, OFFICE_NAME)
    for entry in roster.reviewers:
        check_display_text(entry.display_name, DISPLAY_NAME)
    payload = sj.dumps(roster.to_payload())
    return dsse.sign(ROSTER_TYPE, payload, office.root_key, office.root_fingerprint)


def verify_roster(data: bytes, pinned_root_fp: str, have_version: int | None) -> Roster:
    """Verify a signed roster against the pinned root fingerprint and the version held.

    Verify before parse, size first: the envelope is capped, then the root key is found in the
    payload's exact bytes (``dsse.embedded_keys``, no parsing), must have the pinned fingerprint,
    and the signature is verified over those bytes; only then is the payload parsed, checked
    against its schema, and required to name that same root key. A payload that is not even
    JSON, under a signature that does not verify, is a signature error. (A later roster format
    must keep ``"root_sign_pub":"<standard base64 of 32 bytes>"`` in its canonical payload, so
    that the key is found before parsing and a newer roster still reports ``NewerFormat``.)

    Raises ``UntrustedRoot`` for another signer, ``BadSignature`` for altered bytes,
    ``RosterRollback`` for a version lower than ``have_version``; ``Malformed``/``TooLarge``.
    """
    if len(data) > MAX_ROSTER_BYTES:
        raise TooLarge(len(data), MAX_ROSTER_BYTES)
    pinned = normalise_fingerprint(pinned_root_fp)
    envelope = dsse.parse(data, ROSTER_TYPE)
    if envelope.keyid != pinned:
        raise UntrustedRoot(_shown(envelope.keyid))
    # The root key travels in the payload; it is trusted only because its fingerprint is the
    # pinned one. Nothing of the payload is parsed before the signature has verified under it.
    candidates = dsse.embedded_keys(envelope.payload, "root_sign_pub")
    root_pub = next((k for k in candidates if fingerprint(k) == pinned), None)
    if root_pub is None:
        if candidates:
            raise UntrustedRoot(fingerprint(candidates[0]))
        raise BadSignature()  # nothing in it verifies under the pinned key
    envelope.verify(root_pub)
    doc = sj.as_object(sj.loads(envelope.payload), "roster")
    checked = _ROSTERS[formats.ROSTER.version_of(doc, "roster")](doc, "roster")
    if checked["root_sign_pub"] != root_pub:
        raise Malformed(N_("the roster names another root key than the one it is signed with"))
    roster = Roster(
        version=checked["version"],
        cycle_id=checked["cycle_id"],
        office_name=checked["office_name"],
        root_sign_pub=checked["root_sign_pub"],
        office_enc_pub=checked["office_enc_pub"],
        reviewers=tuple(RosterEntry(**e) for e in checked["reviewers"]),
        issued_at=sj.parse_time(checked["issued_at"]),
    )
    if have_version is not None and roster.version < have_version:
        raise RosterRollback(roster.version, have_version)
    return roster
