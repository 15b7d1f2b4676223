"""The office decides what a document leaves open, before the step that needs it; each decision
is recorded with who and when and shown where it matters (issue 21)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.errors import RuleViolation
from desktop.domain.open_points import Undecided
from desktop.services.office import conflicts, cycle, ranking, reviewers, vote
from desktop.services.office.workspace import Workspace
from desktop.services.programmes import programme

IDS = ["nmg-chairman", "xilingol-league", "baotou-mayor", "hohhot-mayor", "baotou-hitech"]


@pytest.mark.parametrize("pid", IDS)
def test_steps_wait_for_the_offices_decisions(ws: Workspace, pid: str) -> None:
    p = programme(pid)
    cycle.open_cycle(ws, pid, 2025, opened_on=date(2025, 6, 2))
    view = cycle.cycle_view(ws)
    undecided = {s.key for s in view.settings if not s.decided}
    assert {"weights", "shortlist", "divergence", "conflict_window_years"} <= undecided
    # Ranking waits for the weights: the document is named as silent.
    with pytest.raises(Undecided) as caught:
        ranking.rank(ws)
    text = caught.value.message.render()
    assert p.document.title_zh in text and p.document.number in text and "weights" in text
    with pytest.raises(Undecided):
        conflicts.suggest(ws)
    # The office decides, with who and when.
    setting = cycle.set_setting(ws, "weights", dict(next(
        s.suggested for s in view.settings if s.key == "weights")), by="王主任").result
    assert setting.decided_by == "王主任" and setting.decided_at is not None
    cycle.decide_suggested(ws, ["shortlist", "conflict_window_years", "divergence"], by="王主任")
    out = ranking.rank(ws)
    assert out.weights_decided_by == "王主任"
    assert out.weights_decided_on == setting.decided_at.date()
    assert set(out.weights) == {s.id for s in p.comprehensive_stages}
    assert out.comprehensive_cite == str(p.comprehensive_stage.cite)  # type: ignore[union-attr]
    assert conflicts.suggest(ws) == []
    shown = {s.key: s for s in cycle.cycle_view(ws).settings}
    assert shown["weights"].decided_by == "王主任" and shown["weights"].decided
    assert shown["divergence"].decided and not shown["recused_members"].decided


def test_chairman_weights_refuse_the_material_review(ws: Workspace) -> None:
    cycle.open_cycle(ws, "nmg-chairman", 2025)
    with pytest.raises(RuleViolation) as caught:
        cycle.set_setting(ws, "weights", {"material": "0.3", "onsite": "0.5", "defense": "0.2"})
    assert "第二十二条" in caught.value.message.render()
    cycle.set_setting(ws, "weights", {"onsite": "0.6", "defense": "0.4"})


def test_a_given_value_is_not_asked(ws: Workspace) -> None:
    cycle.open_cycle(ws, "baotou-hitech", 2025)
    shown = {s.key: s for s in cycle.cycle_view(ws).settings}
    assert shown["pass_threshold"].source == "programme"
    assert "第十八条" in (shown["pass_threshold"].citation or "")
    with pytest.raises(RuleViolation):
        cycle.set_setting(ws, "pass_threshold", {"fraction": "1/2", "of": "present"})


def test_the_vote_waits_for_its_silent_rules_then_uses_them(ws: Workspace) -> None:
    cycle.open_cycle(ws, "hohhot-mayor", 2025)
    cycle.decide_suggested(ws, ["weights", "shortlist", "divergence"])
    names = ["主任甲", "委员乙", "委员丙"]
    for n, name in enumerate(names):
        reviewers.add_committee_member(ws, name, role="chair" if n == 0 else "member")
    with pytest.raises(Undecided) as caught:
        vote.hold_vote(ws, "organisation", names, {})
    assert "呼和浩特市市长质量奖评审办法" in caught.value.message.render()
    cycle.set_setting(ws, "pass_threshold", {"fraction": "2/3", "of": "present",
                                             "inclusive": True}, by="办公室")
    cycle.set_setting(ws, "quorum", None, by="办公室")  # the office decides no quorum applies
    cycle.set_setting(ws, "abstentions_count", False, by="办公室")
    cycle.set_setting(ws, "recused_members", "counted", by="办公室")
    out = vote.hold_vote(ws, "organisation", names, {}).result
    assert out.rule_sources["pass_threshold"] == "office"
    assert out.abstentions_count is False and out.recused_in_denominator is True
    with pytest.raises(Exception, match="one of"):
        cycle.set_setting(ws, "recused_members", "sometimes")
