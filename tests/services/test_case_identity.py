"""The reviewer identity file: sealed private keys, public card, pinned office fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.crypto.errors import Malformed
from desktop.crypto.keyfile import CHEAP_KDF, KeyFileCorrupt, WrongPassphrase
from desktop.crypto.keys import OfficeIdentity
from desktop.domain.errors import InputRejected
from desktop.services import identity
from desktop.services.keys import OfficeFingerprintMismatch


def test_new_load_show(tmp_path: Path) -> None:
    office = OfficeIdentity.generate("Office")
    info = identity.new_identity("R100", "Wang Fang", "pw", folder=tmp_path, kdf=CHEAP_KDF,
                                 office_fingerprint=office.root_fingerprint.lower())
    assert info.office_fingerprint == office.root_fingerprint
    stored = identity.load_identity("pw", tmp_path)
    assert stored.identity.public.fingerprint == info.fingerprint
    assert stored.office_fingerprint == office.root_fingerprint
    shown = identity.show_identity(tmp_path)
    assert (shown.reviewer_id, shown.fingerprint) == ("R100", info.fingerprint)
    sealed = (tmp_path / identity.IDENTITY_FILE).read_bytes()
    assert b"R100" not in sealed and b"Wang Fang" not in sealed
    with pytest.raises(WrongPassphrase):
        identity.load_identity("not pw", tmp_path)
    with pytest.raises(InputRejected, match="already exists"):
        identity.new_identity("R100", "Again", "pw", folder=tmp_path, kdf=CHEAP_KDF)


def test_pin_office_once_and_bad_fingerprints(tmp_path: Path) -> None:
    with pytest.raises(Malformed):
        identity.new_identity("R1", "A", "pw", folder=tmp_path / "a", kdf=CHEAP_KDF,
                              office_fingerprint="not a fingerprint")
    assert not (tmp_path / "a" / identity.IDENTITY_FILE).exists()
    identity.new_identity("R1", "A", "pw", folder=tmp_path, kdf=CHEAP_KDF)
    assert identity.load_identity("pw", tmp_path).office_fingerprint is None
    fp = OfficeIdentity.generate("Office").root_fingerprint
    identity.pin_office("pw", fp, tmp_path)
    assert identity.load_identity("pw", tmp_path).office_fingerprint == fp
    identity.pin_office("pw", fp.lower(), tmp_path)  # the same again changes nothing
    with pytest.raises(OfficeFingerprintMismatch, match="differs from the one pinned"):
        identity.pin_office("pw", OfficeIdentity.generate("Other").root_fingerprint, tmp_path)
    assert identity.load_identity("pw", tmp_path).office_fingerprint == fp


def test_missing_and_damaged(tmp_path: Path) -> None:
    with pytest.raises(identity.NoIdentity):
        identity.load_identity("pw", tmp_path)
    with pytest.raises(identity.NoIdentity):
        identity.show_identity(tmp_path)
    identity.new_identity("R1", "A", "pw", folder=tmp_path, kdf=CHEAP_KDF)
    (tmp_path / identity.IDENTITY_FILE).write_bytes(b"{}")
    with pytest.raises(KeyFileCorrupt):
        identity.load_identity("pw", tmp_path)
