"""Identities: a reviewer's and the office's key pairs, fingerprints, and enrolment cards.

A reviewer has an Ed25519 signing key (score bundles, the enrolment card) and an X25519 key that
packages and team bundles are sealed to. The office has a root Ed25519 key (rosters, packages)
and an X25519 key that bundles are sealed to.

Fingerprints: SHA-256 over a domain tag and the raw public key, first 160 bits, in RFC 4648
base32 as 8 groups of 4 (``ABCD-EFGH-…``). Why not a word list: the people comparing speak
Chinese and Mongolian as often as English, and Latin letters and the digits 2–7 read aloud the
same in all three, where an English word list would not; the RFC 4648 alphabet has no 0/1/8/9,
so O/0, I/1 and B/8 cannot be confused. 160 bits means a forged key matching a full fingerprint
costs 2^160 work; people who compare only the first four groups still get 80 bits.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from desktop.crypto import dsse
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import Malformed, TooLarge
from desktop.domain.display_text import DISPLAY_NAME, OFFICE_NAME, check_display_text
from desktop.domain.messages import N_

KEY_BYTES = 32
_FP_TAG = b"scorebook fingerprint v1\x00"
_FP_CHARS = re.compile(r"[A-Z2-7]{32}")
CARD_TYPE = "application/vnd.scorebook.enrolment+json"
CARD_FORMAT = "scorebook-enrolment/1"
MAX_CARD_BYTES = 16 * 1024


def fingerprint(public_key_bytes: bytes) -> str:
    """Short, human-comparable fingerprint of a raw public key: 8 groups of 4 base32 chars."""
    digest = hashlib.sha256(_FP_TAG + public_key_bytes).digest()[:20]
    text = base64.b32encode(digest).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 32, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed by a person (any case, spaces or dashes) in canonical form."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    if not _FP_CHARS.fullmatch(compact):
        raise Malformed(N_("a fingerprint is 32 letters A–Z and digits 2–7"))
    return "-".join(compact[i:i + 4] for i in range(0, 32, 4))


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


_REVIEWER_ID = sj.ident
_NAME = sj.string(200, 1, multiline=False)


@dataclass(frozen=True)
class PublicIdentity:
    """What others know of a reviewer: id, name and the two public keys (raw, 32 bytes each)."""

    reviewer_id: str
    display_name: str
    sign_pub: bytes
    enc_pub: bytes

    @property
    def fingerprint(self) -> str:
        """The fingerprint people compare: of the signing key (the card binds the other key)."""
        return fingerprint(self.sign_pub)

    @property
    def enc_kid(self) -> str:
        return fingerprint(self.enc_pub)


@dataclass(frozen=True)
class ReviewerIdentity:
    """A reviewer's private keys. Stored only inside the encrypted case file."""

    reviewer_id: str
    display_name: str
    sign_key: Ed25519PrivateKey = field(repr=False)
    enc_key: X25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls, reviewer_id: str, display_name: str) -> ReviewerIdentity:
        _REVIEWER_ID(reviewer_id, "reviewer_id")
        check_display_text(display_name, DISPLAY_NAME)  # names the character: before _NAME
        _NAME(display_name, "display_name")
        return cls(reviewer_id, display_name, Ed25519PrivateKey.generate(),
                   X25519PrivateKey.generate())

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity(self.reviewer_id, self.display_name, _raw_public(self.sign_key),
                              _raw_public(self.enc_key))

    @property
    def enc_private(self) -> X25519PrivateKey:
        return self.enc_key

    @property
    def fingerprint(self) -> str:
        return fingerprint(_raw_public(self.sign_key))

    def to_private_dict(self) -> dict[str, Any]:
        return {
            "format": "scorebook-reviewer-key/1",
            "reviewer_id": self.reviewer_id,
            "display_name": self.display_name,
            "sign_key": sj.b64(_raw_private(self.sign_key)),
            "enc_key": sj.b64(_raw_private(self.enc_key)),
        }

    @classmethod
    def from_private_dict(cls, data: Any) -> ReviewerIdentity:
        doc = _REVIEWER_KEYS(data, "reviewer key")
        return cls(doc["reviewer_id"], doc["display_name"],
                   Ed25519PrivateKey.from_private_bytes(doc["sign_key"]),
                   X25519PrivateKey.from_private_bytes(doc["enc_key"]))


_REVIEWER_KEYS = sj.obj({
    "format": sj.one_of("scorebook-reviewer-key/1"),
    "reviewer_id": _REVIEWER_ID,
    "display_name": _NAME,
    "sign_key": sj.b64bytes(KEY_BYTES),
    "enc_key": sj.b64bytes(KEY_BYTES),
})


