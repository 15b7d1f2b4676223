"""The office's decisions on both backends: the conflicts register (add, pin, list), the
divergence view and the team's consensus, the committee vote, the public notice and objections.
The same service tests run on the embedded default and on PostgreSQL (the ``ws`` fixture)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.consensus import Choice
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.models.office.decision import NoticeRecord, Objection, VoteSession
from desktop.services.office import (
    conflicts,
    consensus,
    cycle,
    merge,
    notice,
    ranking,
    reads,
    reviewers,
    vote,
)
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.results_conflicts import ConflictRecorded, Declaration
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write


def merged(ws: Workspace, tmp_path: Path) -> Small:
    """The small cycle with R2, R3 and R4 scoring every applicant (different seeds)."""
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    merge.merge_files(ws, [write(tmp_path, f"{r}.sbb", bundle(small, r, "material", ids,
                                                               seed=k + 1))
                           for k, r in enumerate(("R2", "R3", "R4"))])
    return small


def test_conflicts_add_pin_and_list(ws: Workspace) -> None:
    small = small_cycle(ws)
    a0, a1, a2 = (a.ref for a in small.apps)
    added = conflicts.add_conflict(ws, "R2", a0, "kinship", "reviewer", detail="表亲").result
    assert added == ConflictRecorded(reviewer="R2", applicant=a0, kind="kinship",
                                     source="reviewer", warning=None,
                                     applicant_name=small.apps[0].name)
    # The office pins its decision over the declaration; then a reviewer cannot declare there.
    pinned = conflicts.pin(ws, "R2", a0, False, note="远亲，已核实").result
    assert pinned.pinned and not pinned.conflicted
    with pytest.raises(RuleViolation):
        conflicts.add_conflict(ws, "R2", a0, "consulting", "reviewer")
    conflicts.pin(ws, "R3", a2, True, note="办公室决定")
    listed = {(c.reviewer, c.applicant): c for c in conflicts.list_conflicts(ws)}
    assert set(listed) == {("R1", a1), ("R2", a0), ("R3", a2)}
    assert listed[("R1", a1)].conflicted and listed[("R1", a1)].pinned is None
    assert listed[("R1", a1)].declarations == (Declaration("employment", "office", ""),)
    assert listed[("R1", a1)].applicant_name == small.apps[1].name
    assert not listed[("R2", a0)].conflicted
    assert listed[("R2", a0)].pinned == "not_conflicted"
    assert listed[("R2", a0)].declarations == (Declaration("kinship", "reviewer", "表亲"),)
    assert listed[("R3", a2)].conflicted and listed[("R3", a2)].pinned == "conflicted"
    # Pinning again replaces the earlier pin.
    conflicts.pin(ws, "R3", a2, False)
    again = {(c.reviewer, c.applicant): c for c in conflicts.list_conflicts(ws)}
    assert not again[("R3", a2)].conflicted
    assert [s.recorded for s in conflicts.suggest(ws)] == [True]  # R1 ↔ A002, recorded
    with pytest.raises(InputRejected, match="kind"):
        conflicts.add_conflict(ws, "R2", a1, "cousin", "office")
    with pytest.raises(InputRejected, match="source"):
        conflicts.add_conflict(ws, "R2", a1, "kinship", "press")


def test_divergence_then_consensus_replaces_the_mean(ws: Workspace, tmp_path: Path) -> None:
    small = merged(ws, tmp_path)
    ref = small.apps[0].ref
    view = consensus.divergence_view(ws, ref, "material")
    assert view.name == small.apps[0].name and view.programme is not None
    assert len(view.stats) == 23 and all(i.count == 3 for i in view.stats)
    assert view.flagged, "seeds 1, 2, 3 spread items by 35 points"
    assert all(i.spread is not None and i.spread >= 20 for i in view.stats if i.flagged)
    # A flagged item cannot be finalised without a rationale.
    with pytest.raises(RuleViolation):
        consensus.record_consensus(ws, ref, "material")
    choices = {k: Choice(rationale="组内讨论后取均值") for k in view.flagged}
    first = view.stats[0].item
    choices[first] = Choice(pct=100, rationale="现场核实")
    done = consensus.record_consensus(ws, ref, "material", choices)
    assert done.changes == OfficeChanges(consensus=True)
    out = done.result
    assert out.leader == "R4" and len(out.entries) == 23 and out.name == small.apps[0].name
    assert next(i for i in out.entries if i.item == first).pct == 100
    status = reads.consensus_status(ws)[(ref, "material")]
    assert (status.items, status.leader, status.signed) == (23, "R4", False)
    held = reads.consensus_items(ws, ref, "material")[first]
    assert (held.item, held.pct, held.rationale) == (first, 100, "现场核实")
    row = ranking.rank(ws).applicant(ref)
    assert row is not None and row.stages["material"].source == "consensus"
    assert row.stages["material"].total == out.total
    # Recording again replaces it; a recused leader cannot record one.
    assert consensus.record_consensus(ws, ref, "material", choices).result.total == out.total
    conflicts.pin(ws, "R4", ref, True)
    with pytest.raises(RuleViolation, match="R4"):
        consensus.record_consensus(ws, ref, "material", choices)
    # ... and the consensus it led no longer stands: the mean of R2 and R3 does.
    row = ranking.rank(ws).applicant(ref)
    assert row is not None and row.stages["material"].source == "mean"
    assert row.stages["material"].reviewers == ("R2", "R3")


def test_normalisation_view_is_for_comparison_unless_the_setting_says(
        ws: Workspace, tmp_path: Path) -> None:
    small = merged(ws, tmp_path)
    view = ranking.normalisation_view(ws, "material")
    assert view.official_uses_normalised is False and view.warning
    assert len(view.scores) == 3 * 3
    totals = {a.ref: a.stages["material"].total for a in ranking.rank(ws).applicants}
    assert {a.ref: a.official for a in view.applicants} == totals
    assert all(a.official == a.raw_mean for a in view.applicants)
    names = {a.ref: a.name for a in small.apps}
    assert all(a.name == names[a.ref] for a in view.applicants)
    # Every reviewer gave each applicant the same sheet here: no scale, raw passes through.
    assert all(x.z is None and x.normalised == x.raw for x in view.scores)
    cycle.set_setting(ws, "normalisation_official", True)
    on = ranking.normalisation_view(ws, "material")
    assert on.official_uses_normalised is True
    assert all(a.official == a.normalised_mean for a in on.applicants)
    assert {a.ref for a in on.applicants} == {a.ref for a in small.apps}


def committee_of_five(ws: Workspace) -> list[str]:
    names = ["主任甲", "委员乙", "委员丙", "委员丁", "委员戊"]
    reviewers.add_committee_member(ws, names[0], role="chair")
    for name in names[1:]:
        reviewers.add_committee_member(ws, name)
    return names


def test_committee_vote_counts_and_is_kept(ws: Workspace) -> None:
    small = small_cycle(ws)
    a0, a1, a2 = (a.ref for a in small.apps)
    with pytest.raises(InputRejected, match="committee"):
        vote.hold_vote(ws, "organisation", [], {})
    names = committee_of_five(ws)
    present = names[:4]
    ballots = {names[0]: {a0: "for", a1: "for", a2: "against"},
               names[1]: {a0: "for", a1: "against", a2: "against"},
               names[2]: {a0: "for", a1: "for", a2: "abstain"},
               names[3]: {a0: "abstain", a1: "against", a2: "for"}}
    # nothing is scored nor reviewed yet: the office confirms going ahead (test_readiness)
    done = vote.hold_vote(ws, "organisation", present, ballots, held_on=date(2025, 9, 20),
                          confirm_unresolved=True)
    assert done.changes == OfficeChanges(votes=True)
    out = done.result
    assert out.quorum_met and out.present == 4 and out.members == 5
    tally = {t.ref: t for t in out.tally}
    assert (tally[a0].votes_for, tally[a0].against, tally[a0].abstain) == (3, 0, 1)
    assert (tally[a1].votes_for, tally[a1].against) == (2, 2)
    assert tally[a0].name == small.apps[0].name
    # Where the programme states no threshold: more than half of those present (office).
    assert tally[a0].passed and not tally[a1].passed and not tally[a2].passed
    assert out.elected == (a0,)
    kept_view = reads.latest_votes(ws)["organisation"]
    assert kept_view.elected == (a0,) and kept_view.held_on == date(2025, 9, 20)
    assert kept_view.present_names == tuple(present) and kept_view.tally == out.tally
    assert sorted(m.name for m in reads.committee_members(ws)) == sorted(names)
    with ws.uow() as s:
        kept = s.execute(select(VoteSession)).scalars().one()
        assert kept.held_on == date(2025, 9, 20) and kept.members_total == 5
        assert json.loads(kept.result_json)["elected"] == [a0]
    with pytest.raises(InputRejected):
        vote.hold_vote(ws, "organisation", present, {names[0]: {a0: "maybe"}})
    with pytest.raises(InputRejected, match="individual"):
        vote.hold_vote(ws, "individual", present, {names[0]: {a0: "for"}})


def test_notice_period_in_working_days(ws: Workspace) -> None:
    small = small_cycle(ws)
    a0 = small.apps[0].ref
    # Friday 26 September 2025; the National Day holiday runs 1–8 October, with Sunday 28
    # September and Saturday 11 October worked. The day of publication does not count (office
    # default), so the ten working days are 28–30 Sep, 9–11 and 13–16 Oct.
    done = notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), [a0],
                                 confirm_unresolved=True)
    assert done.changes == OfficeChanges(notices=True)
    out = done.result
    assert out.working_days == 10 and out.convention == "next_workday"
    assert (out.first_day, out.last_day) == (date(2025, 9, 28), date(2025, 10, 16))
    assert out.applicants == (a0,) and "第十九条" in out.cite
    assert out.applicant_names == (small.apps[0].name,)
    (listed,) = reads.notices(ws)
    assert listed.applicants == (a0,) and listed.applicant_names == (small.apps[0].name,)
    assert (listed.first_day, listed.working_days) == (date(2025, 9, 28), 10)
    cycle.set_setting(ws, "publication_day_counts", True)
    counted = notice.publish_notice(ws, "proposed-winners", date(2025, 9, 26), [a0],
                                    confirm_unresolved=True).result
    assert (counted.first_day, counted.last_day) == (date(2025, 9, 26), date(2025, 10, 15))
    with ws.uow() as s:
        assert len(s.execute(select(NoticeRecord)).scalars().all()) == 2
    with pytest.raises(NotFound, match="proposed-winners"):
        notice.publish_notice(ws, "final", date(2025, 9, 26), [a0])


def test_upheld_objection_removes_the_candidate(ws: Workspace, tmp_path: Path) -> None:
    small = merged(ws, tmp_path)
    cycle.set_setting(ws, "weights", {"material": 1, "onsite": 0})
    a0 = small.apps[0].ref
    before = ranking.rank(ws).category("organisation")
    assert before is not None and a0 in before.within
    dismissed = notice.add_objection(ws, small.apps[2].ref, date(2025, 10, 2), "匿名来信")
    assert dismissed.changes == OfficeChanges(notices=True)
    out = notice.decide_objection(ws, dismissed.result.objection[:8], False,
                                  date(2025, 10, 9)).result
    assert out.outcome == "dismissed"
    obj = notice.add_objection(ws, a0, date(2025, 10, 3), "质量事故未申报").result
    assert obj.outcome == "pending" and obj.applicant_name == small.apps[0].name
    decided = notice.decide_objection(ws, obj.objection, True, date(2025, 10, 10),
                                      note="查证属实")
    assert decided.changes == OfficeChanges(notices=True)
    out = decided.result
    assert out.outcome == "upheld" and out.backfill_rule is None  # 呼和浩特: silent
    after = next(c for c in out.categories if c.award_id == "organisation")
    assert a0 not in after.within
    assert next(r for r in after.rows if r.ref == a0).place != "within"
    listed = {o.applicant: o for o in reads.objections(ws)}
    assert listed[a0].outcome == "upheld" and listed[a0].note == "查证属实"
    assert listed[a0].applicant_name == small.apps[0].name
    with pytest.raises(InputRejected, match="already decided"):
        notice.decide_objection(ws, obj.objection, False, date(2025, 10, 11))
    with pytest.raises(NotFound):
        notice.decide_objection(ws, "ffffffff", True, date(2025, 10, 11))
    with ws.uow() as s:
        rows = {o.summary: o for o in s.execute(select(Objection)).scalars()}
    assert rows["质量事故未申报"].outcome == "upheld" and rows["质量事故未申报"].note == "查证属实"
    assert rows["匿名来信"].outcome == "dismissed"
    assert {h.action for h in notice.history(ws)} >= {"objection.add", "objection.decide"}
    first_score = before.rows[0].score
    assert first_score is not None and Decimal(0) <= first_score
