"""Which page a file opened from the file manager goes to: real files of each kind, named by
their content, by their name where the content says nothing, and bad paths never raising."""

from __future__ import annotations

from pathlib import Path

from desktop.crypto import container
from desktop.crypto.keyfile import CHEAP_KDF, create_key_file
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity, make_card
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case_package import sample_content
from desktop.services.file_kinds import FileKind, classify, file_argument


def _team() -> tuple[OfficeIdentity, ReviewerIdentity, bytes]:
    office = OfficeIdentity.generate("Review Office")
    me = ReviewerIdentity.generate("R001", "Reviewer One")
    roster = Roster(version=1, cycle_id="2025", office_name="Review Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="T1", leader=True),))
    return office, me, sign_roster(office, roster)


def test_each_kind_is_named_by_its_content_even_under_another_name(tmp_path: Path) -> None:
    office, me, roster = _team()
    content = sample_content("R001", applicants=1, criteria_ref=catalogue.framework().ref)
    files = {
        FileKind.PACKAGE: build_package(office, roster, me.public, content),
        FileKind.BUNDLE: container.seal(container.BUNDLE_MAGIC, b"{}", [office.enc_pub], 10),
        FileKind.CARD: make_card(me),
        FileKind.ROSTER: roster,
    }
    for kind, data in files.items():
        right = tmp_path / f"right-{kind}"
        right.write_bytes(data)
        wrong = tmp_path / f"renamed-{kind}.txt"  # a stick that lost the suffixes
        wrong.write_bytes(data)
        assert classify(right).kind is kind
        assert classify(wrong).kind is kind, kind


def test_a_case_is_its_folder_or_either_of_its_two_files(tmp_path: Path) -> None:
    case = tmp_path / "case-R001"
    case.mkdir()
    create_key_file(case / "case.key", "pass phrase", CHEAP_KDF)
    (case / "case.db").write_bytes(b"\0" * 4096)  # SQLCipher: nothing to read without the key
    for path in (case, case / "case.key", case / "case.db"):
        opened = classify(path)
        assert opened.kind is FileKind.CASE and opened.case_folder == case
    lone = tmp_path / "case.key"
    lone.write_bytes((case / "case.key").read_bytes())
    assert classify(lone).kind is FileKind.UNKNOWN  # a key file alone opens nothing


def test_the_name_decides_where_the_content_says_nothing(tmp_path: Path) -> None:
    for suffix, kind in ((".sbb", FileKind.BUNDLE), (".SBP", FileKind.PACKAGE),
                         (".card", FileKind.CARD), (".sbr", FileKind.ROSTER)):
        cut = tmp_path / f"cut-short{suffix}"
        cut.write_bytes(b"")  # a copy cut short: the import says what is wrong with it
        assert classify(cut).kind is kind


def test_bad_paths_are_unknown_with_a_reason_never_an_error(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text('{"payloadType": "text/plain"}', encoding="utf-8")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10)
    for path in (other, binary, tmp_path / "missing.sbb", tmp_path):
        opened = classify(path)
        assert opened.kind is FileKind.UNKNOWN and opened.problem, path
    assert classify(tmp_path / "missing.sbb").problem == "no such file"


def test_the_file_a_start_was_given(tmp_path: Path) -> None:
    bundle = tmp_path / "a.sbb"
    bundle.write_bytes(b"SCBKBDL1")
    assert file_argument([str(bundle)]) == bundle
    assert file_argument(["--language", "zh_CN", str(bundle)]) == bundle
    assert file_argument(["--language", "zh_CN"]) is None
    assert file_argument([str(tmp_path / "gone.sbb")]) is None
    assert file_argument(["--screenshot", str(bundle)]) is None  # an option's value
