"""Tests for the security review's fixes: capped, typed passphrase files; no database password
on the command line; file-system refusals as one-line errors; bounded key-file KDF parameters;
private case, identity and workspace folders."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desktop.cli.common import MAX_PASSPHRASE_FILE
from desktop.cli.main import build_parser, main
from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF, PRODUCTION_KDF, KdfParams, KeyFileCorrupt
from desktop.domain.errors import InputRejected
from desktop.services.identity import new_identity
from desktop.services.office.workspace import init_workspace
from tests.models.case_world import make_world

PASSWORD = "pg-Secret-4711"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("content", "problem"), [
    (b"\xff\xfe\x00binary", "not UTF-8 text"),
    (b"x" * (MAX_PASSPHRASE_FILE + 1), "too large"),
])
def test_a_bad_passphrase_file_is_a_usage_error(tmp_path: Path, content: bytes, problem: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pw"
    bad.write_bytes(content)
    code, err = _run(capsys, "case", "status", "--case", str(tmp_path), "--passphrase-file",
                     str(bad))
    assert code == 2
    assert err.count("\n") == 1 and problem in err


def test_a_passphrase_file_gives_its_first_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    make_world(tmp_path).create(folder).close()
    pw = tmp_path / "pw"
    pw.write_bytes(b"wrong one\r\nsecond line\n")
    code, err = _run(capsys, "case", "status", "--case", str(folder), "--passphrase-file",
                     str(pw))
    assert code == 3 and "Wrong passphrase" in err and "wrong one" not in err


def test_a_database_password_on_the_command_line_is_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql+psycopg://scorebook:{PASSWORD}@db.example/scorebook"
    for argv in (["office", "history", "--database-url", url],
                 ["print", "ranking", "--office", "x", "--database-url", url, "--out", "r.pdf"]):
        code, err = _run(capsys, *argv)
        assert code == 2
        assert "password does not belong on the command line" in err
        assert PASSWORD not in err
    args = build_parser().parse_args(["office", "history", "--database-url",
                                      "postgresql+psycopg://scorebook@db.example/scorebook"])
    assert args.database_url == "postgresql+psycopg://scorebook@db.example/scorebook"


def test_a_file_where_a_folder_goes_is_one_line_exit_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    code, err = _run(capsys, "identity", "new", "--id", "R1", "--name", "One", "--dir",
                     str(blocker))
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("error: Cannot use ") and "a-file" in err
    assert "Traceback" not in err


def _key_file(tmp_path: Path, **fields: int) -> Path:
    path = tmp_path / "case.key"
    keyfile.create_key_file(path, "pw", CHEAP_KDF)
    body = json.loads(path.read_text())
    body.update(fields)
    path.write_text(json.dumps(body))
    return path


@pytest.mark.parametrize("fields", [
    {"m_kib": 1024 * 1024 + 1},  # over 1 GiB
    {"p": 17},
    {"t": 64, "m_kib": 1024 * 1024},  # within each bound, but minutes of work
    {"t": 65},
])
def test_a_key_file_cannot_demand_absurd_kdf_work(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  fields: dict[str, int]) -> None:
    path = _key_file(tmp_path, **fields)
    derived: list[KdfParams] = []
    real = keyfile.derive_key

    def spy(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        derived.append(params)
        return real(passphrase, salt, params)

    monkeypatch.setattr(keyfile, "derive_key", spy)
    with pytest.raises(KeyFileCorrupt, match="out of range"):
        keyfile.unlock_key_file(path, "pw")
    assert derived == []  # refused before any derivation


def test_production_and_cheap_params_are_within_the_bounds(tmp_path: Path) -> None:
    for params in (PRODUCTION_KDF, CHEAP_KDF):
        header = keyfile._header(keyfile.KEY_FILE_FORMAT, params, bytes(16))
        data = json.dumps({**header, "nonce": "AAAAAAAAAAAAAAAA",
                           "ciphertext": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}).encode()
        assert keyfile.parse_header(data, "k", keyfile.KEY_FILE_FORMAT)[1] == params


def test_seal_refuses_params_it_would_not_read_back() -> None:
    with pytest.raises(InputRejected, match="out of range"):
        keyfile.seal(b"k", "pw", KdfParams(iterations=65, memory_kib=8, lanes=1))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_case_identity_and_workspace_folders_are_private(tmp_path: Path) -> None:
    case = make_world(tmp_path).create(tmp_path / "case")
    try:
        case.backup()
    finally:
        case.close()
    new_identity("R1", "One", "pw", folder=tmp_path / "ident", kdf=CHEAP_KDF)
    init_workspace(tmp_path / "office", "pw", "Office", kdf=CHEAP_KDF).close()
    for folder in ("case", "case/backups", "ident", "office"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
    for key in ("case/case.key", "ident/reviewer.identity", "office/office.key"):
        assert stat.S_IMODE((tmp_path / key).stat().st_mode) == 0o600, key


def test_opened_packages_and_bundles_keep_their_plaintext_out_of_repr(tmp_path: Path) -> None:
    from desktop.crypto.bundle import open_bundle
    from desktop.crypto.package import open_package
    from tests.models.case_world import COMMENT, NAMES, SECRET

    world = make_world(tmp_path)
    package = open_package(world.package.read_bytes(), world.me,
                           world.office.root_fingerprint, None)
    assert SECRET in json.dumps(package.content, ensure_ascii=False)  # it is there …
    assert SECRET not in repr(package) and NAMES[0] not in repr(package)  # … but not shown
    usb = tmp_path / "usb"
    usb.mkdir()
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 50, COMMENT, "")
        exported = case.export_bundle(usb)
    opened = open_bundle(exported.path.read_bytes(), world.office, world.roster)
    assert COMMENT in json.dumps(opened.manifest, ensure_ascii=False)
    assert COMMENT not in repr(opened)
