"""Score bundles (reviewer → office and team leader): a signed manifest, sealed to each recipient.

Sign, then encrypt: the sealed plaintext is a (binary) DSSE envelope, the reviewer's Ed25519
signature over PAE of the exact manifest bytes, so nobody without a recipient key learns even who
signed. The manifest names its recipients' key ids; a recipient checks it is named, so a team
leader cannot re-seal a reviewer's bundle to someone else unnoticed. Opening order: caps on the
cleartext header, decrypt, envelope, signer looked up on the roster by key id, signature verified
over the exact bytes, signer active, then the manifest parsed strictly (unknown fields, wrong
types, duplicate keys and NaN rejected) and cross-checked.

Manifest (canonical JSON)::

    format        "scorebook-bundle/2"            (set by build_bundle; see crypto.formats)
    bundle_id     uuid4 text
    kind          "scores" | "consensus"          (consensus: signed by a team leader)
    cycle_id, stage_id, reviewer_id               identifiers; reviewer_id must be the signer
    revision      int ≥ 1, only goes up per (reviewer, cycle, stage, kind)
    prev_hash     content_hash of the previous bundle, "" for the first
    created_at    UTC time "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"
    final         bool (interim or final)
    recipients    key ids (fingerprints of X25519 keys)    (set by build_bundle)
    audit_head    lowercase hex (0–128 chars): the case file's audit-chain head
    snapshot:
      scores        [{applicant_id, stage_id, item_id, pct: int 0–100 | null,
                      strengths, improvements, secret_marks: [{field, start, end}]}]
                    secret_marks.field ∈ {"strengths", "improvements"}
      panel_scores  [{applicant_id, stage_id, score: "87.50" | null, comment, secret_marks}]
                    secret_marks.field = "comment"
      recusals      [{applicant_id, reason: identifier, text, declared_at: UTC time}]
      feedback      [{applicant_id, stage_id, rating: identifier, text, created_at, secret_marks}]
                    secret_marks.field = "text"
      issue_notes   (version 2, scores bundles) [{applicant_id, issue_id, outcome, text,
                    secret_marks}]: what an on-site reviewer found about each site-visit issue
      findings      (version 2, consensus bundles) [{applicant_id, kind, text, sources: [reviewer
                    ids], secret_marks, item_id?, issue_id?, outcome?}]: the team's findings
                    (desktop.domain.findings: agreed strengths and improvements per item, key
                    themes, suggestions, site-visit issues and their resolutions)
    members       optional, consensus bundles only: [{reviewer_id, stage_id, revision,
                  content_hash}] of every member bundle the consensus was built from (the office
                  cross-checks them against the bundles it holds: equivocation); older bundles
                  without it stay readable
    documents     optional: {removed_at: UTC time, count} once the case removed the applicant's
                  documents for good (retention); the office lists who confirmed

Versions (``desktop.crypto.formats``): the container magic ``SCBKBDL1`` and the manifest's
``format`` both carry one. Every known version is read (each keeps its schema in ``_MANIFESTS``);
a newer one is refused with ``NewerFormat`` ("update Scorebook") after the signature is verified
and before the schema check, so a newer bundle never fails as an obscure schema error.

Marks are code-point offsets with 0 ≤ start < end ≤ len(text). A recused applicant may have no
scores or panel scores in the bundle. ``content_hash`` is SHA-256 of the exact manifest bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.crypto import container, dsse, formats
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import (
    Malformed,
    NotTeamLeader,
    SignerMismatch,
    WrongCycle,
    WrongRecipient,
)
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity, fingerprint
from desktop.crypto.roster import Roster, RosterEntry
from desktop.domain.findings import FindingKind, Outcome
from desktop.domain.messages import N_

BUNDLE_TYPE = "application/vnd.scorebook.bundle+json"
BUNDLE_FORMAT = formats.BUNDLE.tag  # "scorebook-bundle/2"
BUNDLE_SUFFIX = ".sbb"
MAX_BUNDLE_BYTES = 16 * 1024 * 1024  # sealed plaintext
MAX_TEXT = 20_000
KINDS = ("scores", "consensus")


def _marks(*fields: str) -> sj.Check:
    return sj.array(sj.obj({"field": sj.one_of(*fields), "start": sj.integer(0, MAX_TEXT),
                            "end": sj.integer(1, MAX_TEXT)}), 1000)


_TEXT = sj.string(MAX_TEXT)
_SCORE = sj.obj({
    "applicant_id": sj.ident, "stage_id": sj.ident, "item_id": sj.ident,
    "pct": sj.nullable(sj.integer(0, 100)),
    "strengths": _TEXT, "improvements": _TEXT,
    "secret_marks": _marks("strengths", "improvements"),
})
_PANEL = sj.obj({
    "applicant_id": sj.ident, "stage_id": sj.ident,
    "score": sj.nullable(sj.pattern(r"(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?")),
    "comment": _TEXT, "secret_marks": _marks("comment"),
})
_RECUSAL = sj.obj({
    "applicant_id": sj.ident, "reason": sj.ident, "text": sj.string(4000),
    "declared_at": sj.utc_time,
})
_FEEDBACK = sj.obj({
    "applicant_id": sj.ident, "stage_id": sj.ident, "rating": sj.ident, "text": _TEXT,
    "created_at": sj.utc_time, "secret_marks": _marks("text"),
})
_MEMBER = sj.obj({
    "reviewer_id": sj.ident, "stage_id": sj.ident, "revision": sj.integer(1, 2**53),
    "content_hash": sj.hexstr(64),
})
MAX_MEMBERS = 1000
_ISSUE_NOTE = sj.obj({
    "applicant_id": sj.ident, "issue_id": sj.ident,
    "outcome": sj.one_of(*(o.value for o in Outcome)), "text": _TEXT,
    "secret_marks": _marks("text"),
})
_FINDING = sj.obj({
    "applicant_id": sj.ident, "kind": sj.one_of(*(k.value for k in FindingKind)),
    "text": _TEXT, "sources": sj.array(sj.ident, 50), "secret_marks": _marks("text"),
}, {"item_id": sj.ident, "issue_id": sj.ident, "outcome": sj.one_of(*(o.value for o in Outcome))})
_SNAPSHOT_V1 = {
    "scores": sj.array(_SCORE, 50_000),
    "panel_scores": sj.array(_PANEL, 5_000),
    "recusals": sj.array(_RECUSAL, 5_000),
    "feedback": sj.array(_FEEDBACK, 5_000),
}
_MANIFEST_V1 = {
    "bundle_id": sj.pattern(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "kind": sj.one_of(*KINDS),
    "cycle_id": sj.ident,
    "stage_id": sj.ident,
    "reviewer_id": sj.ident,
    "revision": sj.integer(1, 2**53),
    "prev_hash": sj.hexstr(64, allow_empty=True),
    "created_at": sj.utc_time,
    "final": sj.boolean,
    "recipients": sj.array(sj.string(64, 1, False), container.MAX_RECIPIENTS),
    "audit_head": sj.pattern(r"[0-9a-f]{0,128}"),
}
_OPTIONAL = {"members": sj.array(_MEMBER, MAX_MEMBERS),
             "documents": sj.obj({"removed_at": sj.utc_time, "count": sj.integer(0, 1_000_000)})}


def _schema(version: int, snapshot: sj.Check) -> sj.Check:
    return sj.obj({**_MANIFEST_V1, "format": sj.one_of(f"{formats.BUNDLE.name}/{version}"),
                   "snapshot": snapshot}, optional=_OPTIONAL)


# One schema per version this Scorebook reads (formats.BUNDLE.readable). Version 2 adds the
# on-site reviewers' issue notes and the team's findings to the snapshot.
_MANIFESTS: dict[int, sj.Check] = {
    1: _schema(1, sj.obj(_SNAPSHOT_V1)),
    2: _schema(2, sj.obj(_SNAPSHOT_V1, {"issue_notes": sj.array(_ISSUE_NOTE, 20_000),
                                        "findings": sj.array(_FINDING, 50_000)})),
}


def _parse_manifest(payload: bytes) -> dict[str, Any]:
    """The manifest of a known version, checked against that version's schema."""
    doc = sj.loads(payload, schema_checked=True)  # the schema bounds what the parse skipped
    version = formats.BUNDLE.version_of(doc, "manifest")
    checked: dict[str, Any] = _MANIFESTS[version].parsed(doc, "manifest", payload)
    return checked