@dataclass(frozen=True)
class OfficeIdentity:
    """The review office: a root signing key (rosters, packages) and a key bundles are sealed to."""

    name: str
    root_key: Ed25519PrivateKey = field(repr=False)
    enc_key: X25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls, name: str) -> OfficeIdentity:
        check_display_text(name, OFFICE_NAME)
        _NAME(name, "name")
        return cls(name, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def root_sign_pub(self) -> bytes:
        return _raw_public(self.root_key)

    @property
    def enc_pub(self) -> bytes:
        return _raw_public(self.enc_key)

    @property
    def enc_private(self) -> X25519PrivateKey:
        return self.enc_key

    @property
    def root_fingerprint(self) -> str:
        """What a laptop pins at enrolment, compared aloud."""
        return fingerprint(self.root_sign_pub)

    def to_private_dict(self) -> dict[str, Any]:
        return {
            "format": "scorebook-office-key/1",
            "name": self.name,
            "root_key": sj.b64(_raw_private(self.root_key)),
            "enc_key": sj.b64(_raw_private(self.enc_key)),
        }

    @classmethod
    def from_private_dict(cls, data: Any) -> OfficeIdentity:
        doc = _OFFICE_KEYS(data, "office key")
        return cls(doc["name"], Ed25519PrivateKey.from_private_bytes(doc["root_key"]),
                   X25519PrivateKey.from_private_bytes(doc["enc_key"]))


_OFFICE_KEYS = sj.obj({
    "format": sj.one_of("scorebook-office-key/1"),
    "name": _NAME,
    "root_key": sj.b64bytes(KEY_BYTES),
    "enc_key": sj.b64bytes(KEY_BYTES),
})


# --- enrolment card -------------------------------------------------------------------------

_CARD = sj.obj({
    "format": sj.one_of(CARD_FORMAT),
    "reviewer_id": _REVIEWER_ID,
    "display_name": _NAME,
    "sign_pub": sj.b64bytes(KEY_BYTES),
    "enc_pub": sj.b64bytes(KEY_BYTES),
    "created_at": sj.utc_time,
})


def make_card(identity: ReviewerIdentity) -> bytes:
    """The public enrolment card: a DSSE envelope self-signed by the reviewer's signing key.

    The self-signature proves possession of the signing key and binds the encryption key to it;
    that the signing key is really this reviewer's is what the office checks by comparing the
    fingerprint with the reviewer in person. A display name with a bidi control, zero-width or
    control character is refused (``desktop.domain.display_text``), here and when read.
    """
    pub = identity.public
    check_display_text(pub.display_name, DISPLAY_NAME)
    payload = sj.dumps({
        "format": CARD_FORMAT,
        "reviewer_id": pub.reviewer_id,
        "display_name": pub.display_name,
        "sign_pub": sj.b64(pub.sign_pub),
        "enc_pub": sj.b64(pub.enc_pub),
        "created_at": sj.format_time(),
    })
    return dsse.sign(CARD_TYPE, payload, identity.sign_key, pub.fingerprint)


def read_card(data: bytes) -> PublicIdentity:
    """Verify a card's self-signature and return the identity it carries; a display name that
    would show as something else (bidi, zero-width or control characters) is refused with
    ``UnsafeDisplayText``, naming the character."""
    if len(data) > MAX_CARD_BYTES:
        raise TooLarge(len(data), MAX_CARD_BYTES)
    envelope = dsse.parse(data, CARD_TYPE)
    # Verify before parse: the key to verify with is inside the payload, found in its exact bytes
    # by the card's key id (it is only trusted after the person-to-person fingerprint check: the
    # card proves possession, not identity); the payload is parsed once the signature verified.
    sign_pub = next((k for k in dsse.embedded_keys(envelope.payload, "sign_pub")
                     if fingerprint(k) == envelope.keyid), None)
    if sign_pub is None:
        raise Malformed(N_("the card's key id does not match its key"))
    envelope.verify(sign_pub)
    raw = sj.loads(envelope.payload)
    name = raw.get("display_name") if isinstance(raw, dict) else None
    if isinstance(name, str):  # before the schema, whose message would not name the character
        check_display_text(name, DISPLAY_NAME)
    doc = _CARD(raw, "card")
    if doc["sign_pub"] != sign_pub:
        raise Malformed(N_("the card's key id does not match its key"))
    return PublicIdentity(doc["reviewer_id"], doc["display_name"], doc["sign_pub"],
                          doc["enc_pub"])
