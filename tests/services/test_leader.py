"""The team leader's merge on site, with real case files, real packages and real bundles.

An office issues packages (hohhot-mayor: team T1 = R1…R4, leader R4, R1 conflicted with one
applicant); each reviewer scores in their own encrypted case file and exports a bundle sealed to
the office, the leader and themselves; the leader imports them in their own case file, sees the
divergence, records and exports a signed consensus that the office merge accepts.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity
from desktop.domain.errors import RuleViolation, ScoreValueError
from desktop.models import case as cm
from desktop.models.office.review import ConsensusItem
from desktop.services.case import CaseSession, create_case, open_case
from desktop.services.catalogue import framework
from desktop.services.leader import TeamLeader
from desktop.services.office import merge, packages, ranking
from desktop.services.office.workspace import Workspace, init_workspace
from tests.services.office.helpers import Small, small_cycle

PASS = "leader case pass"
FW = framework()
FLAGGED = FW.items[0].id  # R2 30 %, R3 70 %: different bands, spread 40 → flagged
EDITED = FW.items[1].id


@dataclass
class Team:
    ws: Workspace
    small: Small
    root: Path
    packages: dict[str, Path]
    cases: dict[str, Path]

    @property
    def ids(self) -> dict[str, ReviewerIdentity]:
        return self.small.ids

    def app(self, i: int) -> str:
        return str(self.small.apps[i].id)

    def open(self, rid: str) -> CaseSession:
        return open_case(self.cases[rid], PASS)

    def new_case(self, rid: str, folder: Path) -> CaseSession:
        return create_case(self.packages[rid], folder, PASS, self.ids[rid],
                           self.ws.identity().root_fingerprint, kdf=CHEAP_KDF)


def _pct(rid: str, item_index: int, shift: int = 0) -> int:
    if item_index == 0:
        return {"R1": 50, "R2": 30, "R3": 70}.get(rid, 50)
    return 60 + shift


def score_and_export(team: Team, rid: str, out: Path, shift: int = 0,
                     stage: str = "material") -> Path:
    """Score every applicant of the reviewer's case (one CSV import) and export a bundle."""
    out.mkdir(parents=True, exist_ok=True)
    with team.open(rid) as case:
        apps = [a.applicant_id for a in case.status().applicants if not a.recused]
        sheet = team.root / f"{rid}.csv"
        with sheet.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["applicant", "stage", "item", "percent", "strengths", "improvements"])
            for aid in apps:
                for n, it in enumerate(FW.items):
                    w.writerow([aid, stage, it.id, _pct(rid, n, shift), "优势", "改进"])
        case.import_scores_csv(sheet)
        sheet.unlink()
        return case.export_bundle(out, final=True, stage_id=stage).path


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        issued = packages.issue_packages(ws, tmp_path / "packages").result
        pkgs = {i.reviewer: Path(i.file) for i in issued}
        t = Team(ws, small, tmp_path, pkgs, {})
        for rid in ("R1", "R2", "R3", "R4"):
            t.cases[rid] = tmp_path / "cases" / rid
            t.new_case(rid, t.cases[rid]).close()
        yield t
    finally:
        ws.close()


def _bundles(team: Team) -> dict[str, Path]:
    usb = team.root / "usb"
    return {rid: score_and_export(team, rid, usb) for rid in ("R1", "R2", "R3")}


