"""Passphrase-protected secrets: the case file's key file and the identity file.

A case database is encrypted (SQLCipher) under a random 256-bit *data key*. The data key never
depends on the passphrase: it is wrapped with AES-256-GCM under a key derived from the passphrase
with Argon2id, in a small JSON key file beside the database. So

- opening costs one Argon2id derivation plus a raw-key SQLCipher open (no PBKDF2 per connection);
- a wrong passphrase fails the AEAD unwrap (``WrongPassphrase``), distinct from a damaged key file
  (``KeyFileCorrupt``) and from a damaged database (reported by the engine);
- re-wrapping rewrites only the key file, atomically (temp, fsync, ``os.replace``, fsync the
  folder): after a crash exactly one of the old and the new wrapping works. (A case's passphrase
  change also draws a new data key: ``desktop.services.case_rekey``.)

Passphrases are Unicode-normalised to NFC before the derivation (RFC 8265's OpaqueString rule,
without its other mappings): the same passphrase typed through different input methods or
systems (a decomposed é, a CJK compatibility ideograph, Hangul jamo) derives the same key. Files
sealed before this rule hashed the passphrase as typed: ``unseal_detail`` tries NFC first, then
the characters as typed, and says so (``legacy_passphrase``) so that the caller seals the file
again under NFC (a migration that still opens every file made before).

A floor on the Argon2id parameters (``FLOOR_MEMORY_KIB``, ``FLOOR_WORK_KIB``): ``seal`` refuses
to write below it, except parameters marked ``test_only`` in code (``CHEAP_KDF``, for the demo
and tests). The mark is never read from a file (``parse_header`` never sets it), so a file cannot
lower the bar: a file below the floor still opens (it is the user's own), and ``upgrade_target``
tells its caller to seal it again with production parameters after a successful open, unless the
caller holds its own authenticated record that the file was made for a test or a demo (the case
file's ``case.create`` audit row, the identity's sealed body).

The header (format, KDF, parameters, salt) is the AEAD's associated data, so parameters cannot be
swapped without the unwrap failing. Production KDF parameters: t=3, m=256 MiB, p=4 (~0.5–0.7 s on
a two-core laptop, once per opening). 256 rather than 64 MiB: the file is opened once a session and
the passphrase is all that protects a stolen laptop; the memory cost is what makes guessing on GPUs
expensive, and 256 MiB is still small beside the 4 GB of the cheapest laptops reviewers carry.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from desktop.atomic import write_atomic
from desktop.crypto.errors import CryptoError
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

KEY_FILE_FORMAT = "scorebook.keyfile/1"
SEALED_FORMAT = "scorebook.sealed/1"
DATA_KEY_BYTES = 32
MAX_FILE_BYTES = 1024 * 1024
# Bounds on parameters read from a file (a tampered key file, or a wrapped key in a PostgreSQL
# row, must not make the app allocate gigabytes or derive for minutes before the AEAD fails):
# memory at most 1 GiB (4x production), lanes at most 16, and work t x m at most 16x
# production's t x m (about 10 s on a two-core laptop).
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_ITERATIONS = 64
_MAX_LANES = 16
_MAX_WORK_KIB = 16 * 3 * 256 * 1024
# The floor: memory at least 64 MiB and work t x m at least 3 x 64 MiB (RFC 9106's second
# recommended setting, t=3, m=64 MiB; t=1 is allowed with 192 MiB or more). Production is 4x
# the floor's memory. Lanes have no floor: they add no cost for an attacker.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_WORK_KIB = 3 * 64 * 1024


class KeyFileError(CryptoError):
    """A passphrase-protected file could not be opened."""


class WrongPassphrase(KeyFileError):
    """The passphrase does not unlock the file (or the wrapped key was altered)."""

    def __init__(self, file: str) -> None:
        super().__init__(Msg(N_("Wrong passphrase for {file}"), {"file": file}))


class KeyFileCorrupt(KeyFileError):
    """The file is not a readable key file (truncated, altered header, unknown format)."""

    def __init__(self, file: str, problem: str, **params: Any) -> None:
        super().__init__(Msg(N_("The key file {file} is damaged: {problem}"),
                             {"file": file, "problem": Msg(problem, params)}))


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters: iterations (t), memory in KiB (m), lanes (p).

    ``test_only`` lets ``seal`` write below the floor: set in code for tests and the demo, never
    read from a file, and not part of equality (two parameter sets are equal by their numbers).
    """

    iterations: int = 3
    memory_kib: int = 256 * 1024
    lanes: int = 4
    test_only: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, int]:
        return {"t": self.iterations, "m_kib": self.memory_kib, "p": self.lanes}

    def below_floor(self) -> bool:
        return (self.memory_kib < FLOOR_MEMORY_KIB
                or self.iterations * self.memory_kib < FLOOR_WORK_KIB)


