"""The team leader's merge in the field: read the team's bundles (the office merge service's
``read_bundles``), classify them with the domain merge, and derive divergence and consensus.

Held bundles live in memory for the session — the case services do not store a leader's received
bundles yet (reported). Pure Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.consensus import Choice, Consensus, ItemStats, divergence, finalise
from desktop.domain.merge import SCORES, BundleRecord, MergeContext, MergedState, merge
from desktop.domain.messages import Msg
from desktop.domain.scoring import FormKind, ItemEntry
from desktop.services.case import CaseSession
from desktop.services.office.merge import read_bundles
from desktop.ui.reviewer.case_access import CaseFacts


@dataclass(frozen=True)
class ReportRow:
    file: str
    reviewer: str
    stage: str
    revision: int | None
    outcome: str  # new | updated | duplicate | stale | fork | rejected
    reason: Msg | None


class TeamMerge:
    def __init__(self, case: CaseSession, facts: CaseFacts) -> None:
        self.case = case
        self.facts = facts
        self.leader_id = case.reviewer_id
        self.held: list[BundleRecord] = []
        self.state: MergedState | None = None
        cycle, _stage = facts.cycle_and_stage()
        stages = facts.stages()
        self.items_stages = [s.stage_id for s in stages if s.form is FormKind.ITEMS]
        self.stage_names = {s.stage_id: (s.name_zh, s.name_en) for s in stages}
        team = [t[0] for t in facts.team()]
        applicants = [a.applicant_id for a in facts.applicants()]
        self.context = MergeContext(
            cycle_id=cycle, stage_ids=frozenset(s.stage_id for s in stages),
            assignments=frozenset((s.stage_id, r, a) for s in stages for r in team
                                  for a in applicants))

    def import_files(self, paths: Sequence[Path]) -> list[ReportRow]:
        """Verify and classify; never stops at a bad file (its reason is in the report)."""
        incoming = read_bundles(paths, self.case.identity(), self.case.roster())
        rows: list[ReportRow] = []
        records = [i.record for i in incoming if i.record is not None]
        report = merge(records, self.context, self.held)
        outcomes = iter(report.outcomes)
        for item in incoming:
            if item.record is None:
                rows.append(ReportRow(item.file.name, "", "", None, "rejected", item.error))
                continue
            out = next(outcomes)
            reason = out.reason
            if reason is None and out.refused:
                reason = out.refused[0].reason
            rows.append(ReportRow(item.file.name, item.record.reviewer_id,
                                  item.record.stage_id, item.record.revision, str(out.outcome),
                                  reason))
        self.held.extend(r for r, o in zip(records, report.outcomes, strict=True)
                         if o.outcome.value != "rejected")
        self.state = report.state
        return rows

    def sheets(self, applicant_id: str, stage_id: str) -> dict[str, list[ItemEntry]]:
        """reviewer -> entries: the merged team sheets plus the leader's own case."""
        out: dict[str, list[ItemEntry]] = {}
        if self.state is not None:
            for reviewer, sheet in self.state.sheets_for(stage_id, applicant_id,
                                                         SCORES).items():
                out[reviewer] = list(sheet.entries)
        if self.facts.recusal(applicant_id) is None:
            own = [ItemEntry(v.item_id, v.pct) for v in self.case.scores(applicant_id, stage_id)
                   if v.pct is not None]
            if own:
                out[self.leader_id] = own
        return out

    def recused(self, applicant_id: str) -> set[str]:
        out = {r for r, a in (self.state.recusals if self.state else ()) if a == applicant_id}
        if self.facts.recusal(applicant_id) is not None:
            out.add(self.leader_id)
        return out

    def stats(self, applicant_id: str, stage_id: str) -> dict[str, ItemStats]:
        return divergence(self.case.framework, self.sheets(applicant_id, stage_id),
                          self.recused(applicant_id))

    def finalise(self, applicant_id: str, stage_id: str,
                 choices: Mapping[str, Choice]) -> Consensus:
        return finalise(self.case.framework, applicant_id, stage_id, self.leader_id,
                        self.stats(applicant_id, stage_id), choices)
