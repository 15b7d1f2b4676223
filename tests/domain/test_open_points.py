"""What each of the five documents gives, and what it leaves for the office to decide
(issue 21): the stages of the comprehensive score as each article names them, and no value the
document does not give."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from desktop.domain.open_points import open_points, suggested_weights
from desktop.domain.programmes import AwardKind, Threshold
from desktop.domain.voting import Ballot, Mark, VoteRule, count_votes
from desktop.services.programmes import list_programmes, programme

# The stages each document's comprehensive score is computed from, with the article.
COMPREHENSIVE = {
    "nmg-chairman": (("onsite", "defense"), "第二十二条"),  # 根据现场评审和陈述答辩结果
    "xilingol-league": (("material", "onsite", "defense"), "第十四条"),
    "baotou-mayor": (("material", "onsite"), "第二十四条"),  # 根据材料评审及现场评审结果
    "hohhot-mayor": (("material", "onsite"), "第十八条"),
    "baotou-hitech": (("material", "onsite"), "第十八条"),
}
IDS = sorted(COMPREHENSIVE)


def test_all_five_programmes_are_checked() -> None:
    assert sorted(p.id for p in list_programmes()) == IDS


@pytest.mark.parametrize("pid", IDS)
def test_comprehensive_stages_are_the_articles(pid: str) -> None:
    p = programme(pid)
    stages, article = COMPREHENSIVE[pid]
    assert tuple(s.id for s in p.comprehensive_stages) == stages
    assert p.comprehensive_stage is not None and p.comprehensive_stage.cite.article == article
    weights = next(pt for pt in open_points(p)[0] if pt.key == "weights")
    assert tuple(weights.suggested) == stages  # the suggestion covers those stages only
    assert sum(Decimal(v) for v in weights.suggested.values()) == 1


def test_chairman_material_review_is_not_in_the_comprehensive_score() -> None:
    p = programme("nmg-chairman")
    assert "material" not in {s.id for s in p.comprehensive_stages}
    assert "material" in {s.id for s in p.scored_stages}  # it still selects who goes on site
    assert set(suggested_weights(p.comprehensive_stages)) == {"onsite", "defense"}


@pytest.mark.parametrize("pid", IDS)
def test_silent_points_are_open_and_given_ones_are_not_asked(pid: str) -> None:
    p = programme(pid)
    points, given = open_points(p)
    keys = {pt.key for pt in points}
    given_keys = {g.key for g in given}
    assert not keys & given_keys
    # No document gives weights, a shortlist size, a divergence spread or a conflict window.
    assert {"weights", "shortlist", "divergence", "conflict_window_years",
            "recused_members"} <= keys
    c = p.committee
    assert c is not None
    for key, value in (("pass_threshold", c.pass_threshold), ("quorum", c.quorum),
                       ("abstentions_count", c.abstentions_count)):
        assert (key in given_keys) == (value is not None)
        assert (key in keys) == (value is None)
    has_nominations = any(a.kind is AwardKind.NOMINATION for a in p.awards)
    assert ("nominations" in keys) == has_nominations == (pid == "xilingol-league")


def test_hitech_gives_its_vote_rules_with_the_article() -> None:
    _, given = open_points(programme("baotou-hitech"))
    by_key = {g.key: g for g in given}
    assert by_key["pass_threshold"].value == {"fraction": "2/3", "of": "present",
                                              "inclusive": True}
    assert by_key["quorum"].article == "第十八条"


def _vote(recused_in_denominator: bool) -> bool:
    members = [f"M{i}" for i in range(10)]
    rule = VoteRule(Threshold(Fraction(2, 3), "present"),
                    recused_in_denominator=recused_in_denominator)
    ballots = [Ballot(m, {"A": Mark.FOR if i < 6 else Mark.AGAINST})
               for i, m in enumerate(members) if m != "M9"]
    result = count_votes(members, members, ["A"], ballots, rule, recusals=[("M9", "A")])
    return result.tally("A").passed


def test_a_recused_member_in_or_out_of_the_denominator_is_the_offices_decision() -> None:
    assert _vote(False) is True  # 6 of 9 is 2/3: passes
    assert _vote(True) is False  # 6 of 10 is not
    members = [f"M{i}" for i in range(10)]
    rule = VoteRule(Threshold(Fraction(2, 3), "present"), recused_in_denominator=False)
    ballots = [Ballot(m, {"A": Mark.FOR if i < 6 else Mark.AGAINST})
               for i, m in enumerate(members) if m != "M9"]
    out = count_votes(members, members, ["A"], ballots, rule, recusals=[("M9", "A")])
    assert out.tally("A").denominator == 9
    rule_in = VoteRule(Threshold(Fraction(2, 3), "present"), recused_in_denominator=True)
    out_in = count_votes(members, members, ["A"], ballots, rule_in, recusals=[("M9", "A")])
    assert out_in.tally("A").denominator == 10
