"""Conflicts of interest: register, pins, name normalisation, suggestions, assignment checks."""

from __future__ import annotations

import pytest

from desktop.domain import credit_code
from desktop.domain.conflicts import (
    Affiliation,
    Conflict,
    ConflictKind,
    ConflictRegister,
    ConflictSource,
    MatchKind,
    Organisation,
    Pin,
    PinDecision,
    check_reviewer,
    check_team,
    normalise_org_name,
    suggest_conflicts,
)
from desktop.domain.errors import RuleViolation
from desktop.domain.programmes import Citation, Team

RECUSAL = Citation("包府办发〔2025〕57号", "第二十七条")
TEAM = Team(min_size=3, max_size=5, leader=True, by_industry=True,
            cite=Citation("包头稀土高新区管委会质量奖评审办法", "第九条"))


def _c(r: str, a: str, source: ConflictSource = ConflictSource.OFFICE,
       kind: ConflictKind = ConflictKind.EMPLOYMENT) -> Conflict:
    return Conflict(r, a, kind, source)


def test_declared_conflict_marks_the_pair() -> None:
    reg = ConflictRegister().declare(_c("r1", "a1"))
    assert reg.is_conflicted("r1", "a1")
    assert not reg.is_conflicted("r1", "a2")
    assert reg.conflicted_pairs() == frozenset({("r1", "a1")})
    assert reg.declare(_c("r1", "a1")) == reg  # idempotent


def test_office_pin_wins_over_declarations() -> None:
    reg = ConflictRegister().declare(_c("r1", "a1", ConflictSource.APPLICANT))
    reg = reg.pin(Pin("r1", "a1", PinDecision.NOT_CONFLICTED, "checked: left in 2010"))
    assert not reg.is_conflicted("r1", "a1")
    reg = reg.pin(Pin("r2", "a1", PinDecision.CONFLICTED))
    assert reg.is_conflicted("r2", "a1")
    assert reg.conflicted_pairs() == frozenset({("r2", "a1")})
    assert reg.unpin("r1", "a1").is_conflicted("r1", "a1")


def test_reviewer_cannot_change_a_pinned_pair() -> None:
    reg = ConflictRegister().pin(Pin("r1", "a1", PinDecision.CONFLICTED))
    with pytest.raises(RuleViolation, match="pinned"):
        reg.declare(_c("r1", "a1", ConflictSource.REVIEWER))
    reg2 = ConflictRegister().declare(_c("r1", "a1", ConflictSource.REVIEWER))
    reg2 = reg2.pin(Pin("r1", "a1", PinDecision.CONFLICTED))
    with pytest.raises(RuleViolation, match="pinned"):
        reg2.withdraw(_c("r1", "a1", ConflictSource.REVIEWER), by=ConflictSource.REVIEWER)
    # the office may
    assert reg2.withdraw(_c("r1", "a1", ConflictSource.REVIEWER),
                         by=ConflictSource.OFFICE).is_conflicted("r1", "a1")  # pin stays


def test_reviewer_cannot_withdraw_an_office_declaration() -> None:
    reg = ConflictRegister().declare(_c("r1", "a1", ConflictSource.OFFICE))
    with pytest.raises(RuleViolation):
        reg.withdraw(_c("r1", "a1", ConflictSource.OFFICE), by=ConflictSource.REVIEWER)
    own = ConflictRegister().declare(_c("r1", "a1", ConflictSource.REVIEWER))
    assert not own.withdraw(_c("r1", "a1", ConflictSource.REVIEWER),
                            by=ConflictSource.REVIEWER).is_conflicted("r1", "a1")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("包头钢铁（集团）有限责任公司", "包头钢铁"),
        ("内蒙古伊利实业集团股份有限公司", "伊利实业"),
        ("中国移动通信集团内蒙古有限公司 包头分公司", "中国移动通信集团内蒙古有限公司包头"),
        ("北方稀土（内蒙古）有限公司", "北方稀土"),
        ("呼和浩特市 城发 投资 有限公司", "城发投资"),
        ("ＡＢＣ 科技有限公司", "abc科技"),
        ("包头市[北重]集团有限公司", "北重"),
        ("包头市集团有限公司", "包头市"),  # only a place would remain: kept
    ],
)
def test_normalise_org_name(name: str, key: str) -> None:
    assert normalise_org_name(name) == key