@dataclass(frozen=True)
class OpenedBundle:
    manifest: dict[str, Any] = field(repr=False)  # decrypted scores and comments
    signer: RosterEntry
    content_hash: str  # SHA-256 hex of the exact signed manifest bytes
    size: int  # bytes of the sealed file
    # the exact signed manifest bytes (UTF-8 JSON; ``manifest`` is what they parse to)
    payload: bytes = field(default=b"", repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What revisions count along: (reviewer_id, cycle_id, stage_id, kind)."""
        m = self.manifest
        return (m["reviewer_id"], m["cycle_id"], m["stage_id"], m["kind"])

    @property
    def revision(self) -> int:
        return int(self.manifest["revision"])

    def summary(self) -> dict[str, Any]:
        """A summary without any score or comment text (safe to print)."""
        m = self.manifest
        snap = m["snapshot"]
        return {
            "bundle_id": m["bundle_id"], "kind": m["kind"], "cycle_id": m["cycle_id"],
            "stage_id": m["stage_id"], "reviewer_id": m["reviewer_id"],
            "signer_fingerprint": self.signer.fingerprint, "revision": m["revision"],
            "final": m["final"], "created_at": m["created_at"], "prev_hash": m["prev_hash"],
            "content_hash": self.content_hash, "audit_head": m["audit_head"],
            "applicants": len({s["applicant_id"] for s in snap["scores"]}
                              | {s["applicant_id"] for s in snap["panel_scores"]}),
            "scores": len(snap["scores"]), "panel_scores": len(snap["panel_scores"]),
            "recusals": len(snap["recusals"]), "feedback": len(snap["feedback"]),
            "size": self.size,
        }


def new_manifest(*, kind: str, cycle_id: str, stage_id: str, reviewer_id: str, revision: int,
                 prev_hash: str, snapshot: dict[str, Any], audit_head: str,
                 final: bool = False,
                 members: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A manifest with a fresh bundle id and the current time (recipients added when built);
    ``members``: a consensus bundle's member bundles (reviewer_id, stage_id, revision,
    content_hash)."""
    out = {
        "bundle_id": str(uuid.uuid4()), "kind": kind, "cycle_id": cycle_id,
        "stage_id": stage_id, "reviewer_id": reviewer_id, "revision": revision,
        "prev_hash": prev_hash, "created_at": sj.format_time(), "final": final,
        "snapshot": snapshot, "audit_head": audit_head,
    }
    if members is not None:
        out["members"] = [dict(x) for x in members]
    return out


def _check_semantics(m: dict[str, Any]) -> None:
    if "members" in m and m["kind"] != "consensus":
        raise sj.bad("members", N_("only a consensus bundle lists member bundles"))
    snap = m["snapshot"]
    if snap.get("findings") and m["kind"] != "consensus":
        raise sj.bad("snapshot.findings", N_("only a consensus bundle carries the team's findings"))
    if snap.get("issue_notes") and m["kind"] != "scores":
        raise sj.bad("snapshot.issue_notes", N_("only a reviewer's bundle carries issue notes"))
    texts = {
        "scores": ("strengths", "improvements"), "panel_scores": ("comment",),
        "feedback": ("text",), "issue_notes": ("text",), "findings": ("text",),
    }
    for section, _fields in texts.items():
        for i, entry in enumerate(snap.get(section, ())):
            for mark in entry["secret_marks"]:
                if not mark["start"] < mark["end"] <= len(entry[mark["field"]]):
                    raise sj.bad(f"snapshot.{section}[{i}].secret_marks",
                                 N_("a mark lies outside its text"))
    scores = snap["scores"]
    if len({(s["applicant_id"], s["stage_id"], s["item_id"]) for s in scores}) != len(scores):
        seen: set[tuple[str, str, str]] = set()  # which one: the first scored twice
        for i, s in enumerate(scores):
            k = (s["applicant_id"], s["stage_id"], s["item_id"])
            if k in seen:
                raise sj.bad(f"snapshot.scores[{i}]", N_("the same item is scored twice"))
            seen.add(k)
    recused = {r["applicant_id"] for r in snap["recusals"]}
    scored = {s["applicant_id"] for s in snap["scores"]} | {
        s["applicant_id"] for s in snap["panel_scores"]}
    if recused & scored:
        raise Malformed(N_("the bundle carries scores for an applicant the reviewer is "
                           "recused from"))
    if len(set(m["recipients"])) != len(m["recipients"]) or not m["recipients"]:
        raise sj.bad("recipients", N_("must list 1 to 16 different keys"))


def _raw(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def build_bundle(identity: ReviewerIdentity, manifest: dict[str, Any],
                 recipients: Sequence[bytes]) -> bytes:
    """Sign ``manifest`` (recipients' key ids added) and seal it to each raw X25519 key."""
    if not isinstance(manifest, dict):
        raise Malformed(N_("the manifest must be an object"))
    full = dict(manifest, format=BUNDLE_FORMAT,
                recipients=[fingerprint(bytes(r)) for r in recipients])
    if "recipients" in manifest and manifest["recipients"] != full["recipients"]:
        raise Malformed(N_("the manifest names other recipients than it is sealed to"))
    if full.get("reviewer_id") != identity.reviewer_id:
        raise SignerMismatch()
    payload = sj.dumps(full)
    checked = _parse_manifest(payload)  # as receivers will
    _check_semantics(checked)
    envelope = dsse.sign_binary(BUNDLE_TYPE, payload, identity.sign_key, identity.fingerprint)
    return container.seal(container.BUNDLE_MAGIC, envelope, [bytes(r) for r in recipients],
                          MAX_BUNDLE_BYTES)


def _private(key: X25519PrivateKey | ReviewerIdentity | OfficeIdentity) -> X25519PrivateKey:
    return key if isinstance(key, X25519PrivateKey) else key.enc_private


def open_bundle(data: bytes, recipient_private: X25519PrivateKey | ReviewerIdentity |
                OfficeIdentity, roster: Roster) -> OpenedBundle:
    """Decrypt, verify against ``roster`` (already verified) and parse one bundle."""
    key = _private(recipient_private)
    count = container.recipient_count(container.BUNDLE_MAGIC, data, MAX_BUNDLE_BYTES)
    plaintext = container.unseal(container.BUNDLE_MAGIC, data, key, MAX_BUNDLE_BYTES)
    envelope = dsse.parse_binary(plaintext, BUNDLE_TYPE, "bundle")
    signer = roster.signer(envelope.keyid)
    envelope.verify(signer.sign_pub)
    roster.require_active(signer)
    manifest = _parse_manifest(envelope.payload)
    if manifest["reviewer_id"] != signer.reviewer_id:
        raise SignerMismatch()
    if fingerprint(_raw(key)) not in manifest["recipients"]:
        raise WrongRecipient()
    if len(manifest["recipients"]) != count:
        raise Malformed(N_("the manifest names other recipients than it is sealed to"))
    _check_semantics(manifest)
    if manifest["cycle_id"] != roster.cycle_id:
        raise WrongCycle()
    if manifest["kind"] == "consensus" and not signer.leader:
        raise NotTeamLeader()
    return OpenedBundle(manifest, signer, hashlib.sha256(envelope.payload).hexdigest(), len(data),
                        envelope.payload)
