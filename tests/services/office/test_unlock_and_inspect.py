"""The open workspace's passphrase unlocks the window; a bundle is inspected with the office key
and the roster last issued; a database URL with a password is recognised without showing it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.keyfile import WrongPassphrase
from desktop.domain.errors import NotFound
from desktop.services import bundles
from desktop.services.keys import kdf_params
from desktop.services.office import cycle
from desktop.services.office.workspace import (
    KEY_FILE,
    Workspace,
    init_workspace,
    passphrase_unlocks,
    url_has_password,
)
from tests.services.office.helpers import PROGRAMME, bundle, small_cycle, write


def test_the_passphrase_unlocks_the_open_workspace(ws: Workspace, tmp_path: Path) -> None:
    assert passphrase_unlocks(ws, "pass phrase")
    with pytest.raises(WrongPassphrase):
        passphrase_unlocks(ws, "not the passphrase")
    if ws.backend == "sqlcipher":  # a key file replaced under the same passphrase: not ours
        other = tmp_path / "other.key"
        keyfile.create_key_file(other, "pass phrase", kdf_params("test"))
        other.replace(ws.folder / KEY_FILE)
        assert not passphrase_unlocks(ws, "pass phrase")


def test_inspect_with_the_office(ws: Workspace, database_url: str | None,
                                 tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    path = write(tmp_path / "usb", "r2.sbb", bundle(small, "R2", "material", ids))
    found = bundles.inspect_with_office(bundles.read_bundle(path), ws.folder, "pass phrase",
                                        database_url=database_url)
    s = found.summary
    assert (s.reviewer_id, s.reviewer_name, s.cycle_id, s.stage_id) == \
        ("R2", "评审员2", small.cycle, "material")
    assert s.signer_fingerprint == small.ids["R2"].fingerprint and s.scores > 0
    assert found.stage is not None and found.stage.id == "material" and found.stage.name_zh
    with pytest.raises(WrongPassphrase):
        bundles.inspect_with_office(bundles.read_bundle(path), ws.folder, "wrong",
                                    database_url=database_url)


def test_an_office_that_issued_no_roster_says_so(tmp_path: Path) -> None:
    with init_workspace(tmp_path / "office", "pass phrase", "Office",
                        kdf=kdf_params("test")) as ws:
        cycle.open_cycle(ws, PROGRAMME, 2026, opened_on=date(2026, 6, 1))
    path = write(tmp_path, "any.sbb", b"not opened: the roster is looked up first")
    with pytest.raises(NotFound, match="No roster has been issued"):
        bundles.inspect_with_office(bundles.read_bundle(path), tmp_path / "office",
                                    "pass phrase")


def test_a_password_in_a_database_url_is_recognised() -> None:
    assert url_has_password("postgresql+psycopg://scorebook:s3cret@db.example/scorebook")
    assert not url_has_password("postgresql+psycopg://scorebook@db.example/scorebook")
    assert not url_has_password("postgresql:///scorebook")
    assert not url_has_password("not a url at all")
