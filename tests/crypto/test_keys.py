"""Identities, fingerprints and enrolment cards (real Ed25519/X25519 keys)."""

from __future__ import annotations

import json
import re

import pytest

from desktop.crypto import dsse
from desktop.crypto.errors import BadSignature, CryptoError, Malformed, TooLarge
from desktop.crypto.keys import (
    CARD_TYPE,
    OfficeIdentity,
    ReviewerIdentity,
    fingerprint,
    make_card,
    normalise_fingerprint,
    read_card,
)
from desktop.crypto.strictjson import b64, dumps


def test_reviewer_identity_has_two_distinct_32_byte_keys() -> None:
    me = ReviewerIdentity.generate("R-001", "Alice")
    pub = me.public
    assert (pub.reviewer_id, pub.display_name) == ("R-001", "Alice")
    assert len(pub.sign_pub) == len(pub.enc_pub) == 32 and pub.sign_pub != pub.enc_pub
    assert ReviewerIdentity.generate("R-001", "Alice").public.sign_pub != pub.sign_pub


def test_private_dict_round_trip_keeps_both_keys() -> None:
    me = ReviewerIdentity.generate("R-001", "Alice")
    again = ReviewerIdentity.from_private_dict(json.loads(json.dumps(me.to_private_dict())))
    assert again.public == me.public
    sig = again.sign_key.sign(b"x")
    me.sign_key.public_key().verify(sig, b"x")  # same signing key


def test_office_private_dict_round_trip() -> None:
    office = OfficeIdentity.generate("Review Office")
    again = OfficeIdentity.from_private_dict(office.to_private_dict())
    assert (again.root_sign_pub, again.enc_pub) == (office.root_sign_pub, office.enc_pub)
    assert again.root_fingerprint == office.root_fingerprint


@pytest.mark.parametrize("change", [
    {"sign_key": "AAAA"}, {"format": "other"}, {"reviewer_id": "has space"}, {"extra": 1},
])
def test_malformed_private_dict_is_rejected(change: dict[str, object]) -> None:
    data = ReviewerIdentity.generate("R-001", "Alice").to_private_dict() | change
    with pytest.raises(Malformed):
        ReviewerIdentity.from_private_dict(data)


def test_repr_shows_no_key_material() -> None:
    me = ReviewerIdentity.generate("R-001", "Alice")
    secret = me.to_private_dict()["sign_key"]
    assert secret not in repr(me) and "Ed25519" not in repr(me)
    office = OfficeIdentity.generate("Office")
    assert office.to_private_dict()["root_key"] not in repr(office)


def test_fingerprint_is_8_groups_of_4_base32_and_deterministic() -> None:
    key = ReviewerIdentity.generate("R-001", "Alice").public.sign_pub
    fp = fingerprint(key)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}", fp)
    assert fingerprint(key) == fp
    assert fingerprint(bytes([key[0] ^ 1]) + key[1:]) != fp


def test_normalise_fingerprint_accepts_how_people_type_it() -> None:
    fp = fingerprint(b"k" * 32)
    assert normalise_fingerprint(fp.lower().replace("-", " ")) == fp
    with pytest.raises(Malformed):
        normalise_fingerprint(fp[:-1])
    with pytest.raises(Malformed):
        normalise_fingerprint(fp.replace(fp[0], "0"))


def test_card_round_trip_returns_public_identity() -> None:
    me = ReviewerIdentity.generate("R-001", "阿拉坦")
    card = make_card(me)
    assert read_card(card) == me.public
    assert me.to_private_dict()["sign_key"].encode() not in card


def test_card_every_byte_flip_is_rejected() -> None:
    card = make_card(ReviewerIdentity.generate("R-001", "Alice"))
    for i in range(len(card)):
        bad = card[:i] + bytes([card[i] ^ 0x01]) + card[i + 1:]
        with pytest.raises(CryptoError):
            read_card(bad)


def test_card_with_swapped_encryption_key_fails_signature() -> None:
    me, other = (ReviewerIdentity.generate("R-001", "Alice"),
                 ReviewerIdentity.generate("R-002", "Mallory"))
    env = dsse.parse(make_card(me), CARD_TYPE)
    doc = json.loads(env.payload)
    doc["enc_pub"] = b64(other.public.enc_pub)
    forged = dumps({"payload": b64(dumps(doc)), "payloadType": CARD_TYPE,
                    "signatures": [{"keyid": env.keyid, "sig": b64(env.sig)}]})
    with pytest.raises(BadSignature):
        read_card(forged)


def test_oversized_card_is_refused_before_parsing() -> None:
    with pytest.raises(TooLarge):
        read_card(b"{" * 100_000)
