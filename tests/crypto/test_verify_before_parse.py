"""Verify before parse: a roster's or a card's payload is parsed only after its signature
verified over the exact bytes (sizes capped first); and names that would show as something else
are refused where a card is made or read and where a roster is built."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.crypto import dsse
from desktop.crypto.errors import BadSignature, Malformed, TooLarge, UntrustedRoot
from desktop.crypto.keys import (
    CARD_FORMAT,
    CARD_TYPE,
    OfficeIdentity,
    ReviewerIdentity,
    make_card,
    read_card,
)
from desktop.crypto.roster import (
    MAX_ROSTER_BYTES,
    ROSTER_TYPE,
    RosterEntry,
    sign_roster,
    verify_roster,
)
from desktop.crypto.strictjson import b64, dumps
from desktop.domain.display_text import UnsafeDisplayText
from desktop.services.keys import read_enrolment_card

from .conftest import World

HUGE = 2_600_000  # the audit's case: 2.6 MB of payload


def _forged(world: World, payload: bytes) -> bytes:
    """``payload`` under the pinned key id, signed by a key that is not the office's."""
    return dsse.sign(ROSTER_TYPE, payload, Ed25519PrivateKey.generate(), world.pin)


def test_a_huge_forged_roster_is_a_signature_error_not_a_schema_error(world: World) -> None:
    # Parsed, this would be refused for its unknown field; the signature is checked first.
    payload = dumps(world.roster.to_payload() | {"padding": "x" * HUGE})
    with pytest.raises(BadSignature):
        verify_roster(_forged(world, payload), world.pin, None)


def test_a_forged_payload_that_is_not_even_json_is_a_signature_error(world: World) -> None:
    key = f'"root_sign_pub":"{b64(world.office.root_sign_pub)}"'.encode()
    for payload in (b"\xff\xfe{not json " + key + b" [[[" + b"{" * 100_000,
                    b"\x00" * HUGE,  # no key in it at all: nothing verifies under the pin
                    b"{" * HUGE):
        with pytest.raises(BadSignature):
            verify_roster(_forged(world, payload), world.pin, None)


def test_only_a_verified_payload_is_parsed(world: World) -> None:
    # Signed by the real root, the same non-JSON payload gets as far as the parser.
    key = f'"root_sign_pub":"{b64(world.office.root_sign_pub)}"'.encode()
    signed = dsse.sign(ROSTER_TYPE, b"{" + key + b",", world.office.root_key, world.pin)
    with pytest.raises(Malformed, match="not valid JSON"):
        verify_roster(signed, world.pin, None)


def test_a_payload_naming_another_root_is_untrusted(world: World) -> None:
    other = OfficeIdentity.generate("Impostor")
    payload = dumps(replace(world.roster, root_sign_pub=other.root_sign_pub).to_payload())
    with pytest.raises(UntrustedRoot) as caught:
        verify_roster(dsse.sign(ROSTER_TYPE, payload, other.root_key, world.pin), world.pin,
                      None)
    assert caught.value.fingerprint == other.root_fingerprint


def test_size_is_capped_before_anything(world: World) -> None:
    with pytest.raises(TooLarge):
        verify_roster(b"{" * (MAX_ROSTER_BYTES + 1), world.pin, None)


def test_a_genuine_roster_still_verifies(world: World) -> None:
    assert verify_roster(world.roster_bytes, world.pin, None) == world.roster


# --- cards ---------------------------------------------------------------------------------------


def _card(identity: ReviewerIdentity, payload: bytes | None = None,
          name: str | None = None) -> bytes:
    """A self-signed card made without make_card's checks."""
    pub = identity.public
    if payload is None:
        payload = dumps({"format": CARD_FORMAT, "reviewer_id": pub.reviewer_id,
                         "display_name": pub.display_name if name is None else name,
                         "sign_pub": b64(pub.sign_pub), "enc_pub": b64(pub.enc_pub),
                         "created_at": "2025-06-01T09:30:00Z"})
    return dsse.sign(CARD_TYPE, payload, identity.sign_key, pub.fingerprint)


def test_a_card_is_verified_before_it_is_parsed() -> None:
    alice = ReviewerIdentity.generate("R-001", "Alice")
    key = f'"sign_pub":"{b64(alice.public.sign_pub)}"'.encode()
    forged = dsse.sign(CARD_TYPE, b"not json " + key, Ed25519PrivateKey.generate(),
                       alice.fingerprint)
    with pytest.raises(BadSignature):
        read_card(forged)
    with pytest.raises(Malformed, match="key id does not match"):  # no key of that id in it
        read_card(_card(alice, b"\x00" * 8000))
    with pytest.raises(Malformed, match="not valid JSON"):  # signed: then parsed
        read_card(_card(alice, b"{" + key))
    assert read_card(make_card(alice)) == alice.public


def _raw_identity(name: str) -> ReviewerIdentity:
    """An identity whose name skipped ``generate``'s check (an old or hand-made one)."""
    return ReviewerIdentity("R-009", name, Ed25519PrivateKey.generate(),
                            X25519PrivateKey.generate())


@pytest.mark.parametrize("name", ["Bob\u202eecilA", "Bo\u200bb", "\u2066Bob\u2069", "Bob\x85"])
def test_a_card_with_a_name_that_shows_as_something_else_is_refused(
        name: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafeDisplayText):
        ReviewerIdentity.generate("R-009", name)
    identity = _raw_identity(name)
    with pytest.raises(UnsafeDisplayText):
        make_card(identity)
    card = _card(identity)
    with pytest.raises(UnsafeDisplayText) as caught:
        read_card(card)
    assert f"U+{ord(caught.value.char):04X}" in str(caught.value)
    path = tmp_path / "bob.card"
    path.write_bytes(card)
    with pytest.raises(UnsafeDisplayText):  # what the office's enrolment reads
        read_enrolment_card(path)


def test_a_mongolian_name_passes_enrolment() -> None:
    name = "ᠪᠠᠲᠤ\u202fᠶᠢᠨ ᠡ\u180eᠷᠬᠡ\u180b\u200d"
    identity = ReviewerIdentity.generate("R-010", name)
    assert read_card(make_card(identity)).display_name == name


def test_a_roster_is_not_built_with_such_a_name(world: World) -> None:
    bad = RosterEntry.of(_raw_identity("Mallory\u202e").public, "T1")
    with pytest.raises(UnsafeDisplayText, match=r"U\+202E"):
        sign_roster(world.office, world.roster.next_version((*world.roster.reviewers, bad)))
    office = replace(world.office, name="Office\ufeff")
    with pytest.raises(UnsafeDisplayText, match=r"^The office name"):
        sign_roster(office, replace(world.roster, office_name=office.name))
    with pytest.raises(UnsafeDisplayText):
        OfficeIdentity.generate("Office\u2060")
