"""The set-up's writes return ``Done``: their typed result and exactly the areas they touched
(``OfficeChanges``), on a real workspace; the reads of one applicant are typed."""

from __future__ import annotations

import random
import tomllib
from datetime import date
from pathlib import Path

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.services.office import (
    applicants,
    conflicts,
    cycle,
    eligibility,
    materials,
    packages,
    reads,
    reviewers,
)
from desktop.services.office.changes import EVERYTHING, NOTHING, OfficeChanges
from desktop.services.office.results import ApplicantView
from desktop.services.office.workspace import init_workspace

FACTS = Path(__file__).parents[3] / "resources/examples/facts/eligible-organisation.toml"


def _only(**areas: bool) -> OfficeChanges:
    return OfficeChanges(**areas)


def test_every_setup_write_says_what_it_changed(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "office", "pass phrase", "Test office", kdf=CHEAP_KDF)
    rng = random.Random(3)
    try:
        opened = cycle.open_cycle(ws, "hohhot-mayor", 2025, opened_on=date(2025, 6, 2))
        assert opened.result.cycle == "hohhot-mayor.2025"
        assert opened.changes == EVERYTHING  # the cycle in force is another one

        decided = cycle.decide_suggested(ws, by="测试办公室")
        assert decided.result and decided.changes == _only(settings=True)
        assert cycle.decide_suggested(ws).changes == NOTHING  # nothing was left to decide
        setting = cycle.set_setting(ws, "shortlist", {"top_n": 2, "min_score": None})
        assert setting.result.value["top_n"] == 2 and setting.changes == _only(settings=True)
        dates = cycle.set_stage_dates(ws, "material", date(2025, 7, 1), date(2025, 7, 31))
        assert dates.result is None and dates.changes == _only(settings=True)

        plain = applicants.add_applicant(ws, applicants.ApplicantInput(
            name="呼和浩特甲有限公司", award_id="organisation",
            credit_code=credit_code.generate(rng, "150100"), industry="制造业"))
        assert isinstance(plain.result, ApplicantView) and plain.result.ref == "A001"
        assert plain.changes == _only(applicants=True)
        with_material = applicants.add_applicant(ws, applicants.ApplicantInput(
            name="呼和浩特乙有限公司", award_id="organisation",
            credit_code=credit_code.generate(rng, "150100"), industry="制造业",
            materials=(applicants.MaterialInput("自评报告", "体系健全。工艺甲。", (
                applicants.SecretInput("trade", "工艺甲"),)),)))
        assert with_material.changes == _only(applicants=True, materials=True)
        b = with_material.result.ref

        record = applicants.add_award_record(
            ws, programme_id="hohhot-mayor", award_id="organisation", name="别的公司",
            credit_code_text=None, year=2020)
        assert record.result.name == "别的公司" and record.changes == _only(applicants=True)
        facts = eligibility.record_facts(ws, plain.result.ref, _facts(plain.result))
        assert facts.result.ref == "A001" and facts.changes == _only(applicants=True)

        ids = [ReviewerIdentity.generate(f"R{k}", f"评审员{k}") for k in range(1, 5)]
        for ident in ids:
            enrolled = reviewers.enrol(ws, make_card(ident), industry="制造业")
            assert enrolled.result.reviewer == ident.reviewer_id
            assert enrolled.changes == _only(people=True)
        team = reviewers.create_team(ws, "T1", [i.reviewer_id for i in ids], "R4",
                                     industry="制造业")
        assert team.result.leader == "R4" and team.changes == _only(people=True)
        member = reviewers.add_committee_member(ws, "王委员")
        assert member.result.name == "王委员" and member.changes == _only(people=True)

        added = conflicts.add_conflict(ws, "R1", b, "employment", "office")
        assert added.result.applicant == b and added.changes == _only(conflicts=True)
        pinned = conflicts.pin(ws, "R2", b, False, note="已核实")
        assert not pinned.result.conflicted and pinned.changes == _only(conflicts=True)

        assigned = packages.assign(ws, b, "T1")
        assert "R1" in assigned.result.recused
        assert assigned.changes == _only(applicants=True, people=True)
        admitted = packages.admit(ws, "onsite", [b])
        assert admitted.result.admitted == (b,) and admitted.changes == _only(settings=True)

        roster = packages.issue_roster(ws)
        assert roster.result.new and roster.changes == _only(people=True)
        assert packages.issue_roster(ws).changes == NOTHING  # the same roster: none signed
        issued = packages.issue_packages(ws, tmp_path / "usb")
        assert issued.result and issued.changes == _only(packages=True)

        text = tmp_path / "说明.txt"
        text.write_text("补充说明：工艺甲。", encoding="utf-8")
        attached = materials.attach_document(ws, b, text, title="补充说明")
        assert attached.result.title == "补充说明" and attached.changes == _only(materials=True)
        removed = materials.remove_material(ws, b, "补充说明")
        assert removed.result == attached.result and removed.changes == _only(materials=True)
    finally:
        ws.close()


def _facts(app: ApplicantView) -> dict[str, object]:
    facts = tomllib.loads(FACTS.read_text(encoding="utf-8"))
    facts["name"] = app.name
    return facts


def test_the_applicant_detail_and_the_eligibility_are_typed(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "office", "pass phrase", "Test office", kdf=CHEAP_KDF)
    rng = random.Random(5)
    try:
        cycle.open_cycle(ws, "hohhot-mayor", 2025, opened_on=date(2025, 6, 2))
        refs = [applicants.add_applicant(ws, applicants.ApplicantInput(
            name=f"呼和浩特{i}有限公司", award_id="organisation",
            credit_code=credit_code.generate(rng, "150100"),
            materials=(applicants.MaterialInput("自评报告", "正文：核心参数。", (
                applicants.SecretInput("technical", "核心参数"),)),))).result
            for i in range(2)]
        recorded = eligibility.record_facts(ws, refs[0].ref, _facts(refs[0])).result

        detail = reads.applicant_detail(ws, refs[0].ref)
        assert detail.title == f"{refs[0].ref} {refs[0].name}"
        assert [m.title for m in detail.materials] == ["自评报告"]
        assert detail.materials[0].passages == ("核心参数",)
        assert detail.materials[0].secrets[0].kind == "technical"
        assert detail.eligibility == recorded and detail.eligible == recorded.eligible
        never = reads.applicant_detail(ws, refs[1].ref)
        assert never.eligibility is None and never.eligible is None

        results = reads.eligibility_results(ws)
        assert [r.ref for r in results.rows] == [refs[0].ref, refs[1].ref]
        assert results.of(refs[0].ref) == recorded.eligible
        assert results.rows[0].evaluated and not results.rows[1].evaluated
        assert results.of(refs[1].ref) is None and results.of("A999") is None
    finally:
        ws.close()
