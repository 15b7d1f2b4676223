"""A workspace whose key is wrapped with Argon2id parameters below the floor (made before the
floor existed) is wrapped again with the production parameters when it opens, and still opens;
the demo's and the tests' workspaces (their sealed identity says so) keep their cheap ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office import workspace
from desktop.services.office.workspace import (
    KEY_FILE,
    init_workspace,
    open_workspace,
    passphrase_unlocks,
)

PASS = "correct horse 马 ᠮᠣᠷᠢ"


def _made_before_the_floor(folder: Path, database_url: str | None,
                           monkeypatch: pytest.MonkeyPatch) -> str:
    """A workspace with cheap parameters and no test mark (as one made before the floor);
    returns its fingerprint."""
    with monkeypatch.context() as patch:
        patch.setattr(workspace, "_TEST_IDENTITY_AAD", workspace._IDENTITY_AAD)
        ws = init_workspace(folder, PASS, "Office", database_url=database_url, kdf=CHEAP_KDF)
    try:
        return ws.identity().root_fingerprint
    finally:
        ws.close()


def _wrapped_params(ws: workspace.Workspace) -> keyfile.KdfParams:
    if ws.backend == "sqlcipher":
        return keyfile.key_file_params(ws.folder / KEY_FILE)
    from sqlalchemy import select

    from desktop.models.office.setup import WorkspaceInfo

    with ws.uow() as s:
        wrapped = s.execute(select(WorkspaceInfo.key_wrapped)).scalar_one()
    assert wrapped is not None
    return keyfile.parse_header(wrapped, "db", keyfile.KEY_FILE_FORMAT)[1]


def test_weak_parameters_are_raised_to_the_floor_on_open(
        tmp_path: Path, database_url: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "office"
    fp = _made_before_the_floor(folder, database_url, monkeypatch)
    ws = open_workspace(folder, PASS, database_url)
    try:
        assert not ws.made_for_tests
        before = _wrapped_params(ws)
        assert before == keyfile.PRODUCTION_KDF and not before.below_floor()
    finally:
        ws.close()
    again = open_workspace(folder, PASS, database_url)  # still opens, nothing weak kept
    try:
        assert again.identity().root_fingerprint == fp
        assert passphrase_unlocks(again, PASS)
        assert _wrapped_params(again) == keyfile.PRODUCTION_KDF
    finally:
        again.close()


def test_a_test_workspace_keeps_its_cheap_parameters(tmp_path: Path,
                                                     database_url: str | None) -> None:
    folder = tmp_path / "office"
    init_workspace(folder, PASS, "Office", database_url=database_url, kdf=CHEAP_KDF).close()
    ws = open_workspace(folder, PASS, database_url)
    try:
        assert ws.made_for_tests
        assert _wrapped_params(ws) == CHEAP_KDF
    finally:
        ws.close()


def test_the_mark_cannot_be_claimed_without_the_data_key(tmp_path: Path) -> None:
    """The mark is the AEAD's associated data under the data key: a sealed identity under
    another key opens with neither form."""
    ws = init_workspace(tmp_path / "office", PASS, "Office", kdf=CHEAP_KDF)
    try:
        sealed = workspace._seal_identity(b"\x01" * 32, ws.identity(), test_kdf=True)
        with pytest.raises(workspace.WorkspaceError):
            workspace._open_marked(ws.data_key, sealed)
    finally:
        ws.close()
