"""Formats carry versions (issue 16, part 8): today's code opens the version-1 package and
bundle kept in tests/data/formats-v1; a package or bundle of a newer version is refused with
``NewerFormat`` saying to update Scorebook, whichever part of it is newer."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.crypto import container, formats
from desktop.crypto.bundle import BUNDLE_FORMAT, build_bundle, new_manifest, open_bundle
from desktop.crypto.errors import Malformed, NewerFormat
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.package import PACKAGE_FORMAT, open_package
from desktop.crypto.roster import ROSTER_FORMAT
from desktop.i18n import translator
from desktop.services import catalogue
from desktop.services.case import create_case
from desktop.services.case_package import CONTENT_FORMAT, parse_content, sample_content
from tests import formats as fx


def test_each_format_says_its_version() -> None:
    assert BUNDLE_FORMAT == "scorebook-bundle/2" and PACKAGE_FORMAT == "scorebook-package/1"
    assert ROSTER_FORMAT == "scorebook-roster/1"
    assert CONTENT_FORMAT == "scorebook.panel-content/2"
    assert container.BUNDLE_MAGIC == b"SCBKBDL1" and container.PACKAGE_MAGIC == b"SCBKPKG1"
    for family in (formats.BUNDLE, formats.PACKAGE, formats.ROSTER, formats.CONTENT):
        assert list(family.readable) == list(range(1, family.current + 1))


@pytest.mark.parametrize("value, newer", [
    ("scorebook-bundle/1", None), ("scorebook-bundle/2", None),
    ("scorebook-bundle/3", "scorebook-bundle/3"),
    ("scorebook-bundle/317", "scorebook-bundle/317"), ("scorebook-bundle/0", "malformed"),
    ("scorebook-bundle/01", "malformed"), ("scorebook-package/1", "malformed"),
    ("scorebook-bundle", "malformed"), ("", "malformed"), (1, "malformed"),
    (None, "malformed"), ("scorebook-bundle/1 ", "malformed"),
])
def test_the_version_rule(value: object, newer: str | None) -> None:
    doc = {"format": value} if value is not None else {}
    if newer is None:
        assert formats.BUNDLE.version_of(doc, "manifest") == int(str(value)[-1])
        return
    with pytest.raises(Malformed) as caught:
        formats.BUNDLE.version_of(doc, "manifest")
    if newer == "malformed":
        assert not isinstance(caught.value, NewerFormat)
    else:
        assert isinstance(caught.value, NewerFormat)
        assert caught.value.found == newer and caught.value.known == "scorebook-bundle/2"
        assert "Update Scorebook" in caught.value.message.render()


# --- today's code opens the files of today's format, kept as fixtures --------------------------


def test_the_v1_package_fixture_opens(tmp_path: Path) -> None:
    office, me = fx.office(), fx.reviewer()
    package = open_package((fx.FIXTURE / "panel.sbp").read_bytes(), me, office.root_fingerprint,
                           None)
    content = parse_content(package.content)
    assert package.roster.version == 1 and package.roster.cycle_id == "2025"
    assert content.reviewer_id == "R001" and len(content.applicants) == 3
    assert [s.stage_id for s in content.stages] == ["onsite", "defense"]
    with create_case(fx.FIXTURE / "panel.sbp", tmp_path / "case", "fixture", me,
                     office.root_fingerprint, kdf=CHEAP_KDF) as case:
        assert [a.applicant_id for a in case.status().applicants] == ["A001", "A002", "A003"]
        case.score_item("A001", "onsite", "4.1.2", 60)
        stick = tmp_path / "stick"
        stick.mkdir()
        exported = case.export_bundle(stick)
    assert open_bundle(exported.path.read_bytes(), office, fx.roster()).revision == 1


def test_the_v1_bundle_fixture_opens_at_the_office_and_for_its_author() -> None:
    office, me, roster = fx.office(), fx.reviewer(), fx.roster()
    data = (fx.FIXTURE / "scores.sbb").read_bytes()
    assert data[:8] == b"SCBKBDL1"
    for key in (office, me):
        opened = open_bundle(data, key, roster)
        m = opened.manifest
        assert m["format"] == "scorebook-bundle/1" and opened.revision == 1
        assert (m["reviewer_id"], m["cycle_id"], m["stage_id"], m["kind"]) == \
            ("R001", "2025", "onsite", "scores")
        snap = m["snapshot"]
        assert {(s["applicant_id"], s["item_id"], s["pct"]) for s in snap["scores"]} == \
            {("A001", "4.1.2", 70), ("A002", "4.1.3", 45)}
        first = next(s for s in snap["scores"] if s["applicant_id"] == "A001")
        mark = first["secret_marks"][0]
        assert first["strengths"][mark["start"]:mark["end"]] == "SECRET"
        assert [r["applicant_id"] for r in snap["recusals"]] == ["A003"]
        assert [f["rating"] for f in snap["feedback"]] == ["compliant"]


def test_the_office_merge_reader_takes_the_v1_bundle() -> None:
    from desktop.services.office.merge import read_bundles

    (item,) = read_bundles([fx.FIXTURE / "scores.sbb"], fx.office(), fx.roster())
    assert item.error is None and item.record is not None
    assert (item.record.reviewer_id, item.record.stage_id, item.record.revision) == \
        ("R001", "onsite", 1)


def test_the_office_reader_says_why_it_refuses_a_newer_bundle(tmp_path: Path) -> None:
    from desktop.services.office.merge import read_bundles

    office, me = fx.office(), fx.reviewer()
    newer = tmp_path / "newer.sbb"
    newer.write_bytes(fx.newer_bundle(me, [office.enc_pub]))
    (item,) = read_bundles([newer], office, fx.roster())
    assert item.record is None and item.error is not None
    assert "Update Scorebook" in item.error.render()


def test_todays_writer_writes_the_current_version() -> None:
    me, office = fx.reviewer(), fx.office()
    snap: dict[str, list[object]] = {"scores": [], "panel_scores": [], "recusals": [],
                                      "feedback": []}
    data = build_bundle(me, new_manifest(kind="scores", cycle_id="2025", stage_id="onsite",
                                         reviewer_id="R001", revision=1, prev_hash="",
                                         snapshot=snap, audit_head=""), [office.enc_pub])
    assert data[:8] == container.BUNDLE_MAGIC
    assert open_bundle(data, office, fx.roster()).manifest["format"] == formats.BUNDLE.tag


# --- a newer file says "update Scorebook", whichever part of it is newer ----------------------


@pytest.mark.parametrize("part, found", [("manifest", "scorebook-bundle/3"),
                                         ("envelope", "DSSEBIN2"),
                                         ("container", "SCBKBDL2")])
def test_a_newer_bundle_says_update_scorebook(part: str, found: str) -> None:
    office, me = fx.office(), fx.reviewer()
    data = fx.newer_bundle(me, [office.enc_pub, me.public.enc_pub], part=part)
    for key in (office, me):
        with pytest.raises(NewerFormat) as caught:
            open_bundle(data, key, fx.roster())
        error = caught.value
        assert error.kind == "bundle" and error.found == found
        text = error.message.render()
        assert text.startswith("This score bundle was made by a newer version of Scorebook")
        assert "Update Scorebook" in text and found in text


def test_a_newer_bundle_from_an_unknown_signer_is_not_announced_as_newer() -> None:
    """The format is read only after the signature: a stranger cannot make the office say
    anything but that the signer is unknown."""
    stranger = ReviewerIdentity.generate("R001", "Impostor")
    office = fx.office()
    data = fx.newer_bundle(stranger, [office.enc_pub], part="manifest")
    with pytest.raises(Exception) as caught:
        open_bundle(data, office, fx.roster())
    assert not isinstance(caught.value, NewerFormat)


def _content() -> dict[str, object]:
    return sample_content("R001", criteria_ref=catalogue.framework().ref,
                          team=[("R001", "Fixture Reviewer", False),
                                ("R002", "Fixture Leader", True)])


@pytest.mark.parametrize("part, found", [
    ("payload", "scorebook-package/2"), ("content", "scorebook.panel-content/3"),
    ("roster", "scorebook-roster/2"), ("envelope", "DSSEBIN2"),
    ("container", f"SCBKPKG{fx.NEWER_PACKAGE_LAYOUT}")])
def test_a_newer_package_says_update_scorebook(tmp_path: Path, part: str, found: str) -> None:
    office, me = fx.office(), fx.reviewer()
    signed = fx.newer_roster_bytes(office, fx.roster()) if part == "roster" \
        else fx.roster_bytes()
    data = fx.newer_package(office, signed, me.public, _content(), part=part)
    path = tmp_path / "newer.sbp"
    path.write_bytes(data)
    with pytest.raises(NewerFormat) as caught:
        create_case(path, tmp_path / "case", "pw", me, office.root_fingerprint, kdf=CHEAP_KDF)
    error = caught.value
    assert error.kind == "package" and error.found == found
    text = error.message.render()
    assert text.startswith("This panel package was made by a newer version of Scorebook")
    assert "Update Scorebook" in text
    assert not (tmp_path / "case" / "case.db").exists()


def test_the_same_package_of_version_1_opens(tmp_path: Path) -> None:
    """The synthetic builder makes a valid file when nothing in it is newer (so the tests
    above fail for the version alone)."""
    office, me = fx.office(), fx.reviewer()
    data = fx.newer_package(office, fx.roster_bytes(), me.public, _content(), part="none")
    package = open_package(data, me, office.root_fingerprint, None)
    assert parse_content(package.content).reviewer_id == "R001"
    bundle = fx.newer_bundle(me, [office.enc_pub], part="none")
    assert open_bundle(bundle, office, fx.roster()).revision == 1


@pytest.mark.parametrize("language, words", [("zh_CN", "请升级评审记分册"),
                                             ("mn_Mong_CN", "Scorebook")])
def test_the_message_is_translated(language: str, words: str) -> None:
    error = NewerFormat("package", "scorebook-package/2", "scorebook-package/1")
    text = error.message.render(translator(language).gettext)
    assert text != error.message.render() and words in text
    assert "scorebook-package/2" in text
