"""The reviewer's identity on this laptop: made at enrolment, kept in a passphrase-sealed file.

``identity/reviewer.identity`` (under ``user_data_dir()`` unless a folder is given) holds the
private keys and the office root fingerprint pinned at enrolment, sealed with Argon2id +
AES-256-GCM (``desktop.crypto.keyfile``). ``reviewer.card`` beside it is the public enrolment card
(self-signed), which ``show`` reads without a passphrase. Loading seals the file again when
its passphrase only opened it as typed, not in NFC, or its Argon2id parameters are below the
floor (production's then, unless the sealed body says it was made for a test or the demo).

What this laptop has seen outlives any case file: the sealed identity keeps the highest roster
version per cycle (``remember_roster``), and ``reviewer.exports`` beside it keeps the highest
revision exported per (cycle, stage, kind) with its bundle's content hash (``remember_export``,
``last_exports``). A case restored from a backup, or made again from a re-issued package,
continues from there: its next bundle takes the next revision and chains (``prev_hash``) to the
last bundle really exported, so the office takes it as an update instead of a new chain. The
ledger is written at every export, when no second passphrase is at hand, so it is not sealed
but signed with the reviewer's own key (kept in the case); it says nothing confidential (numbers
and hashes). It is read only when the folder's card is the case's reviewer's and its signature
verifies; a file that does not is ignored (the worst a rollback can do is what a restored backup
did before: a chain the office decides on).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.atomic import write_atomic
from desktop.crypto import dsse, keyfile
from desktop.crypto import strictjson as sj
from desktop.crypto.keyfile import KdfParams
from desktop.crypto.keys import (
    PublicIdentity,
    ReviewerIdentity,
    make_card,
    normalise_fingerprint,
    read_card,
)
from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.paths import user_data_dir
from desktop.services.keys import OfficeFingerprintMismatch

IDENTITY_FORMAT = "scorebook.identity/1"
IDENTITY_FILE = "reviewer.identity"
CARD_FILE = "reviewer.card"
EXPORTS_FILE = "reviewer.exports"
EXPORTS_TYPE = "application/vnd.scorebook.exports+json"
EXPORTS_FORMAT = "scorebook.exports/1"


class NoIdentity(InputRejected):
    def __init__(self, folder: Path) -> None:
        super().__init__(Msg(N_("No reviewer identity in {folder}: make one with "
                                "'scorebook identity new'"), {"folder": str(folder)}))


@dataclass(frozen=True)
class IdentityInfo:
    """Public facts about the identity (safe to print)."""

    folder: Path
    reviewer_id: str
    display_name: str
    fingerprint: str
    enc_fingerprint: str
    card_path: Path
    office_fingerprint: str | None


@dataclass(frozen=True)
class StoredIdentity:
    identity: ReviewerIdentity
    office_fingerprint: str | None
    rosters: Mapping[str, int] = field(default_factory=dict)
    # cycle id -> the highest roster version this laptop has seen (never goes down)


def identity_dir(folder: Path | None = None) -> Path:
    return folder if folder is not None else user_data_dir() / "identity"


def _info(folder: Path, public: PublicIdentity, office_fp: str | None) -> IdentityInfo:
    return IdentityInfo(folder, public.reviewer_id, public.display_name, public.fingerprint,
                        public.enc_kid, folder / CARD_FILE, office_fp)


def new_identity(reviewer_id: str, display_name: str, passphrase: str, *,
                 office_fingerprint: str | None = None, folder: Path | None = None,
                 kdf: KdfParams = keyfile.PRODUCTION_KDF) -> IdentityInfo:
    """Make a reviewer identity (Ed25519 + X25519) and store it sealed; refuse to overwrite."""
    folder = identity_dir(folder)
    path = folder / IDENTITY_FILE
    if path.exists():
        raise InputRejected(Msg(N_("{file} already exists: an identity is made once"),
                                {"file": str(path)}))
    pinned = None if office_fingerprint is None else normalise_fingerprint(office_fingerprint)
    identity = ReviewerIdentity.generate(reviewer_id, display_name)
    doc: dict[str, Any] = {"identity": identity.to_private_dict(), "office_fingerprint": pinned}
    if kdf.test_only:  # the sealed body records it: only it may keep weak parameters
        doc["kdf"] = "test"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(folder / CARD_FILE, make_card(identity))
    _write(path, doc, passphrase, kdf)
    return _info(folder, identity.public, pinned)


def _write(path: Path, doc: dict[str, Any], passphrase: str, params: KdfParams) -> None:
    body = json.dumps(doc, sort_keys=True).encode("utf-8")
    write_atomic(path, keyfile.seal(body, passphrase, params, IDENTITY_FORMAT))


def _load(passphrase: str, path: Path) -> tuple[dict[str, Any], KdfParams]:
    """The sealed body and the parameters it is sealed with, after sealing it again when the
    passphrase only opened it as typed (not NFC) or its parameters are below the floor (unless
    its body says it was made for a test or the demo). A failed rewrite is retried next time."""
    found = keyfile.unseal_detail(keyfile.read_small(path, path.name), passphrase, path.name,
                                  IDENTITY_FORMAT)
    doc = sj.as_object(sj.loads(found.plaintext), "identity")
    target = keyfile.upgrade_target(found, test_file=doc.get("kdf") == "test")
    if target is None:
        return doc, found.params
    with contextlib.suppress(OSError):
        _write(path, doc, passphrase, target)
        return doc, target
    return doc, found.params


def load_identity(passphrase: str, folder: Path | None = None) -> StoredIdentity:
    """Unseal the identity (``WrongPassphrase`` / ``KeyFileCorrupt``)."""
    folder = identity_dir(folder)
    path = folder / IDENTITY_FILE
    if not path.exists():
        raise NoIdentity(folder)
    doc, _params = _load(passphrase, path)
    identity = ReviewerIdentity.from_private_dict(doc.get("identity"))
    pinned = doc.get("office_fingerprint")
    return StoredIdentity(identity, None if pinned is None else normalise_fingerprint(pinned),
                          _rosters(doc))


def _rosters(doc: dict[str, Any]) -> dict[str, int]:
    seen = doc.get("rosters")
    if not isinstance(seen, dict):
        return {}
    return {str(k): v for k, v in seen.items() if isinstance(v, int) and v > 0}


def remember_roster(passphrase: str, cycle_id: str, version: int,
                    folder: Path | None = None) -> int:
    """Remember that a roster of ``version`` was seen for ``cycle_id`` (kept in the sealed
    identity, so a case made later from an older package is refused); the highest is kept and
    returned."""
    path = identity_dir(folder) / IDENTITY_FILE
    if not path.exists():
        raise NoIdentity(identity_dir(folder))
    doc, params = _load(passphrase, path)
    seen = _rosters(doc)
    top = max(seen.get(cycle_id, 0), version)
    if top != seen.get(cycle_id):
        seen[cycle_id] = top
        doc["rosters"] = seen
        _write(path, doc, passphrase,
               keyfile.params_for_rewrap(params, test_file=doc.get("kdf") == "test"))
    return top


def show_identity(folder: Path | None = None) -> IdentityInfo:
    """The public card's facts (no passphrase needed). The card verifies its self-signature."""
    folder = identity_dir(folder)
    card = folder / CARD_FILE
    if not card.exists():
        raise NoIdentity(folder)
    public = read_card(keyfile.read_small(card, card.name))
    return _info(folder, public, None)


