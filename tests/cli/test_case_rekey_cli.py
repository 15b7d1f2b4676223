"""``scorebook case rekey`` and ``case passphrase``: a new data key each time, passphrases from
files (never the command line); a copy of the old key file opens nothing afterwards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto import keyfile
from desktop.models.engine import key_opens
from desktop.services.case_backup import list_backups
from tests.models.case_world import PASSPHRASE, make_world


def _pw(tmp_path: Path, name: str, value: str) -> Path:
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rekey_and_passphrase_change_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    make_world(tmp_path).create(folder).close()
    pw, new = _pw(tmp_path, "pw", PASSPHRASE), _pw(tmp_path, "new", "the new passphrase")
    case = ("--case", str(folder))
    assert _run(capsys, "case", "backup", *case, "--passphrase-file", str(pw))[0] == 0
    stolen = tmp_path / "stolen.key"
    shutil.copyfile(folder / "case.key", stolen)
    first = keyfile.unlock_key_file(stolen, PASSPHRASE)

    code, out, err = _run(capsys, "case", "rekey", *case, "--passphrase-file", str(pw))
    assert code == 0, err
    assert "new data key" in out and "1 backup was re-encrypted" in out
    second = keyfile.unlock_key_file(folder / "case.key", PASSPHRASE)
    assert second != first
    files = [folder / "case.db", *list_backups(folder / "backups")]
    assert not any(key_opens(f, first) for f in files)
    assert all(key_opens(f, second) for f in files)

    code, out, err = _run(capsys, "case", "passphrase", *case, "--passphrase-file", str(pw),
                          "--new-passphrase-file", str(new), "--json")
    assert code == 0, err
    assert json.loads(out) == {"changed": True, "rekeyed": True, "backups": 1}
    third = keyfile.unlock_key_file(folder / "case.key", "the new passphrase")
    assert third not in (first, second)
    assert not any(key_opens(f, second) for f in files)
    code, _, err = _run(capsys, "case", "status", *case, "--passphrase-file", str(pw))
    assert code == 3 and "Wrong passphrase" in err
    code, out, err = _run(capsys, "case", "status", *case, "--passphrase-file", str(new))
    assert code == 0 and "chain intact" in out, err
    assert PASSPHRASE not in out + err and "the new passphrase" not in out + err


def test_rekey_refuses_a_wrong_passphrase(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    make_world(tmp_path).create(folder).close()
    before = (folder / "case.key").read_bytes()
    code, _, err = _run(capsys, "case", "rekey", "--case", str(folder), "--passphrase-file",
                        str(_pw(tmp_path, "bad", "wrong")))
    assert code == 3 and "Wrong passphrase" in err
    assert (folder / "case.key").read_bytes() == before
