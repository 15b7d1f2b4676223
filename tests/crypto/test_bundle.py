"""Score bundles: signed manifest, sealed to office and team leader; every way of opening one."""

from __future__ import annotations

import json
import struct
from dataclasses import replace
from typing import Any

import pytest

from desktop.crypto import container
from desktop.crypto.bundle import MAX_BUNDLE_BYTES, build_bundle, open_bundle
from desktop.crypto.errors import (
    BadSignature,
    CannotDecrypt,
    CryptoError,
    Malformed,
    NotTeamLeader,
    RevokedSigner,
    SignerMismatch,
    TooLarge,
    UnknownSigner,
    WrongCycle,
    WrongRecipient,
)
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity, fingerprint
from desktop.crypto.strictjson import dumps

from .conftest import (
    CANARY_APPLICANT,
    CANARY_COMMENT,
    CANARY_SECRET,
    World,
    manifest,
    seal_raw,
)


def to_office_and_leader(world: World) -> list[bytes]:
    return [world.roster.office_enc_pub, world.roster.entry("R-002").enc_pub]


def built(world: World, **overrides: Any) -> bytes:
    return build_bundle(world.alice, manifest(**overrides), to_office_and_leader(world))


def test_one_file_opens_for_office_and_team_leader(world: World) -> None:
    m = manifest()
    data = build_bundle(world.alice, m, to_office_and_leader(world))
    at_office = open_bundle(data, world.office, world.roster)
    at_leader = open_bundle(data, world.bob.enc_private, world.roster)
    assert at_office.manifest == at_leader.manifest
    assert at_office.manifest["snapshot"] == m["snapshot"]
    assert at_office.manifest["recipients"] == [world.roster.office_enc_kid,
                                                fingerprint(world.bob.public.enc_pub)]
    assert at_office.signer.reviewer_id == "R-001" and at_office.size == len(data)
    assert at_office.content_hash == at_leader.content_hash and len(at_office.content_hash) == 64
    assert at_office.key == ("R-001", "C2025", "onsite", "scores")
    summary = at_office.summary()
    assert summary["scores"] == 46 and summary["recusals"] == 1
    assert CANARY_COMMENT not in json.dumps(summary, ensure_ascii=False)


def test_same_manifest_sealed_twice_differs_but_hashes_equal(world: World) -> None:
    m = manifest()
    a = build_bundle(world.alice, m, to_office_and_leader(world))
    b = build_bundle(world.alice, m, to_office_and_leader(world))
    assert a != b
    assert (open_bundle(a, world.office, world.roster).content_hash
            == open_bundle(b, world.office, world.roster).content_hash)


def test_canaries_never_appear_in_bundle_bytes(world: World) -> None:
    data = built(world)
    for canary in (CANARY_APPLICANT, CANARY_COMMENT, CANARY_SECRET, "R-001", "Alice"):
        for form in (canary.encode(), json.dumps(canary).encode(), canary.encode("utf-16-le")):
            assert form not in data


def test_a_reviewer_not_addressed_cannot_open(world: World) -> None:
    with pytest.raises(WrongRecipient):
        open_bundle(built(world), world.carol, world.roster)


def test_leader_resealing_to_someone_else_is_detected(world: World) -> None:
    data = built(world)
    plain = container.unseal(container.BUNDLE_MAGIC, data, world.bob.enc_private,
                             MAX_BUNDLE_BYTES)
    resealed = container.seal(container.BUNDLE_MAGIC, plain,
                              [world.carol.public.enc_pub, world.office.enc_pub],
                              MAX_BUNDLE_BYTES)
    with pytest.raises(WrongRecipient):
        open_bundle(resealed, world.carol, world.roster)
    # Sealed to the office alone, the count no longer matches the signed recipient list.
    alone = container.seal(container.BUNDLE_MAGIC, plain, [world.office.enc_pub],
                           MAX_BUNDLE_BYTES)
    with pytest.raises(Malformed):
        open_bundle(alone, world.office, world.roster)


