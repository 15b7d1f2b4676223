"""The revision counter outlives the case file (issue 17, deliver 3), with real case files,
packages, bundles and the office merge: the highest revision exported and its content hash are
kept with the reviewer's identity, so a case restored from an older backup, or made again from
the package, continues the counter and chains to the last bundle really exported — the office
merges it as an update (no fork, no chain held for a decision)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.atomic import write_atomic
from desktop.crypto.bundle import open_bundle
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import make_card
from desktop.services.case import CaseSession
from desktop.services.identity import EXPORTS_FILE, last_exports, remember_export
from desktop.services.office import chains, merge, packages
from desktop.services.office.packages import office_roster
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import FW, Team

STAGE = "material"


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Team]:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        t = Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued}, {})
        t.cases["R2"] = tmp_path / "cases" / "R2"
        t.new_case("R2", t.cases["R2"]).close()
        yield t
    finally:
        ws.close()


def _identity_folder(team: Team, rid: str) -> Path:
    """The reviewer's identity folder on their laptop (its public card is what ties the
    counter to the reviewer)."""
    folder = team.root / f"identity-{rid}"
    folder.mkdir()
    (team.root / "usb").mkdir(exist_ok=True)
    write_atomic(folder / "reviewer.card", make_card(team.ids[rid]))
    return folder


def _score(team: Team, case: CaseSession, pct: int) -> None:
    sheet = team.root / "sheet.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["applicant", "stage", "item", "percent", "strengths", "improvements"])
        for a in case.status().applicants:
            if not a.recused:
                w.writerow([a.applicant_id, STAGE, FW.items[0].id, pct, "优势", "改进"])
    case.import_scores_csv(sheet)
    sheet.unlink()


def _export(team: Team, case: CaseSession, pct: int, folder: Path) -> tuple[Path, int, str]:
    _score(team, case, pct)
    r = case.export_bundle(team.root / "usb", final=False, stage_id=STAGE,
                           identity_folder=folder)
    return r.path, r.revision, r.content_hash


def _prev_hash(team: Team, path: Path) -> str:
    opened = open_bundle(path.read_bytes(), team.ws.identity(), office_roster(team.ws))
    return str(opened.manifest["prev_hash"])


def test_a_restored_backup_and_a_case_made_again_continue_the_chain(lab: Team) -> None:
    team = lab
    folder = _identity_folder(team, "R2")
    sent: list[tuple[Path, int, str]] = []
    with team.open("R2") as case:
        sent.append(_export(team, case, 40, folder))
        backup = case.backup()  # the backup knows only revision 1
        sent.append(_export(team, case, 45, folder))
        sent.append(_export(team, case, 50, folder))
    assert [r for _p, r, _h in sent] == [1, 2, 3]
    outcomes = [merge.merge_files(team.ws, [p]).files[0].outcome for p, _r, _h in sent]
    assert outcomes == ["new", "updated", "updated"]

    with team.open("R2") as case:
        case.restore(backup)
        assert [e.revision for e in case.status().exports] == [1]
        path, revision, _h = _export(team, case, 55, folder)
    assert revision == 4  # not 2: the counter is the identity's
    assert _prev_hash(team, path) == sent[2][2]  # chained to the last bundle really exported
    result = merge.merge_files(team.ws, [path])
    assert result.files[0].outcome == "updated", result.files[0].reason
    assert result.forks == 0 and chains.list_breaks(team.ws) == []
    fourth = (path, revision, _h)

    again = team.root / "cases" / "R2-again"  # the laptop's case made again from the package
    with team.new_case("R2", again) as case:
        path, revision, _h = _export(team, case, 60, folder)
    assert revision == 5 and _prev_hash(team, path) == fourth[2]
    result = merge.merge_files(team.ws, [path])
    assert result.files[0].outcome == "updated", result.files[0].reason
    assert result.forks == 0 and merge.list_forks(team.ws) == [] and \
        chains.list_breaks(team.ws) == []


def test_the_counter_is_kept_only_for_the_folders_own_reviewer_and_only_when_signed(
        lab: Team) -> None:
    team = lab
    folder = _identity_folder(team, "R2")
    me, other = team.ids["R2"], team.ids["R3"]
    key = ("cycle", STAGE, "scores")
    assert remember_export(me, key, 3, "aa" * 32, folder)
    assert not remember_export(other, key, 9, "bb" * 32, folder)  # not R3's identity folder
    assert last_exports(me, folder)[key].revision == 3
    assert last_exports(other, folder) == {}
    assert remember_export(me, key, 2, "cc" * 32, folder)  # never goes down
    assert last_exports(me, folder)[key].content_hash == "aa" * 32
    ledger = folder / EXPORTS_FILE
    data = bytearray(ledger.read_bytes())
    data[len(data) // 2] ^= 0x01  # tampered: ignored, never trusted
    ledger.write_bytes(bytes(data))
    assert last_exports(me, folder) == {}
