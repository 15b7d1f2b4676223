"""Key files: a floor on the Argon2id parameters (test parameters only when marked so in code)
and passphrases normalised to NFC, with files sealed before still opening (and told to migrate).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.keyfile import (
    CHEAP_KDF,
    PRODUCTION_KDF,
    KdfParams,
    WeakKdfParams,
    WrongPassphrase,
)

MIB = 1024
# é decomposed, a CJK compatibility ideograph (NFC maps U+F900 to U+8C48), Hangul (NFD splits
# it into jamo), and Traditional Mongolian with a free variation selector (NFC leaves it alone).
TYPED = "Cafe\u0301 \uf900 \u1100\u1161\u11a8 \u182e\u1823\u180b\u1829\u182d\u1823\u182f"
NFC = unicodedata.normalize("NFC", TYPED)
NFD = unicodedata.normalize("NFD", TYPED)


def test_the_sample_passphrase_really_changes_under_normalisation() -> None:
    assert len({TYPED, NFC, NFD}) == 3
    assert "\u8c48" in NFC and "\uac01" in NFC and "\u180b" in NFC


def test_the_floor() -> None:
    assert not PRODUCTION_KDF.below_floor()
    assert not KdfParams(3, 64 * MIB, 1).below_floor()
    assert not KdfParams(1, 192 * MIB, 1).below_floor()  # one pass over more memory
    for weak in (CHEAP_KDF, KdfParams(1, 32 * MIB, 1), KdfParams(2, 64 * MIB, 4),
                 KdfParams(64, 63 * MIB, 1)):
        assert weak.below_floor(), weak


def test_below_the_floor_is_refused_at_creation_unless_marked_for_tests(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    with pytest.raises(WeakKdfParams, match="below the minimum"):
        keyfile.create_key_file(path, "pw", KdfParams(1, 32 * MIB, 1))
    assert not path.exists()
    with pytest.raises(WeakKdfParams):
        keyfile.seal(b"x", "pw", KdfParams(2, 64 * MIB, 1), "scorebook.identity/1")
    keyfile.create_key_file(path, "pw", CHEAP_KDF)  # the named test constant
    blob = keyfile.seal(b"x", "pw", KdfParams(1, 16, 1, test_only=True))
    assert keyfile.unseal(blob, "pw", "f") == b"x"


def test_parameters_read_from_a_file_are_never_test_only(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    key = keyfile.create_key_file(path, "pw", CHEAP_KDF)
    stored = keyfile.key_file_params(path)
    assert stored == CHEAP_KDF and not stored.test_only  # equal numbers, not the mark
    with pytest.raises(WeakKdfParams):  # a file cannot lower the bar for the next file
        keyfile.write_key_file(path, key, "pw", stored)
    found = keyfile.unlock_key_file_detail(path, "pw")  # but it still opens: it is the user's
    assert found.plaintext == key and found.params == CHEAP_KDF and not found.legacy_passphrase


def test_what_a_file_is_sealed_with_again() -> None:
    strong = KdfParams(3, 128 * MIB, 2)
    assert keyfile.params_for_rewrap(strong) == strong
    assert keyfile.params_for_rewrap(CHEAP_KDF) == PRODUCTION_KDF
    kept = keyfile.params_for_rewrap(KdfParams(1, 8, 1), test_file=True)
    assert kept == CHEAP_KDF and kept.test_only
    fine = keyfile.Unsealed(b"k", strong)
    assert keyfile.upgrade_target(fine) is None
    assert keyfile.upgrade_target(keyfile.Unsealed(b"k", KdfParams(1, 8, 1))) == PRODUCTION_KDF
    assert keyfile.upgrade_target(keyfile.Unsealed(b"k", KdfParams(1, 8, 1)),
                                  test_file=True) is None
    legacy = keyfile.Unsealed(b"k", strong, legacy_passphrase=True)
    assert keyfile.upgrade_target(legacy) == strong  # same parameters, NFC passphrase


def test_a_passphrase_change_raises_weak_parameters_to_production(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    key = keyfile.create_key_file(path, "old", CHEAP_KDF)
    keyfile.change_key_file_passphrase(path, "old", "new")
    assert keyfile.key_file_params(path) == PRODUCTION_KDF
    assert keyfile.unlock_key_file(path, "new") == key


@pytest.mark.parametrize(("made_with", "typed"), [(NFC, NFD), (NFD, NFC), (TYPED, NFC),
                                                 (NFD, TYPED)])
def test_any_normal_form_opens_a_file_sealed_now(tmp_path: Path, made_with: str,
                                                 typed: str) -> None:
    path = tmp_path / "case.key"
    key = keyfile.create_key_file(path, made_with, CHEAP_KDF)
    found = keyfile.unlock_key_file_detail(path, typed)
    assert found.plaintext == key and not found.legacy_passphrase


def _seal_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files made before passphrases were normalised: the characters as typed were hashed."""
    monkeypatch.setattr(keyfile, "normalise_passphrase", lambda p: p)


def test_a_file_sealed_before_opens_with_the_passphrase_as_typed_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "case.key"
    with monkeypatch.context() as patch:
        _seal_as_before(patch)
        key = keyfile.create_key_file(path, NFD, CHEAP_KDF)
    with pytest.raises(WrongPassphrase):  # before the migration only the same characters work
        keyfile.unlock_key_file(path, NFC)
    found = keyfile.unlock_key_file_detail(path, NFD)
    assert found.plaintext == key and found.legacy_passphrase
    target = keyfile.upgrade_target(found, test_file=True)
    assert target == CHEAP_KDF
    keyfile.write_key_file(path, key, NFD, target)  # the migration: sealed again under NFC
    for typed in (NFC, NFD, TYPED):
        again = keyfile.unlock_key_file_detail(path, typed)
        assert again.plaintext == key and not again.legacy_passphrase


def test_an_nfc_passphrase_costs_one_derivation_and_a_wrong_one_at_most_two(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "case.key"
    keyfile.create_key_file(path, NFC, CHEAP_KDF)
    seen: list[str] = []
    real = keyfile.derive_key

    def spy(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        seen.append(passphrase)
        return real(passphrase, salt, params)

    monkeypatch.setattr(keyfile, "derive_key", spy)
    keyfile.unlock_key_file(path, NFC)
    assert seen == [NFC]
    seen.clear()
    with pytest.raises(WrongPassphrase):
        keyfile.unlock_key_file(path, "wrong\u0301")
    assert seen == [unicodedata.normalize("NFC", "wrong\u0301"), "wrong\u0301"]
