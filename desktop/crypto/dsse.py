"""Signing exact bytes: DSSE envelopes (secure-systems-lab/dsse) with one Ed25519 signature.

The signature covers ``PAE(payloadType, payload)`` — the payload's exact bytes plus its type —
never a re-serialisation, so what is verified is byte for byte what is then parsed. The envelope
itself is canonical JSON; any other spelling of it is refused, so it has one byte form.

Inside sealed files (bundles, packages) the same signature travels in a compact binary envelope
(``sign_binary``/``parse_binary``): no base64, no JSON around the payload — the container already
authenticates every byte, and parsing 120 KB of base64-in-JSON cost more than the cryptography.
Cleartext files (roster, enrolment card) use the standard JSON envelope.

Verify before parse: callers look the signer up by ``keyid``, verify, and only then parse the
payload as JSON. Where the verifying key travels inside the payload itself (the roster names its
root key, an enrolment card its own key), ``embedded_keys`` finds it in the exact signed bytes
without parsing them; the key is trusted only through its fingerprint (the pinned root, the
card's key id), and the parsed payload must name the same key afterwards.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.crypto import formats
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import BadSignature, Malformed
from desktop.domain.messages import N_

SIG_BYTES = 64
_BINARY_MAGIC = b"DSSEBIN1"
_BINARY_HEAD = struct.Struct(">8sB")


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    keyid: str
    sig: bytes = b""

    def verify(self, public_key: bytes) -> None:
        """Raise ``BadSignature`` unless ``sig`` verifies under the raw Ed25519 ``public_key``."""
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(
                self.sig, pae(self.payload_type, self.payload))
        except (InvalidSignature, ValueError):
            raise BadSignature() from None


def sign(payload_type: str, payload: bytes, key: Ed25519PrivateKey, keyid: str) -> bytes:
    """The canonical envelope bytes for ``payload`` signed by ``key``."""
    sig = key.sign(pae(payload_type, payload))
    return sj.dumps({
        "payload": sj.b64(payload),
        "payloadType": payload_type,
        "signatures": [{"keyid": keyid, "sig": sj.b64(sig)}],
    })


_B64_KEY = rb'"([A-Za-z0-9+/]{43}=)"'  # 32 bytes in standard base64
MAX_EMBEDDED = 8


def embedded_keys(payload: bytes, field: str) -> list[bytes]:
    """The raw 32-byte keys a canonical JSON ``payload`` carries under ``field``, found in its
    exact bytes WITHOUT parsing it (at most ``MAX_EMBEDDED``, in order).

    In canonical JSON every ``"`` inside a string is escaped, so ``"field":"…"`` cannot be
    spelled inside another value; a payload that is not JSON at all may yield nothing or
    anything — which is harmless: a candidate is used only when its fingerprint is the one
    trusted and the signature then verifies under it.
    """
    found = re.finditer(rb'"' + re.escape(field.encode("ascii")) + rb'":' + _B64_KEY, payload)
    out: list[bytes] = []
    for match in found:
        try:
            raw = sj.decode_b64(match.group(1).decode("ascii"), field)
        except Malformed:  # padding bits set: not a key anyone signed
            continue
        if raw not in out:
            out.append(raw)
        if len(out) >= MAX_EMBEDDED:
            break
    return out


_SIGNATURE = sj.obj({"keyid": sj.string(64, 1, multiline=False), "sig": sj.b64bytes(SIG_BYTES)})


def parse(data: bytes, payload_type: str, canonical: bool = True) -> Envelope:
    """Parse an envelope strictly; it must carry ``payload_type`` and exactly one signature.

    ``canonical`` also refuses any other spelling of the envelope: for cleartext files (roster,
    card). Inside a sealed file every byte is already authenticated, so it is skipped there.
    """
    doc = sj.loads(data)
    if not isinstance(doc, dict) or set(doc) != {"payload", "payloadType", "signatures"}:
        raise Malformed(N_("not a signed envelope"))
    if doc["payloadType"] != payload_type:
        raise Malformed(N_("not the expected kind of signed content"))
    signatures = doc["signatures"]
    if not isinstance(signatures, list) or len(signatures) != 1:
        raise Malformed(N_("a signed envelope needs exactly one signature"))
    signature = _SIGNATURE(signatures[0], "signatures[0]")
    payload = sj.decode_b64(doc["payload"], "payload")
    if canonical and sj.dumps(doc) != data:
        raise Malformed(N_("the signed envelope is not in canonical form"))
    return Envelope(payload_type, payload, signature["keyid"], signature["sig"])


def sign_binary(payload_type: str, payload: bytes, key: Ed25519PrivateKey, keyid: str) -> bytes:
    """``DSSEBIN1 | keyid length u8 | keyid | sig (64) | type length u16 | type | payload``."""
    kid, kind = keyid.encode("ascii"), payload_type.encode("utf-8")
    sig = key.sign(pae(payload_type, payload))
    return (_BINARY_HEAD.pack(_BINARY_MAGIC, len(kid)) + kid + sig
            + struct.pack(">H", len(kind)) + kind + payload)


def parse_binary(data: bytes, payload_type: str, kind: str = "file") -> Envelope:
    """Parse a binary envelope that must carry ``payload_type``; a newer envelope version
    (``DSSEBIN2``…) is ``NewerFormat`` for a file of ``kind``."""
    formats.check_magic(_BINARY_MAGIC, data, kind)
    if len(data) < _BINARY_HEAD.size:
        raise Malformed(N_("not a signed envelope"))
    magic, kid_len = _BINARY_HEAD.unpack_from(data)
    sig_at = _BINARY_HEAD.size + kid_len
    type_at = sig_at + SIG_BYTES + 2
    if magic != _BINARY_MAGIC or len(data) < type_at:
        raise Malformed(N_("not a signed envelope"))
    (type_len,) = struct.unpack_from(">H", data, sig_at + SIG_BYTES)
    wanted = payload_type.encode("utf-8")
    if data[type_at:type_at + type_len] != wanted or type_len != len(wanted):
        raise Malformed(N_("not the expected kind of signed content"))
    try:
        keyid = data[_BINARY_HEAD.size:sig_at].decode("ascii")
    except UnicodeDecodeError:
        raise Malformed(N_("not a signed envelope")) from None
    return Envelope(payload_type, data[type_at + type_len:], keyid,
                    data[sig_at:sig_at + SIG_BYTES])
