"""The eligibility check: every kind of rule met / not met / needs evidence, and prior awards."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.eligibility import (
    EligibilityReport,
    Outcome,
    Overall,
    evaluate,
    years_after,
    years_before,
)
from desktop.domain.facts import parse_facts
from desktop.domain.programme_parser import parse_programme
from desktop.domain.programmes import Programme

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2025, 10, 15)
MET, NOT_MET, NEEDS = Outcome.MET, Outcome.NOT_MET, Outcome.NEEDS_EVIDENCE

CLEAN_ORG: dict[str, Any] = {
    "legal_person": True, "years_operating": 10, "management_system_years": 5,
    "excellence_model_years": 3, "self_assessment_data_years": 3, "policy_compliant": True,
    "licences_complete": True, "incidents": [], "violations": [], "award_fraud": [],
    "tax_issues": [], "prior_awards": [], "nonprofit": False,
    "credit": {"abnormal_operations_list": False, "serious_dishonesty_list": False,
               "unrepaired_bad_credit": False},
    "operating_results": {"2022": "profit", "2023": "profit", "2024": "profit"},
    "credit_records": [],
}


@cache
def programme(name: str) -> Programme:
    with (ROOT / "resources" / "programmes" / f"{name}.toml").open("rb") as fh:
        return parse_programme(tomllib.load(fh), name)


def check(name: str, as_of: date = AS_OF, kind: str = "organisation",
          **fields: Any) -> EligibilityReport:
    data = {"schema": "scorebook.facts/1", "name": "甲", "kind": kind, **fields}
    return evaluate(programme(name), parse_facts(data, "facts.toml"), as_of)


def org(name: str, as_of: date = AS_OF, region: Any = ("内蒙古自治区", "包头市"),
        **changes: Any) -> EligibilityReport:
    fields = {**CLEAN_ORG, "region": list(region), **changes}
    return check(name, as_of, **{k: v for k, v in fields.items() if v is not None})


def outcome(report: EligibilityReport, rule_id: str) -> Outcome:
    return report.finding(rule_id).outcome


def reason(report: EligibilityReport, rule_id: str) -> str:
    return report.finding(rule_id).reason.render()


def incident(day: date, severity: str = "major", type_: str = "safety",
             responsibility: bool | None = True) -> dict[str, Any]:
    out: dict[str, Any] = {"date": day, "type": type_, "severity": severity}
    if responsibility is not None:
        out["responsibility"] = responsibility
    return out


# --- the acceptance check ---------------------------------------------------------------------

def test_major_safety_accident_two_years_ago_excludes_from_baotou_mayor() -> None:
    report = org("baotou-mayor", incidents=[incident(date(2023, 10, 10))])
    assert report.overall is Overall.NOT_ELIGIBLE and not report.eligible
    finding = report.finding("x-incidents")
    assert finding.outcome is NOT_MET and finding.exclusion
    assert finding.cite.document == "包府办发〔2025〕57号"
    assert finding.cite.article == "第十七条（三）"
    assert finding.reason.render() == \
        "A major safety incident on 2023-10-10 lies within the last 3 years"


# --- one test per kind of rule ----------------------------------------------------------------

def test_registered_in_region() -> None:
    assert outcome(org("baotou-mayor"), "registered") is MET
    assert outcome(org("baotou-mayor", region=["包头市昆都仑区"]), "registered") is MET
    bad = org("baotou-mayor", region=["内蒙古自治区", "呼和浩特市"])
    assert outcome(bad, "registered") is NOT_MET and "outside 包头市" in reason(bad, "registered")
    assert outcome(org("baotou-mayor", region=[]), "registered") is NEEDS
    assert outcome(org("baotou-hitech", region=["包头市", "稀土高新区"]), "registered") is MET


def test_legal_person_licences_and_policy() -> None:
    for rule_id, field in (("legal-person", "legal_person"), ("x-licences", "licences_complete"),
                           ("x-policy", "policy_compliant")):
        assert outcome(org("baotou-mayor"), rule_id) is MET
        off: dict[str, Any] = {field: False}
        assert outcome(org("baotou-mayor", **off), rule_id) is NOT_MET
        fields = {k: v for k, v in CLEAN_ORG.items() if k != field}
        report = check("baotou-mayor", region=["包头市"], **fields)
        assert outcome(report, rule_id) is NEEDS


def test_years_operating_from_founding_date_or_years() -> None:
    assert outcome(org("baotou-mayor", years_operating=3), "years-operating") is MET
    short = org("baotou-mayor", years_operating=2)
    assert outcome(short, "years-operating") is NOT_MET
    assert reason(short, "years-operating") == \
        "Only 2 years of operation; at least 3 required"
    founded = org("nmg-chairman", years_operating=None, founded=date(2020, 10, 16))
    assert outcome(founded, "years-operating") is NOT_MET  # 4 full years on 2025-10-15
    founded = org("nmg-chairman", years_operating=None, founded=date(2020, 10, 15))
    assert outcome(founded, "years-operating") is MET
    assert outcome(org("nmg-chairman", years_operating=None), "years-operating") is NEEDS


def test_years_operating_in_region() -> None:
    hitech: dict[str, Any] = {"region": ["包头稀土高新区"]}
    assert outcome(org("baotou-hitech", years_operating_in_region=5, **hitech),
                   "years-operating") is MET
    assert outcome(org("baotou-hitech", years_operating_in_region=4, **hitech),
                   "years-operating") is NOT_MET
    assert outcome(org("baotou-hitech", years_operating=4, **hitech),
                   "years-operating") is NOT_MET
    assert outcome(org("baotou-hitech", **hitech), "years-operating") is NEEDS


def test_management_system_and_excellence_model_years() -> None:
    assert outcome(org("nmg-chairman"), "management-system") is MET
    assert outcome(org("nmg-chairman", management_system_years=1),
                   "management-system") is NOT_MET
    assert outcome(org("nmg-chairman", management_system_years=None),
                   "management-system") is NEEDS
    assert outcome(org("baotou-mayor", excellence_model_years=1), "excellence-model") is NOT_MET
    assert outcome(org("hohhot-mayor", excellence_model_years=1), "excellence-model") is MET


def test_self_assessment_years() -> None:
    assert outcome(org("hohhot-mayor"), "self-assessment") is MET
    assert outcome(org("hohhot-mayor", self_assessment_data_years=2),
                   "self-assessment") is NOT_MET
    assert outcome(org("hohhot-mayor", self_assessment_data_years=None),
                   "self-assessment") is NEEDS


def test_incidents_severity_window_and_responsibility() -> None:
    recent = date(2024, 5, 10)
    general = org("baotou-mayor", incidents=[incident(recent, "general")])
    assert outcome(general, "x-incidents") is MET  # 较大及以上 only
    larger = org("baotou-mayor", incidents=[incident(recent, "larger", "service")])
    assert outcome(larger, "x-incidents") is NOT_MET
    old = org("baotou-mayor", incidents=[incident(date(2022, 10, 14))])
    assert outcome(old, "x-incidents") is MET  # more than 3 years before the check
    unclear = org("baotou-mayor", incidents=[incident(recent, responsibility=None)])
    assert outcome(unclear, "x-incidents") is NEEDS
    assert "responsible" in reason(unclear, "x-incidents")
    not_theirs = org("baotou-mayor", incidents=[incident(recent, responsibility=False)])
    assert outcome(not_theirs, "x-incidents") is MET  # 责任事故 only
    assert outcome(org("baotou-mayor", incidents=None), "x-incidents") is NEEDS
    # 主席: 近3年无……事故 — any severity, responsibility not required
    chair = org("nmg-chairman", incidents=[incident(recent, "general", "environment", False)])
    assert outcome(chair, "no-incidents") is NOT_MET
    # 呼市: 重大 and worse
    assert outcome(org("hohhot-mayor", incidents=[incident(recent, "larger")]),
                   "no-incidents") is MET
    assert outcome(org("hohhot-mayor", incidents=[incident(recent, "especially_major")]),
                   "no-incidents") is NOT_MET


def test_employer_incidents_for_individuals() -> None:
    person: dict[str, Any] = {"region": ["锡林郭勒盟"], "years_in_quality_work": 6,
                              "prior_awards": []}
    bad = [incident(date(2024, 1, 5), "major", "quality")]
    top = check("xilingol-league", kind="individual", top_manager=True,
                employer_incidents=bad, **person)
    assert outcome(top, "employer-incidents") is NOT_MET
    staff = check("xilingol-league", kind="individual", top_manager=False,
                  employer_incidents=bad, **person)
    assert outcome(staff, "employer-incidents") is MET
    unknown = check("xilingol-league", kind="individual", employer_incidents=bad, **person)
    assert outcome(unknown, "employer-incidents") is NEEDS
    # 呼市 第十二条（五）: the employer's incidents count for every individual
    hohhot = check("hohhot-mayor", kind="individual", years_in_quality_work=9,
                   top_manager=False, employer_incidents=bad)
    assert outcome(hohhot, "employer-incidents") is NOT_MET


def test_credit_lists() -> None:
    assert outcome(org("baotou-mayor"), "x-credit") is MET
    for flag in ("abnormal_operations_list", "serious_dishonesty_list", "unrepaired_bad_credit"):
        credit = {**CLEAN_ORG["credit"], flag: True}
        assert outcome(org("baotou-mayor", credit=credit), "x-credit") is NOT_MET
    partial = {"serious_dishonesty_list": False}
    assert outcome(org("baotou-mayor", credit=partial), "x-credit") is NEEDS
    # 主席 checks only dishonesty and unrepaired records
    abnormal = {**CLEAN_ORG["credit"], "abnormal_operations_list": True}
    assert outcome(org("nmg-chairman", credit=abnormal), "no-dishonesty") is MET


def test_violations_by_category_and_seriousness() -> None:
    day = date(2024, 3, 1)
    serious = [{"date": day, "category": "quality_inspection", "serious": True}]
    minor = [{"date": day, "category": "quality_inspection", "serious": False}]
    hitech: dict[str, Any] = {"region": ["包头稀土高新区"]}
    assert outcome(org("baotou-hitech", violations=serious, **hitech),
                   "x-inspection") is NOT_MET
    assert outcome(org("baotou-hitech", violations=minor, **hitech), "x-inspection") is MET
    assert outcome(org("baotou-hitech", violations=serious, **hitech), "x-violations") is MET
    law = [{"date": day, "category": "law", "serious": False}]
    report = org("nmg-chairman", violations=law)
    assert outcome(report, "no-violations") is NOT_MET
    assert reason(report, "no-violations") == \
        "A legal violation on 2024-03-01 lies within the last 3 years"
    assert outcome(org("nmg-chairman", violations=None), "no-violations") is NEEDS


def test_award_fraud() -> None:
    other = [{"date": date(2024, 1, 1), "programme": "nmg-chairman"}]
    assert outcome(org("baotou-mayor", award_fraud=other), "x-award-fraud") is NOT_MET
    hitech: dict[str, Any] = {"region": ["包头稀土高新区"]}
    assert outcome(org("baotou-hitech", award_fraud=other, **hitech), "x-award-fraud") is MET
    own = [{"date": date(2024, 1, 1), "programme": "baotou-hitech"}]
    assert outcome(org("baotou-hitech", award_fraud=own, **hitech), "x-award-fraud") is NOT_MET
    unnamed = [{"date": date(2024, 1, 1)}]
    assert outcome(org("baotou-hitech", award_fraud=unnamed, **hitech),
                   "x-award-fraud") is NEEDS
    old = [{"date": date(2021, 1, 1), "programme": "baotou-mayor"}]
    assert outcome(org("baotou-mayor", award_fraud=old), "x-award-fraud") is MET
    assert outcome(org("baotou-mayor", award_fraud=None), "x-award-fraud") is NEEDS


def test_tax() -> None:
    serious = [{"date": date(2024, 2, 1), "kind": "social_insurance", "serious": True}]
    minor = [{"date": date(2024, 2, 1), "kind": "tax", "serious": False}]
    assert outcome(org("baotou-mayor", tax_issues=serious), "x-tax") is NOT_MET
    assert outcome(org("baotou-mayor", tax_issues=minor), "x-tax") is MET
    assert outcome(org("baotou-mayor", tax_issues=None), "x-tax") is NEEDS
    hohhot: dict[str, Any] = {"region": ["呼和浩特市"]}
    assert outcome(org("hohhot-mayor", **hohhot), "tax") is MET
    assert outcome(org("hohhot-mayor", tax_issues=minor, **hohhot), "tax") is NEEDS


def test_operating_losses() -> None:
    xl: dict[str, Any] = {"region": ["锡林郭勒盟"]}
    assert outcome(org("xilingol-league", **xl), "no-operating-loss") is MET
    loss = {"2022": "profit", "2023": "loss", "2024": "profit"}
    report = org("xilingol-league", operating_results=loss, **xl)
    assert outcome(report, "no-operating-loss") is NOT_MET
    assert "2023" in reason(report, "no-operating-loss")
    gap = {"2023": "profit", "2024": "profit"}
    assert outcome(org("xilingol-league", operating_results=gap, **xl),
                   "no-operating-loss") is NEEDS
    assert outcome(org("xilingol-league", operating_results=loss, nonprofit=True, **xl),
                   "no-operating-loss") is MET  # applies to 生产、服务经营 only
    # a loss before the last three completed years does not count
    older = {"2021": "loss", "2022": "profit", "2023": "profit", "2024": "profit"}
    assert outcome(org("xilingol-league", operating_results=older, **xl),
                   "no-operating-loss") is MET


def test_industry_standing_rank_and_evidence() -> None:
    hitech: dict[str, Any] = {"region": ["包头稀土高新区"]}
    assert outcome(org("baotou-hitech", industry={"rank": 5}, **hitech),
                   "industry-standing") is MET
    sixth = org("baotou-hitech", industry={"rank": 6}, **hitech)
    assert outcome(sixth, "industry-standing") is NOT_MET
    assert "top 5" in reason(sixth, "industry-standing")
    assert outcome(org("baotou-mayor"), "industry-standing") is NEEDS
    evidence = org("baotou-mayor", evidence={"industry-standing": "协会排名证明"})
    assert outcome(evidence, "industry-standing") is MET
    assert "协会排名证明" in reason(evidence, "industry-standing")


def test_quality_work_years_for_individuals() -> None:
    assert outcome(check("hohhot-mayor", kind="individual", years_in_quality_work=8),
                   "quality-work-years") is MET
    assert outcome(check("hohhot-mayor", kind="individual", years_in_quality_work=7),
                   "quality-work-years") is NOT_MET
    assert outcome(check("hohhot-mayor", kind="individual"), "quality-work-years") is NEEDS
    outside = check("xilingol-league", kind="individual", years_in_quality_work=9,
                    region=["包头市"])
    assert outcome(outside, "quality-work-years") is NOT_MET  # 在盟内
    assert outcome(check("xilingol-league", kind="individual", years_in_quality_work=9),
                   "quality-work-years") is NEEDS


def test_judgment_conditions_need_evidence_unless_given() -> None:
    assert outcome(org("baotou-mayor"), "achievements") is NEEDS
    given = org("baotou-mayor", evidence={"achievements": "省级科技进步奖"})
    assert outcome(given, "achievements") is MET


# --- prior awards: re-application interval, bans, validity ---------------------------------------

def test_reapplication_interval_in_cycles_of_years() -> None:
    won = [{"programme": "nmg-chairman", "year": 2021}]
    early = org("nmg-chairman", prior_awards=won)  # biennial: 3 cycles = 6 years → 2027
    assert outcome(early, "reapplication") is NOT_MET
    assert reason(early, "reapplication") == "Won in 2021; may apply again from 2027"
    assert outcome(org("nmg-chairman", date(2027, 3, 1), prior_awards=won),
                   "reapplication") is MET
    other = [{"programme": "baotou-mayor", "year": 2024}]
    assert outcome(org("nmg-chairman", prior_awards=other), "reapplication") is MET
    revoked = [{"programme": "nmg-chairman", "year": 2023, "revoked": True,
                "revoked_on": date(2024, 1, 1), "revocation_ground": "conduct"}]
    assert outcome(org("nmg-chairman", prior_awards=revoked), "reapplication") is MET
    assert outcome(org("nmg-chairman", prior_awards=None), "reapplication") is NEEDS


def test_reapplication_interval_when_cycles_are_decided_case_by_case() -> None:
    no_cycle = [{"programme": "baotou-mayor", "year": 2020}]
    assert outcome(org("baotou-mayor", prior_awards=no_cycle), "reapplication") is NEEDS
    won = [{"programme": "baotou-mayor", "year": 2020, "cycle": 5}]
    # 间隔三届: cycles 6, 7, 8 lie between; cycle 9 is the first allowed
    assert outcome(org("baotou-mayor", prior_awards=won, applying_cycle=8),
                   "reapplication") is NOT_MET
    assert outcome(org("baotou-mayor", prior_awards=won, applying_cycle=9),
                   "reapplication") is MET


def test_revocation_ban_years() -> None:
    fraud = [{"programme": "nmg-chairman", "year": 2021, "revoked": True,
              "revoked_on": date(2022, 6, 1), "revocation_ground": "fraud"}]
    banned = org("nmg-chairman", prior_awards=fraud)
    assert outcome(banned, "fraud-ban") is NOT_MET
    assert "2027-06-01" in reason(banned, "fraud-ban")
    assert banned.finding("fraud-ban").cite.article == "第二十八条"
    assert outcome(org("nmg-chairman", date(2027, 6, 1), prior_awards=fraud),
                   "fraud-ban") is MET
    conduct = [{**fraud[0], "revocation_ground": "conduct"}]
    assert outcome(org("nmg-chairman", prior_awards=conduct), "fraud-ban") is MET
    unknown = [{k: v for k, v in fraud[0].items() if k != "revocation_ground"}]
    assert outcome(org("nmg-chairman", prior_awards=unknown), "fraud-ban") is NEEDS
    undated = [{"programme": "nmg-chairman", "year": 2021, "revoked": True}]
    assert outcome(org("nmg-chairman", prior_awards=undated), "fraud-ban") is NEEDS
    # 呼市 第二十四条: the ban follows conduct, not fraud (第二十二条 sets none)
    hohhot: dict[str, Any] = {"region": ["呼和浩特市"]}
    h_conduct = [{"programme": "hohhot-mayor", "year": 2020, "revoked": True,
                  "revoked_on": date(2021, 3, 1), "revocation_ground": "conduct"}]
    assert outcome(org("hohhot-mayor", prior_awards=h_conduct, **hohhot),
                   "revocation-ban") is NOT_MET
    h_fraud = [{**h_conduct[0], "revocation_ground": "fraud"}]
    assert outcome(org("hohhot-mayor", prior_awards=h_fraud, **hohhot),
                   "revocation-ban") is MET


def test_still_valid_award_blocks_hitech() -> None:
    hitech: dict[str, Any] = {"region": ["包头稀土高新区"]}
    own = [{"programme": "baotou-hitech", "year": 2023, "awarded_on": date(2023, 12, 20)}]
    report = org("baotou-hitech", prior_awards=own, **hitech)
    assert outcome(report, "still-valid") is NOT_MET
    assert "2026-12-20" in reason(report, "still-valid")
    assert outcome(org("baotou-hitech", date(2026, 12, 20), prior_awards=own, **hitech),
                   "still-valid") is MET
    year_only = [{"programme": "baotou-hitech", "year": 2022}]
    assert outcome(org("baotou-hitech", prior_awards=year_only, **hitech),
                   "still-valid") is NEEDS  # 2025 may be the last year of validity
    assert outcome(org("baotou-hitech", date(2024, 5, 1), prior_awards=year_only, **hitech),
                   "still-valid") is NOT_MET
    chairman = [{"programme": "nmg-chairman", "year": 2023}]
    assert outcome(org("baotou-hitech", prior_awards=chairman, **hitech),
                   "still-valid") is NEEDS  # the chairman's document sets no validity
    expired = [{"programme": "nmg-chairman", "year": 2019, "valid_until": date(2022, 12, 31)}]
    assert outcome(org("baotou-hitech", prior_awards=expired, **hitech), "still-valid") is MET


# --- applicability and the overall verdict -----------------------------------------------------

def test_organisation_rules_do_not_apply_to_individuals_and_vice_versa() -> None:
    person = check("hohhot-mayor", kind="individual", years_in_quality_work=9)
    ids = {f.rule_id for f in person.findings}
    assert "registered" not in ids and "quality-work-years" in ids
    assert "registered" in person.not_applicable
    company = org("hohhot-mayor", region=["呼和浩特市"])
    assert "quality-work-years" in company.not_applicable
    assert "quality-work-years" not in {f.rule_id for f in company.findings}


def test_individual_cannot_apply_where_there_is_no_individual_award() -> None:
    report = check("baotou-mayor", kind="individual", years_in_quality_work=20)
    assert outcome(report, "award-category") is NOT_MET
    assert report.overall is Overall.NOT_ELIGIBLE


def test_overall_verdicts() -> None:
    complete = org("baotou-mayor", industry={"evidence": "证明"},
                   evidence={"management-quality": "制度", "achievements": "奖项"})
    assert complete.overall is Overall.ELIGIBLE and complete.eligible
    assert org("baotou-mayor").overall is Overall.NEEDS_EVIDENCE
    assert org("baotou-mayor", years_operating=1).overall is Overall.NOT_ELIGIBLE


def test_year_arithmetic_on_leap_days() -> None:
    assert years_before(date(2024, 2, 29), 3) == date(2021, 2, 28)
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize("name", ["nmg-chairman", "xilingol-league", "baotou-mayor",
                                  "hohhot-mayor", "baotou-hitech"])
def test_every_rule_of_every_programme_yields_a_cited_finding(name: str) -> None:
    report = org(name)
    p = programme(name)
    applicable = [r.id for r in p.conditions if r.applies_to.value in ("organisation", "any")]
    assert [f.rule_id for f in report.findings[1:]] == applicable
    assert all(f.cite.document == p.document.number and f.reason.render()
               for f in report.findings)
