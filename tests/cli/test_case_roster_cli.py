"""``scorebook case roster import``: a roster update from the office becomes the case's; an older
one, or a case made later from an older package, is refused (the identity remembers)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto.keys import read_card
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from desktop.services.identity import load_identity
from tests.models.case_world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_roster_import_and_rollback(tmp_path: Path, world: World,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    ident, pw = tmp_path / "id", tmp_path / "pw"
    pw.write_text("identity and case passphrase\n", encoding="utf-8")
    fp = world.office.root_fingerprint
    assert _run(capsys, "identity", "new", "--id", "R010", "--name", "Reviewer Ten",
                "--office-fingerprint", fp, "--dir", str(ident),
                "--passphrase-file", str(pw))[0] == 0
    public = read_card((ident / "reviewer.card").read_bytes())
    v1 = Roster(version=1, cycle_id="2025", office_name="Review Office",
                root_sign_pub=world.office.root_sign_pub, office_enc_pub=world.office.enc_pub,
                reviewers=(RosterEntry.of(public, team="T1"),))
    content = sample_content("R010", criteria_ref=catalogue.framework().ref)
    package = tmp_path / "p.sbp"
    package.write_bytes(build_package(world.office, sign_roster(world.office, v1), public,
                                      content))
    case = ("--identity-dir", str(ident), "--passphrase-file", str(pw))
    code, _, err = _run(capsys, "case", "open", str(package), "--case", str(tmp_path / "c1"),
                        *case)
    assert code == 0, err

    update = tmp_path / "roster-2025-v2.sbr"
    update.write_bytes(sign_roster(world.office, replace(v1, version=2)))
    code, out, err = _run(capsys, "case", "roster", "import", str(update), "--case",
                          str(tmp_path / "c1"), *case, "--json")
    assert code == 0, err
    assert json.loads(out)["version"] == 2
    assert load_identity("identity and case passphrase", ident).rosters == {"2025": 2}

    old = tmp_path / "roster-2025-v1.sbr"
    old.write_bytes(sign_roster(world.office, v1))
    code, _, err = _run(capsys, "case", "roster", "import", str(old), "--case",
                        str(tmp_path / "c1"), *case)
    assert code == 3 and "older" in err
    # an old package after the laptop saw version 2: refused for its old roster
    code, _, err = _run(capsys, "case", "open", str(package), "--case", str(tmp_path / "c2"),
                        *case)
    assert code == 3 and "older" in err
    assert not (tmp_path / "c2" / "case.db").exists()
