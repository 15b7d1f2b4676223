"""``scorebook identity|case|bundle``: real files, real keys, passphrases from files only."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto import keyfile
from desktop.crypto.keys import OfficeIdentity, read_card
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from desktop.services.identity import IDENTITY_FORMAT, new_identity
from tests.models.case_world import PASSPHRASE, World, make_world


def _pw(tmp_path: Path, name: str, value: str) -> Path:
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_identity_new_show_and_case_open_from_a_package(tmp_path: Path, world: World,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    ident, pw = tmp_path / "id", _pw(tmp_path, "pw", "identity and case passphrase")
    code, out, _ = _run(capsys, "identity", "new", "--id", "R010", "--name", "Reviewer Ten",
                        "--office-fingerprint", world.office.root_fingerprint, "--dir",
                        str(ident), "--passphrase-file", str(pw), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["office_fingerprint"] == world.office.root_fingerprint
    code, out, _ = _run(capsys, "identity", "show", "--dir", str(ident))
    assert code == 0 and info["fingerprint"] in out
    code, _, err = _run(capsys, "identity", "new", "--id", "R010", "--name", "x", "--dir",
                        str(ident), "--passphrase-file", str(pw))
    assert code == 3 and "already exists" in err

    # the office enrols the card and sends a package
    public = read_card((ident / "reviewer.card").read_bytes())
    roster = Roster(version=1, cycle_id="2025", office_name="Review Office",
                    root_sign_pub=world.office.root_sign_pub,
                    office_enc_pub=world.office.enc_pub,
                    reviewers=(RosterEntry.of(public, team="T1"),))
    content = sample_content("R010", criteria_ref=catalogue.framework().ref)
    package = tmp_path / "p.sbp"
    package.write_bytes(build_package(world.office, sign_roster(world.office, roster), public,
                                      content))
    folder = tmp_path / "case"
    # a fingerprint typed that is not the pinned one is refused, never trusted instead
    impostor = OfficeIdentity.generate("Impostor").root_fingerprint
    code, _, err = _run(capsys, "case", "open", str(package), "--case", str(folder),
                        "--identity-dir", str(ident), "--passphrase-file", str(pw),
                        "--office-fingerprint", impostor)
    assert code == 3 and "differs from the one pinned" in err and impostor in err
    assert not (folder / "case.db").exists()
    code, out, err = _run(capsys, "case", "open", str(package), "--case", str(folder),
                          "--identity-dir", str(ident), "--passphrase-file", str(pw),
                          "--office-fingerprint", world.office.root_fingerprint.lower())
    assert code == 0, err
    assert "3 applicants" in out
    code, _, err = _run(capsys, "case", "status", "--case", str(folder),
                        "--passphrase-file", str(_pw(tmp_path, "bad", "wrong")))
    assert code == 3 and "Wrong passphrase" in err


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


@pytest.fixture
def case_dir(world: World, tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    world.create(folder).close()
    return folder


def test_score_import_recuse_export_inspect(world: World, case_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    pw = str(_pw(tmp_path, "pw", PASSPHRASE))
    base = ("--case", str(case_dir), "--passphrase-file", pw)
    code, out, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                          "onsite", "--item", "4.1.2", "--percent", "70", "--strengths", "ok",
                          "--json")
    assert code == 0, err
    assert json.loads(out)["item_score"] == "35.00"
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                        "onsite", "--item", "4.1.2", "--percent", "71")
    assert code == 3 and "71" in err
    sheet = tmp_path / "scores.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["applicant", "stage", "item", "percent", "strengths", "improvements"])
        writer.writerow(["A001", "onsite", "4.1.3", "45", "s", "i"])
        writer.writerow(["A002", "onsite", "4.1.3", "abc", "", ""])
    code, _, err = _run(capsys, "case", "import-scores", str(sheet), *base)
    assert code == 3 and "row 3, percent" in err
    sheet.write_text("applicant,stage,item,percent,strengths,improvements\n"
                     "A001,onsite,4.1.3,45,s,i\nA002,onsite,4.1.3,50,,\n", encoding="utf-8")
    code, out, _ = _run(capsys, "case", "import-scores", str(sheet), *base, "--json")
    assert code == 0 and json.loads(out)["rows"] == 2
    code, out, _ = _run(capsys, "case", "recuse", *base, "--applicant", "A002", "--reason",
                        "employment", "--text", "former employer")
    assert code == 0 and "示例企业2有限公司" in out  # named, not by its id
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A002", "--stage",
                        "onsite", "--item", "4.1.2", "--percent", "50")
    assert code == 3 and "recused" in err
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = _run(capsys, "case", "export", *base, "--to", str(usb))
    assert code == 0, err
    assert "Safe to remove" in out and "A002" in out
    (bundle,) = usb.iterdir()
    code, out, err = _run(capsys, "bundle", "inspect", str(bundle), *base, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["revision"] == 1 and summary["scores"] == 2 and summary["recusals"] == 1
    assert "former employer" not in out  # the summary carries no text
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 1
    bad = tmp_path / "tampered.sbb"
    bad.write_bytes(bytes(data))
    code, _, err = _run(capsys, "bundle", "inspect", str(bad), *base)
    assert code == 3 and err.startswith("error:")
    code, out, _ = _run(capsys, "case", "status", *base, "--json")
    status = json.loads(out)
    assert status["audit_ok"] and len(status["exports"]) == 1
    assert [a["recused"] for a in status["applicants"]] == [False, True, False]


def test_an_applicant_is_named_by_name_id_or_the_start_of_its_id(
        case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("case", "score", "--case", str(case_dir), "--passphrase-file",
            str(_pw(tmp_path, "pw", PASSPHRASE)), "--stage", "onsite", "--item", "4.1.2")
    for ref, pct in (("示例企业3有限公司", "40"), (" 示例企业3 有限公司 ", "45"), ("A003", "50")):
        code, out, err = _run(capsys, *base, "--applicant", ref, "--percent", pct, "--json")
        assert code == 0, err
        assert json.loads(out)["applicant_id"] == "A003" and json.loads(out)["pct"] == int(pct)
    code, _, err = _run(capsys, *base, "--applicant", "A00", "--percent", "50")
    assert code == 3 and "'A00'" in err  # too short to be a prefix: not found
    code, _, err = _run(capsys, *base, "--applicant", "示例企业9有限公司", "--percent", "50")
    assert code == 3 and "No applicant" in err


def test_score_clear_removes_the_percentage_and_keeps_the_comments(
        case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("case", "score", "--case", str(case_dir), "--passphrase-file",
            str(_pw(tmp_path, "pw", PASSPHRASE)), "--applicant", "A001", "--stage", "onsite",
            "--item", "4.1.2")
    code, _, err = _run(capsys, *base, "--percent", "70", "--strengths", "kept")
    assert code == 0, err
    code, out, err = _run(capsys, *base, "--clear", "--why", "wrong item", "--json")
    assert code == 0, err
    view = json.loads(out)
    assert view["pct"] is None and view["strengths"] == "kept" and view["changed"]
    code, out, err = _run(capsys, *base, "--clear")
    assert code == 0, err
    assert "Cleared" in out
    with pytest.raises(SystemExit) as usage:  # one or the other
        _run(capsys, *base, "--clear", "--percent", "50")
    assert usage.value.code == 2 and "--percent" in capsys.readouterr().err
    code, _, err = _run(capsys, *base, "--clear", "--strengths", "x")
    assert code == 2 and "--clear" in err
    status = ("case", "status", "--case", str(case_dir), "--passphrase-file",
              str(tmp_path / "pw"), "--json")
    code, out, _ = _run(capsys, *status)
    first = json.loads(out)["applicants"][0]
    assert first["scored_items"] == 0 and json.loads(out)["audit_ok"]
    code, _, err = _run(capsys, "case", "recuse", "--case", str(case_dir), "--passphrase-file",
                        str(tmp_path / "pw"), "--applicant", "A001", "--reason", "employment",
                        "--text", "former employer")
    assert code == 0, err
    code, _, err = _run(capsys, *base, "--clear")
    assert code == 3 and "recused" in err


def test_bundle_inspect_with_identity_and_roster(world: World, case_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The team leader inspects a member's bundle; an unknown signer or key is exit 3."""
    pw = str(_pw(tmp_path, "pw", PASSPHRASE))
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["case", "export", "--case", str(case_dir), "--passphrase-file", pw,
                 "--to", str(usb)]) == 0
    (bundle,) = usb.iterdir()
    leader_dir = tmp_path / "leader-id"
    leader_dir.mkdir()
    body = json.dumps({"identity": world.leader.to_private_dict(),
                       "office_fingerprint": world.office.root_fingerprint}).encode()
    (leader_dir / "reviewer.identity").write_bytes(
        keyfile.seal(body, "leader pw", keyfile.CHEAP_KDF, IDENTITY_FORMAT))
    lpw = str(_pw(tmp_path, "lpw", "leader pw"))
    full = tmp_path / "roster-full.dsse"
    full.write_bytes(world.roster_bytes)
    without = Roster(version=2, cycle_id="2025", office_name="Review Office",
                     root_sign_pub=world.office.root_sign_pub,
                     office_enc_pub=world.office.enc_pub,
                     reviewers=(RosterEntry.of(world.leader.public, team="T1", leader=True),))
    partial = tmp_path / "roster-partial.dsse"
    partial.write_bytes(sign_roster(world.office, without))
    capsys.readouterr()
    leader = ("--identity-dir", str(leader_dir), "--passphrase-file", lpw)
    code, out, err = _run(capsys, "bundle", "inspect", str(bundle), *leader, "--roster",
                          str(full))
    assert code == 0, err
    assert "R001" in out and "revision 1" in out
    impostor = OfficeIdentity.generate("Impostor").root_fingerprint
    code, _, err = _run(capsys, "bundle", "inspect", str(bundle), *leader, "--roster",
                        str(full), "--office-fingerprint", impostor)
    assert code == 3 and "differs from the one pinned" in err
    code, _, err = _run(capsys, "bundle", "inspect", str(bundle), *leader, "--roster",
                        str(partial))
    assert code == 3 and "not on the roster" in err
    stranger = tmp_path / "stranger-id"
    new_identity("R009", "Stranger", "s pw", folder=stranger, kdf=keyfile.CHEAP_KDF,
                 office_fingerprint=world.office.root_fingerprint)
    code, _, err = _run(capsys, "bundle", "inspect", str(bundle), "--identity-dir",
                        str(stranger), "--passphrase-file", str(_pw(tmp_path, "s", "s pw")),
                        "--roster", str(full))
    assert code == 3 and "not addressed to your key" in err