def pin_office(passphrase: str, office_fingerprint: str, folder: Path | None = None) -> None:
    """Record the office root fingerprint compared in person (only when none is pinned yet: the
    same one again changes nothing, another is refused with ``OfficeFingerprintMismatch``)."""
    folder = identity_dir(folder)
    stored = load_identity(passphrase, folder)
    if stored.office_fingerprint is not None:
        typed = normalise_fingerprint(office_fingerprint)
        if typed != stored.office_fingerprint:
            raise OfficeFingerprintMismatch(typed, stored.office_fingerprint)
        return
    path = folder / IDENTITY_FILE
    doc, params = _load(passphrase, path)
    doc["office_fingerprint"] = normalise_fingerprint(office_fingerprint)
    _write(path, doc, passphrase,
           keyfile.params_for_rewrap(params, test_file=doc.get("kdf") == "test"))


# --- the highest revision exported, per (cycle, stage, kind) -----------------------------------

ExportKey = tuple[str, str, str]  # (cycle id, stage id, kind)


@dataclass(frozen=True)
class LastExport:
    revision: int
    content_hash: str


def _ledger_folder(me: ReviewerIdentity, folder: Path | None) -> Path | None:
    """The identity folder when its card is ``me``'s (else None: not this reviewer's laptop
    identity, e.g. the demo's reviewers)."""
    folder = identity_dir(folder)
    card = folder / CARD_FILE
    try:
        public = read_card(keyfile.read_small(card, card.name))
    except (ScorebookError, OSError):
        return None
    return folder if public.fingerprint == me.fingerprint else None


def _read_ledger(me: ReviewerIdentity, folder: Path) -> dict[ExportKey, LastExport]:
    path = folder / EXPORTS_FILE
    try:
        envelope = dsse.parse(keyfile.read_small(path, path.name), EXPORTS_TYPE)
        envelope.verify(me.public.sign_pub)
        doc = sj.as_object(sj.loads(envelope.payload), "exports")
    except (ScorebookError, OSError, ValueError):
        return {}
    if doc.get("format") != EXPORTS_FORMAT or doc.get("reviewer") != me.fingerprint:
        return {}
    out: dict[ExportKey, LastExport] = {}
    rows = doc.get("exports")
    for row in rows if isinstance(rows, list) else []:
        try:
            cycle, stage, kind, revision, content_hash = row
        except (TypeError, ValueError):
            continue
        if all(isinstance(v, str) for v in (cycle, stage, kind, content_hash)) and \
                isinstance(revision, int) and revision > 0:
            out[(cycle, stage, kind)] = LastExport(revision, content_hash)
    return out


def last_exports(me: ReviewerIdentity, folder: Path | None = None
                 ) -> dict[ExportKey, LastExport]:
    """The highest revision ``me`` exported per (cycle, stage, kind), as this laptop's identity
    folder remembers it (empty when it holds another reviewer's identity or nothing valid)."""
    found = _ledger_folder(me, folder)
    return {} if found is None else _read_ledger(me, found)


def remember_export(me: ReviewerIdentity, key: ExportKey, revision: int, content_hash: str,
                    folder: Path | None = None) -> bool:
    """Remember an export that was written and read back (the highest per key is kept);
    False when the identity folder is not ``me``'s. ``OSError`` if it cannot be written."""
    found = _ledger_folder(me, folder)
    if found is None:
        return False
    ledger = _read_ledger(me, found)
    last = ledger.get(key)
    if last is not None and last.revision >= revision:
        return True
    ledger[key] = LastExport(revision, content_hash)
    payload = sj.dumps({"format": EXPORTS_FORMAT, "reviewer": me.fingerprint,
                        "exports": [[*k, v.revision, v.content_hash]
                                    for k, v in sorted(ledger.items())]})
    write_atomic(found / EXPORTS_FILE, dsse.sign(EXPORTS_TYPE, payload, me.sign_key,
                                                 me.fingerprint))
    return True
