"""Second review of the five programme files against their documents: one test per fix, plus
guards on rules a user relies on that the first tests do not pin down."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.eligibility import EligibilityReport, Outcome, evaluate
from desktop.domain.facts import parse_facts
from desktop.domain.programme_parser import parse_programme
from desktop.domain.programmes import Applicability, NoticeCount, Programme, RuleKind

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2025, 10, 15)


@cache
def load(name: str) -> Programme:
    with (ROOT / "resources" / "programmes" / f"{name}.toml").open("rb") as fh:
        return parse_programme(tomllib.load(fh), f"{name}.toml")


def rule(p: Programme, rule_id: str) -> Any:
    return next(r for r in p.conditions if r.id == rule_id)


def check(name: str, kind: str, **fields: Any) -> EligibilityReport:
    data = {"schema": "scorebook.facts/1", "name": "甲", "kind": kind, **fields}
    return evaluate(load(name), parse_facts(data, "facts.toml"), AS_OF)


# --- fixes ----------------------------------------------------------------------------------------

def test_chairman_quality_culture_condition_of_article_14_3() -> None:
    # 内政办发〔2025〕28号 第十四条（三）opens with 坚持“质量第一、效益优先”……大力推进质量变革
    p = load("nmg-chairman")
    r = rule(p, "quality-culture")
    assert r.kind is RuleKind.EVIDENCE and r.cite.article == "第十四条（三）"
    assert "质量第一、效益优先" in r.text_zh and "质量变革" in r.text_zh
    report = check("nmg-chairman", "organisation", region=["内蒙古自治区"])
    assert report.finding("quality-culture").outcome is Outcome.NEEDS_EVIDENCE
    given = check("nmg-chairman", "organisation", region=["内蒙古自治区"],
                  evidence={"quality-culture": "质量文化建设材料"})
    assert given.finding("quality-culture").outcome is Outcome.MET


def test_xilingol_achievements_condition_of_article_10_3() -> None:
    # 锡署办发〔2023〕104号 第十条（三）: 在质量提升……等方面成绩突出，社会贡献显著
    p = load("xilingol-league")
    r = rule(p, "achievements")
    assert r.kind is RuleKind.EVIDENCE and r.cite.article == "第十条（三）"
    assert r.applies_to is Applicability.ORGANISATION
    assert "成绩突出" in r.text_zh and "社会贡献显著" in r.text_zh
    report = check("xilingol-league", "organisation", region=["锡林郭勒盟"])
    assert report.finding("achievements").outcome is Outcome.NEEDS_EVIDENCE


def test_xilingol_conduct_revocation_covers_the_individual_winners_employer() -> None:
    # 第二十二条: 获奖单位及获奖个人所在单位在获得奖励后3年内发生较大质量和安全事故……
    p = load("xilingol-league")
    conduct = next(r for r in p.revocations if r.id == "conduct")
    assert conduct.cite and conduct.cite.article == "第二十二条"
    assert conduct.within_years_of_award == 3 and conduct.ban_years is None
    assert all("获奖个人所在单位" in g for g in conduct.grounds_zh)
    assert any("较大质量和安全事故" in g for g in conduct.grounds_zh)


@pytest.mark.parametrize(("region", "expected"), [
    (["内蒙古自治区", "呼和浩特市", "赛罕区"], Outcome.MET),
    (["内蒙古自治区", "锡林郭勒盟"], Outcome.NOT_MET),
    ([], Outcome.NEEDS_EVIDENCE),
])
def test_hohhot_individuals_are_natural_persons_of_the_city(region: list[str],
                                                              expected: Outcome) -> None:
    # 呼和浩特市人民政府令第2号 第四条: 本办法所称个人，是指本市涉及质量工作的自然人
    p = load("hohhot-mayor")
    r = rule(p, "individual-region")
    assert r.kind is RuleKind.REGISTERED_IN_REGION and r.cite.article == "第四条"
    assert r.applies_to is Applicability.INDIVIDUAL
    fields: dict[str, Any] = {"years_in_quality_work": 9}
    if region:
        fields["region"] = region
    report = check("hohhot-mayor", "individual", **fields)
    assert report.finding("individual-region").outcome is expected
    # organisations are checked by 第十一条（一）, not by this rule
    company = check("hohhot-mayor", "organisation", region=["呼和浩特市"])
    assert "individual-region" in company.not_applicable


def test_hitech_issuer_is_the_administrative_department() -> None:
    # the notice is issued and printed by 包头稀土高新区管委会行政综合部 (2021-03-11)
    d = load("baotou-hitech").document
    assert d.issuer_zh == "包头稀土高新区管委会行政综合部"
    assert d.issued == date(2021, 3, 11) and d.effective == date(2021, 3, 11)


def test_hitech_repeat_winners_count_all_three_awards_in_the_notes() -> None:
    # 第四条: 获主席质量奖、包头市政府质量奖或高新质量奖有效期届满后再次获奖：不颁发奖金，不占名额
    p = load("baotou-hitech")
    assert p.repeat_winners and p.repeat_winners.cite
    assert p.repeat_winners.cite.article == "第四条"
    assert any("自治区主席质量奖" in n and "包头市政府质量奖" in n and "不占当年获奖名额" in n
               for n in p.notes_zh)


def test_baotou_mayor_applicants_are_enterprises_in_the_notes() -> None:
    # 包府办发〔2025〕57号 第二条 授予……的企业; 第十五条 申报市长质量奖的企业
    assert any("企业" in n and "第十五条" in n for n in load("baotou-mayor").notes_zh)


def test_feedback_to_applicants_not_shortlisted_is_noted() -> None:
    assert any("第二十一条（一）" in n for n in load("nmg-chairman").notes_zh)
    assert any("第十三条（三）" in n for n in load("xilingol-league").notes_zh)


# --- guards on verified rules ---------------------------------------------------------------------

def test_notice_publishers() -> None:
    by = {name: [(n.after, n.by_zh) for n in load(name).notices] for name in
          ("nmg-chairman", "baotou-mayor", "hohhot-mayor")}
    assert [b for _, b in by["nmg-chairman"]] == [
        "申报单位（单位内部公示）", "盟市市场监管部门", "领导小组办公室", "领导小组办公室"]
    assert by["baotou-mayor"][-1] == ("committee", "市政府办公室")  # 第二十五条
    assert by["hohhot-mayor"] == [("committee", "评审委员会办公室")]  # 第十九条
    assert load("xilingol-league").notices[0].count is NoticeCount.EXACTLY


@pytest.mark.parametrize(("name", "rule_id", "severity", "article"), [
    ("nmg-chairman", "no-incidents", "general", "第十四条（五）"),  # 无……等事故: any
    ("xilingol-league", "no-incidents", "general", "第十条（四）"),
    ("xilingol-league", "employer-incidents", "major", "第十一条（四）"),  # 重大……责任事故
    ("baotou-mayor", "x-incidents", "larger", "第十七条（三）"),  # 较大及以上
    ("hohhot-mayor", "no-incidents", "major", "第十一条（五）"),
    ("hohhot-mayor", "employer-incidents", "major", "第十二条（五）"),
    ("baotou-hitech", "x-incidents", "major", "第十二条（三）"),
])
def test_incident_severity_and_window(name: str, rule_id: str, severity: str,
                                      article: str) -> None:
    r = rule(load(name), rule_id)
    assert r.params["min_severity"] == severity and r.params["within_years"] == 3
    assert r.cite.article == article


def test_revocation_bans_only_where_the_documents_set_them() -> None:
    bans = {name: {r.id: r.ban_years for r in load(name).revocations} for name in
            ("nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor",
             "baotou-hitech")}
    assert bans == {
        "nmg-chairman": {"fraud": 5, "conduct": None},  # 第二十八条 5年内不受理
        "xilingol-league": {"fraud": None, "conduct": None},
        "baotou-mayor": {"fraud": None, "conduct": None},
        "hohhot-mayor": {"fraud": None, "conduct": 5},  # 第二十四条 五年内不得申报
        "baotou-hitech": {"fraud": None, "conduct": None},
    }
