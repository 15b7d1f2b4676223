"""The sealed-file container shared by panel packages and score bundles (like age, with HPKE).

Layout (all integers big-endian)::

    preamble   magic (8) | n_recipients u8 (1..16) | plaintext_size u32          13 bytes
               (the magic's last byte is the layout version: ``SCBKBDL1``, ``SCBKPKG1``)
    stanzas    n × HPKE(X25519, HKDF-SHA256, ChaCha20-Poly1305) seal of the file key, 80 each
    body       ChaCha20-Poly1305(payload key, nonce 0, aad = preamble ‖ stanzas) of the plaintext

A random 32-byte file key is sealed once per recipient, so one file serves the office and the team
leader. The preamble is bound into every stanza through HPKE ``info`` and, with the stanzas, into
the body as associated data: every byte of the file is authenticated. The payload key is derived
from the file key with HKDF (one key per file, so the fixed nonce is never reused).

Stanzas carry no key ids: a receiver tries its key on each (at most 16), so a lost stick does not
say whose keys the file is for. Sizes are read from the preamble and checked against the caller's
cap *before* any decryption; the file length must match them exactly.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.crypto import formats
from desktop.crypto.errors import CannotDecrypt, Malformed, TooLarge, WrongRecipient
from desktop.domain.messages import N_

PACKAGE_MAGIC = b"SCBKPKG1"
BUNDLE_MAGIC = b"SCBKBDL1"
_PREAMBLE = struct.Struct(">8sBI")
STANZA_BYTES = 80  # HPKE enc (32) + sealed file key (32) + tag (16)
TAG_BYTES = 16
FILE_KEY_BYTES = 32
MAX_RECIPIENTS = 16
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
_NONCE = bytes(12)


def overhead(n_recipients: int) -> int:
    return _PREAMBLE.size + n_recipients * STANZA_BYTES + TAG_BYTES


def _info(preamble: bytes) -> bytes:
    return b"scorebook/v1 file key\x00" + preamble


def _payload_key(file_key: bytes, magic: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None,
                info=b"scorebook/v1 payload\x00" + magic).derive(file_key)


def seal(magic: bytes, plaintext: bytes, recipients: Sequence[bytes], max_plaintext: int) -> bytes:
    """Seal ``plaintext`` to each raw X25519 public key in ``recipients``."""
    if not 1 <= len(recipients) <= MAX_RECIPIENTS or len(set(recipients)) != len(recipients):
        raise Malformed(N_("a sealed file needs 1 to 16 different recipients"))
    if len(plaintext) > max_plaintext:
        raise TooLarge(len(plaintext), max_plaintext)
    preamble = _PREAMBLE.pack(magic, len(recipients), len(plaintext))
    file_key = os.urandom(FILE_KEY_BYTES)
    try:
        stanzas = b"".join(
            _SUITE.encrypt(file_key, X25519PublicKey.from_public_bytes(pub), _info(preamble))
            for pub in recipients)
    except ValueError:
        raise Malformed(N_("a recipient key is not a valid X25519 public key")) from None
    header = preamble + stanzas
    body = ChaCha20Poly1305(_payload_key(file_key, magic)).encrypt(_NONCE, plaintext, header)
    return header + body


def check_header(magic: bytes, data: bytes, max_plaintext: int) -> tuple[int, int]:
    """Validate the cleartext header against the caps; return (n_recipients, plaintext_size).
    A magic naming a newer layout of the same kind is ``NewerFormat`` ("update Scorebook")."""
    formats.check_magic(magic, data)
    if len(data) > max_plaintext + overhead(MAX_RECIPIENTS):
        raise TooLarge(len(data), max_plaintext + overhead(MAX_RECIPIENTS))
    if len(data) < _PREAMBLE.size:
        raise Malformed(N_("the file is truncated"))
    got_magic, count, size = _PREAMBLE.unpack_from(data)
    if got_magic != magic:
        raise Malformed(N_("not a file of this kind (wrong signature bytes)"))
    if not 1 <= count <= MAX_RECIPIENTS:
        raise Malformed(N_("the recipient count is out of range"))
    if size > max_plaintext:
        raise TooLarge(size, max_plaintext)
    if len(data) != overhead(count) + size:
        raise Malformed(N_("the file is truncated or has extra bytes"))
    return count, size


def unseal(magic: bytes, data: bytes, key: X25519PrivateKey, max_plaintext: int) -> bytes:
    """Open a sealed file with our private key. Raises the typed errors, nothing else."""
    count, _size = check_header(magic, data, max_plaintext)
    preamble = data[:_PREAMBLE.size]
    header_end = _PREAMBLE.size + count * STANZA_BYTES
    info = _info(preamble)
    file_key = None
    for offset in range(_PREAMBLE.size, header_end, STANZA_BYTES):
        try:
            file_key = _SUITE.decrypt(data[offset:offset + STANZA_BYTES], key, info)
            break
        except (InvalidTag, ValueError):
            continue
    if file_key is None or len(file_key) != FILE_KEY_BYTES:
        raise WrongRecipient()
    try:
        return ChaCha20Poly1305(_payload_key(file_key, magic)).decrypt(
            _NONCE, data[header_end:], data[:header_end])
    except (InvalidTag, ValueError):
        raise CannotDecrypt() from None


def recipient_count(magic: bytes, data: bytes, max_plaintext: int) -> int:
    return check_header(magic, data, max_plaintext)[0]