def test_signer_not_on_roster_is_unknown(world: World) -> None:
    stranger = ReviewerIdentity.generate("R-404", "Stranger")
    data = build_bundle(stranger, manifest("R-404"), to_office_and_leader(world))
    with pytest.raises(UnknownSigner):
        open_bundle(data, world.office, world.roster)


def test_revoked_signer_is_refused(world: World) -> None:
    data = built(world)
    revoked = replace(world.roster, version=4, reviewers=tuple(
        replace(e, active=e.reviewer_id != "R-001") for e in world.roster.reviewers))
    with pytest.raises(RevokedSigner):
        open_bundle(data, world.office, revoked)


def test_forged_signature_under_a_rostered_key_id_is_bad(world: World) -> None:
    mallory = ReviewerIdentity.generate("R-001", "Alice")  # same id, own key
    data = seal_raw(mallory, manifest() | {"format": "scorebook-bundle/1", "recipients": [
        fingerprint(k) for k in to_office_and_leader(world)]}, to_office_and_leader(world),
        keyid=world.alice.fingerprint)
    with pytest.raises(BadSignature):
        open_bundle(data, world.office, world.roster)


def signed_doc(world: World, **changes: Any) -> dict[str, Any]:
    return manifest() | {"format": "scorebook-bundle/1", "recipients": [
        fingerprint(k) for k in to_office_and_leader(world)]} | changes


def test_one_reviewer_signing_for_another_is_refused(world: World) -> None:
    with pytest.raises(SignerMismatch):
        build_bundle(world.bob, manifest("R-001"), to_office_and_leader(world))
    data = seal_raw(world.bob, signed_doc(world), to_office_and_leader(world))
    with pytest.raises(SignerMismatch):
        open_bundle(data, world.office, world.roster)


def test_consensus_needs_a_team_leader(world: World) -> None:
    data = build_bundle(world.alice, manifest(kind="consensus"), to_office_and_leader(world))
    with pytest.raises(NotTeamLeader):
        open_bundle(data, world.office, world.roster)
    ok = build_bundle(world.bob, manifest("R-002", kind="consensus"), [world.office.enc_pub])
    assert open_bundle(ok, world.office, world.roster).manifest["kind"] == "consensus"


def test_bundle_for_another_cycle_is_refused(world: World) -> None:
    with pytest.raises(WrongCycle):
        open_bundle(built(world, cycle_id="C2024"), world.office, world.roster)


@pytest.mark.parametrize("change", [
    {"revision": 0}, {"revision": True}, {"revision": 1.0}, {"final": "yes"},
    {"kind": "other"}, {"prev_hash": "XYZ"}, {"created_at": "2025-06-01 09:30"},
    {"created_at": "2025-06-01T09:30:00+08:00"}, {"bundle_id": "not-a-uuid"},
    {"audit_head": "AB"}, {"reviewer_id": "R 001"}, {"extra": 1},
])
def test_schema_violations_are_refused_at_build_and_open(world: World,
                                                         change: dict[str, Any]) -> None:
    rid = change.get("reviewer_id", "R-001")
    with pytest.raises((Malformed, SignerMismatch)):
        build_bundle(world.alice, manifest(**change), to_office_and_leader(world))
    data = seal_raw(world.alice, signed_doc(world, **change), to_office_and_leader(world))
    with pytest.raises(Malformed if rid == "R-001" else (Malformed, SignerMismatch)):
        open_bundle(data, world.office, world.roster)


def _with_score(**changes: Any) -> dict[str, Any]:
    m = manifest()
    m["snapshot"]["scores"][1] |= changes
    return m


@pytest.mark.parametrize("bad", [
    _with_score(pct=101), _with_score(pct="60"), _with_score(pct=None, extra=1),
    _with_score(secret_marks=[{"field": "strengths", "start": 5, "end": 5}]),
    _with_score(secret_marks=[{"field": "strengths", "start": 0, "end": 10_000}]),
    _with_score(secret_marks=[{"field": "name", "start": 0, "end": 1}]),
    _with_score(item_id="4.1"),  # the same item twice
    _with_score(applicant_id="A-900"),  # recused applicant
    _with_score(strengths="bell\x07"),
])
def test_snapshot_violations_are_refused(world: World, bad: dict[str, Any]) -> None:
    with pytest.raises(Malformed):
        build_bundle(world.alice, bad, to_office_and_leader(world))
    bad = bad | {"format": "scorebook-bundle/1",
                 "recipients": [fingerprint(k) for k in to_office_and_leader(world)]}
    with pytest.raises(Malformed):
        open_bundle(seal_raw(world.alice, bad, to_office_and_leader(world)), world.office,
                    world.roster)


