"""The team leader's findings edits, recorded in the case's own undo history (``case_undo``).

Each edit of the findings of one applicant at one stage (pick, add, edit, remove, move, a
site-visit issue's resolution) runs the service of ``leader_findings`` (its rules and audit row)
and records the findings of that applicant and stage as they were before and after, so Edit ›
Undo puts them back exactly (ids, order, marks) in one audited transaction. The consensus
entries go the same way (``set_consensus``): the item's percentage and rationale as they were
(a final consensus opens again, as with any change).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.domain.messages import Msg
from desktop.services.case_undo import Key, history
from desktop.services.changes import CaseChanges, Changed
from desktop.services.leader import ConsensusEntryView, TeamLeader
from desktop.services.leader_types import FindingView


def recorded(team: TeamLeader, applicant_id: str, stage_id: str, label: Msg,
             edit: Callable[[], FindingView]) -> Changed[FindingView]:
    """Run ``edit`` (one of ``leader_findings``'s changes to the findings of this applicant
    at this stage) and record it for undo; returns its view and what changed."""
    case = team.case
    h = history(case)
    key: Key = (applicant_id, stage_id)
    before = case.run(lambda s: h.read(s, "team_findings", key))
    view = edit()
    changes = CaseChanges(findings=True, history=True, applicant_id=applicant_id,
                          stage_id=stage_id)
    step = case.run(lambda s: h.record(s, "team_findings", key, before, label, changes))
    return Changed(view, changes if step is not None else CaseChanges(), step)


def set_consensus(team: TeamLeader, applicant_id: str, stage_id: str, item_id: str,
                  pct: object | None, rationale: str | None, use_default: bool,
                  label: Msg) -> Changed[ConsensusEntryView]:
    """``TeamLeader.set_consensus``, recorded for undo."""
    case = team.case
    h = history(case)
    key: Key = (applicant_id, stage_id, item_id)
    before = case.run(lambda s: h.read(s, "consensus_entry", key))
    view = team.set_consensus(applicant_id, stage_id, item_id, pct, rationale,
                              use_default=use_default)
    changes = CaseChanges(consensus=True, history=True, applicant_id=applicant_id,
                          stage_id=stage_id)
    step = case.run(lambda s: h.record(s, "consensus_entry", key, before, label, changes))
    return Changed(view, changes if step is not None else CaseChanges(), step)


__all__ = ["recorded", "set_consensus"]
