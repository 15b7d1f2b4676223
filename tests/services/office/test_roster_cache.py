"""The verified roster kept per process (``office.roster_cache``): the same signed bytes under
the same pinned key are verified once; changed bytes, another pinned key or a roster that fails
are never let through by what is kept."""

from __future__ import annotations

import base64
import json

import pytest

from desktop.crypto.errors import BadSignature, UntrustedRoot
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services.office import roster_cache
from desktop.services.office.roster_cache import verified_roster


def _signed(office: OfficeIdentity, version: int = 1) -> bytes:
    me = ReviewerIdentity.generate("R001", "Reviewer One")
    return sign_roster(office, Roster(
        version=version, cycle_id="2025", office_name="Review Office",
        root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
        reviewers=(RosterEntry.of(me.public, team="T1", leader=True),)))


@pytest.fixture(autouse=True)
def _fresh() -> None:
    roster_cache.forget()


def test_the_same_bytes_are_verified_once(monkeypatch: pytest.MonkeyPatch) -> None:
    office = OfficeIdentity.generate("Review Office")
    signed = _signed(office)
    calls: list[bytes] = []
    from desktop.crypto.roster import verify_roster as real

    def counting(data: bytes, pinned: str, have: int | None) -> Roster:
        calls.append(data)
        return real(data, pinned, have)

    monkeypatch.setattr(roster_cache, "verify_roster", counting)
    first = verified_roster(signed, office.root_fingerprint)
    again = verified_roster(bytes(signed), office.root_fingerprint)  # equal bytes, new object
    assert again is first and len(calls) == 1
    assert [e.reviewer_id for e in first.reviewers] == ["R001"]
    newer = _signed(office, version=2)
    assert verified_roster(newer, office.root_fingerprint).version == 2
    assert len(calls) == 2


def test_changed_bytes_are_verified_afresh_and_refused() -> None:
    office = OfficeIdentity.generate("Review Office")
    signed = _signed(office)
    verified_roster(signed, office.root_fingerprint)  # the good one is kept
    envelope = json.loads(signed)
    payload = base64.b64decode(envelope["payload"]).replace(b"Reviewer One", b"Reviewer Two")
    envelope["payload"] = base64.b64encode(payload).decode("ascii")
    altered = json.dumps(envelope, separators=(",", ":")).encode("utf-8")
    for _ in range(2):  # a failure is never kept either
        with pytest.raises(BadSignature):
            verified_roster(altered, office.root_fingerprint)
    assert verified_roster(signed, office.root_fingerprint).reviewers[0].display_name == \
        "Reviewer One"


def test_a_roster_kept_for_one_office_is_not_given_to_another() -> None:
    office, other = OfficeIdentity.generate("Review Office"), OfficeIdentity.generate("Other")
    signed = _signed(office)
    verified_roster(signed, office.root_fingerprint)
    with pytest.raises(UntrustedRoot):
        verified_roster(signed, other.root_fingerprint)


def test_only_a_few_are_kept() -> None:
    office = OfficeIdentity.generate("Review Office")
    for version in range(1, roster_cache.KEPT + 4):
        verified_roster(_signed(office, version), office.root_fingerprint)
    assert len(roster_cache._verified) == roster_cache.KEPT
