"""The five programme files against their documents, the template, and malformed files."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.data_table import parse_fraction
from desktop.domain.errors import ProgrammeError
from desktop.domain.programme_parser import parse_programme
from desktop.domain.programmes import (
    AwardKind,
    CycleKind,
    NoticeCount,
    Programme,
    RevocationKind,
    RuleKind,
    StageKind,
)
from desktop.domain.scoring import FormKind

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = ROOT / "resources" / "programmes"
DATA = ROOT / "tests" / "data"
IDS = ["nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor", "baotou-hitech"]


def raw(name: str) -> dict[str, Any]:
    with (PROGRAMMES / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def load(name: str) -> Programme:
    return parse_programme(raw(name), f"{name}.toml")


def kinds(p: Programme) -> list[str]:
    return [s.kind.value for s in p.stages]


def notices(p: Programme) -> list[tuple[str, int, NoticeCount]]:
    return [(n.after, n.working_days, n.count) for n in p.notices]


def rule(p: Programme, rule_id: str) -> Any:
    return next(r for r in p.conditions if r.id == rule_id)


@pytest.mark.parametrize("name", IDS)
def test_each_file_parses_and_cites_its_document(name: str) -> None:
    p = load(name)
    assert p.id == name
    cites = [p.cycle.cite, *(a.cite for a in p.awards), *(s.cite for s in p.stages),
             *(n.cite for n in p.notices), *(r.cite for r in p.conditions)]
    assert all(c.document == p.document.number and c.article.startswith("第") for c in cites)
    # material and on-site review use the 23-item scorebook of GB/T 19580-2012
    for stage in p.stages:
        if stage.kind in (StageKind.MATERIAL, StageKind.ONSITE):
            assert stage.form.kind is FormKind.ITEMS
            assert stage.form.framework_id == "gbt19580-2012" and stage.scored
        if stage.kind is StageKind.DEFENSE:
            assert stage.form.kind is FormKind.PANEL_SCORE and stage.form.max_points == 100
            assert stage.form_office_setting  # the documents fix no scale
    assert p.stages[-1].kind is StageKind.AWARD


def test_nmg_chairman_against_neizhengbanfa_2025_28() -> None:
    p = load("nmg-chairman")
    assert p.document.number == "内政办发〔2025〕28号"
    assert p.document.issued == date(2025, 7, 3)
    assert p.document.supersedes == "内政办发〔2022〕86号"
    assert p.cycle.kind is CycleKind.BIENNIAL and p.cycle.years == 2
    assert p.cycle.cite.article == "第三条"
    (award,) = p.awards
    assert award.kind is AwardKind.ORGANISATION and award.quota == 5 and not award.quota_exact
    assert award.vacancy_allowed is None and award.prize_yuan is None  # the document is silent
    assert p.reapplication is not None and p.reapplication.interval_cycles == 3
    assert not p.reapplication.exclusive
    assert kinds(p) == ["application", "preliminary", "eligibility", "material", "onsite",
                        "defense", "comprehensive", "committee", "award"]
    assert notices(p) == [("apply", 5, NoticeCount.AT_LEAST),
                          ("league-review", 5, NoticeCount.AT_LEAST),
                          ("eligibility", 5, NoticeCount.AT_LEAST),
                          ("committee", 5, NoticeCount.AT_LEAST)]
    assert [n.cite.article for n in p.notices] == ["第十八条", "第十九条", "第二十条", "第二十三条"]
    assert p.validity_years is None and p.team is None
    assert p.committee is not None and p.committee.quorum is None
    assert p.revocation is not None and p.revocation.ban_years == 5
    assert p.revocation.kind is RevocationKind.FRAUD and p.revocation.cite
    assert p.revocation.cite.article == "第二十八条"
    assert rule(p, "years-operating").params["years"] == 5
    assert rule(p, "management-system").params["years"] == 2
    assert rule(p, "no-incidents").cite.article == "第十四条（五）"
    assert p.recusal_cite and p.recusal_cite.article == "第二十六条"
    assert p.supervision_feedback_cite is None


def test_xilingol_league_against_xishubanfa_2023_104() -> None:
    p = load("xilingol-league")
    assert p.document.number == "锡署办发〔2023〕104号"
    assert p.document.supersedes == "锡署办发〔2019〕30号"
    assert p.cycle.kind is CycleKind.BIENNIAL
    quotas = {a.kind: (a.quota, a.quota_exact, a.vacancy_allowed) for a in p.awards}
    assert quotas == {AwardKind.ORGANISATION: (2, True, True),
                      AwardKind.NOMINATION: (2, True, True),
                      AwardKind.INDIVIDUAL: (1, True, True)}
    leader = p.award("leader")
    assert leader.prize_yuan == 500_000 and leader.prize_cite
    assert leader.prize_cite.article == "第十六条" and leader.repeat_winner_prize is False
    assert p.validity_years == 3 and p.validity_cite and p.validity_cite.article == "第四条"
    assert kinds(p) == ["application", "eligibility", "material", "onsite", "defense",
                        "comprehensive", "committee", "award"]
    assert notices(p) == [("committee", 7, NoticeCount.EXACTLY)]
    assert p.reapplication is None
    assert rule(p, "quality-work-years").params == {"years": 5, "in_region": True}
    assert rule(p, "quality-work-years").cite.article == "第十一条（一）"
    assert rule(p, "no-operating-loss").params["years"] == 3
    assert p.recusal_cite and p.recusal_cite.article == "第十八条"
    assert p.supervision_feedback_cite and p.supervision_feedback_cite.article == "第十九条"
    assert p.secrets_cite and p.secrets_cite.article == "第二十三条"
    assert all(r.ban_years is None for r in p.revocations)


def test_baotou_mayor_against_baofubanfa_2025_57() -> None:
    p = load("baotou-mayor")
    d = p.document
    assert d.number == "包府办发〔2025〕57号" and d.issued == date(2025, 9, 5)
    assert d.term_years == 5 and d.expires == date(2030, 9, 4)
    assert d.supersedes == "包府办发〔2024〕111号"
    assert p.cycle.kind is CycleKind.AS_DECIDED and p.cycle.years is None
    (award,) = p.awards
    assert award.quota == 5 and not award.quota_exact and award.vacancy_allowed is True
    assert p.reapplication and p.reapplication.interval_cycles == 3
    assert p.reapplication.exclusive  # 间隔三届
    assert kinds(p) == ["application", "preliminary", "eligibility", "material", "onsite",
                        "comprehensive", "committee", "award"]
    assert notices(p) == [("apply", 5, NoticeCount.AT_LEAST),
                          ("eligibility", 5, NoticeCount.AT_LEAST),
                          ("committee", 7, NoticeCount.EXACTLY)]
    assert p.team is not None and p.team.leader is True
    assert p.team.min_size is None and p.team.max_size is None
    assert p.team.cite and p.team.cite.article == "第二十三条"
    exclusions = [r for r in p.conditions if r.exclusion]
    assert [r.cite.article for r in exclusions] == [f"第十七条（{n}）" for n in "一二三四五六"]
    incidents = rule(p, "x-incidents")
    assert incidents.kind is RuleKind.NO_INCIDENTS
    assert incidents.params["min_severity"] == "larger" and incidents.params["within_years"] == 3
    assert "service" in incidents.params["types"] and incidents.params["responsibility_only"]
    assert rule(p, "years-operating").params["years"] == 3
    assert rule(p, "excellence-model").params == {"years": 2, "measure": "excellence_model"}
    assert p.supervision_feedback_cite and p.supervision_feedback_cite.article == "第二十九条"
    assert p.validity_years is None and all(r.ban_years is None for r in p.revocations)


def test_hohhot_mayor_against_order_no_2() -> None:
    p = load("hohhot-mayor")
    assert p.document.number == "呼和浩特市人民政府令第2号"
    assert p.document.effective == date(2013, 11, 1)
    assert p.document.amended == date(2017, 12, 28)
    assert p.cycle.kind is CycleKind.ANNUAL and p.cycle.years == 1
    org, person = p.award("organisation"), p.award("individual")
    assert (org.quota, org.quota_exact, org.prize_yuan) == (3, False, 1_000_000)
    assert (person.quota, person.quota_exact, person.prize_yuan) == (1, True, 100_000)
    assert p.validity_years == 3
    assert kinds(p) == ["application", "eligibility", "material", "onsite", "comprehensive",
                        "committee", "award"]
    assert notices(p) == [("committee", 10, NoticeCount.EXACTLY)]
    assert p.team and (p.team.min_size, p.team.max_size, p.team.leader) == (3, 5, True)
    assert p.team.cite and p.team.cite.article == "第九条"
    assert rule(p, "quality-work-years").params["years"] == 8
    assert rule(p, "self-assessment").params["years"] == 3
    assert p.revocation and p.revocation.ban_years == 5
    assert p.revocation.cite and p.revocation.cite.article == "第二十四条"
    assert p.recusal_cite is None  # the document has no recusal article


def test_baotou_hitech_committee_team_backfill_and_repeat_winners() -> None:
    p = load("baotou-hitech")
    assert p.cycle.kind is CycleKind.ANNUAL
    (award,) = p.awards
    assert award.quota == 3 and not award.quota_exact and award.prize_yuan == 100_000
    assert kinds(p) == ["application", "eligibility", "material", "onsite", "comprehensive",
                        "committee", "award"]
    assert notices(p) == [("committee", 10, NoticeCount.EXACTLY)]
    c = p.committee
    assert c is not None and c.cite.article == "第十八条"
    assert c.quorum and c.pass_threshold
    assert (c.quorum.fraction, c.quorum.of, c.quorum.inclusive) == (Fraction(2, 3), "members",
                                                                    True)
    assert (c.pass_threshold.fraction, c.pass_threshold.of) == (Fraction(2, 3), "present")
    assert c.limited_voting and c.rank_by_votes and c.abstentions_count is None
    # 2/3 inclusive: 6 of 9 passes, 5 of 9 does not; 10 of 15 members is a quorum
    assert c.pass_threshold.met(6, 9) and not c.pass_threshold.met(5, 9)
    assert c.quorum.met(10, 15) and not c.quorum.met(9, 15)
    assert p.team and (p.team.min_size, p.team.max_size, p.team.leader) == (3, 5, True)
    assert p.backfill and p.backfill.allowed and p.backfill.cite
    assert p.backfill.cite.article == "第十九条"
    assert p.repeat_winners and p.repeat_winners.outside_quota and not p.repeat_winners.prize
    assert p.validity_years == 3
    assert rule(p, "industry-standing").params["top_n"] == 5
    assert rule(p, "still-valid").params["programmes"] == ("nmg-chairman", "baotou-mayor",
                                                           "baotou-hitech")


def test_template_validates() -> None:
    with (PROGRAMMES / "TEMPLATE.toml").open("rb") as fh:
        p = parse_programme(tomllib.load(fh), "TEMPLATE.toml")
    assert p.id == "example-award" and p.stages and p.conditions


def test_parse_fraction() -> None:
    assert parse_fraction("2/3") == Fraction(2, 3)
    assert parse_fraction(" 1 / 2 ") == Fraction(1, 2)
    for bad in ("3/2", "0/3", "2/0", "two thirds", "0.66", 2):
        assert parse_fraction(bad) is None


# --- malformed files: each message names the file and the field ---------------------------------

@pytest.mark.parametrize(("name", "field", "problem"), [
    ("programme-missing-field.toml", "name_zh", "missing required field"),
    ("programme-unknown-key.toml", "committee.quorum_percent", "unknown field 'quorum_percent'"),
    ("programme-bad-threshold.toml", "committee.pass_threshold.fraction",
     "'3/2' is not a fraction"),
    ("programme-duplicate-id.toml", "stages.material.id", "duplicate id 'material'"),
    ("programme-bad-stage-ref.toml", "notices.proposed-winners.after", "no stage 'vote'"),
    ("programme-bad-date.toml", "document.issued", "'2021-02-30' is not a date"),
])
def test_malformed_programme_files(name: str, field: str, problem: str) -> None:
    path = DATA / name
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    with pytest.raises(ProgrammeError) as info:
        parse_programme(data, str(path))
    message = str(info.value)
    assert message.startswith(f"{path}: {field}: "), message
    assert problem in message
    assert info.value.file == str(path) and info.value.entry == field


def _mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw("baotou-hitech"))
    change(data)
    return data


@pytest.mark.parametrize(("change", "field", "problem"), [
    (lambda d: d.update(schema="scorebook.programme/9"), "schema", "expected"),
    (lambda d: d["cycle"].update(years=2), "cycle.years", "annual cycle cannot last 2"),
    (lambda d: d["cycle"].update(kind="monthly"), "cycle.kind", "'monthly' is not one of"),
    (lambda d: d["awards"][0].update(quota=0), "awards.hitech.quota", "at least 1"),
    (lambda d: d["awards"][0].update(quota="三"), "awards.hitech.quota", "whole number"),
    (lambda d: d["notices"][0].update(count="about"), "notices.proposed-winners.count",
     "not one of"),
    (lambda d: d["team"].update(min_size=6), "team.max_size", "smaller than min_size"),
    (lambda d: d["stages"][2].update(cite="17"), "stages.material.cite", "第X条"),
    (lambda d: d["stages"][2]["form"].update(kind="panel_score"),
     "stages.material.form.framework", "panel score uses no framework"),
    (lambda d: d["stages"][2]["form"].pop("framework"), "stages.material.form.framework",
     "missing required field"),
    (lambda d: d["conditions"][0]["params"].update(region=3),
     "conditions.registered.params.region", "must be text"),
    (lambda d: d["conditions"][0].update(kind="vibes"), "conditions.registered.kind",
     "not one of"),
    (lambda d: d["conditions"][2]["params"].pop("years"),
     "conditions.years-operating.params.years", "missing required field"),
    (lambda d: d["conditions"][12]["params"].update(min_severity="huge"),
     "conditions.x-incidents.params.min_severity", "not one of"),
    (lambda d: d["conditions"][12]["params"].update(types=["weather"]),
     "conditions.x-incidents.params.types", "must list values from"),
    (lambda d: d["committee"]["quorum"].update(of="everyone"), "committee.quorum.of",
     "not one of"),
    (lambda d: d.update(validity_years=None) or d.pop("validity_years"), "validity_cite",
     "go together"),
    (lambda d: d["conditions"].append({"id": "ban", "kind": "revocation_ban", "text_zh": "禁",
                                       "cite": "第四条"}),
     "conditions.ban", "needs a revocation with ban_years"),
])
def test_malformed_programme_entries(change: Any, field: str, problem: str) -> None:
    with pytest.raises(ProgrammeError) as info:
        parse_programme(_mutated(change), "hitech-copy.toml")
    message = str(info.value)
    assert message.startswith(f"hitech-copy.toml: {field}: "), message
    assert problem in message


def test_not_a_table_is_refused() -> None:
    with pytest.raises(ProgrammeError) as info:
        parse_programme(_mutated(lambda d: d.update(committee="yes")), "x.toml")
    assert "x.toml: committee: must be a table" in str(info.value)
