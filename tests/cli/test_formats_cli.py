"""A package or bundle of a newer format on the command line: exit 3 and "update Scorebook" in
the person's language (issue 16, part 8); the version-1 fixtures still open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.i18n import set_language
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from desktop.services.identity import load_identity, new_identity
from tests import formats as fx

PASSPHRASE = "formats fixture passphrase"


@pytest.fixture(autouse=True)
def _english_after() -> object:
    yield None
    set_language("en")


def _reviewer(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """An identity folder pinned to the fixture office, its passphrase file, and a roster
    (signed by that office) listing it."""
    office = fx.office()
    ident = tmp_path / "identity"
    new_identity("R010", "Reviewer Ten", PASSPHRASE, office_fingerprint=office.root_fingerprint,
                 folder=ident, kdf=CHEAP_KDF)
    me = load_identity(PASSPHRASE, ident).identity
    roster = Roster(version=1, cycle_id="2025", office_name="Fixture Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="T1"),))
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return ident, pw, sign_roster(office, roster)


@pytest.mark.parametrize("lang, expected", [
    ("en", "This panel package was made by a newer version of Scorebook"),
    ("zh_CN", "请升级评审记分册"),
])
def test_case_open_of_a_newer_package_says_update_scorebook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str) -> None:
    ident, pw, roster = _reviewer(tmp_path)
    me = load_identity(PASSPHRASE, ident).identity
    content = sample_content("R010", criteria_ref=catalogue.framework().ref)
    package = tmp_path / "newer.sbp"
    package.write_bytes(fx.newer_package(fx.office(), roster, me.public, content))
    code = main(["--lang", lang, "case", "open", str(package), "--case", str(tmp_path / "case"),
                 "--identity-dir", str(ident), "--passphrase-file", str(pw)])
    out = capsys.readouterr()
    assert code == 3 and out.out == ""
    assert expected in out.err and "scorebook-package/2" in out.err
    if lang == "en":
        assert "Update Scorebook to open it" in out.err
    assert not (tmp_path / "case" / "case.db").exists()


def test_bundle_inspect_of_a_newer_bundle_says_update_scorebook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ident, pw, roster = _reviewer(tmp_path)
    me = load_identity(PASSPHRASE, ident).identity
    (tmp_path / "roster.dsse").write_bytes(roster)
    bundle = tmp_path / "newer.sbb"
    bundle.write_bytes(fx.newer_bundle(me, [fx.office().enc_pub, me.public.enc_pub]))
    code = main(["bundle", "inspect", str(bundle), "--identity-dir", str(ident), "--roster",
                 str(tmp_path / "roster.dsse"), "--passphrase-file", str(pw)])
    out = capsys.readouterr()
    assert code == 3
    assert "This score bundle was made by a newer version of Scorebook" in out.err
    assert "Update Scorebook to open it" in out.err


def test_the_v1_fixture_package_opens_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.crypto import keyfile
    from desktop.services.identity import IDENTITY_FILE, IDENTITY_FORMAT

    ident = tmp_path / "identity"
    ident.mkdir()
    body = json.dumps({"identity": fx.reviewer().to_private_dict(),
                       "office_fingerprint": fx.office().root_fingerprint}).encode()
    (ident / IDENTITY_FILE).write_bytes(keyfile.seal(body, PASSPHRASE, CHEAP_KDF,
                                                     IDENTITY_FORMAT))
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    code = main(["case", "open", str(fx.FIXTURE / "panel.sbp"), "--case", str(tmp_path / "case"),
                 "--identity-dir", str(ident), "--passphrase-file", str(pw)])
    out = capsys.readouterr()
    assert code == 0, out.err
    code = main(["bundle", "inspect", str(fx.FIXTURE / "scores.sbb"), "--case",
                 str(tmp_path / "case"), "--passphrase-file", str(pw), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    summary = json.loads(out.out)
    assert summary["revision"] == 1 and summary["scores"] == 2 and summary["recusals"] == 1