PRODUCTION_KDF = KdfParams()
# For tests and benchmarks where the KDF's cost is not what is measured. Pass it explicitly.
CHEAP_KDF = KdfParams(iterations=1, memory_kib=8, lanes=1, test_only=True)


class WeakKdfParams(InputRejected):
    """Parameters below the floor, for a new file (only ``test_only`` ones may be)."""

    def __init__(self) -> None:
        super().__init__(Msg(N_("The key derivation parameters are below the minimum "
                                "({memory} MiB of memory, {work} MiB × iterations)"),
                             {"memory": FLOOR_MEMORY_KIB // 1024,
                              "work": FLOOR_WORK_KIB // 1024}))


@dataclass(frozen=True)
class Unsealed:
    """What ``unseal_detail`` found: the plaintext, the file's parameters, and whether only the
    passphrase as typed (not its NFC form) opened it."""

    plaintext: bytes = field(repr=False)
    params: KdfParams
    legacy_passphrase: bool = False


def normalise_passphrase(passphrase: str) -> str:
    """The form a passphrase is derived in: Unicode NFC, nothing else changed (RFC 8265)."""
    return unicodedata.normalize("NFC", passphrase)


def params_for_rewrap(stored: KdfParams, *, test_file: bool = False) -> KdfParams:
    """The parameters to seal a file with again: its own when they reach the floor; below it,
    production's, unless ``test_file`` (the caller's own authenticated record says the file was
    made for a test or the demo), when its own are kept."""
    if not stored.below_floor():
        return replace(stored, test_only=False)
    return replace(stored, test_only=True) if test_file else PRODUCTION_KDF


def upgrade_target(found: Unsealed, *, test_file: bool = False) -> KdfParams | None:
    """After a successful open: the parameters to seal the file with again (its passphrase only
    opened it as typed, not in NFC; or its parameters are below the floor), else None."""
    params = params_for_rewrap(found.params, test_file=test_file)
    return params if found.legacy_passphrase or params != found.params else None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, name: str, file: str, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise KeyFileCorrupt(file, N_("field {field} is missing"), field=name)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise KeyFileCorrupt(file, N_("field {field} is not base64"), field=name) from None
    if length is not None and len(raw) != length:
        raise KeyFileCorrupt(file, N_("field {field} has the wrong length"), field=name)
    return raw


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                   memory_cost=params.memory_kib)
    return kdf.derive(passphrase.encode("utf-8"))


def _header(fmt: str, params: KdfParams, salt: bytes) -> dict[str, Any]:
    return {"format": fmt, "kdf": "argon2id", **params.to_dict(), "salt": _b64(salt),
            "aead": "aes-256-gcm"}


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _within_bounds(p: KdfParams) -> bool:
    return (1 <= p.iterations <= _MAX_ITERATIONS and 8 * p.lanes <= p.memory_kib <= _MAX_MEMORY_KIB
            and 1 <= p.lanes <= _MAX_LANES and p.iterations * p.memory_kib <= _MAX_WORK_KIB)


def seal(plaintext: bytes, passphrase: str, params: KdfParams, fmt: str = SEALED_FORMAT) -> bytes:
    """Encrypt ``plaintext`` under ``passphrase`` (NFC); returns the JSON file content.
    ``WeakKdfParams`` below the floor unless ``params.test_only``."""
    if not passphrase:
        raise InputRejected(Msg(N_("The passphrase is empty")))
    if not _within_bounds(params):  # never write a file we would refuse to read
        raise InputRejected(Msg(N_("The key derivation parameters are out of range")))
    if params.below_floor() and not params.test_only:
        raise WeakKdfParams()
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    header = _header(fmt, params, salt)
    key = derive_key(normalise_passphrase(passphrase), salt, params)
    wrapped = AESGCM(key).encrypt(nonce, plaintext, _aad(header))
    body = {**header, "nonce": _b64(nonce), "ciphertext": _b64(wrapped)}
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _int_field(body: dict[str, Any], name: str, file: str, low: int, high: int) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise KeyFileCorrupt(file, N_("field {field} is out of range"), field=name)
    return value


def parse_header(data: bytes, file: str, fmt: str) -> tuple[dict[str, Any], KdfParams]:
    if len(data) > MAX_FILE_BYTES:
        raise KeyFileCorrupt(file, N_("too large"))
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileCorrupt(file, N_("not JSON")) from None
    if not isinstance(body, dict):
        raise KeyFileCorrupt(file, N_("not a JSON object"))
    if body.get("format") != fmt:
        raise KeyFileCorrupt(file, N_("unknown format"))
    if body.get("kdf") != "argon2id" or body.get("aead") != "aes-256-gcm":
        raise KeyFileCorrupt(file, N_("unknown algorithm"))
    expected = {"format", "kdf", "t", "m_kib", "p", "salt", "aead", "nonce", "ciphertext"}
    if set(body) != expected:
        raise KeyFileCorrupt(file, N_("unexpected fields"))
    params = KdfParams(
        iterations=_int_field(body, "t", file, 1, _MAX_ITERATIONS),
        memory_kib=_int_field(body, "m_kib", file, 8, _MAX_MEMORY_KIB),
        lanes=_int_field(body, "p", file, 1, _MAX_LANES),
    )
    if params.memory_kib < 8 * params.lanes:
        raise KeyFileCorrupt(file, N_("field {field} is out of range"), field="m_kib")
    if params.iterations * params.memory_kib > _MAX_WORK_KIB:
        raise KeyFileCorrupt(file, N_("field {field} is out of range"), field="t")
    return body, params


def unseal(data: bytes, passphrase: str, file: str, fmt: str = SEALED_FORMAT) -> bytes:
    """Decrypt a file made by ``seal``; ``WrongPassphrase`` or ``KeyFileCorrupt`` on failure."""
    return unseal_detail(data, passphrase, file, fmt).plaintext


def unseal_detail(data: bytes, passphrase: str, file: str,
                  fmt: str = SEALED_FORMAT) -> Unsealed:
    """``unseal``, saying which parameters the file has and whether only the passphrase as typed
    opened it (a file sealed before passphrases were normalised: seal it again)."""
    body, params = parse_header(data, file, fmt)
    salt = _unb64(body["salt"], "salt", file, 16)
    nonce = _unb64(body["nonce"], "nonce", file, 12)
    ciphertext = _unb64(body["ciphertext"], "ciphertext", file)
    if len(ciphertext) < 16:
        raise KeyFileCorrupt(file, N_("field ciphertext is truncated"))
    header = _header(fmt, params, salt)
    nfc = normalise_passphrase(passphrase)
    candidates = (nfc, passphrase) if nfc != passphrase else (nfc,)  # NFC, then as typed
    for tried, candidate in enumerate(candidates):
        try:
            plaintext = AESGCM(derive_key(candidate, salt, params)).decrypt(nonce, ciphertext,
                                                                            _aad(header))
        except InvalidTag:
            continue
        return Unsealed(plaintext, params, legacy_passphrase=tried > 0)
    raise WrongPassphrase(file)


def read_small(path: Path, error_file: str) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileCorrupt(error_file, N_("the file is missing")) from None
    except OSError:
        raise KeyFileCorrupt(error_file, N_("the file cannot be read")) from None
    return data


# --- the case key file ---------------------------------------------------------------------------


def create_key_file(path: Path, passphrase: str, params: KdfParams = PRODUCTION_KDF) -> bytes:
    """Make a fresh random data key, write it wrapped to ``path`` (must not exist); return it."""
    if path.exists():
        raise InputRejected(Msg(N_("{file} already exists"), {"file": str(path)}))
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    write_atomic(path, seal(data_key, passphrase, params, KEY_FILE_FORMAT))
    return data_key


def unlock_key_file(path: Path, passphrase: str) -> bytes:
    """The data key in ``path``; ``WrongPassphrase`` or ``KeyFileCorrupt``."""
    return unlock_key_file_detail(path, passphrase).plaintext


def unlock_key_file_detail(path: Path, passphrase: str) -> Unsealed:
    """``unlock_key_file`` with the file's parameters and passphrase form (see ``Unsealed``)."""
    found = unseal_detail(read_small(path, path.name), passphrase, path.name, KEY_FILE_FORMAT)
    if len(found.plaintext) != DATA_KEY_BYTES:
        raise KeyFileCorrupt(path.name, N_("the wrapped key has the wrong length"))
    return found


def write_key_file(path: Path, data_key: bytes, passphrase: str, params: KdfParams) -> None:
    """Wrap ``data_key`` under ``passphrase`` into ``path``, replacing it atomically."""
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    write_atomic(path, seal(data_key, passphrase, params, KEY_FILE_FORMAT))


def change_key_file_passphrase(path: Path, old: str, new: str,
                               params: KdfParams | None = None) -> None:
    """Re-wrap the same data key under ``new``; keeps the file's KDF params unless given (raised
    to production's when they are below the floor)."""
    found = unlock_key_file_detail(path, old)
    write_key_file(path, found.plaintext, new, params or params_for_rewrap(found.params))


def key_file_params(path: Path) -> KdfParams:
    return parse_header(read_small(path, path.name), path.name, KEY_FILE_FORMAT)[1]
