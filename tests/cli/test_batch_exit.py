"""``office merge`` and ``case team import`` exit 3 when any bundle was rejected or made a fork,
after applying the good ones and printing the full report; duplicates and stale revisions are
not failures. Real workspace, real signed and sealed bundles."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write
from tests.services.test_leader import PASS, Team, _bundles, team  # noqa: F401

OFFICE_PASS = "pass phrase"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Small]:
    folder = tmp_path / "office"
    with init_workspace(folder, OFFICE_PASS, "Test office", kdf=CHEAP_KDF) as ws:
        small = small_cycle(ws)
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", OFFICE_PASS)
    return folder, small


def _merge(capsys: pytest.CaptureFixture[str], folder: Path, *files: Path,
           json_out: bool = True) -> tuple[int, Any, str]:
    code = main(["office", "merge", *map(str, files), "--office", str(folder),
                 *(["--json"] if json_out else [])])
    out = capsys.readouterr()
    return code, json.loads(out.out) if json_out else out.out, out.err


def test_office_merge_exit_codes(office: tuple[Path, Small], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, small = office
    ids = [a.id for a in small.apps]
    usb = tmp_path / "usb"
    one = write(usb, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    two = write(usb, "r2-2.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    r3 = write(usb, "r3-1.sbb", bundle(small, "R3", "material", ids, 1, seed=4))

    code, data, err = _merge(capsys, folder, two)
    assert (code, data["counts"]["new"], err) == (0, 1, "")
    # an older revision (stale) and a file seen before (duplicate) are not failures
    code, data, err = _merge(capsys, folder, one, two)
    assert (code, data["counts"]["stale"], data["counts"]["duplicate"], err) == (0, 1, 1, "")

    # a tampered file and random bytes: exit 3, yet the good bundle is applied and reported
    tampered = write(usb, "tampered.sbb", r3.read_bytes()[:-7] + b"\x00" * 7)
    noise = write(usb, "noise.sbb", os.urandom(2048))
    code, text, err = _merge(capsys, folder, tampered, r3, noise, json_out=False)
    assert code == 3
    assert err == "error: 2 bundles were rejected; 1 other bundle was applied (see the " \
                  "report)\n"
    assert "Totals: new 1, updated 0, duplicate 0, stale 0, fork 0, rejected 2" in text
    assert "tampered.sbb" in text and "noise.sbb" in text and "Quarantined files" in text
    code, data, _ = _merge(capsys, folder, r3)
    assert code == 0 and data["counts"]["duplicate"] == 1  # it was applied the first time

    # a fork waits for a person: exit 3 with the report; resolved, a re-import exits 0
    other = write(usb, "r2-2b.sbb", bundle(small, "R2", "material", ids, 2, seed=3))
    code, data, err = _merge(capsys, folder, other, tampered)
    assert code == 3 and data["counts"]["fork"] == 1 and data["counts"]["rejected"] == 1
    assert err == "error: 1 bundle was rejected and 1 fork waits for a person's decision; " \
                  "nothing was applied (see the report)\n"
    code, data, err = _merge(capsys, folder, other)
    assert code == 0 and data["counts"]["duplicate"] == 1, err  # the fork is held, not new
    reason = tmp_path / "reason.txt"
    reason.write_text("评审员确认第二台电脑的导出为准\n", encoding="utf-8")
    code = main(["office", "fork", "resolve", "r2-2b.sbb", "--reason-file", str(reason),
                 "--office", str(folder), "--json"])
    resolved = json.loads(capsys.readouterr().out)
    assert code == 0 and resolved["reason"] == "评审员确认第二台电脑的导出为准"
    code, data, err = _merge(capsys, folder, one, two, other, r3)
    assert code == 0, err
    assert [f["outcome"] for f in data["files"]] == ["duplicate"] * 4, data["files"]


def test_merge_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["office", "merge", "--help"], ["case", "team", "import", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        assert "Exit status: 0 when every file was applied" in text
        assert "3 when any file was rejected" in text and "fork" in text


def test_team_import_exit_codes(team: Team, tmp_path: Path,  # noqa: F811
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    files = _bundles(team)
    good = list(map(str, files.values()))
    bad = tmp_path / "tampered.sbb"
    raw = bytearray(files["R1"].read_bytes())
    raw[len(raw) // 2] ^= 0x40
    bad.write_bytes(bytes(raw))
    case = ["--case", str(team.cases["R4"]), "--json"]

    code = main(["case", "team", "import", *good, str(bad), *case])
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert code == 3 and data["counts"]["new"] == 3 and data["counts"]["rejected"] == 1
    assert out.err == "error: 1 bundle was rejected; 3 other bundles were applied (see the " \
                      "report)\n"
    assert data["held_bundles"] == 3  # the good ones were kept
    code = main(["case", "team", "import", *good, *case])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["counts"]["duplicate"] == 3
