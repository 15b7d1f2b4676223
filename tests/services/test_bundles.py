"""Inspecting a score bundle (``desktop.services.bundles``) with a case's key or an identity and
a signed roster: a real case file exports a real bundle."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.errors import TooLarge, UnknownSigner, WrongRecipient
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.domain.errors import ScorebookError
from desktop.services import bundles
from desktop.services.identity import IDENTITY_FORMAT, new_identity
from desktop.services.keys import NoOfficeFingerprint, kdf_params
from tests.models.case_world import COMMENT, PASSPHRASE, SECRET, World, make_world

# The keys of the JSON summary, in this order, as ``scorebook bundle inspect --json`` prints.
SUMMARY_KEYS = ["bundle_id", "kind", "cycle_id", "stage_id", "reviewer_id", "signer_fingerprint",
                "revision", "final", "created_at", "prev_hash", "content_hash", "audit_head",
                "applicants", "scores", "panel_scores", "recusals", "feedback", "size",
                "reviewer_name"]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


@pytest.fixture
def exported(world: World, tmp_path: Path) -> tuple[Path, Path]:
    """(case folder, bundle file) of a case that scored one item and exported."""
    folder, usb = tmp_path / "case", tmp_path / "usb"
    usb.mkdir()
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70, strengths=COMMENT)
        result = case.export_bundle(usb)
    return folder, result.path


def _leader_identity(world: World, folder: Path, pinned: str | None) -> None:
    body = json.dumps({"identity": world.leader.to_private_dict(),
                       "office_fingerprint": pinned}).encode()
    folder.mkdir()
    (folder / "reviewer.identity").write_bytes(
        keyfile.seal(body, "leader pw", kdf_params("test"), IDENTITY_FORMAT))


def test_inspect_with_the_case(exported: tuple[Path, Path], world: World) -> None:
    folder, path = exported
    bundle = bundles.read_bundle(path)
    assert bundle.data == path.read_bytes() and "data" not in repr(bundle)
    found = bundles.inspect_with_case(bundle, folder, PASSPHRASE)
    s = found.summary
    assert (s.reviewer_id, s.reviewer_name, s.revision, s.kind, s.cycle_id, s.stage_id) == \
        ("R001", "Reviewer One", 1, "scores", "2025", "onsite")
    assert s.signer_fingerprint == world.me.fingerprint and s.size == path.stat().st_size
    assert s.scores == 1 and s.applicants == 1 and not s.final
    assert list(asdict(s)) == SUMMARY_KEYS
    assert found.stage is None  # cycle "2025" names no programme: the id is shown
    text = json.dumps(asdict(s), ensure_ascii=False)
    assert COMMENT not in text and SECRET not in text
    with pytest.raises(ScorebookError, match="Wrong passphrase"):
        bundles.inspect_with_case(bundle, folder, "not the passphrase")


def test_inspect_with_an_identity_and_a_roster(exported: tuple[Path, Path], world: World,
                                               tmp_path: Path) -> None:
    _folder, path = exported
    bundle = bundles.read_bundle(path)
    roster = tmp_path / "roster.dsse"
    roster.write_bytes(world.roster_bytes)
    fp = world.office.root_fingerprint
    pinned, unpinned = tmp_path / "leader", tmp_path / "leader-unpinned"
    _leader_identity(world, pinned, fp)
    _leader_identity(world, unpinned, None)
    found = bundles.inspect_with_identity(bundle, roster, "leader pw", pinned)
    assert (found.summary.reviewer_id, found.summary.reviewer_name) == ("R001", "Reviewer One")
    typed = bundles.inspect_with_identity(bundle, roster, "leader pw", unpinned, fp.lower())
    assert typed.summary == found.summary
    with pytest.raises(NoOfficeFingerprint):
        bundles.inspect_with_identity(bundle, roster, "leader pw", unpinned)
    # a roster without the signer; an identity the bundle is not addressed to
    partial = tmp_path / "partial.dsse"
    partial.write_bytes(sign_roster(world.office, Roster(
        version=2, cycle_id="2025", office_name="Review Office",
        root_sign_pub=world.office.root_sign_pub, office_enc_pub=world.office.enc_pub,
        reviewers=(RosterEntry.of(world.leader.public, team="T1", leader=True),))))
    with pytest.raises(UnknownSigner):
        bundles.inspect_with_identity(bundle, partial, "leader pw", pinned)
    stranger = tmp_path / "stranger"
    new_identity("R009", "Stranger", "s pw", folder=stranger, kdf=kdf_params("test"),
                 office_fingerprint=fp)
    with pytest.raises(WrongRecipient):
        bundles.inspect_with_identity(bundle, roster, "s pw", stranger)


def test_a_tampered_or_oversized_bundle_is_refused(exported: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    folder, path = exported
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    bad = tmp_path / "tampered.sbb"
    bad.write_bytes(bytes(data))
    with pytest.raises(ScorebookError):
        bundles.inspect_with_case(bundles.read_bundle(bad), folder, PASSPHRASE)
    big = tmp_path / "big.sbb"
    with big.open("wb") as fh:
        fh.truncate(bundles.MAX_SEALED_BYTES + 1)
    with pytest.raises(TooLarge):
        bundles.read_bundle(big)
    assert path.suffix == bundles.BUNDLE_SUFFIX
