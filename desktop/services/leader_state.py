"""The team leader's merged state on an open case (``TeamState``): who leads which team (from the
roster), the bundles held, the leader's decisions on forks and broken chains as the merge reads
them, and the merged state derived from all of them on every read.

``desktop.services.leader.TeamLeader`` is a ``TeamState`` with the leader's use cases; the
modules that work for it — the decisions on forks and chains (``leader_decisions``), the signed
consensus (``leader_signing``) — take a ``TeamState``, so none of them imports ``leader`` back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.roster import Roster
from desktop.domain.chains import CHAIN
from desktop.domain.consensus import DivergenceRule
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.merge import (
    SCORES,
    BundleKey,
    BundleRecord,
    MergeContext,
    MergedState,
    merged_state,
)
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import FormKind, StageForm
from desktop.models import case as m
from desktop.services.bundle_checks import value_rules
from desktop.services.case_open import OpenCase
from desktop.services.case_package import divergence_from
from desktop.services.leader_types import CHAIN_ACTION, FORK_ACTION
from desktop.services.office.merge_types import record_from_manifest


def decisions_of(s: Session, action: str) -> dict[tuple[BundleKey, int], tuple[str, str]]:
    """The leader's decisions of one kind (``FORK_ACTION`` or ``CHAIN_ACTION``): (key, revision
    — ``CHAIN`` for a chain) -> (the content hash chosen, the reason); the latest one wins."""
    out: dict[tuple[BundleKey, int], tuple[str, str]] = {}
    for row in s.scalars(select(m.AuditEntry).filter_by(action=action)
                         .order_by(m.AuditEntry.seq)):
        v = json.loads(row.new or "{}")
        key = (v["reviewer"], v["stage"], v["kind"])
        out[(key, CHAIN if action == CHAIN_ACTION else int(v["revision"]))] = \
            (v["content_hash"], row.why)
    return out


def context_resolutions(s: Session) -> dict[tuple[BundleKey, int], str]:
    """The leader's fork and chain decisions as the merge reads them."""
    return {k: v[0] for action in (FORK_ACTION, CHAIN_ACTION)
            for k, v in decisions_of(s, action).items()}


class TeamState:
    """The team leader's view of an open case: the team, the bundles held and their merged
    state (RuleViolation unless the case's roster makes its reviewer a team leader)."""

    def __init__(self, case: OpenCase, rule: DivergenceRule | None = None) -> None:
        self.case = case
        office_rule = case.run(_package_rule)
        self.rule: DivergenceRule = rule or office_rule or DivergenceRule()
        self.rule_source = "given" if rule is not None else \
            "office" if office_rule is not None else "default"
        self.roster: Roster = case.roster()
        me = self.roster.find(case.reviewer_id)
        if me is None or not me.leader or me.team is None:
            raise RuleViolation(Msg(N_("Only a team leader can merge the team's bundles: the "
                                       "roster does not make {reviewer} a team leader"),
                                    {"reviewer": case.reviewer_id}))
        self.leader_id = case.reviewer_id
        self.team = tuple(sorted(e.reviewer_id for e in self.roster.team_of(case.reviewer_id)))

    def _held(self, s: Session) -> tuple[list[BundleRecord],
                                         dict[str, tuple[dict[str, Any], str]]]:
        records, known = [], {}
        for row in s.scalars(select(m.ReceivedBundle).order_by(m.ReceivedBundle.sha256)):
            manifest = json.loads(row.manifest_json)
            known[row.sha256] = (manifest, row.content_hash)
            records.append(record_from_manifest(manifest, row.content_hash, row.file_name))
        return records, known

    def held_records(self, s: Session) -> list[BundleRecord]:
        return self._held(s)[0]

    def _context(self, s: Session) -> MergeContext:
        meta = s.get_one(m.CaseMeta, 1)
        stages = list(s.scalars(select(m.Stage)))
        forms = {st.stage_id: StageForm(FormKind(st.form_kind), max_points=st.max_points,
                                        step=st.step) for st in stages}
        apps = list(s.scalars(select(m.Applicant.applicant_id)))
        mine = {(self.leader_id, a) for a in s.scalars(select(m.Recusal.applicant_id))}
        given: dict[tuple[str, str], frozenset[str]] = {}  # the issues the team was given
        for si in s.scalars(select(m.SiteIssue)):
            for r in self.team:
                given[(r, si.applicant_id)] = given.get((r, si.applicant_id),
                                                        frozenset()) | {si.issue_id}
        return MergeContext(
            cycle_id=meta.cycle_id, stage_ids=frozenset(forms),
            assignments=frozenset((st, r, a) for st in forms for r in self.team for a in apps),
            conflicted=frozenset(mine), kinds=frozenset({SCORES}),
            resolutions=context_resolutions(s),
            **value_rules(self.case.framework, forms,
                          {st.stage_id: st.kind for st in stages}, given))

    def merged(self, s: Session) -> MergedState:
        held, _ = self._held(s)
        return merged_state(held, self._context(s))

    def items_stage(self, s: Session, stage_id: str) -> m.Stage:
        stage = s.get(m.Stage, stage_id)
        if stage is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))
        if stage.form_kind != FormKind.ITEMS.value:
            raise InputRejected(Msg(N_("Stage {stage} is not scored item by item: it has no "
                                       "item consensus"), {"stage": stage_id}))
        return stage

    def check_target(self, s: Session, applicant_id: str, stage_id: str) -> m.Applicant:
        """The applicant (NotFound), not recused from (RuleViolation), at an items stage."""
        app = s.get(m.Applicant, applicant_id)
        if app is None:
            raise NotFound(Msg(N_("No applicant '{applicant}' in this case"),
                               {"applicant": applicant_id}))
        if s.get(m.Recusal, applicant_id) is not None:
            raise RuleViolation(Msg(N_("You recused yourself from {applicant}: you cannot lead "
                                       "its consensus"), {"applicant": applicant_id}))
        self.items_stage(s, stage_id)
        return app


def _package_rule(s: Session) -> DivergenceRule | None:
    """The office's divergence rule as the panel package carried it (None: it named none)."""
    row = s.scalars(select(m.AuditEntry).filter_by(action="case.create")
                    .order_by(m.AuditEntry.seq).limit(1)).first()
    if row is None or not row.new:
        return None
    value = json.loads(row.new).get("divergence")
    return None if value is None else divergence_from(value)


__all__ = ["TeamState", "context_resolutions", "decisions_of"]
