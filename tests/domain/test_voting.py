"""Committee votes: quorum, 2/3 thresholds, limited voting, recusal, abstentions, ranking."""

from __future__ import annotations

from fractions import Fraction

import pytest

from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.programmes import Citation, Committee, Threshold
from desktop.domain.voting import Ballot, Mark, Source, VoteRule, count_votes

F, A, X = Mark.FOR, Mark.AGAINST, Mark.ABSTAIN
TWO_THIRDS_MEMBERS = Threshold(Fraction(2, 3), "members", True)
TWO_THIRDS_PRESENT = Threshold(Fraction(2, 3), "present", True)
HITECH = Committee("审定委员会", Citation("高新区办法", "第十八条"), quorum=TWO_THIRDS_MEMBERS,
                   pass_threshold=TWO_THIRDS_PRESENT, limited_voting=True, rank_by_votes=True)
MEMBERS = [f"m{i}" for i in range(1, 10)]  # nine members
CANDS = ["a", "b", "c", "d"]


def _ballots(spec: dict[str, str]) -> list[Ballot]:
    """member -> marks string over CANDS, e.g. 'FFA.' (. = unmarked)."""
    code = {"F": F, "A": A, "X": X}
    return [Ballot(m, {c: code[ch] for c, ch in zip(CANDS, marks, strict=True) if ch != "."})
            for m, marks in spec.items()]


def test_rule_from_the_programme_and_sources_shown() -> None:
    rule = VoteRule.from_committee(HITECH)
    assert rule.limited_voting and rule.quorum == TWO_THIRDS_MEMBERS
    assert rule.sources["pass_threshold"] is Source.PROGRAMME
    assert rule.sources["abstentions_count"] is Source.DEFAULT and rule.abstentions_count
    silent = Committee("市政府专题会议", Citation("包府办发〔2025〕57号", "第二十五条"))
    with pytest.raises(RuleViolation, match="no pass threshold"):
        VoteRule.from_committee(silent)
    office = VoteRule.from_committee(silent, pass_threshold=TWO_THIRDS_PRESENT,
                                     abstentions_count=False)
    assert office.sources["pass_threshold"] is Source.OFFICE and not office.abstentions_count
    assert "do not count" in str(office.describe())


def test_quorum_two_thirds_of_members_inclusive() -> None:
    rule = VoteRule.from_committee(HITECH)
    six = MEMBERS[:6]  # 6/9 = 2/3 exactly: quorum met
    r = count_votes(MEMBERS, six, CANDS, _ballots({m: "FF.." for m in six}), rule, quota=3)
    assert r.quorum_met and r.tally("a").passed
    five = MEMBERS[:5]
    r5 = count_votes(MEMBERS, five, CANDS, _ballots({m: "FF.." for m in five}), rule, quota=3)
    assert not r5.quorum_met and not any(t.passed for t in r5.tallies)
    assert any("No quorum" in str(n) for n in r5.notes)


def test_pass_two_thirds_of_present_inclusive_and_full_tally() -> None:
    rule = VoteRule.from_committee(HITECH)
    present = MEMBERS[:6]
    spec = {"m1": "FFFA", "m2": "FFAA", "m3": "FFAA", "m4": "FAXA", "m5": "AAXA", "m6": "X..A"}
    r = count_votes(MEMBERS, present, CANDS, _ballots(spec), rule, quota=3)
    a = r.tally("a")
    assert (a.votes_for, a.against, a.abstain, a.invalid, a.denominator) == (4, 1, 1, 0, 6)
    assert a.passed and a.share == Fraction(2, 3)  # 4/6 is exactly 2/3: inclusive
    b = r.tally("b")
    assert (b.votes_for, b.passed) == (3, False)
    d = r.tally("d")
    assert (d.votes_for, d.against) == (0, 6)
    assert r.elected == ("a",)


def test_abstentions_leave_the_denominator_when_the_rule_says_so() -> None:
    present = MEMBERS[:6]
    spec = {"m1": "F...", "m2": "F...", "m3": "F...", "m4": "A...", "m5": "X...", "m6": "...."}
    counting = VoteRule(TWO_THIRDS_PRESENT, TWO_THIRDS_MEMBERS, abstentions_count=True)
    leaving = VoteRule(TWO_THIRDS_PRESENT, TWO_THIRDS_MEMBERS, abstentions_count=False)
    r1 = count_votes(MEMBERS, present, CANDS, _ballots(spec), counting)
    r2 = count_votes(MEMBERS, present, CANDS, _ballots(spec), leaving)
    assert r1.tally("a").denominator == 6 and not r1.tally("a").passed
    assert r2.tally("a").denominator == 4 and r2.tally("a").passed  # 3/4 ≥ 2/3
    assert r2.tally("a").share == Fraction(3, 4)


def test_limited_voting_invalid_ballot_is_counted_and_reported() -> None:
    rule = VoteRule.from_committee(HITECH)
    present = MEMBERS[:6]
    spec = {m: "FF.." for m in present}
    spec["m6"] = "FFFF"  # four choices, quota 3
    r = count_votes(MEMBERS, present, CANDS, _ballots(spec), rule, quota=3)
    assert [b.member_id for b in r.invalid_ballots] == ["m6"]
    assert "limit is 3" in str(r.invalid_ballots[0].reason)
    a = r.tally("a")
    assert (a.votes_for, a.invalid, a.denominator) == (5, 1, 6)
    assert r.tally("c").invalid == 1 and r.tally("c").votes_for == 0


def test_recusal_within_the_committee() -> None:
    rule = VoteRule.from_committee(HITECH)
    present = MEMBERS[:6]
    spec = {"m1": "F...", "m2": "F...", "m3": "F...", "m4": "F...", "m5": "A...",
            "m6": "A..."}
    r = count_votes(MEMBERS, present, CANDS, _ballots(spec), rule, quota=3,
                    recusals=[("m6", "a")])
    a = r.tally("a")
    assert (a.votes_for, a.against, a.recused, a.denominator) == (4, 1, 1, 5)
    assert a.passed
    assert any("ignored" in str(n) for n in r.notes)


def test_ranking_by_votes_and_tie_at_the_quota_line() -> None:
    rule = VoteRule(TWO_THIRDS_PRESENT, TWO_THIRDS_MEMBERS, limited_voting=False)
    present = MEMBERS[:9]
    spec = {m: "FFF." for m in present[:6]}
    spec.update({m: "F..F" for m in present[6:]})
    # a 9, b 6, c 6, d 3
    r = count_votes(MEMBERS, present, CANDS, _ballots(spec), rule, quota=2)
    assert r.tally("a").rank == 1 and r.tally("b").rank == 2 == r.tally("c").rank
    assert r.tally("d").rank is None  # 3/9 did not pass
    assert r.elected == ("a",) and r.tied_at_line == ("b", "c")
    assert any("Tie at the quota line" in str(n) for n in r.notes)


@pytest.mark.parametrize(
    ("present", "ballots", "match"),
    [
        (["m1", "x"], [], "not a committee member"),
        (["m1"], [Ballot("m2", {})], "not recorded as present"),
        (["m1"], [Ballot("m1", {}), Ballot("m1", {})], "Two ballots"),
        (["m1"], [Ballot("m1", {"zzz": F})], "unknown candidates"),
    ],
)
def test_bad_input_is_refused(present: list[str], ballots: list[Ballot], match: str) -> None:
    with pytest.raises(InputRejected, match=match):
        count_votes(MEMBERS, present, CANDS, ballots, VoteRule(TWO_THIRDS_PRESENT))
