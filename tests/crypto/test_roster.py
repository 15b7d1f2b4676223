"""The office-signed roster: pinned root, monotonic versions, strict content."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from desktop.crypto import dsse
from desktop.crypto.errors import (
    BadSignature,
    CryptoError,
    Malformed,
    RosterRollback,
    UntrustedRoot,
)
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import ROSTER_TYPE, Roster, RosterEntry, sign_roster, verify_roster
from desktop.crypto.strictjson import b64, dumps

from .conftest import CYCLE, World


def test_round_trip_gives_back_the_roster(world: World) -> None:
    got = verify_roster(world.roster_bytes, world.pin, None)
    assert got.version == 3 and got.cycle_id == CYCLE
    assert got.reviewers == world.roster.reviewers
    assert got.office_enc_pub == world.office.enc_pub  # the only source of the office's key
    assert got.entry("R-002").leader and got.leader_of("T1") == got.entry("R-002")
    assert [e.reviewer_id for e in got.team_of("R-001")] == ["R-001", "R-002"]


def test_pin_accepts_how_a_person_typed_it(world: World) -> None:
    typed = world.pin.lower().replace("-", " ")
    assert verify_roster(world.roster_bytes, typed, 3).version == 3


def test_roster_signed_by_another_root_is_untrusted(world: World) -> None:
    other = OfficeIdentity.generate("Impostor")
    roster = replace(world.roster, root_sign_pub=other.root_sign_pub,
                     office_enc_pub=other.enc_pub)
    with pytest.raises(UntrustedRoot):
        verify_roster(sign_roster(other, roster), world.pin, None)


def test_roster_claiming_the_pinned_keyid_but_signed_by_another_key(world: World) -> None:
    other = OfficeIdentity.generate("Impostor")
    payload = dumps(world.roster.to_payload())  # names the real root key
    forged = dsse.sign(ROSTER_TYPE, payload, other.root_key, world.pin)
    with pytest.raises(BadSignature):
        verify_roster(forged, world.pin, None)


def test_older_roster_is_a_rollback_equal_is_fine(world: World) -> None:
    assert verify_roster(world.roster_bytes, world.pin, 3).version == 3
    with pytest.raises(RosterRollback) as caught:
        verify_roster(world.roster_bytes, world.pin, 4)
    assert (caught.value.got, caught.value.have) == (3, 4)


def test_newer_roster_revokes_a_reviewer(world: World) -> None:
    entries = tuple(replace(e, active=e.reviewer_id != "R-003") for e in world.roster.reviewers)
    newer = sign_roster(world.office, world.roster.next_version(entries))
    got = verify_roster(newer, world.pin, 3)
    assert got.version == 4 and not got.entry("R-003").active


def test_altered_payload_under_the_old_signature_is_rejected(world: World) -> None:
    env = dsse.parse(world.roster_bytes, ROSTER_TYPE)
    doc = json.loads(env.payload)
    doc["version"] = 99
    forged = dumps({"payload": b64(dumps(doc)), "payloadType": ROSTER_TYPE,
                    "signatures": [{"keyid": env.keyid, "sig": b64(env.sig)}]})
    with pytest.raises(BadSignature):
        verify_roster(forged, world.pin, None)


def test_every_byte_flip_of_a_roster_is_rejected(world: World) -> None:
    data = world.roster_bytes
    for i in range(len(data)):
        with pytest.raises(CryptoError):
            verify_roster(data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1:], world.pin, None)
    for n in range(len(data)):
        with pytest.raises(CryptoError):
            verify_roster(data[:n], world.pin, None)


def test_duplicate_reviewer_or_key_is_refused(world: World) -> None:
    alice = world.roster.reviewers[0]
    with pytest.raises(Malformed):
        replace(world.roster, reviewers=(alice, replace(alice, reviewer_id="R-009")))
    with pytest.raises(Malformed):
        replace(world.roster, reviewers=(alice, alice))


def test_office_cannot_sign_a_roster_naming_other_office_keys(world: World) -> None:
    other = OfficeIdentity.generate("Other")
    with pytest.raises(Malformed):
        sign_roster(other, world.roster)


def test_unknown_field_in_signed_roster_is_malformed(world: World) -> None:
    doc = world.roster.to_payload() | {"note": "x"}
    data = dsse.sign(ROSTER_TYPE, dumps(doc), world.office.root_key, world.pin)
    with pytest.raises(Malformed):
        verify_roster(data, world.pin, None)


def test_roster_entry_from_identity() -> None:
    me = ReviewerIdentity.generate("R-010", "Dana")
    entry = RosterEntry.of(me.public, team=None)
    assert entry.public == me.public and entry.fingerprint == me.fingerprint
    office = OfficeIdentity.generate("O")
    roster = Roster(1, CYCLE, "O", office.root_sign_pub, office.enc_pub, (entry,))
    assert verify_roster(sign_roster(office, roster), office.root_fingerprint, None).find(
        "R-010") == entry