def test_passphrase_backup_restore(case_dir: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pw(tmp_path, "old", PASSPHRASE), _pw(tmp_path, "new", "a new passphrase")
    base = ("--case", str(case_dir))
    code, out, _ = _run(capsys, "case", "backup", *base, "--passphrase-file", str(old),
                        "--json")
    assert code == 0
    backup = Path(json.loads(out)["backup"])
    assert _run(capsys, "case", "score", *base, "--passphrase-file", str(old), "--applicant",
                "A001", "--stage", "onsite", "--item", "4.1.2", "--percent", "90")[0] == 0
    code, _, err = _run(capsys, "case", "passphrase", *base, "--passphrase-file", str(old),
                        "--new-passphrase-file", str(new))
    assert code == 0, err
    code, _, err = _run(capsys, "case", "status", *base, "--passphrase-file", str(old))
    assert code == 3 and "Wrong passphrase" in err
    code, _, err = _run(capsys, "case", "restore", str(backup), *base, "--passphrase-file",
                        str(new))
    assert code == 0, err
    code, out, _ = _run(capsys, "case", "status", *base, "--passphrase-file", str(new),
                        "--json")
    assert json.loads(out)["applicants"][0]["scored_items"] == 0


def test_export_to_a_missing_folder_fails_and_records_nothing(
        world: World, case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: exit 3 with the reason; ``case status`` lists nothing and the audit log has no
    new row; the next export is revision 1."""
    pw = str(_pw(tmp_path, "pw", PASSPHRASE))
    base = ("--case", str(case_dir), "--passphrase-file", pw)
    code, out, _ = _run(capsys, "case", "status", *base, "--json")
    rows = json.loads(out)["audit_rows"]
    missing = tmp_path / "MISSING_FOLDER"
    for _ in range(2):
        code, out, err = _run(capsys, "case", "export", *base, "--to", str(missing))
        assert code == 3 and out == ""
        assert "Could not write to" in err and str(missing) in err
    code, out, _ = _run(capsys, "case", "status", *base, "--json")
    status = json.loads(out)
    assert status["exports"] == [] and status["audit_rows"] == rows and status["audit_ok"]
    code, out, _ = _run(capsys, "case", "status", *base)
    assert code == 0 and "exported revision" not in out
    missing.mkdir()
    code, out, err = _run(capsys, "case", "export", *base, "--to", str(missing), "--json")
    assert code == 0, err
    assert json.loads(out)["revision"] == 1
    code, out, _ = _run(capsys, "case", "status", *base, "--json")
    assert [e["revision"] for e in json.loads(out)["exports"]] == [1]
