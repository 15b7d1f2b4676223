"""The workspace key: a passphrase in any Unicode normal form opens it, and a workspace made
before passphrases were normalised (NFC) still opens and is wrapped again under NFC."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF, WrongPassphrase
from desktop.services.office import workspace
from desktop.services.office.workspace import init_workspace, open_workspace, passphrase_unlocks

TYPED = "Cafe\u0301 \uf900 \u182e\u1823\u180b\u1829\u182d\u1823\u182f"
NFC = unicodedata.normalize("NFC", TYPED)
NFD = unicodedata.normalize("NFD", TYPED)


def test_a_workspace_opens_with_any_normal_form(tmp_path: Path,
                                                database_url: str | None) -> None:
    init_workspace(tmp_path / "office", NFC, "Office", database_url=database_url,
                   kdf=CHEAP_KDF).close()
    for typed in (NFD, TYPED, NFC):
        ws = open_workspace(tmp_path / "office", typed, database_url)
        try:
            assert passphrase_unlocks(ws, NFD) and passphrase_unlocks(ws, NFC)
        finally:
            ws.close()


def test_a_workspace_made_before_is_migrated_to_nfc(tmp_path: Path, database_url: str | None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "office"
    with monkeypatch.context() as patch:  # sealed as before: the characters as typed, and
        patch.setattr(keyfile, "normalise_passphrase", lambda p: p)  # no test-parameters mark
        patch.setattr(workspace, "_TEST_IDENTITY_AAD", workspace._IDENTITY_AAD)
        init_workspace(folder, NFD, "Office", database_url=database_url, kdf=CHEAP_KDF).close()
    with pytest.raises(WrongPassphrase):
        open_workspace(folder, NFC, database_url)  # not yet: only the same characters
    ws = open_workspace(folder, NFD, database_url)  # opens, and wraps the key again under NFC
    fp = ws.identity().root_fingerprint
    ws.close()
    for typed in (NFC, TYPED):  # (production parameters now: each open costs ~0.6 s)
        again = open_workspace(folder, typed, database_url)
        try:
            assert again.identity().root_fingerprint == fp
        finally:
            again.close()
    if database_url is None:
        found = keyfile.unlock_key_file_detail(folder / "office.key", NFC)
        assert not found.legacy_passphrase
        assert found.params == keyfile.PRODUCTION_KDF  # weak parameters are not kept
