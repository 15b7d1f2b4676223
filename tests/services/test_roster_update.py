"""Roster updates reach the field, with real keys, packages and case files: the office revokes a
key and writes a signed ``.sbr``; a case imports it (never an older one: the identity remembers
the highest version per cycle); members' exports are no longer sealed to a revoked leader; the
leader's import refuses a revoked member's bundles; a case made from an older package after the
laptop saw a newer roster is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.crypto.bundle import open_bundle
from desktop.crypto.errors import CryptoError, RosterRollback
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.models import case as cm
from desktop.services.case import create_case
from desktop.services.identity import load_identity, new_identity, remember_roster
from desktop.services.leader import TeamLeader
from desktop.services.office import packages
from desktop.services.office.revocation import revoke_key, write_roster_update
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import PASS, Team, score_and_export


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Team]:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        t = Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued}, {})
        for rid in ("R1", "R2", "R3", "R4"):
            t.cases[rid] = tmp_path / "cases" / rid
            t.new_case(rid, t.cases[rid]).close()
        yield t
    finally:
        ws.close()


def _update(team: Team, rid: str, lost: str) -> Path:
    revoke_key(team.ws, lost, "laptop lost", datetime.now(UTC), 0)
    stick = team.root / "usb-roster"
    stick.mkdir(exist_ok=True)
    return write_roster_update(team.ws, stick).result.file


def test_a_revoked_leader_gets_nothing_sealed_after_the_update(field: Team) -> None:
    before = score_and_export(field, "R2", field.root / "out1")
    open_bundle(before.read_bytes(), field.ids["R4"], packages.office_roster(field.ws))
    sbr = _update(field, "R2", "R4")
    assert sbr.suffix == ".sbr"
    with field.open("R2") as case:
        roster = case.import_roster(sbr)
        assert roster.version == 2 and not roster.entry("R4").active
        assert case.roster().version == 2
        assert case.import_roster(sbr).version == 2  # the same again changes nothing
    after = score_and_export(field, "R2", field.root / "out2", shift=5)
    office_roster = packages.office_roster(field.ws)
    open_bundle(after.read_bytes(), field.ws.identity(), office_roster)  # the office reads it
    with pytest.raises(CryptoError):  # the lost leader's key opens nothing any more
        open_bundle(after.read_bytes(), field.ids["R4"], office_roster)


def test_the_leaders_import_refuses_a_revoked_members_bundles(field: Team) -> None:
    stolen = score_and_export(field, "R2", field.root / "out")  # made with R2's key
    sbr = _update(field, "R4", "R2")
    with field.open("R4") as case:
        case.import_roster(sbr)
        result = TeamLeader(case).import_bundles([stolen])
    [f] = result.files
    assert f.outcome == "rejected" and f.reason is not None
    assert "revoked" in str(f.reason)


def test_an_older_roster_or_package_is_refused(field: Team) -> None:
    sbr = _update(field, "R3", "R2")
    with field.open("R3") as case:
        old_bytes = case.run(lambda s: s.get_one(cm.CaseMeta, 1).roster_bytes)
        assert case.import_roster(sbr).version == 2
        old = field.root / "old.sbr"
        old.write_bytes(old_bytes)
        with pytest.raises(RosterRollback):
            case.import_roster(old)
        assert case.roster().version == 2
    # the identity remembers the highest version per cycle; an older package is refused
    folder = field.root / "identity"
    new_identity("R3", "评审员3", "id pass", folder=folder, kdf=CHEAP_KDF)
    assert remember_roster("id pass", field.small.cycle, 2, folder) == 2
    assert remember_roster("id pass", field.small.cycle, 1, folder) == 2
    seen = load_identity("id pass", folder).rosters
    assert seen == {field.small.cycle: 2}
    with pytest.raises(RosterRollback):
        create_case(field.packages["R3"], field.root / "again", PASS, field.ids["R3"],
                    field.ws.identity().root_fingerprint, kdf=CHEAP_KDF, seen_rosters=seen)
    assert not (field.root / "again" / "case.db").exists()
    # a case of this cycle refuses a roster older than the one the laptop saw
    with field.open("R1") as case, pytest.raises(RosterRollback):
        case.import_roster(old, {field.small.cycle: 2})
