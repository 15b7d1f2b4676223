"""The team leader on site (组长负责制): merge the team's bundles, see divergence, record and sign
the consensus — offline, in the leader's own encrypted case file.

Usage (each call is one unit of work on the open case; errors are typed ``ScorebookError``)::

    with open_case(folder, passphrase) as case:
        team = TeamLeader(case)                        # RuleViolation unless the roster in the
                                                       # case marks this reviewer team leader
        imported = team.import_bundles([path, ...])    # -> TeamImport (one FileResult per file)
        team.held()                                    # -> [HeldBundle] every bundle kept
        team.overview("onsite")                        # -> [ApplicantConsensus] per applicant
        view = team.divergence(applicant_id, "onsite") # -> DivergenceView (per-item stats, flags,
                                                       #    defaults, the leader's entries)
        team.set_consensus(applicant_id, "onsite", "4.1.2", pct=70, rationale="…")
        team.finalise(applicant_id, "onsite")          # -> Consensus; RuleViolation names the
                                                       #    flagged items still without rationale
        team.export_consensus(Path("/media/usb"), "onsite")  # -> ConsensusExportResult
        team.exports("onsite")                         # -> [ConsensusExportView] exported so far
        team.list_forks()                              # -> [ForkView] (the office's type)
        team.resolve_fork("ab12cd34…", reason="…")     # -> ForkView; audited with the reason
        team.list_breaks()                             # -> [ChainBreakView] chains that wait
        team.resolve_chain("ab12cd34…", reason="…")    # keep the bundle held, or take the new

Import: each file is read size-capped and opened with the leader's key against the case's roster
(the office's ``read_bundles``); a bundle from outside the team, or with any value the office's
rules refuse (``desktop.domain.merge.rejection``: cycle, stage, applicant, item, percentage and
step, stage form, rating, recusal reason) is refused whole with the file, reviewer, field and
rule, and nothing of it is kept; a time later than the clock is reported. The rest are classified
(new / updated / duplicate / stale / fork). A bad file never stops the others. Every verified
bundle is kept whole in the case file
(``received_bundle``) and the merged state is derived from all of them on every read, so
importing again, or in any order, gives the same state. A reviewer's own recusal (in any of their
bundles) keeps their scores for that applicant out of every statistic. A fork (two contents at
one revision) is not applied: the earlier agreed revision stands and the view lists the fork,
until the leader resolves it (``resolve_fork``, mirroring the office's ``merge.resolve_fork``);
a member's bundle whose ``prev_hash`` chain does not reach the bundle held waits likewise until
the leader chooses a chain (``resolve_chain``; ``desktop.services.leader_decisions``): each
decision and its reason are entries of the case's hash-chained audit log.
The leader's own scores count once the leader imports their own exported bundle (bundles are
sealed to their writer too).

Consensus: per item the percentage defaults to the mean rounded to the framework's step; the
leader may enter another (on the step) and a rationale. Finalising applies the domain rule (a
flagged item needs a rationale) and records which sheets it was made from; if a later import
changes those sheets the consensus is ``outdated`` and export refuses until it is finalised
again. Any edit after finalising undoes the final. Divergence uses the office's rule for the
cycle as the panel package carried it (kept in the case's ``case.create`` audit entry); a package
without one means the default rule (different bands AND a spread of 20 points or more). Passing
``rule=`` overrides both; ``rule_source`` says which applies ("office", "default" or "given").

Export (``desktop.services.leader_signing``): a ``consensus`` bundle signed with the leader's
key, sealed to the office and to the leader, revision per stage only going up (kept with the
identity too), written with a read-back verification and recorded only then (``export_pending``:
a failed export uses no revision and leaves no audit row); the office merge accepts it as the
team's consensus.

Findings (``desktop.services.leader_findings``): the team's consolidation per applicant and
stage — agreed strengths and improvements picked or merged from the members' comments (whose
they were kept), key themes, 质量改进建议, site-visit issues after the material review and their
resolutions on site — kept in the case file (``team_finding``), audited, and carried in the
consensus bundle (``snapshot.findings``).

The values returned are in ``desktop.services.leader_types`` (re-exported here).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.bundle import (
    BUNDLE_SUFFIX,
)
from desktop.domain.consensus import (
    Choice,
    Consensus,
    DivergenceRule,
    ItemStats,
    default_pct,
    divergence,
    finalise,
)
from desktop.domain.errors import RuleViolation, ScoreValueError
from desktop.domain.merge import MergedState
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import parse_pct
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.services import leader_decisions as decisions
from desktop.services import leader_signing
from desktop.services.case import CaseSession
from desktop.services.case_types import MAX_COMMENT
from desktop.services.leader_import import import_files
from desktop.services.leader_signing import basis
from desktop.services.leader_state import TeamState
from desktop.services.leader_types import (
    CHAIN_ACTION,
    CONSENSUS_KIND,
    FORK_ACTION,
    ApplicantConsensus,
    ChainBreakView,
    ChainSide,
    ConsensusEntryView,
    ConsensusExportResult,
    ConsensusExportView,
    DivergenceView,
    FileResult,
    ForkSide,
    ForkView,
    HeldBundle,
    ItemRow,
    TeamImport,
)

# --- the service --------------------------------------------------------------------------------


class TeamLeader(TeamState):
    """The team-leader use cases on an open case file (see the module docstring)."""

    case: CaseSession

    def __init__(self, case: CaseSession, rule: DivergenceRule | None = None) -> None:
        super().__init__(case, rule)

    # import

    def import_bundles(self, paths: Sequence[Path]) -> TeamImport:
        """Verify, classify and keep the team's bundles; a bad file never stops the others."""
        identity = self.case.identity()

        def work(s: Session) -> TeamImport:
            held, known = self._held(s)
            return import_files(s, list(paths), identity, self.roster, self.team,
                                self.leader_id, held, known, self._context(s))

        return self.case.run(work)

    def state(self) -> MergedState:
        """The merged state of every bundle held (derived afresh; nothing is cached)."""
        return self.case.run(lambda s: self.merged(s))

    def held(self) -> list[HeldBundle]:
        """Every bundle kept in the case file, oldest first, with the state's verdict on it
        (``current``, ``superseded``, ``forked``) and the reviewer's name from the roster."""

        def work(s: Session) -> list[HeldBundle]:
            statuses = self.merged(s).statuses
            b = m.ReceivedBundle
            out = []
            for row in s.execute(select(b.file_name, b.sha256, b.content_hash, b.reviewer_id,
                                        b.stage_id, b.kind, b.revision, b.received_at)
                                 .order_by(b.received_at, b.sha256)):
                who = self.roster.find(row.reviewer_id)
                status = statuses.get((row.reviewer_id, row.stage_id, row.kind, row.revision,
                                       row.content_hash))
                out.append(HeldBundle(row.file_name, row.sha256, row.content_hash,
                                      row.reviewer_id,
                                      who.display_name if who is not None else row.reviewer_id,
                                      row.stage_id, row.kind, row.revision, row.received_at,
                                      "" if status is None else status.value))
            return out

        return self.case.run(work)

    def exports(self, stage_id: str | None = None) -> list[ConsensusExportView]:
        """The consensus bundles exported so far (of one stage, or all), oldest first."""

        def work(s: Session) -> list[ConsensusExportView]:
            query = select(m.ConsensusExport).order_by(m.ConsensusExport.created_at,
                                                       m.ConsensusExport.revision)
            if stage_id is not None:
                query = query.filter_by(stage_id=stage_id)
            return [ConsensusExportView(e.stage_id, e.revision, e.file_name, e.applicants,
                                        e.content_hash, e.created_at) for e in s.scalars(query)]

        return self.case.run(work)

    # divergence and consensus

    def divergence(self, applicant_id: str, stage_id: str) -> DivergenceView:
        return self.case.run(lambda s: self._view(s, self.merged(s), applicant_id, stage_id))

    def overview(self, stage_id: str | None = None) -> list[ApplicantConsensus]:
        """Every applicant of the case at a stage (default: the case's current stage)."""

        def work(s: Session) -> list[ApplicantConsensus]:
            stage = stage_id or s.get_one(m.CaseMeta, 1).current_stage_id
            state = self.merged(s)
            out = []
            for a in s.scalars(select(m.Applicant).order_by(m.Applicant.ordinal)):
                if s.get(m.Recusal, a.applicant_id) is not None:
                    continue
                v = self._view(s, state, a.applicant_id, stage)
                out.append(ApplicantConsensus(a.applicant_id, a.name, stage, len(v.reviewers),
                                              len(v.flagged), len(v.missing_rationale),
                                              v.final, v.outdated, v.total))
            return out

        return self.case.run(work)

    def set_consensus(self, applicant_id: str, stage_id: str, item_id: str,
                      pct: object | None = None, rationale: str | None = None, *,
                      use_default: bool = False) -> ConsensusEntryView:
        """Enter the consensus for one item: ``pct`` (on the step; None keeps what was entered,
        ``use_default=True`` goes back to the mean rounded to the step) and/or ``rationale``
        (None keeps it). A change undoes a final consensus for the applicant and stage."""
        fw = self.case.framework
        if rationale is not None and len(rationale) > MAX_COMMENT:
            raise ScoreValueError(Msg(N_("The rationale is longer than {limit} characters"),
                                      {"limit": MAX_COMMENT}))

        def work(s: Session) -> ConsensusEntryView:
            self.check_target(s, applicant_id, stage_id)
            fw.item(item_id)
            new_pct = None if pct is None else parse_pct(fw, pct)
            row = s.scalars(select(m.ConsensusEntry).filter_by(
                applicant_id=applicant_id, stage_id=stage_id, item_id=item_id)).one_or_none()
            if row is None:
                row = m.ConsensusEntry(applicant_id=applicant_id, stage_id=stage_id,
                                       item_id=item_id, pct=None, rationale="")
                s.add(row)
            old = {"pct": row.pct, "rationale": row.rationale}
            if use_default:
                row.pct = None
            elif new_pct is not None:
                row.pct = new_pct
            if rationale is not None:
                row.rationale = rationale.strip()
            new = {"pct": row.pct, "rationale": row.rationale}
            if new != old:
                row.updated_at = utcnow()
                final = s.get(m.ConsensusFinal, (applicant_id, stage_id))
                undone = final is not None
                if final is not None:
                    s.delete(final)
                audit.append(s, actor=self.leader_id, action="consensus.set",
                             entity=f"consensus:{applicant_id}/{stage_id}/{item_id}",
                             old=old, new={**new, "final_undone": bool(undone)})
            st = self._stats(s, self.merged(s), applicant_id, stage_id).get(item_id)
            default = None if st is None or st.mean_pct is None else \
                default_pct(st.mean_pct, fw.step_pct)
            return ConsensusEntryView(applicant_id, stage_id, item_id, row.pct, row.rationale,
                                      default, bool(st and st.flagged))

        return self.case.run(work)

    def finalise(self, applicant_id: str, stage_id: str) -> Consensus:
        """Make the consensus final (RuleViolation: flagged items without a rationale, items
        nobody scored and the leader left empty)."""
        fw = self.case.framework

        def work(s: Session) -> Consensus:
            self.check_target(s, applicant_id, stage_id)
            state = self.merged(s)
            stats = self._stats(s, state, applicant_id, stage_id)
            if not any(st.count for st in stats.values()):
                raise RuleViolation(Msg(N_("No team member's scores for {applicant} at stage "
                                           "{stage} have been imported"),
                                        {"applicant": applicant_id, "stage": stage_id}))
            choices = {e.item_id: Choice(e.pct, e.rationale) for e in s.scalars(
                select(m.ConsensusEntry).filter_by(applicant_id=applicant_id,
                                                   stage_id=stage_id))}
            result = finalise(fw, applicant_id, stage_id, self.leader_id, stats, choices,
                              self.rule)
            items = [{"item_id": i.item_id, "pct": i.pct, "rationale": i.rationale}
                     for i in result.items.values()]
            row = s.get(m.ConsensusFinal, (applicant_id, stage_id))
            if row is None:
                row = m.ConsensusFinal(applicant_id=applicant_id, stage_id=stage_id, basis="",
                                       items_json="[]", total=Decimal(0))
                s.add(row)
            row.basis = basis(state, applicant_id, stage_id)
            row.items_json = json.dumps(items, ensure_ascii=False)
            row.total, row.finalised_at = result.total, utcnow()
            audit.append(s, actor=self.leader_id, action="consensus.finalise",
                         entity=f"consensus:{applicant_id}/{stage_id}",
                         new={"total": str(result.total), "basis": row.basis,
                              "flagged": sorted(i.item_id for i in result.items.values()
                                                if i.flagged)})
            return result

        return self.case.run(work)

    # export

    def export_consensus(self, to_dir: Path, stage_id: str | None = None, *,
                         identity_folder: Path | None = None) -> ConsensusExportResult:
        """Sign and seal the finalised consensus of a stage (to the office and to the leader)
        and write it to ``to_dir``, verified when read back (``leader_signing``)."""
        return leader_signing.export_consensus(self, to_dir, stage_id, identity_folder)

    # forks and broken chains: the leader decides which bundle stands (``leader_decisions``)

    def list_forks(self) -> list[ForkView]:
        """Every fork among the held bundles (two contents at one revision of one member,
        stage and kind), resolved or not."""
        return self.case.run(lambda s: decisions.forks(self, s))

    def resolve_fork(self, bundle_ref: str, reason: str) -> ForkView:
        """Let the bundle named by ``bundle_ref`` (its file name, or the start of its file or
        content hash, 8 characters or more) stand for its fork, with a required ``reason``;
        kept in the case's audit log (``team.fork.resolve``, the reason as its why). Resolving
        again changes the decision. A consensus finalised on the other side becomes outdated."""
        return decisions.resolve_fork(self, bundle_ref, reason)

    def list_breaks(self) -> list[ChainBreakView]:
        """Every member, stage and kind whose bundles wait because their chain does not reach
        the bundle held (a lost export, a restored laptop, someone else's key)."""
        return self.case.run(lambda s: decisions.breaks(self, s))

    def resolve_chain(self, bundle_ref: str, reason: str) -> ChainBreakView:
        """Let the chain of the named bundle stand (the one held, or a waiting one), with a
        required ``reason`` (``team.chain.resolve`` in the audit log); the other chain's
        bundles are set aside. Returns the decision as a resolved view."""
        return decisions.resolve_chain(self, bundle_ref, reason)

    # internals

    def _stats(self, s: Session, state: MergedState, applicant_id: str,
               stage_id: str) -> dict[str, ItemStats]:
        sheets = state.sheets_for(stage_id, applicant_id)
        recused = {r for r, a in state.recusals if a == applicant_id}
        return divergence(self.case.framework, {r: sh.entries for r, sh in sheets.items()},
                          recused, self.rule)

    def _view(self, s: Session, state: MergedState, applicant_id: str,
              stage_id: str) -> DivergenceView:
        app = self.check_target(s, applicant_id, stage_id)
        fw = self.case.framework
        stats = self._stats(s, state, applicant_id, stage_id)
        entries = {e.item_id: e for e in s.scalars(select(m.ConsensusEntry).filter_by(
            applicant_id=applicant_id, stage_id=stage_id))}
        rows = []
        for it in fw.items:
            st = stats[it.id]
            e = entries.get(it.id)
            rows.append(ItemRow(st, None if st.mean_pct is None else
                                default_pct(st.mean_pct, fw.step_pct),
                                None if e is None else e.pct, "" if e is None else e.rationale))
        final = s.get(m.ConsensusFinal, (applicant_id, stage_id))
        forked = tuple(sorted(f.key[0] for f in state.forks if f.key[1] == stage_id))
        return DivergenceView(
            applicant_id=applicant_id, name=app.name, stage_id=stage_id,
            rule=self.rule.describe(),
            reviewers=tuple(sorted(state.sheets_for(stage_id, applicant_id))),
            recused=tuple(sorted(r for r, a in state.recusals
                                 if a == applicant_id and r in self.team)),
            items=tuple(rows), flagged=tuple(r.stats.item_id for r in rows if r.flagged),
            missing_rationale=tuple(r.stats.item_id for r in rows
                                    if r.flagged and not r.rationale),
            final=final is not None,
            outdated=final is not None and final.basis != basis(state, applicant_id,
                                                                 stage_id),
            total=None if final is None else final.total, forked=forked,
            rule_source=self.rule_source)


__all__ = ["BUNDLE_SUFFIX", "CHAIN_ACTION", "CONSENSUS_KIND", "FORK_ACTION",
           "ApplicantConsensus", "ChainBreakView", "ChainSide",
           "ConsensusEntryView", "ConsensusExportResult", "ConsensusExportView", "DivergenceView",
           "FileResult", "ForkSide", "ForkView", "HeldBundle", "ItemRow", "TeamImport",
           "TeamLeader"]
