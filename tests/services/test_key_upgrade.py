"""Key files of cases and identities on open: a passphrase in any Unicode normal form opens
them; files made before passphrases were normalised still open and are sealed again under NFC;
parameters below the Argon2id floor are raised to production's on the next successful open,
unless the file's own authenticated record says it was made for a test or the demo."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF, PRODUCTION_KDF, KdfParams, WrongPassphrase
from desktop.models import case as m
from desktop.services import identity
from desktop.services.case import CaseSession, create_case, open_case
from tests.models.case_world import World, make_world

TYPED = "Cafe\u0301 \uf900 \u1100\u1161\u11a8 \u182e\u1823\u180b\u1829\u182d\u1823\u182f"
NFC = unicodedata.normalize("NFC", TYPED)
NFD = unicodedata.normalize("NFD", TYPED)
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "case-schema-v1"


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _upgrades(case: CaseSession) -> list[dict[str, object]]:
    return case.run(lambda s: [json.loads(r or "{}") for r in s.scalars(
        select(m.AuditEntry.new).where(m.AuditEntry.action == "case.key_upgrade"))])


@pytest.mark.parametrize(("made_with", "typed"), [(NFC, NFD), (NFD, NFC), (TYPED, NFD)])
def test_a_case_opens_with_its_passphrase_in_any_normal_form(world: World, tmp_path: Path,
                                                             made_with: str, typed: str) -> None:
    folder = tmp_path / "case"
    world.create(folder, made_with).close()
    with open_case(folder, typed) as case:
        assert not _upgrades(case)
        case.check_passphrase(unicodedata.normalize("NFD", typed))


def test_a_case_made_before_nfc_opens_and_is_sealed_again(world: World, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    folder = tmp_path / "case"
    with monkeypatch.context() as patch:
        patch.setattr(keyfile, "normalise_passphrase", lambda p: p)
        world.create(folder, NFD).close()
    with pytest.raises(WrongPassphrase):
        open_case(folder, NFC)  # before the migration only the same characters open it
    with open_case(folder, NFD) as case:
        assert _upgrades(case) == [{"kdf": CHEAP_KDF.to_dict(), "nfc": True}]
        assert case.verify_audit().ok
    found = keyfile.unlock_key_file_detail(folder / "case.key", NFC)
    assert not found.legacy_passphrase
    assert found.params == CHEAP_KDF  # a test case keeps its test parameters
    with open_case(folder, TYPED) as case:
        assert len(_upgrades(case)) == 1


def test_a_weak_case_key_file_made_before_is_raised_to_production(tmp_path: Path) -> None:
    folder = tmp_path / "case"  # the committed fixture: made before the floor, cheap parameters
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert keyfile.key_file_params(folder / "case.key").below_floor()
    with open_case(folder, "schema-v1-fixture") as case:
        assert _upgrades(case) == [{"kdf": PRODUCTION_KDF.to_dict(), "nfc": False}]
        assert case.verify_audit().ok
    assert keyfile.key_file_params(folder / "case.key") == PRODUCTION_KDF
    with open_case(folder, "schema-v1-fixture") as case:
        assert len(_upgrades(case)) == 1  # once
        assert case.scores("A001", "onsite")[0].pct == 70


def test_a_test_case_keeps_its_parameters_and_weak_ones_are_refused(world: World,
                                                                    tmp_path: Path) -> None:
    folder = tmp_path / "case"
    world.create(folder).close()
    with open_case(folder, "correct horse battery staple") as case:
        assert not _upgrades(case)
    assert keyfile.key_file_params(folder / "case.key") == CHEAP_KDF
    weak = tmp_path / "weak"
    with pytest.raises(keyfile.WeakKdfParams):
        create_case(world.package, weak, "pw", world.me, world.office.root_fingerprint,
                    kdf=KdfParams(1, 32 * 1024, 1))
    assert not (weak / "case.key").exists() and not (weak / "case.db").exists()


def test_an_identity_made_before_is_migrated_and_upgraded(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    folder = tmp_path / "id"
    path = folder / identity.IDENTITY_FILE
    with monkeypatch.context() as patch:  # before: as typed, and no record of test parameters
        patch.setattr(keyfile, "normalise_passphrase", lambda p: p)
        identity.new_identity("R1", "One", NFD, folder=folder, kdf=CHEAP_KDF)
        body = keyfile.unseal(path.read_bytes(), NFD, "id", identity.IDENTITY_FORMAT)
        doc = json.loads(body)
        del doc["kdf"]
        path.write_bytes(keyfile.seal(json.dumps(doc).encode(), NFD, CHEAP_KDF,
                                      identity.IDENTITY_FORMAT))
    with pytest.raises(WrongPassphrase):
        identity.load_identity(NFC, folder)
    assert identity.load_identity(NFD, folder).identity.reviewer_id == "R1"
    found = keyfile.unseal_detail(path.read_bytes(), NFC, "id", identity.IDENTITY_FORMAT)
    assert not found.legacy_passphrase and found.params == PRODUCTION_KDF
    assert identity.load_identity(TYPED, folder).identity.reviewer_id == "R1"


def test_a_test_identity_keeps_its_parameters_through_a_pin(tmp_path: Path,
                                                            world: World) -> None:
    folder = tmp_path / "id"
    identity.new_identity("R1", "One", NFC, folder=folder, kdf=CHEAP_KDF)
    identity.pin_office(NFD, world.office.root_fingerprint, folder)
    stored = identity.load_identity(TYPED, folder)
    assert stored.office_fingerprint == world.office.root_fingerprint
    sealed = (folder / identity.IDENTITY_FILE).read_bytes()
    assert keyfile.parse_header(sealed, "id", identity.IDENTITY_FORMAT)[1] == CHEAP_KDF