def test_half_and_full_width_brackets_agree() -> None:
    assert normalise_org_name("北方稀土(内蒙古)有限公司") == \
        normalise_org_name("北方稀土（内蒙古）有限公司") == normalise_org_name("北方稀土")


def test_suggestions_code_then_name_then_containment() -> None:
    code = credit_code.generate(1)
    applicants = [
        Organisation("a1", "某某新材料有限公司", code),
        Organisation("a2", "内蒙古包头钢铁有限公司", None),
        Organisation("a3", "包头钢铁稀土分公司", None),
        Organisation("a4", "无关公司", credit_code.generate(2)),
    ]
    affiliations = [
        Affiliation("老名字材料厂", code, 2015, None),
        Affiliation("包头钢铁（集团）有限责任公司", None, 2000, 2023, ConflictKind.CONSULTING),
    ]
    out = suggest_conflicts("r1", affiliations, applicants, current_year=2025)
    got = [(s.applicant_id, s.match) for s in out]
    assert got == [("a1", MatchKind.CREDIT_CODE), ("a2", MatchKind.NAME),
                   ("a3", MatchKind.CONTAINMENT)]
    assert out[1].kind is ConflictKind.CONSULTING
    assert "2023" in str(out[1].reason)
    assert code in str(out[0].reason)


def test_old_affiliations_outside_the_window_are_not_suggested() -> None:
    apps = [Organisation("a1", "包头钢铁有限公司")]
    old = [Affiliation("包头钢铁集团", end_year=2015)]
    assert suggest_conflicts("r1", old, apps, current_year=2025, window_years=3) == ()
    assert len(suggest_conflicts("r1", old, apps, current_year=2025, window_years=10)) == 1


def test_invalid_code_does_not_match_but_name_still_can() -> None:
    apps = [Organisation("a1", "甲公司", "91350100M000100Y44")]
    affs = [Affiliation("乙公司", "91350100M000100Y44")]
    assert suggest_conflicts("r1", affs, apps, current_year=2025) == ()


def test_single_character_containment_is_not_suggested() -> None:
    apps = [Organisation("a1", "钢有限公司")]
    affs = [Affiliation("包头钢铁有限公司")]
    assert suggest_conflicts("r1", affs, apps, current_year=2025) == ()


def test_assignment_refuses_a_conflicted_reviewer_citing_the_rule() -> None:
    reg = ConflictRegister().declare(_c("r1", "a1", kind=ConflictKind.SHAREHOLDING))
    check_reviewer(reg, "r2", "a1", RECUSAL)
    with pytest.raises(RuleViolation) as err:
        check_reviewer(reg, "r1", "a1", RECUSAL)
    assert "第二十七条" in str(err.value) and "shareholding" in str(err.value)


def test_team_below_minimum_after_recusals_is_refused() -> None:
    reg = ConflictRegister().declare(_c("r3", "a1"))
    ok = check_team(reg, "a2", ["r1", "r2", "r3"], TEAM, leader="r1")
    assert ok.scoring == ("r1", "r2", "r3") and ok.recused == ()
    with pytest.raises(RuleViolation) as err:
        check_team(reg, "a1", ["r1", "r2", "r3"], TEAM, leader="r1")
    text = str(err.value)
    assert "第九条" in text and "at least 3" in text and "1 recused" in text
    four = check_team(reg, "a1", ["r1", "r2", "r3", "r4"], TEAM, leader="r1")
    assert four.scoring == ("r1", "r2", "r4") and four.recused == ("r3",)


def test_team_too_large_or_with_conflicted_leader_is_refused() -> None:
    reg = ConflictRegister().declare(_c("r1", "a1"))
    with pytest.raises(RuleViolation, match="at most 5"):
        check_team(reg, "a2", [f"r{i}" for i in range(6)], TEAM)
    with pytest.raises(RuleViolation, match="leader"):
        check_team(reg, "a1", ["r1", "r2", "r3", "r4"], TEAM, leader="r1")
    assert check_team(reg, "a2", ["r1", "r2", "r3"], TEAM).needs_leader
    with pytest.raises(RuleViolation, match="twice"):
        check_team(reg, "a2", ["r1", "r1", "r3"], TEAM)


def test_no_team_rule_means_no_size_check() -> None:
    reg = ConflictRegister()
    assert check_team(reg, "a1", ["r1"], None).scoring == ("r1",)
