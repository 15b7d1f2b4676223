"""Award history feeds eligibility and the ranking (both backends), for the hi-tech zone award:
第四条 — within validity an earlier winner may not apply; after it, a winner again takes no place
in the year's quota (quota 3, 第四条; validity 3 years, 第六条)."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.crypto.bundle import build_bundle, new_manifest
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.models.office.people import Eligibility
from desktop.services.catalogue import framework
from desktop.services.office import applicants, cycle, merge, packages, ranking, reviewers
from desktop.services.office.results_decide import CategoryRanking
from desktop.services.office.workspace import Workspace
from tests.domain.test_eligibility import CLEAN_ORG
from tests.services.office.helpers import write

PROGRAMME = "baotou-hitech"


def _facts(name: str) -> dict[str, Any]:
    return {"schema": "scorebook.facts/1", "name": name, "kind": "organisation", **CLEAN_ORG,
            "region": ["包头稀土高新区"], "years_operating_in_region": 6}


def _still_valid(ws: Workspace, applicant_id: str) -> dict[str, Any]:
    with ws.uow() as s:
        row = s.get_one(Eligibility, uuid.UUID(applicant_id))
        result = json.loads(row.result_json or "{}")
    return next(f for f in result["findings"] if f["rule"] == "still-valid")


def test_award_history_makes_a_reapplying_winner_ineligible(ws: Workspace) -> None:
    cycle.open_cycle(ws, PROGRAMME, 2025, opened_on=date(2025, 6, 2))
    rng = random.Random(3)
    codes = [credit_code.generate(rng, "150200") for _ in range(3)]
    names = ["包头稀土甲公司", "包头稀土乙公司", "包头稀土丙公司"]
    apps = [applicants.add_applicant(ws, applicants.ApplicantInput(
        name=n, award_id="hitech", credit_code=c, facts=_facts(n))).result
        for n, c in zip(names, codes, strict=True)]
    assert all(_still_valid(ws, a.id)["outcome"] == "met" for a in apps)

    # won the hi-tech award in 2023: valid until 2026, so no application in 2025 (第四条)
    added = applicants.add_award_record(ws, programme_id=PROGRAMME, award_id="hitech",
                                        name=names[0], credit_code_text=codes[0], year=2023).result
    assert added.reevaluated == (apps[0].ref,)
    assert added.programme is not None and added.programme.id == PROGRAMME
    finding = _still_valid(ws, apps[0].id)
    assert finding["outcome"] == "not_met" and "2023" in finding["reason"]
    with ws.uow() as s:
        assert s.get_one(Eligibility, uuid.UUID(apps[0].id)).eligible is False
    # a hi-tech award of 2021 ran out in 2024: met
    applicants.add_award_record(ws, programme_id=PROGRAMME, award_id="hitech",
                                name=names[1], credit_code_text=codes[1], year=2021)
    assert _still_valid(ws, apps[1].id)["outcome"] == "met"
    # the same history without a credit code matches the exact name
    applicants.add_award_record(ws, programme_id=PROGRAMME, award_id="hitech",
                                name=names[2], credit_code_text=None, year=2024)
    assert _still_valid(ws, apps[2].id)["outcome"] == "not_met"


def _sheet(applicant_id: str, stage: str, pct: int) -> list[dict[str, Any]]:
    return [{"applicant_id": applicant_id, "stage_id": stage, "item_id": it.id, "pct": pct,
             "strengths": "", "improvements": "", "secret_marks": []}
            for it in framework().items]


def test_repeat_winner_is_ranked_outside_the_quota(ws: Workspace, tmp_path: Path) -> None:
    code = cycle.open_cycle(ws, PROGRAMME, 2025, opened_on=date(2025, 6, 2)).result.cycle
    cycle.decide_suggested(ws)
    rng = random.Random(5)
    apps = [applicants.add_applicant(ws, applicants.ApplicantInput(
        name=f"包头稀土{i}号公司", award_id="hitech", credit_code=credit_code.generate(
            rng, "150200"), industry="制造业")).result for i in range(5)]
    ids = {f"R{k}": ReviewerIdentity.generate(f"R{k}", f"评审员{k}") for k in range(1, 4)}
    for ident in ids.values():
        reviewers.enrol(ws, make_card(ident), organisation="某大学", industry="制造业")
    reviewers.create_team(ws, "T1", list(ids), "R3", industry="制造业")
    for a in apps:
        packages.assign(ws, a.ref, "T1")
    packages.issue_roster(ws)
    office = ws.identity().enc_pub
    files = []
    for rid, ident in ids.items():
        for stage in ("material", "onsite"):
            scores = [e for i, a in enumerate(apps) for e in _sheet(a.id, stage, 80 - 10 * i)]
            manifest = new_manifest(kind="scores", cycle_id=code, stage_id=stage,
                                    reviewer_id=rid, revision=1, prev_hash="",
                                    snapshot={"scores": scores, "panel_scores": [],
                                              "recusals": [], "feedback": []}, audit_head="")
            files.append(write(tmp_path, f"{rid}-{stage}.sbb",
                               build_bundle(ident, manifest, [office])))
    assert merge.merge_files(ws, files).counts["new"] == 6

    def category() -> CategoryRanking:
        return ranking.rank(ws).categories[0]

    before = category()
    assert before.within == tuple(a.ref for a in apps[:3])
    # the best-scored applicant won in 2021 (valid to 2024): a winner again takes no place
    applicants.add_award_record(ws, programme_id=PROGRAMME, award_id="hitech",
                                name=apps[0].name, credit_code_text=apps[0].credit_code,
                                year=2021)
    # a revoked award does not make a repeat winner
    applicants.add_award_record(ws, programme_id=PROGRAMME, award_id="hitech",
                                name=apps[1].name, credit_code_text=apps[1].credit_code,
                                year=2020, revoked_on=date(2021, 5, 1), reason="事故")
    after = category()
    rows = {r.ref: r for r in after.rows}
    assert rows[apps[0].ref].place == "outside_quota"
    assert rows[apps[0].ref].repeat_winner and not rows[apps[1].ref].repeat_winner
    assert after.within == tuple(a.ref for a in apps[1:4])
    assert any("第四条" in str(n) for n in after.notes)
    with ws.uow() as s:
        assert s.execute(select(Eligibility)).first() is None  # no facts were recorded here
