"""``scorebook office reviewer enrol --fingerprint``, ``office backup`` and ``office restore``:
the card's fingerprint read out is compared; a backup restored elsewhere is the same office; the
recovery code comes from a file, never the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto import office_backup as fmt
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.services.office.workspace import init_workspace

PASS = "office pass"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = _run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "office"
    with init_workspace(folder, PASS, "Review Office", kdf=CHEAP_KDF):
        pass
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    return folder


def test_enrol_requires_the_fingerprint_read_out(office: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    reviewer = ReviewerIdentity.generate("R01", "评审员一")
    card = tmp_path / "R01.card"
    card.write_bytes(make_card(reviewer))
    ws = ("--workspace", str(office))
    with pytest.raises(SystemExit) as usage:
        main(["office", "reviewer", "enrol", str(card), *ws])
    assert usage.value.code == 2 and "--fingerprint" in capsys.readouterr().err
    other = ReviewerIdentity.generate("R02", "x").fingerprint
    code, _, err = _run(capsys, "office", "reviewer", "enrol", str(card), *ws,
                        "--fingerprint", other)
    assert code == 3 and "differs from the one the reviewer read out" in err
    assert reviewer.fingerprint in err and other in err
    code, _, err = _run(capsys, "office", "reviewer", "enrol", str(card), *ws,
                        "--fingerprint", "1234")
    assert code == 3 and "not a fingerprint" in err
    enrolled = _json(capsys, "office", "reviewer", "enrol", str(card), *ws, "--fingerprint",
                     reviewer.fingerprint.replace("-", " ").lower())
    assert enrolled["reviewer"] == "R01"


def test_backup_and_restore_with_the_passphrase_or_the_recovery_code(
        office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code_text, other = fmt.new_recovery_code(), fmt.new_recovery_code()
    monkeypatch.setattr(fmt, "new_recovery_code", lambda: code_text)
    sheet = tmp_path / "safe" / "sheet.pdf"
    sheet.parent.mkdir()
    made = _json(capsys, "office", "backup", "--workspace", str(office), "--to",
                 str(tmp_path / "usb"), "--recovery-sheet", str(sheet))
    assert Path(made["path"]).is_file() and made["recovery_key_id"] and sheet.is_file()
    assert code_text not in json.dumps(made)
    code, out, _ = _run(capsys, "office", "backup", "--workspace", str(office), "--to",
                        str(tmp_path / "usb"))
    assert code == 0 and "verified" in out and made["recovery_key_id"] in out
    info = _json(capsys, "office", "init", "--workspace", str(office))["workspace"]

    # a new computer: the passphrase of the backup's time
    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path / "new-machine"))
    restored = _json(capsys, "office", "restore", made["path"], "--workspace",
                     str(tmp_path / "new-machine" / "office"))
    assert restored["fingerprint"] == info["fingerprint"]
    code, _, err = _run(capsys, "office", "restore", made["path"], "--workspace",
                        str(tmp_path / "new-machine" / "office"))
    assert code == 3 and "already holds" in err

    # the passphrase is lost: the code from a file, the new passphrase from the environment
    code_file = tmp_path / "code.txt"
    code_file.write_text(code_text.lower() + "\n", encoding="utf-8")
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "a new passphrase")
    code, out, err = _run(capsys, "office", "restore", made["path"], "--workspace",
                          str(tmp_path / "other"), "--recovery-code-file", str(code_file))
    assert code == 0, err
    assert info["fingerprint"] in out and "recovery code" in out
    again = _json(capsys, "office", "init", "--workspace", str(tmp_path / "other"))
    assert again["workspace"]["fingerprint"] == info["fingerprint"]
    code_file.write_text(other + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "office", "restore", made["path"], "--workspace",
                        str(tmp_path / "third"), "--recovery-code-file", str(code_file))
    assert code == 3 and "does not open this backup" in err
    assert not (tmp_path / "third" / "workspace.json").exists()
