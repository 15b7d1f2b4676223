"""Keys as the window and the command line see them (``desktop.services.keys``): the key
derivation chosen by name, typed fingerprints, enrolment cards, capped text files. Real key
files and real cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.errors import TooLarge
from desktop.crypto.keys import MAX_CARD_BYTES, OfficeIdentity
from desktop.domain.errors import FileFormatError, InputRejected, ScorebookError
from desktop.services import identity
from desktop.services.files import read_capped_text
from desktop.services.keys import (
    PRODUCTION,
    CardFingerprintMismatch,
    EnrolmentCardView,
    NoOfficeFingerprint,
    OfficeFingerprintMismatch,
    check_card_fingerprint,
    kdf_params,
    read_enrolment_card,
    read_fingerprint,
    trusted_office_fingerprint,
)


def test_the_key_derivation_is_chosen_by_name(tmp_path: Path) -> None:
    assert kdf_params(PRODUCTION) == keyfile.PRODUCTION_KDF
    assert kdf_params("demo") == kdf_params("test") == keyfile.CHEAP_KDF
    explicit = keyfile.KdfParams(iterations=2, memory_kib=64, lanes=1)
    assert kdf_params(explicit) is explicit
    with pytest.raises(ValueError, match="unknown"):
        kdf_params("fast")  # type: ignore[arg-type]
    # a real identity sealed with the parameters of a name carries them in its file
    identity.new_identity("R1", "One", "pw", folder=tmp_path, kdf=kdf_params("test"))
    sealed = (tmp_path / identity.IDENTITY_FILE).read_bytes()
    assert keyfile.parse_header(sealed, "id", identity.IDENTITY_FORMAT)[1] == keyfile.CHEAP_KDF
    assert identity.load_identity("pw", tmp_path).identity.reviewer_id == "R1"


def test_a_typed_fingerprint_is_read_or_refused() -> None:
    fp = OfficeIdentity.generate("Office").root_fingerprint
    typed = " " + fp.replace("-", " ").lower() + "\n"
    assert read_fingerprint(typed) == fp
    assert read_fingerprint(fp.replace("-", "")) == fp
    for bad in ("", "XXXX", fp[:-1], fp.replace(fp[0], "1"), fp + "A"):
        assert read_fingerprint(bad) is None, bad


def test_the_trusted_office_fingerprint() -> None:
    typed = OfficeIdentity.generate("Typed").root_fingerprint
    pinned = OfficeIdentity.generate("Pinned").root_fingerprint
    assert trusted_office_fingerprint(typed.lower(), None) == typed  # nothing pinned yet
    assert trusted_office_fingerprint(pinned.replace("-", " ").lower(), pinned) == pinned
    assert trusted_office_fingerprint(None, pinned) == pinned
    assert trusted_office_fingerprint("", pinned) == pinned
    with pytest.raises(NoOfficeFingerprint) as missing:
        trusted_office_fingerprint(None, None)
    assert isinstance(missing.value, InputRejected)
    assert "No office fingerprint is pinned" in missing.value.message.render()
    with pytest.raises(InputRejected, match="fingerprint"):
        trusted_office_fingerprint("not one", pinned)


def test_a_typed_fingerprint_never_overrides_the_pinned_one() -> None:
    typed = OfficeIdentity.generate("Impostor").root_fingerprint
    pinned = OfficeIdentity.generate("Office").root_fingerprint
    with pytest.raises(OfficeFingerprintMismatch) as refused:
        trusted_office_fingerprint(typed.lower(), pinned)
    text = refused.value.message.render()
    assert typed in text and pinned in text and "refused" in text
    assert isinstance(refused.value, InputRejected)


def test_the_card_fingerprint_read_out_is_compared(tmp_path: Path) -> None:
    info = identity.new_identity("R7", "Wang", "pw", folder=tmp_path, kdf=kdf_params("test"))
    card = read_enrolment_card(info.card_path)
    check_card_fingerprint(card, info.fingerprint.replace("-", " ").lower())  # as read out
    other = OfficeIdentity.generate("Other").root_fingerprint
    with pytest.raises(CardFingerprintMismatch) as refused:
        check_card_fingerprint(card, other)
    assert other in refused.value.message.render()
    assert info.fingerprint in refused.value.message.render()
    with pytest.raises(InputRejected, match="not a fingerprint"):
        check_card_fingerprint(card, "ABCD")


def test_an_enrolment_card_is_read_and_verified(tmp_path: Path) -> None:
    info = identity.new_identity("R7", "乌云其其格", "pw", folder=tmp_path / "id",
                                 kdf=kdf_params("test"))
    card = read_enrolment_card(info.card_path)
    assert isinstance(card, EnrolmentCardView)
    assert (card.reviewer_id, card.display_name, card.fingerprint) == \
        ("R7", "乌云其其格", info.fingerprint)
    assert card.data == info.card_path.read_bytes() and card.path == info.card_path
    assert "data" not in repr(card)
    # altered: the self-signature fails; too large: refused before reading; missing: typed
    data = bytearray(card.data)
    data[len(data) // 2] ^= 1
    forged = tmp_path / "forged.card"
    forged.write_bytes(bytes(data))
    with pytest.raises(ScorebookError):
        read_enrolment_card(forged)
    big = tmp_path / "big.card"
    big.write_bytes(b" " * (MAX_CARD_BYTES + 1))
    with pytest.raises(TooLarge):
        read_enrolment_card(big)
    with pytest.raises(ScorebookError, match=r"missing\.card"):
        read_enrolment_card(tmp_path / "missing.card")


def test_a_capped_text_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.txt"
    path.write_text("评审 ok\n", encoding="utf-8")
    assert read_capped_text(path, 100) == "评审 ok\n"
    with pytest.raises(TooLarge):
        read_capped_text(path, 5)
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(FileFormatError, match="not UTF-8 text"):
        read_capped_text(path, 100)
    with pytest.raises(ScorebookError):
        read_capped_text(tmp_path / "none.txt", 100)