def test_leader_merges_flags_refuses_without_rationale_and_the_office_accepts(
        team: Team) -> None:
    files = _bundles(team)
    copy = team.root / "copy-of-R2.sbb"
    shutil.copyfile(files["R2"], copy)
    tampered = team.root / "tampered.sbb"
    data = bytearray(files["R3"].read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))

    a0, a1 = team.app(0), team.app(1)  # R1 is conflicted with a1: not in R1's package
    with team.open("R4") as case:
        leader = TeamLeader(case)
        assert leader.team == ("R1", "R2", "R3", "R4")
        result = leader.import_bundles([files["R1"], files["R2"], copy, tampered,
                                        files["R3"]])
        assert [f.outcome for f in result.files] == ["new", "new", "duplicate", "rejected",
                                                     "new"]
        assert result.files[3].reason is not None and result.held_bundles == 3
        with case.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(
                cm.ReceivedBundle.__table__)).scalar_one() == 3

        view = leader.divergence(a0, "material")
        assert view.reviewers == ("R1", "R2", "R3") and view.flagged == (FLAGGED,)
        row = view.items[0]
        assert row.stats.spread_pct == 40 and row.default_pct == 50  # mean 50 on a 5 % step
        assert leader.divergence(a1, "material").reviewers == ("R2", "R3")

        with pytest.raises(RuleViolation, match=FLAGGED.replace(".", r"\.")):
            leader.finalise(a0, "material")
        with pytest.raises(ScoreValueError):
            leader.set_consensus(a0, "material", EDITED, pct=62)  # not on the 5 % step
        leader.set_consensus(a0, "material", FLAGGED, rationale="组内讨论：按现场证据取50%")
        leader.set_consensus(a0, "material", EDITED, pct=70)
        final = leader.finalise(a0, "material")
        assert final.items[FLAGGED].pct == 50 and final.items[EDITED].pct == 70
        assert final.items[FW.items[2].id].pct == 60
        # an edit undoes the final; finalising again restores it
        leader.set_consensus(a0, "material", EDITED, use_default=True)
        assert not leader.divergence(a0, "material").final
        leader.set_consensus(a0, "material", EDITED, pct=70)
        leader.finalise(a0, "material")
        assert leader.divergence(a0, "material").final

        (team.root / "usb-out").mkdir()
        export = leader.export_consensus(team.root / "usb-out", "material")
        assert export.revision == 1 and export.applicants == (a0,)
        assert set(export.not_final) == {team.app(1), team.app(2)}
        assert case.verify_audit().ok

    merged = merge.merge_files(team.ws, [export.path])
    assert [(f.outcome, f.kind, f.reviewer) for f in merged.files] == \
        [("new", "consensus", "R4")]
    with team.ws.uow() as s:
        rows = {c.item_id: (c.pct, c.rationale, c.leader_id) for c in s.execute(
            select(ConsensusItem)).scalars()}
    assert len(rows) == len(FW.items)
    assert rows[FLAGGED] == (50, "组内讨论：按现场证据取50%", "R4") and rows[EDITED][0] == 70
    ranked = ranking.rank(team.ws)
    ref0 = team.small.apps[0].ref
    row0 = ranked.applicant(ref0)
    assert row0 is not None and row0.stages["material"].source == "consensus"


def test_reimport_is_idempotent_and_any_order_gives_the_same_state(team: Team) -> None:
    usb = team.root / "usb"
    files = _bundles(team)
    r2_v2 = score_and_export(team, "R2", team.root / "usb2", shift=5)  # revision 2
    batch = [files["R1"], files["R2"], files["R3"], r2_v2]
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        first = leader.import_bundles(batch)
        assert [f.outcome for f in first.files] == ["new", "new", "new", "updated"]
        state = leader.state()
        view = leader.divergence(a0, "material")
        again = leader.import_bundles(batch)
        assert {f.outcome for f in again.files} == {"duplicate"}
        assert leader.state() == state and leader.divergence(a0, "material") == view
        assert dict(view.items[1].stats.pcts)["R2"] == 65  # revision 2 stands
    del usb

    other = team.new_case("R4", team.root / "cases" / "R4-second")
    try:
        leader2 = TeamLeader(other)
        assert leader2.import_bundles([r2_v2, files["R3"]]).counts["new"] == 2
        late = leader2.import_bundles([files["R1"], files["R2"]])
        assert [f.outcome for f in late.files] == ["new", "stale"]
        assert leader2.state() == state
        assert leader2.divergence(a0, "material") == view
    finally:
        other.close()


def test_changed_scores_make_a_final_consensus_outdated(team: Team) -> None:
    files = _bundles(team)
    a0 = team.app(0)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        leader.import_bundles(list(files.values()))
        leader.set_consensus(a0, "material", FLAGGED, rationale="讨论")
        leader.finalise(a0, "material")
    r3_v2 = score_and_export(team, "R3", team.root / "usb2", shift=10)
    with team.open("R4") as case:
        leader = TeamLeader(case)
        assert leader.import_bundles([r3_v2]).files[0].outcome == "updated"
        view = leader.divergence(a0, "material")
        assert view.final and view.outdated
        with pytest.raises(RuleViolation, match="finalise again"):
            leader.export_consensus(team.root / "out")
        leader.finalise(a0, "material")
        (team.root / "out").mkdir()
        assert leader.export_consensus(team.root / "out").revision == 1


def test_recusal_travels_and_strangers_are_refused(team: Team) -> None:
    a2 = team.app(2)
    with team.open("R2") as case:
        case.recuse(a2, "consulting", "曾为该单位提供咨询服务")
    files = _bundles(team)
    office_only = team.root / "office-only.sbb"
    from tests.services.office.helpers import bundle

    office_only.write_bytes(bundle(team.small, "R3", "material", [team.app(0)]))
    with team.open("R4") as case:
        leader = TeamLeader(case)
        result = leader.import_bundles([*files.values(), office_only])
        assert [f.outcome for f in result.files] == ["new", "new", "new", "rejected"]
        view = leader.divergence(a2, "material")
        assert view.recused == ("R2",) and view.reviewers == ("R1", "R3")
    with team.open("R2") as case, pytest.raises(RuleViolation, match="team leader"):
        TeamLeader(case)
