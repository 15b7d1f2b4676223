"""Panel packages (office → one reviewer): everything a visit needs, signed by the office root and
sealed to the reviewer.

Sealed plaintext::

    roster_size u32 | signed roster bytes | binary DSSE envelope (see dsse.py) of the payload

The payload is canonical JSON ``{format, package_id, cycle_id, issued_at, roster_sha256,
recipient: {reviewer_id, enc_kid}, content}``. Opening verifies, in order: the container (our
key), the roster (pinned root, not older than held), the package signature by that root, then the
payload — which must name us as recipient (so it cannot be re-sealed to someone else unnoticed),
the roster bytes it travels with, and the roster's cycle. ``content`` is whatever the office puts
in (programme, criteria, cycle, stages, assigned applicants with materials and declared secret
passages, the team); this layer requires only a JSON object within the size cap. The
applicant's PDF documents follow this sealed head as encrypted streams (``package_docs``),
their keys and hashes inside ``content``.

Versions (``desktop.crypto.formats``): the container magic, the payload's ``format`` and the
roster's ``format``. The magic is ``SCBKPKG1`` for a package that is its sealed head alone and
``SCBKPKG2`` (layout 2: the head followed by document streams) for one carrying documents, so a
Scorebook that knows only layout 1 says "made by a newer Scorebook" rather than "truncated".
A package of a newer version — any of the three — is refused with ``NewerFormat`` for a
*package*, whose message tells the reviewer to update Scorebook; every known version is read.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.crypto import container, dsse, formats
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import (
    Malformed,
    NewerFormat,
    UntrustedRoot,
    WrongCycle,
    WrongRecipient,
)
from desktop.crypto.keys import OfficeIdentity, PublicIdentity, ReviewerIdentity, fingerprint
from desktop.crypto.roster import MAX_ROSTER_BYTES, Roster, verify_roster
from desktop.domain.messages import N_

PACKAGE_TYPE = "application/vnd.scorebook.package+json"
PACKAGE_FORMAT = formats.PACKAGE.tag  # "scorebook-package/1"
MAX_PACKAGE_BYTES = 64 * 1024 * 1024  # sealed plaintext; materials are text extracts
PACKAGE_SUFFIX = ".sbp"
# Layout 2: the sealed head is followed by the documents' streams (``package_docs``).
PACKAGE_DOCS_MAGIC = container.PACKAGE_MAGIC[:7] + b"2"
_MAGICS = (container.PACKAGE_MAGIC, PACKAGE_DOCS_MAGIC)  # every layout read
_LEN = struct.Struct(">I")

_PAYLOAD = sj.obj({
    "format": sj.one_of(PACKAGE_FORMAT),
    "package_id": sj.pattern(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "cycle_id": sj.ident,
    "issued_at": sj.utc_time,
    "roster_sha256": sj.hexstr(64),
    "recipient": sj.obj({"reviewer_id": sj.ident, "enc_kid": sj.string(64, 1, False)}),
    "content": sj.any_object(),
})
_PAYLOADS: dict[int, sj.Check] = {1: _PAYLOAD}  # one schema per version read (formats.PACKAGE)


@dataclass(frozen=True)
class PanelPackage:
    package_id: str
    roster: Roster
    content: dict[str, Any] = field(repr=False)  # decrypted materials and secrets
    issued_at: datetime
    roster_bytes: bytes  # the signed roster as received, for the case file to keep and re-verify


def build_package(office: OfficeIdentity, roster_bytes: bytes, recipient: PublicIdentity,
                  content: dict[str, Any], package_id: str | None = None, *,
                  documents: bool = False) -> bytes:
    """Sign ``content`` with the office root and seal it to ``recipient``'s encryption key.
    ``package_id``: given when the documents' streams (``package_docs``) are bound to it;
    ``documents``: the streams follow the head (layout 2, ``PACKAGE_DOCS_MAGIC``)."""
    roster = verify_roster(roster_bytes, office.root_fingerprint, None)
    entry = roster.find(recipient.reviewer_id)
    if entry is None or entry.enc_pub != recipient.enc_pub or entry.sign_pub != recipient.sign_pub:
        raise Malformed(N_("the roster does not list this reviewer with these keys"))
    if not isinstance(content, dict):
        raise Malformed(N_("the package content must be an object"))
    payload = sj.dumps({
        "format": PACKAGE_FORMAT,
        "package_id": package_id or str(uuid.uuid4()),
        "cycle_id": roster.cycle_id,
        "issued_at": sj.format_time(),
        "roster_sha256": hashlib.sha256(roster_bytes).hexdigest(),
        "recipient": {"reviewer_id": recipient.reviewer_id,
                      "enc_kid": fingerprint(recipient.enc_pub)},
        "content": content,
    })
    # Round-trip through the strict parser: what we send must be what the receiver accepts.
    sj.loads(payload)
    envelope = dsse.sign_binary(PACKAGE_TYPE, payload, office.root_key,
                               office.root_fingerprint)
    plaintext = _LEN.pack(len(roster_bytes)) + roster_bytes + envelope
    magic = PACKAGE_DOCS_MAGIC if documents else container.PACKAGE_MAGIC
    return container.seal(magic, plaintext, [recipient.enc_pub], MAX_PACKAGE_BYTES)


def open_package(data: bytes, identity: ReviewerIdentity, pinned_root_fp: str,
                 have_roster_version: int | None) -> PanelPackage:
    """Decrypt, verify and parse a package; one typed ``CryptoError`` on any problem (a newer
    format: ``NewerFormat``, saying to update Scorebook)."""
    try:
        return _open_package(data, identity, pinned_root_fp, have_roster_version)
    except NewerFormat as error:  # the roster inside, or the envelope: still a newer package
        if error.kind == "package":
            raise
        raise NewerFormat("package", error.found, error.known) from None


def _open_package(data: bytes, identity: ReviewerIdentity, pinned_root_fp: str,
                  have_roster_version: int | None) -> PanelPackage:
    magic = next((m for m in _MAGICS if data.startswith(m)), _MAGICS[-1])
    plaintext = container.unseal(magic, data, identity.enc_private, MAX_PACKAGE_BYTES)
    if len(plaintext) < _LEN.size:
        raise Malformed(N_("the package is truncated"))
    (roster_size,) = _LEN.unpack_from(plaintext)
    if roster_size > min(MAX_ROSTER_BYTES, len(plaintext) - _LEN.size):
        raise Malformed(N_("the package's roster section is out of range"))
    roster_bytes = plaintext[_LEN.size:_LEN.size + roster_size]
    roster = verify_roster(roster_bytes, pinned_root_fp, have_roster_version)
    envelope = dsse.parse_binary(plaintext[_LEN.size + roster_size:], PACKAGE_TYPE, "package")
    if envelope.keyid != roster.root_fingerprint:
        raise UntrustedRoot(roster.root_fingerprint)
    envelope.verify(roster.root_sign_pub)
    raw = sj.loads(envelope.payload)
    doc = _PAYLOADS[formats.PACKAGE.version_of(raw, "package")](raw, "package")
    me = identity.public
    if doc["recipient"] != {"reviewer_id": me.reviewer_id, "enc_kid": me.enc_kid}:
        raise WrongRecipient()
    if doc["roster_sha256"] != hashlib.sha256(roster_bytes).hexdigest():
        raise Malformed(N_("the package was signed with another roster"))
    if doc["cycle_id"] != roster.cycle_id:
        raise WrongCycle()
    entry = roster.find(me.reviewer_id)
    if entry is None or entry.sign_pub != me.sign_pub or entry.enc_pub != me.enc_pub:
        raise Malformed(N_("the package's roster does not list your keys"))
    return PanelPackage(doc["package_id"], roster, doc["content"],
                        sj.parse_time(doc["issued_at"]), roster_bytes)
