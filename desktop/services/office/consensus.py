"""Divergence per applicant, stage and item; the team leader's consensus (组长负责制).

The statistics come from the merged scores, which never hold a recused reviewer's sheet; the
recused set is passed again to the domain so they could not count even if one slipped through.
Both views name the reviewers recused from the applicant (``recused``: the office's conflicts
and the recusals declared in the field, with kind and source).
A consensus recorded at the office is stored as such; one signed in the field travels as its own
bundle type (kind ``consensus``) and, once merged, replaces it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.consensus import Choice, Consensus, ItemStats, divergence, finalise
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.domain.scoring import ItemEntry
from desktop.models.office.people import Applicant, Assignment, TeamMember
from desktop.models.office.review import ConsensusItem, ItemScore
from desktop.models.office.setup import Cycle
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import find_applicant, log, programme_of, resolve_cycle
from desktop.services.office.conflicts import recused_from, register
from desktop.services.office.cycle import divergence_rule, settings
from desktop.services.office.disqualification import note, views
from desktop.services.office.results_decide import (
    ConsensusItemView,
    ConsensusRecorded,
    DivergenceView,
    ItemDivergence,
    Recusal,
)
from desktop.services.office.workspace import Workspace


def sheets(s: Session, cycle: Cycle, applicant: Applicant, stage_id: str
           ) -> dict[str, list[ItemEntry]]:
    out: dict[str, list[ItemEntry]] = defaultdict(list)
    for r in s.execute(select(ItemScore).where(ItemScore.cycle_id == cycle.id,
                                               ItemScore.applicant_id == applicant.id,
                                               ItemScore.stage_id == stage_id)).scalars():
        out[r.reviewer_id].append(ItemEntry(r.item_id, r.pct))
    return dict(out)


def recused_for(s: Session, cycle: Cycle, applicant: Applicant) -> set[str]:
    reg = register(s, cycle)
    return {rid for rid, aid in reg.conflicted_pairs() if aid == str(applicant.id)}


def stats(s: Session, cycle: Cycle, applicant: Applicant, stage_id: str
          ) -> dict[str, ItemStats]:
    fw = framework_for_ref(cycle.framework_ref)
    rule = divergence_rule(settings(s, cycle)["divergence"])
    return divergence(fw, sheets(s, cycle, applicant, stage_id),
                      recused_for(s, cycle, applicant), rule)


def divergence_view(ws: Workspace, applicant_ref: str, stage_id: str,
                    cycle_ref: str | None = None) -> DivergenceView:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        st = stats(s, cycle, app, stage_id)
        rule = divergence_rule(settings(s, cycle)["divergence"])
        return DivergenceView(
            app.ref, stage_id, rule.describe(),
            tuple(ItemDivergence(k, v.count, v.mean_pct, v.median_pct, v.min_pct, v.max_pct,
                                 v.spread_pct, tuple(v.bands), v.flagged)
                  for k, v in st.items()),
            tuple(k for k, v in st.items() if v.flagged), recused_from(s, cycle, app),
            tuple(note(v) for v in views(s, cycle)), app.name,
            programme_of(cycle.programme_id))


def _leader(s: Session, applicant: Applicant) -> str | None:
    asg = s.get(Assignment, applicant.id)
    if asg is None:
        return None
    return s.execute(select(TeamMember.reviewer_id).where(
        TeamMember.team_id == asg.team_id, TeamMember.leader.is_(True))).scalar_one_or_none()


def record_consensus(ws: Workspace, applicant_ref: str, stage_id: str,
                     choices: Mapping[str, Choice] | None = None, *,
                     leader_id: str | None = None, cycle_ref: str | None = None
                     ) -> Done[ConsensusRecorded]:
    """Finalise the consensus (defaults: the mean rounded to the step); a flagged item needs a
    rationale. Recorded by the office for the team's leader."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        leader = leader_id or _leader(s, app)
        if leader is None:
            raise RuleViolation(Msg(N_("Applicant {applicant} has no team leader to record a "
                                       "consensus"), {"applicant": app.ref}))
        if leader in recused_for(s, cycle, app):
            raise RuleViolation(Msg(N_("The leader {leader} is recused from applicant "
                                       "{applicant}"), {"leader": leader,
                                                        "applicant": app.ref}))
        fw = framework_for_ref(cycle.framework_ref)
        rule = divergence_rule(settings(s, cycle)["divergence"])
        result = finalise(fw, str(app.id), stage_id, leader, stats(s, cycle, app, stage_id),
                          choices, rule)
        s.execute(delete(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                              ConsensusItem.applicant_id == app.id,
                                              ConsensusItem.stage_id == stage_id))
        for item in result.items.values():
            s.add(ConsensusItem(cycle_id=cycle.id, applicant_id=app.id, stage_id=stage_id,
                                item_id=item.item_id, pct=item.pct, rationale=item.rationale,
                                leader_id=leader))
        log(s, cycle, "consensus.record", applicant=app.ref, stage=stage_id)
        return Done(consensus_view(app.ref, result, recused_from(s, cycle, app), app.name,
                                   programme_of(cycle.programme_id)),
                    OfficeChanges(consensus=True))


def consensus_view(ref: str, c: Consensus, recused: tuple[Recusal, ...] = (), name: str = "",
                   programme: Programme | None = None) -> ConsensusRecorded:
    return ConsensusRecorded(
        ref, c.stage_id, c.leader_id, c.total,
        tuple(ConsensusItemView(i.item_id, i.pct, i.default_pct, i.flagged, i.score,
                                i.rationale) for i in c.items.values()),
        recused, name, programme)
