"""The office workspace's backup file, and the recovery code that opens it without the passphrase.

Layout (integers big-endian)::

    magic "SCBKOBK1" (8) | header length u32 (4) | header (canonical JSON, ≤ 64 KiB) | body

    header  {"format": "scorebook.office-backup/1", "backup_id": 32 hex, "created_at": UTC time,
             "office_fingerprint", "size": bytes of the database, "nonce": base64 (12),
             "key_file": the workspace's key file as it was (the data key wrapped under the
                         passphrase with Argon2id: ``desktop.crypto.keyfile``),
             "recovery": null | {"key_id": fingerprint of the recovery public key,
                                 "public": base64 (32), "sealed": base64 (80)}}
    body    AES-256-GCM(file key, nonce, aad = magic ‖ length ‖ header) of the database file

The database is the workspace's SQLCipher file (``VACUUM INTO``: itself encrypted under the data
key); the file key is derived from the data key and the backup id (HKDF-SHA256), so one key per
backup. Two ways reach the data key: the passphrase (through ``key_file``), or the recovery code
(``recovery.sealed`` is the data key sealed with HPKE — X25519, HKDF-SHA256, ChaCha20-Poly1305 —
to the recovery public key, bound to the backup id and the office fingerprint). Every header
byte is the body's associated data: a changed id, date, fingerprint or slot fails the body's
tag. Sizes are checked against the caps and the file's length before anything is decrypted.

The recovery code is 128 random bits and a 32-bit check, printed as 8 groups of 4 letters A–Z
and digits 2–7 (a mistyped code is told apart from a wrong one). Its X25519 key is derived with
HKDF: the code has the entropy of a key, so no password hashing is needed. Only the public key
is kept by the office; the code exists on the printed sheet alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.crypto import keyfile
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import CannotDecrypt, CryptoError, Malformed, TooLarge
from desktop.crypto.keys import fingerprint
from desktop.domain.messages import N_

MAGIC = b"SCBKOBK1"
FORMAT = "scorebook.office-backup/1"
_LENGTH = struct.Struct(">I")
MAX_HEADER_BYTES = 64 * 1024
MAX_DATABASE_BYTES = 1024 * 1024 * 1024  # one AES-GCM message, in memory; an office DB is MBs
TAG_BYTES = 16
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
SEALED_BYTES = 32 + keyfile.DATA_KEY_BYTES + TAG_BYTES  # HPKE enc + sealed data key + tag
_CODE_RANDOM = 16
_CODE_CHECK = 4
_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CODE_TYPOS = str.maketrans({"0": "O", "1": "I", "8": "B"})

_FINGERPRINT = sj.pattern(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}")
_RECOVERY = sj.obj({"key_id": _FINGERPRINT,
                    "public": sj.b64bytes(32), "sealed": sj.b64bytes(SEALED_BYTES)})
_HEADER = sj.obj({
    "format": sj.string(64, 1, multiline=False),
    "backup_id": sj.hexstr(32),
    "created_at": sj.utc_time,
    "office_fingerprint": _FINGERPRINT,
    "size": sj.integer(0, MAX_DATABASE_BYTES),
    "nonce": sj.b64bytes(12),
    "key_file": sj.string(keyfile.MAX_FILE_BYTES, 1),
    "recovery": sj.nullable(_RECOVERY),
})


class NotARecoveryCode(CryptoError):
    """The text typed is not a recovery code (wrong length, letters or check)."""

    default = N_("This is not a recovery code: check it against the sheet (8 groups of 4 "
                 "letters A–Z and digits 2–7)")


class WrongRecoveryCode(CryptoError):
    """A well-formed code that does not open this backup."""

    default = N_("This recovery code does not open this backup: the backup was made before the "
                 "code's sheet was printed, or after a newer one")


class NoRecoverySlot(CryptoError):
    default = N_("This backup was made without a recovery code: only the passphrase opens it")


# --- recovery code -------------------------------------------------------------------------------


def _check(raw: bytes) -> bytes:
    return hashlib.sha256(b"scorebook recovery code v1\x00" + raw).digest()[:_CODE_CHECK]


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii")


def new_recovery_code() -> str:
    """A fresh code: 128 random bits and a 32-bit check, ``XXXX-XXXX-…`` (8 groups)."""
    raw = secrets.token_bytes(_CODE_RANDOM)
    text = _b32(raw + _check(raw))
    return "-".join(text[i:i + 4] for i in range(0, 32, 4))


def _code_secret(code: str) -> bytes:
    """The random part of a typed code (any case, spaces or dashes; 0, 1, 8 read as O, I, B)."""
    compact = re.sub(r"[\s\-]", "", code).upper().translate(_CODE_TYPOS)
    if len(compact) != 32 or any(c not in _CODE_ALPHABET for c in compact):
        raise NotARecoveryCode()
    data = base64.b32decode(compact)
    raw, check = data[:_CODE_RANDOM], data[_CODE_RANDOM:]
    if not hmac.compare_digest(check, _check(raw)):
        raise NotARecoveryCode()
    return raw


def _recovery_private(code: str) -> X25519PrivateKey:
    seed = HKDF(hashes.SHA256(), 32, salt=b"scorebook.office-recovery/1",
                info=b"x25519 key").derive(_code_secret(code))
    return X25519PrivateKey.from_private_bytes(seed)


def recovery_public(code: str) -> bytes:
    """The raw X25519 public key of a recovery code: what the office keeps."""
    return _recovery_private(code).public_key().public_bytes_raw()


def recovery_key_id(public: bytes) -> str:
    return fingerprint(public)


# --- the file ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupHeader:
    """The header as read (``key_file`` is the wrapped key: no secret in the clear)."""

    backup_id: str
    created_at: str
    office_fingerprint: str
    size: int
    nonce: bytes = field(repr=False)
    key_file: bytes = field(repr=False)
    recovery_key_id: str | None
    recovery_public: bytes | None = field(repr=False)
    recovery_sealed: bytes | None = field(repr=False)
    raw: bytes = field(repr=False)  # magic ‖ length ‖ header: the body's associated data


def _file_key(data_key: bytes, backup_id: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=bytes.fromhex(backup_id),
                info=b"scorebook.office-backup/1 file key").derive(data_key)


def _recovery_info(backup_id: str, office_fingerprint: str) -> bytes:
    return (b"scorebook.office-backup/1 recovery\x00" + bytes.fromhex(backup_id)
            + office_fingerprint.encode("ascii"))


def seal_backup(database: bytes, data_key: bytes, key_file: bytes, office_fingerprint: str,
                created_at: str, recovery: bytes | None = None,
                backup_id: str | None = None) -> tuple[str, bytes]:
    """The backup file of ``database`` (the SQLCipher file under ``data_key``); ``key_file``
    wraps ``data_key`` under the passphrase; ``recovery`` a recovery public key, if any.
    Returns (backup id, file bytes)."""
    if len(database) > MAX_DATABASE_BYTES:
        raise TooLarge(len(database), MAX_DATABASE_BYTES)
    backup_id = backup_id or secrets.token_hex(16)
    nonce = secrets.token_bytes(12)
    slot: dict[str, Any] | None = None
    if recovery is not None:
        sealed = _SUITE.encrypt(data_key, X25519PublicKey.from_public_bytes(recovery),
                                _recovery_info(backup_id, office_fingerprint))
        slot = {"key_id": recovery_key_id(recovery), "public": sj.b64(recovery),
                "sealed": sj.b64(sealed)}
    header = sj.dumps({"format": FORMAT, "backup_id": backup_id, "created_at": created_at,
                       "office_fingerprint": office_fingerprint, "size": len(database),
                       "nonce": sj.b64(nonce), "key_file": key_file.decode("utf-8"),
                       "recovery": slot})
    if len(header) > MAX_HEADER_BYTES:
        raise TooLarge(len(header), MAX_HEADER_BYTES)
    prefix = MAGIC + _LENGTH.pack(len(header)) + header
    body = AESGCM(_file_key(data_key, backup_id)).encrypt(nonce, database, prefix)
    return backup_id, prefix + body


def read_header(data: bytes) -> BackupHeader:
    """The header of a backup file, checked (format, fields, sizes against the file's length)
    before anything is decrypted."""
    start = len(MAGIC) + _LENGTH.size
    if len(data) < start or data[:len(MAGIC)] != MAGIC:
        raise Malformed(N_("not an office backup (wrong signature bytes)"))
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    if length > MAX_HEADER_BYTES:
        raise TooLarge(length, MAX_HEADER_BYTES)
    if len(data) < start + length:
        raise Malformed(N_("the file is truncated"))
    raw = data[start:start + length]
    doc = sj.as_object(sj.loads(raw), "header")
    found = doc.get("format")
    if found != FORMAT:
        if isinstance(found, str) and found.startswith("scorebook.office-backup/"):
            raise Malformed(N_("a backup format this Scorebook does not know (update it)"))
        raise Malformed(N_("not an office backup"))
    checked = _HEADER(doc, "header")
    if len(data) != start + length + checked["size"] + TAG_BYTES:
        raise Malformed(N_("the file is truncated or has extra bytes"))
    slot = checked["recovery"]
    if slot is not None and slot["key_id"] != recovery_key_id(slot["public"]):
        raise Malformed(N_("the recovery key id does not match its key"))
    return BackupHeader(checked["backup_id"], checked["created_at"],
                        checked["office_fingerprint"], checked["size"], checked["nonce"],
                        checked["key_file"].encode("utf-8"),
                        None if slot is None else slot["key_id"],
                        None if slot is None else slot["public"],
                        None if slot is None else slot["sealed"], data[:start + length])


def data_key_from_passphrase(header: BackupHeader, passphrase: str, file: str) -> bytes:
    """The data key through the key file kept in the backup (``WrongPassphrase``)."""
    key = keyfile.unseal(header.key_file, passphrase, file, keyfile.KEY_FILE_FORMAT)
    if len(key) != keyfile.DATA_KEY_BYTES:
        raise keyfile.KeyFileCorrupt(file, N_("the wrapped key has the wrong length"))
    return key


def data_key_from_recovery(header: BackupHeader, code: str) -> bytes:
    """The data key through the recovery code (``NotARecoveryCode``, ``WrongRecoveryCode``,
    ``NoRecoverySlot``)."""
    private = _recovery_private(code)
    if header.recovery_sealed is None:
        raise NoRecoverySlot()
    try:
        key = _SUITE.decrypt(header.recovery_sealed, private,
                             _recovery_info(header.backup_id, header.office_fingerprint))
    except (InvalidTag, ValueError):
        raise WrongRecoveryCode() from None
    if len(key) != keyfile.DATA_KEY_BYTES:
        raise WrongRecoveryCode()
    return key


def open_body(data: bytes, header: BackupHeader, data_key: bytes) -> bytes:
    """The database file inside (``CannotDecrypt`` when any byte of the file was changed)."""
    try:
        return AESGCM(_file_key(data_key, header.backup_id)).decrypt(
            header.nonce, data[len(header.raw):], header.raw)
    except (InvalidTag, ValueError):
        raise CannotDecrypt() from None


# --- the office's record of its recovery key -----------------------------------------------------


RECORD_FORMAT = "scorebook.office-recovery/1"
_RECORD = sj.obj({"format": sj.one_of(RECORD_FORMAT), "key_id": _FINGERPRINT,
                  "public": sj.b64bytes(32), "created_at": sj.utc_time,
                  "mac": sj.b64bytes(32)})


def _mac(data_key: bytes, key_id: str, public: bytes, created_at: str) -> bytes:
    mac_key = HKDF(hashes.SHA256(), 32, salt=None,
                   info=b"scorebook.office-recovery/1 mac").derive(data_key)
    body = sj.dumps({"format": RECORD_FORMAT, "key_id": key_id, "public": sj.b64(public),
                     "created_at": created_at})
    return hmac.new(mac_key, body, hashlib.sha256).digest()


def recovery_record(data_key: bytes, public: bytes, created_at: str) -> bytes:
    """The file the workspace keeps: the recovery public key, authenticated with a key derived
    from the data key (a swapped key would seal later backups to someone else's code)."""
    key_id = recovery_key_id(public)
    return sj.dumps({"format": RECORD_FORMAT, "key_id": key_id, "public": sj.b64(public),
                     "created_at": created_at,
                     "mac": sj.b64(_mac(data_key, key_id, public, created_at))}) + b"\n"


class RecoveryRecordAltered(CryptoError):
    default = N_("The workspace's recovery key file was altered or belongs to another "
                 "workspace: print a new recovery sheet")


def read_recovery_record(data: bytes, data_key: bytes) -> tuple[bytes, str]:
    """(public key, created at) of a record, its MAC checked (``RecoveryRecordAltered``)."""
    try:
        doc = _RECORD(sj.loads(data.rstrip(b"\n")), "recovery")
    except Malformed:
        raise RecoveryRecordAltered() from None
    expected = _mac(data_key, doc["key_id"], doc["public"], doc["created_at"])
    if not hmac.compare_digest(expected, doc["mac"]) or \
            doc["key_id"] != recovery_key_id(doc["public"]):
        raise RecoveryRecordAltered()
    return doc["public"], doc["created_at"]