@pytest.mark.parametrize("payload", [
    b'{"revision":1,"revision":2}', b'{"revision":NaN}', b'\xef\xbb\xbf{}', b"[]",
    b'{"a":"\\ud800"}', b"[" * 5000 + b"]" * 5000, b'{"n":' + b"9" * 40 + b"}",
])
def test_payloads_the_strict_parser_refuses(world: World, payload: bytes) -> None:
    data = seal_raw(world.alice, payload, to_office_and_leader(world))
    with pytest.raises(Malformed):
        open_bundle(data, world.office, world.roster)


def test_declared_size_over_the_cap_is_refused_before_decrypting(world: World) -> None:
    data = built(world)
    header = struct.pack(">8sBI", container.BUNDLE_MAGIC, 2, MAX_BUNDLE_BYTES + 1)
    with pytest.raises(TooLarge):
        open_bundle(header + data[13:], world.office, world.roster)
    with pytest.raises(TooLarge):
        open_bundle(data + bytes(MAX_BUNDLE_BYTES), world.office, world.roster)


def test_office_of_another_roster_cannot_open(world: World) -> None:
    with pytest.raises(WrongRecipient):
        open_bundle(built(world), OfficeIdentity.generate("Other"), world.roster)


def test_every_byte_flip_and_truncation_is_rejected(world: World) -> None:
    m = manifest()
    m["snapshot"]["scores"] = m["snapshot"]["scores"][:8]
    data = build_bundle(world.alice, m, to_office_and_leader(world))
    assert 2500 < len(data) < 8000
    kinds: set[str] = set()
    for i in range(len(data)):
        for mask in (0x01, 0x80):
            bad = data[:i] + bytes([data[i] ^ mask]) + data[i + 1:]
            with pytest.raises(CryptoError) as caught:
                open_bundle(bad, world.office, world.roster)
            kinds.add(type(caught.value).__name__)
            assert CANARY_COMMENT not in str(caught.value)
    for n in range(len(data)):
        with pytest.raises(CryptoError):
            open_bundle(data[:n], world.office, world.roster)
    assert {"Malformed", "WrongRecipient", "CannotDecrypt"} <= kinds
    assert open_bundle(data, world.office, world.roster).manifest == open_bundle(
        data, world.bob, world.roster).manifest


def test_body_tampering_is_cannot_decrypt(world: World) -> None:
    data = bytearray(built(world))
    data[-1] ^= 1
    with pytest.raises(CannotDecrypt):
        open_bundle(bytes(data), world.office, world.roster)


def test_content_hash_is_over_exact_signed_bytes(world: World) -> None:
    import hashlib

    doc = signed_doc(world)
    data = seal_raw(world.alice, doc, to_office_and_leader(world))
    assert open_bundle(data, world.office, world.roster).content_hash == hashlib.sha256(
        dumps(doc)).hexdigest()


def test_error_names_the_position_but_never_the_content(world: World) -> None:
    bad = signed_doc(world)
    bad["snapshot"]["scores"][1]["pct"] = CANARY_SECRET
    with pytest.raises(Malformed) as caught:
        open_bundle(seal_raw(world.alice, bad, to_office_and_leader(world)), world.office,
                    world.roster)
    text = str(caught.value)
    assert "manifest.snapshot.scores[1].pct" in text and CANARY_SECRET not in text


def test_lone_surrogate_in_a_comment_is_malformed(world: World) -> None:
    doc = signed_doc(world)
    doc["snapshot"]["scores"][2]["strengths"] = "ok \ud800 ok"
    payload = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("ascii")
    with pytest.raises(Malformed):
        open_bundle(seal_raw(world.alice, payload, to_office_and_leader(world)), world.office,
                    world.roster)
