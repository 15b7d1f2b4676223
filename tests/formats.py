"""The version-1 hand-off fixtures (tests/data/formats-v1) and synthetic files of a *newer*
format, signed and sealed like the real ones, as a future Scorebook might make them."""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
from pathlib import Path
from typing import Any

from desktop.crypto import container, dsse, formats
from desktop.crypto import strictjson as sj
from desktop.crypto.bundle import BUNDLE_TYPE, MAX_BUNDLE_BYTES, new_manifest
from desktop.crypto.keys import OfficeIdentity, PublicIdentity, ReviewerIdentity, fingerprint
from desktop.crypto.package import MAX_PACKAGE_BYTES, PACKAGE_DOCS_MAGIC, PACKAGE_TYPE
from desktop.crypto.roster import ROSTER_TYPE, Roster, verify_roster

FIXTURE = Path(__file__).resolve().parent / "data" / "formats-v1"
NEWER = 2  # a format version (``format`` tags, the DSSE envelope) no Scorebook of today knows
# A container layout no Scorebook of today knows: packages with documents are layout 2 already.
NEWER_BUNDLE_LAYOUT = int(container.BUNDLE_MAGIC[-1:]) + 1
NEWER_PACKAGE_LAYOUT = int(PACKAGE_DOCS_MAGIC[-1:]) + 1


def office() -> OfficeIdentity:
    return OfficeIdentity.from_private_dict(
        json.loads((FIXTURE / "office-key.test.json").read_text(encoding="utf-8")))


def reviewer() -> ReviewerIdentity:
    return ReviewerIdentity.from_private_dict(
        json.loads((FIXTURE / "reviewer-key.test.json").read_text(encoding="utf-8")))


def roster_bytes() -> bytes:
    return (FIXTURE / "roster.dsse").read_bytes()


def roster() -> Roster:
    return verify_roster(roster_bytes(), office().root_fingerprint, None)


def _envelope_magic(envelope: bytes, version: int) -> bytes:
    return envelope[:7] + str(version).encode() + envelope[8:]


def newer_bundle(signer: ReviewerIdentity, recipients: list[bytes], *, part: str = "manifest",
                 cycle_id: str = "2025") -> bytes:
    """A bundle signed by ``signer`` whose ``part`` is of version 2: ``manifest`` (its format,
    with a field version 1 does not know), ``envelope`` or ``container``."""
    snap: dict[str, list[Any]] = {"scores": [], "panel_scores": [], "recusals": [], "feedback": []}
    doc: dict[str, Any] = new_manifest(kind="scores", cycle_id=cycle_id, stage_id="onsite",
                                       reviewer_id=signer.reviewer_id, revision=1, prev_hash="",
                                       snapshot=snap, audit_head="")
    doc["recipients"] = [fingerprint(r) for r in recipients]
    doc["format"] = formats.BUNDLE.tag
    if part == "manifest":
        doc["format"] = f"scorebook-bundle/{formats.BUNDLE.current + 1}"
        doc["signed_attachments"] = [{"name": "site-photos", "sha256": "00" * 32}]
    envelope = dsse.sign_binary(BUNDLE_TYPE, sj.dumps(doc), signer.sign_key, signer.fingerprint)
    if part == "envelope":
        envelope = _envelope_magic(envelope, NEWER)
    magic = container.BUNDLE_MAGIC[:7] + str(NEWER_BUNDLE_LAYOUT).encode() \
        if part == "container" \
        else container.BUNDLE_MAGIC
    return container.seal(magic, envelope, recipients, MAX_BUNDLE_BYTES)


def newer_roster_bytes(office_id: OfficeIdentity, roster_doc: Roster) -> bytes:
    doc = roster_doc.to_payload() | {"format": f"scorebook-roster/{NEWER}",
                                     "key_rotation": {"next": None}}
    return dsse.sign(ROSTER_TYPE, sj.dumps(doc), office_id.root_key, office_id.root_fingerprint)


def newer_package(office_id: OfficeIdentity, signed_roster: bytes, recipient: PublicIdentity,
                  content: dict[str, Any], *, part: str = "payload") -> bytes:
    """A package to ``recipient`` whose ``part`` is of version 2: ``payload`` (its format, with
    a field version 1 does not know), ``content``, ``envelope`` or ``container``. (For a newer
    roster pass ``newer_roster_bytes`` as ``signed_roster`` with ``part="roster"``.)"""
    if part == "content":
        content = content | {"format": f"scorebook.panel-content/{formats.CONTENT.current + 1}",
                             "site_visit_plan": []}
    doc: dict[str, Any] = {
        "format": "scorebook-package/1",
        "package_id": str(uuid.uuid4()),
        "cycle_id": "2025",
        "issued_at": sj.format_time(),
        "roster_sha256": hashlib.sha256(signed_roster).hexdigest(),
        "recipient": {"reviewer_id": recipient.reviewer_id,
                      "enc_kid": fingerprint(recipient.enc_pub)},
        "content": content,
    }
    if part == "payload":
        doc["format"] = f"scorebook-package/{NEWER}"
        doc["expires_at"] = "2026-01-01T00:00:00Z"
    envelope = dsse.sign_binary(PACKAGE_TYPE, sj.dumps(doc), office_id.root_key,
                                office_id.root_fingerprint)
    if part == "envelope":
        envelope = _envelope_magic(envelope, NEWER)
    plaintext = struct.pack(">I", len(signed_roster)) + signed_roster + envelope
    magic = container.PACKAGE_MAGIC[:7] + str(NEWER_PACKAGE_LAYOUT).encode() \
        if part == "container" \
        else container.PACKAGE_MAGIC
    return container.seal(magic, plaintext, [recipient.enc_pub], MAX_PACKAGE_BYTES)
