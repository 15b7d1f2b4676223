"""Packages and the merge on both backends: conflicted applicants never reach a reviewer's
package, a tampered bundle is quarantined while the rest import, import is idempotent, a
recused reviewer's scores never reach a mean, a consensus or a rank."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.crypto.package import open_package
from desktop.domain.consensus import Choice
from desktop.domain.errors import RuleViolation
from desktop.models.office.review import ItemScore, QuarantinedFile
from desktop.services.office import conflicts, consensus, merge, packages, ranking
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write


def test_packages_leave_out_conflicted_applicants(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    issued = packages.issue_packages(ws, tmp_path / "usb").result
    by_reviewer = {i.reviewer: Path(i.file) for i in issued}
    assert set(by_reviewer) == {"R1", "R2", "R3", "R4"}
    fp = ws.identity().root_fingerprint
    r1 = open_package(by_reviewer["R1"].read_bytes(), small.ids["R1"], fp, None).content
    r2 = open_package(by_reviewer["R2"].read_bytes(), small.ids["R2"], fp, None).content
    assert small.conflicted[1] not in {a["applicant_id"] for a in r1["applicants"]}
    assert len(r1["applicants"]) == 2 and len(r2["applicants"]) == 3
    secret_app = next(a for a in r2["applicants"] if a["secrets"])
    assert secret_app["secrets"][0]["passage"] == "关键工艺参数甲乙丙丁"
    assert [m["leader"] for m in r2["team"]] == [False, False, False, True]
    assert small.conflicted[1] not in by_reviewer["R1"].read_bytes().decode("latin-1")


def test_team_below_minimum_after_recusal_is_refused(ws: Workspace) -> None:
    # hohhot-mayor: 评审组由三至五名评审员组成 (第九条); R1 is conflicted with one applicant.
    with pytest.raises(RuleViolation, match="第九条"):
        small_cycle(ws, members=3)


def _count(ws: Workspace) -> int:
    with ws.uow() as s:
        return int(s.execute(select(func.count()).select_from(ItemScore)).scalar_one())


def test_tampered_bundle_is_quarantined_and_the_rest_import(ws: Workspace,
                                                            tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    good = [write(tmp_path / "in", f"{r}.sbb", bundle(small, r, "material", ids))
            for r in ("R2", "R3")]
    data = bytearray(bundle(small, "R4", "material", ids))
    data[len(data) // 2] ^= 0x01
    bad = write(tmp_path / "in", "R4.sbb", bytes(data))
    result = merge.merge_files(ws, [good[0], bad, good[1]])
    outcomes = {f.file: f.outcome for f in result.files}
    assert outcomes == {"R2.sbb": "new", "R4.sbb": "rejected", "R3.sbb": "new"}
    rejected = next(f for f in result.files if f.outcome == "rejected")
    assert rejected.reason is not None and rejected.quarantined is not None
    assert Path(rejected.quarantined).read_bytes() == bytes(data)
    with ws.uow() as s:
        assert s.execute(select(func.count()).select_from(QuarantinedFile)).scalar_one() == 1
    assert _count(ws) == 2 * 3 * 23
    again = merge.merge_files(ws, good)  # idempotent
    assert {f.outcome for f in again.files} == {"duplicate"} and _count(ws) == 2 * 3 * 23


def test_wrong_cycle_and_stage_are_refused(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [small.apps[0].id]
    wrong_stage = write(tmp_path, "a.sbb", bundle(small, "R2", "committee", ids))
    stale_cycle = write(tmp_path, "b.sbb", bundle(small, "R2", "material", ids,
                                                  cycle_id="hohhot-mayor.2024"))
    result = merge.merge_files(ws, [wrong_stage, stale_cycle])
    assert [f.outcome for f in result.files] == ["rejected", "rejected"]
    assert _count(ws) == 0


def test_updates_stale_and_forks(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    two = write(tmp_path, "2.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    fork = write(tmp_path, "2b.sbb", bundle(small, "R2", "material", ids, 2, seed=3))
    assert merge.merge_files(ws, [two]).files[0].outcome == "new"
    assert merge.merge_files(ws, [one]).files[0].outcome == "stale"
    result = merge.merge_files(ws, [fork])
    assert result.files[0].outcome == "fork" and result.forks == 1


def test_recused_scores_never_reach_mean_consensus_or_rank(ws: Workspace,
                                                           tmp_path: Path) -> None:
    small: Small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids, seed=k))
             for k, r in enumerate(("R1", "R2", "R3", "R4"))]
    result = merge.merge_files(ws, files)
    r1 = next(f for f in result.files if f.file == "R1.sbb")
    assert r1.outcome == "new" and len(r1.refused) == 1  # the conflicted sheet, reported
    conflicted_app = small.conflicted[1]
    with ws.uow() as s:
        who = set(s.execute(select(ItemScore.reviewer_id).where(
            ItemScore.applicant_id == __import__("uuid").UUID(conflicted_app))).scalars())
    assert who == {"R2", "R3", "R4"}
    ref = small.apps[1].ref
    view = consensus.divergence_view(ws, ref, "material")
    assert all(i.count == 3 for i in view.stats)
    row = ranking.rank(ws).applicant(ref)
    assert row is not None and row.stages["material"].reviewers == ("R2", "R3", "R4")
    # A conflict declared after the scores arrived also keeps them out of the rank.
    other = small.apps[2].ref
    conflicts.add_conflict(ws, "R2", other, "consulting", "reviewer")
    row = ranking.rank(ws).applicant(other)
    assert row is not None and "R2" not in row.stages["material"].reviewers
    assert "R2" in row.stages["material"].recused
    out = consensus.record_consensus(ws, other, "material", {
        k: Choice(rationale="讨论") for k in
        consensus.divergence_view(ws, other, "material").flagged}).result
    assert out.leader == "R4"
