"""Panel packages: signed by the office root, sealed to one reviewer."""

from __future__ import annotations

import json
import struct
from dataclasses import replace
from typing import Any

import pytest

from desktop.crypto import container, dsse
from desktop.crypto.errors import (
    CryptoError,
    Malformed,
    RosterRollback,
    UntrustedRoot,
    WrongRecipient,
)
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.package import (
    MAX_PACKAGE_BYTES,
    PACKAGE_TYPE,
    build_package,
    open_package,
)
from desktop.crypto.roster import sign_roster

from .conftest import CANARY_APPLICANT, CANARY_COMMENT, CANARY_SECRET, CYCLE, World


def content() -> dict[str, Any]:
    return {
        "programme_id": "nmg-chairman-2025", "criteria": "gbt19580-2012", "cycle": CYCLE,
        "stages": [{"id": "onsite", "form": "items"}],
        "applicants": [{"id": "A-000", "name": CANARY_APPLICANT,
                        "materials": [{"title": "self-assessment", "text": CANARY_COMMENT,
                                       "secret_passages": [CANARY_SECRET]}]}],
        "team": ["R-001", "R-002"], "weights": [0.5, 1.25],
    }


def test_round_trip(world: World) -> None:
    data = build_package(world.office, world.roster_bytes, world.alice.public, content())
    got = open_package(data, world.alice, world.pin, None)
    assert got.content == content()
    assert got.roster.version == 3 and got.roster_bytes == world.roster_bytes
    assert got.roster.office_enc_pub == world.office.enc_pub
    assert len(got.package_id) == 36


def test_canaries_never_appear_in_package_bytes(world: World) -> None:
    data = build_package(world.office, world.roster_bytes, world.alice.public, content())
    for canary in (CANARY_APPLICANT, CANARY_COMMENT, CANARY_SECRET):
        for form in (canary.encode(), json.dumps(canary).encode(),
                     canary.encode("utf-16-le")):
            assert form not in data


def test_another_reviewer_cannot_open_it(world: World) -> None:
    data = build_package(world.office, world.roster_bytes, world.alice.public, content())
    with pytest.raises(WrongRecipient):
        open_package(data, world.bob, world.pin, None)


def test_resealed_to_another_reviewer_is_detected(world: World) -> None:
    # Alice decrypts her package and re-seals the office-signed plaintext to Bob.
    data = build_package(world.office, world.roster_bytes, world.alice.public, content())
    plain = container.unseal(container.PACKAGE_MAGIC, data, world.alice.enc_private,
                             MAX_PACKAGE_BYTES)
    resealed = container.seal(container.PACKAGE_MAGIC, plain, [world.bob.public.enc_pub],
                              MAX_PACKAGE_BYTES)
    with pytest.raises(WrongRecipient):
        open_package(resealed, world.bob, world.pin, None)


def test_package_from_another_root_is_untrusted(world: World) -> None:
    other = OfficeIdentity.generate("Impostor")
    roster = replace(world.roster, root_sign_pub=other.root_sign_pub,
                     office_enc_pub=other.enc_pub)
    data = build_package(other, sign_roster(other, roster), world.alice.public, content())
    with pytest.raises(UntrustedRoot):
        open_package(data, world.alice, world.pin, None)


def test_package_signed_by_another_key_around_the_real_roster(world: World) -> None:
    other = OfficeIdentity.generate("Impostor")
    good = build_package(world.office, world.roster_bytes, world.alice.public, content())
    plain = container.unseal(container.PACKAGE_MAGIC, good, world.alice.enc_private,
                             MAX_PACKAGE_BYTES)
    (size,) = struct.unpack(">I", plain[:4])
    env = dsse.parse_binary(plain[4 + size:], PACKAGE_TYPE)
    forged_env = dsse.sign_binary(PACKAGE_TYPE, env.payload, other.root_key, world.pin)
    forged = container.seal(container.PACKAGE_MAGIC, plain[:4 + size] + forged_env,
                            [world.alice.public.enc_pub], MAX_PACKAGE_BYTES)
    with pytest.raises(CryptoError) as caught:
        open_package(forged, world.alice, world.pin, None)
    assert type(caught.value).__name__ == "BadSignature"


def test_package_with_an_older_roster_is_a_rollback(world: World) -> None:
    data = build_package(world.office, world.roster_bytes, world.alice.public, content())
    with pytest.raises(RosterRollback):
        open_package(data, world.alice, world.pin, 4)


def test_recipient_must_be_on_the_roster(world: World) -> None:
    stranger = ReviewerIdentity.generate("R-404", "Stranger")
    with pytest.raises(Malformed):
        build_package(world.office, world.roster_bytes, stranger.public, content())


def test_content_must_be_plain_json(world: World) -> None:
    with pytest.raises(Malformed):
        build_package(world.office, world.roster_bytes, world.alice.public,
                      {"x": float("nan")})
    with pytest.raises(Malformed):
        build_package(world.office, world.roster_bytes, world.alice.public, {"x": b"bytes"})


def test_every_byte_flip_and_truncation_is_rejected(world: World) -> None:
    data = build_package(world.office, world.roster_bytes, world.alice.public,
                         {"applicants": [{"id": "A-000", "name": CANARY_APPLICANT}]})
    assert len(data) > 1500
    for i in range(len(data)):
        with pytest.raises(CryptoError):
            open_package(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:], world.alice,
                         world.pin, None)
    for n in range(len(data)):
        with pytest.raises(CryptoError):
            open_package(data[:n], world.alice, world.pin, None)
    with pytest.raises(CryptoError):
        open_package(data + b"\x00", world.alice, world.pin, None)


def test_a_package_without_documents_keeps_layout_1(world: World) -> None:
    """Only a package whose documents follow its head is layout 2: one without any stays
    readable by every Scorebook that reads layout 1."""
    from desktop.crypto.package import PACKAGE_DOCS_MAGIC

    plain = build_package(world.office, world.roster_bytes, world.alice.public, content())
    assert plain[:8] == container.PACKAGE_MAGIC == b"SCBKPKG1"
    sealed = build_package(world.office, world.roster_bytes, world.alice.public, content(),
                           documents=True)
    assert sealed[:8] == PACKAGE_DOCS_MAGIC == b"SCBKPKG2"
    assert open_package(sealed, world.alice, world.pin, None).content == content()
    assert open_package(plain, world.alice, world.pin, None).content == content()
