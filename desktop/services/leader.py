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
until the leader resolves it (``resolve_fork``, mirroring the office's ``merge.resolve_fork``):
the decision and its reason are entries of the case's hash-chained audit log.
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

Export: a ``consensus`` bundle signed with the leader's key, sealed to the office and to the
leader, revision per stage only going up, written with a read-back verification and recorded
only then (``export_pending``: a failed export uses no revision and leaves no audit row); the
office merge accepts it as the team's consensus.

The values returned are in ``desktop.services.leader_types`` (re-exported here).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto import container
from desktop.crypto.bundle import (
    BUNDLE_SUFFIX,
    MAX_BUNDLE_BYTES,
    build_bundle,
    new_manifest,
    open_bundle,
)
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.crypto.usb import file_name
from desktop.domain.consensus import (
    Choice,
    Consensus,
    DivergenceRule,
    ItemStats,
    default_pct,
    divergence,
    finalise,
)
from desktop.domain.errors import InputRejected, NotFound, RuleViolation, ScoreValueError
from desktop.domain.merge import (
    SCORES,
    BundleKey,
    BundleRecord,
    MergeContext,
    MergedState,
    merged_state,
)
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import FormKind, StageForm, parse_pct
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.services import export_pending as pending
from desktop.services.bundle_checks import value_rules
from desktop.services.case import CaseSession
from desktop.services.case_package import divergence_from
from desktop.services.case_types import MAX_COMMENT
from desktop.services.leader_import import import_files
from desktop.services.leader_types import (
    CONSENSUS_KIND,
    FORK_ACTION,
    ApplicantConsensus,
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
from desktop.services.office.merge import pick_held, record_from_manifest

# --- the service --------------------------------------------------------------------------------


class TeamLeader:
    """The team-leader use cases on an open case file (see the module docstring)."""

    def __init__(self, case: CaseSession, rule: DivergenceRule | None = None) -> None:
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
        return self.case.run(lambda s: self._state(s))

    def held(self) -> list[HeldBundle]:
        """Every bundle kept in the case file, oldest first, with the state's verdict on it
        (``current``, ``superseded``, ``forked``) and the reviewer's name from the roster."""

        def work(s: Session) -> list[HeldBundle]:
            statuses = self._state(s).statuses
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
        return self.case.run(lambda s: self._view(s, self._state(s), applicant_id, stage_id))

    def overview(self, stage_id: str | None = None) -> list[ApplicantConsensus]:
        """Every applicant of the case at a stage (default: the case's current stage)."""

        def work(s: Session) -> list[ApplicantConsensus]:
            stage = stage_id or s.get_one(m.CaseMeta, 1).current_stage_id
            state = self._state(s)
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
            self._check_target(s, applicant_id, stage_id)
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
            st = self._stats(s, self._state(s), applicant_id, stage_id).get(item_id)
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
            self._check_target(s, applicant_id, stage_id)
            state = self._state(s)
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
            row.basis = _basis(state, applicant_id, stage_id)
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

    def export_consensus(self, to_dir: Path, stage_id: str | None = None) -> ConsensusExportResult:
        """Sign and seal the finalised consensus of a stage (to the office and to the leader)
        and write it to ``to_dir``, verified when read back."""
        identity = self.case.identity()
        keys = list(dict.fromkeys([self.roster.office_enc_pub, identity.public.enc_pub]))

        def build(s: Session) -> pending.Reserved:
            meta = s.get_one(m.CaseMeta, 1)
            stage = stage_id or meta.current_stage_id
            self._items_stage(s, stage)
            state = self._state(s)
            finals = list(s.scalars(select(m.ConsensusFinal).filter_by(stage_id=stage)
                                    .order_by(m.ConsensusFinal.applicant_id)))
            outdated = [f.applicant_id for f in finals
                        if f.basis != _basis(state, f.applicant_id, stage)]
            if outdated:
                raise RuleViolation(Msg(N_("The team's scores changed after the consensus was "
                                           "finalised; finalise again: {applicants}"),
                                        {"applicants": ", ".join(outdated)}))
            if not finals:
                raise RuleViolation(Msg(N_("No consensus is final for stage {stage} yet"),
                                        {"stage": stage}))
            done = {f.applicant_id for f in finals}
            scored = {k[2] for k in state.sheets if k[0] == stage and k[1] == SCORES}
            not_final = sorted(scored - done)
            scores = [{"applicant_id": f.applicant_id, "stage_id": stage,
                       "item_id": i["item_id"], "pct": i["pct"], "strengths": i["rationale"],
                       "improvements": "", "secret_marks": []}
                      for f in finals for i in json.loads(f.items_json)]
            last = s.scalars(select(m.ConsensusExport).filter_by(stage_id=stage)
                             .order_by(m.ConsensusExport.revision.desc()).limit(1)).first()
            recorded = 0 if last is None else last.revision
            prev_hash = "" if last is None else last.content_hash
            snap = {"scores": scores, "panel_scores": [], "recusals": [], "feedback": []}
            says = pending.basis(kind=CONSENSUS_KIND, cycle_id=meta.cycle_id, stage_id=stage,
                                 prev_hash=prev_hash, snapshot=snap,
                                 recipients=[k.hex() for k in keys])
            left = pending.leftover(s, CONSENSUS_KIND, stage, recorded)
            if left is not None and left.basis == says:
                return pending.as_reserved(left, reused=True)  # the same bytes, sent again
            revision = pending.next_revision(recorded, left)
            manifest = new_manifest(
                kind=CONSENSUS_KIND, cycle_id=meta.cycle_id, stage_id=stage,
                reviewer_id=identity.reviewer_id, revision=revision, prev_hash=prev_hash,
                snapshot=snap, audit_head=audit.head(s).hash, final=True,
                members=_members(state, stage))
            data = build_bundle(identity, manifest, keys)
            opened = open_bundle(data, identity, self.roster)  # what the office will accept
            return pending.reserve(
                s, kind=CONSENSUS_KIND, stage_id=stage, revision=revision, basis_hash=says,
                bundle_id=manifest["bundle_id"], content_hash=opened.content_hash,
                prev_hash=prev_hash or None, final=True,
                file_name=file_name(data, BUNDLE_SUFFIX), destination_kind="folder", data=data,
                detail={"applicants": [f.applicant_id for f in finals],
                        "not_final": not_final})

        def record(s: Session, r: pending.Reserved, skipped: list[int]) -> None:
            included = r.detail["applicants"]
            s.add(m.ConsensusExport(bundle_id=uuid.UUID(r.bundle_id), stage_id=r.stage_id,
                                    revision=r.revision, prev_hash=r.prev_hash,
                                    content_hash=r.content_hash, applicants=len(included),
                                    file_name=r.file_name))
            new: dict[str, Any] = {"bundle_id": r.bundle_id, "revision": r.revision,
                                   "content_hash": r.content_hash, "applicants": included,
                                   "not_final": r.detail["not_final"]}
            if skipped:  # interrupted exports whose content was never sent again
                new["skipped_revisions"] = skipped
            audit.append(s, actor=self.leader_id, action="consensus.export",
                         entity=f"stage:{r.stage_id}", new=new)

        # Recorded only once written and read back (``export_pending``): a failed export
        # uses no revision and leaves no audit row.
        reserved = self.case.run(build)
        path = pending.write_and_record(
            self.case, reserved, to_dir,
            _verifier(identity, self.roster, reserved.content_hash), record)
        return ConsensusExportResult(path, reserved.bundle_id, reserved.stage_id,
                                     reserved.revision, reserved.content_hash,
                                     tuple(reserved.detail["applicants"]),
                                     tuple(reserved.detail["not_final"]), True)

    # forks: the leader decides which bundle stands

    def list_forks(self) -> list[ForkView]:
        """Every fork among the held bundles (two contents at one revision of one member,
        stage and kind), resolved or not."""
        return self.case.run(self._forks)

    def resolve_fork(self, bundle_ref: str, reason: str) -> ForkView:
        """Let the bundle named by ``bundle_ref`` (its file name, or the start of its file or
        content hash, 8 characters or more) stand for its fork, with a required ``reason``;
        kept in the case's audit log (``team.fork.resolve``, the reason as its why). Resolving
        again changes the decision. A consensus finalised on the other side becomes outdated."""
        why = reason.strip()
        if not why:
            raise InputRejected(Msg(N_("Resolving a fork needs a reason")))
        if len(why) > MAX_COMMENT:
            raise InputRejected(Msg(N_("The reason is longer than {limit} characters"),
                                    {"limit": MAX_COMMENT}))

        def work(s: Session) -> ForkView:
            row = pick_held(s, m.ReceivedBundle, bundle_ref)
            key = (row.reviewer_id, row.stage_id, row.kind)
            hashes = set(s.scalars(select(m.ReceivedBundle.content_hash).filter_by(
                reviewer_id=row.reviewer_id, stage_id=row.stage_id, kind=row.kind,
                revision=row.revision)))
            if len(hashes) < 2:
                raise RuleViolation(Msg(N_("Bundle {file} (revision {revision} of {reviewer}, "
                                           "stage {stage}) is not part of a fork"),
                                        {"file": row.file_name, "revision": row.revision,
                                         "reviewer": row.reviewer_id, "stage": row.stage_id}))
            previous = _resolutions(s).get((key, row.revision))
            audit.append(s, actor=self.leader_id, action=FORK_ACTION,
                         entity=f"fork:{row.reviewer_id}/{row.stage_id}/{row.kind}/"
                                f"{row.revision}",
                         old=None if previous is None else {"content_hash": previous[0]},
                         new={"reviewer": row.reviewer_id, "stage": row.stage_id,
                              "kind": row.kind, "revision": row.revision,
                              "content_hash": row.content_hash, "file": row.file_name,
                              "set_aside": sorted(hashes - {row.content_hash})},
                         why=why)
            return next(f for f in self._forks(s)
                        if (f.reviewer, f.stage, f.kind, f.revision) == (*key, row.revision))

        return self.case.run(work)

    def _forks(self, s: Session) -> list[ForkView]:
        groups: dict[tuple[str, str, str, int], dict[str, list[m.ReceivedBundle]]] = {}
        for row in s.scalars(select(m.ReceivedBundle).order_by(m.ReceivedBundle.received_at,
                                                                m.ReceivedBundle.sha256)):
            groups.setdefault((row.reviewer_id, row.stage_id, row.kind, row.revision), {}) \
                .setdefault(row.content_hash, []).append(row)
        decided = _resolutions(s)
        fallback = {(f.key, f.revision): f.fallback_revision for f in self._state(s).forks}
        out = []
        for (rid, stage, kind, rev), by_hash in sorted(groups.items()):
            if len(by_hash) < 2:
                continue
            choice = decided.get(((rid, stage, kind), rev))
            sides = tuple(ForkSide(rows[0].file_name, rows[0].sha256, h, rows[0].received_at)
                          for h, rows in sorted(by_hash.items()))
            out.append(ForkView(rid, stage, kind, rev, sides,
                                None if choice is None else choice[0],
                                None if choice is None else choice[1],
                                fallback.get(((rid, stage, kind), rev))))
        return out

    # internals

    def _held(self, s: Session) -> tuple[list[BundleRecord],
                                         dict[str, tuple[dict[str, Any], str]]]:
        records, known = [], {}
        for row in s.scalars(select(m.ReceivedBundle).order_by(m.ReceivedBundle.sha256)):
            manifest = json.loads(row.manifest_json)
            known[row.sha256] = (manifest, row.content_hash)
            records.append(record_from_manifest(manifest, row.content_hash, row.file_name))
        return records, known

    def _context(self, s: Session) -> MergeContext:
        meta = s.get_one(m.CaseMeta, 1)
        forms = {st.stage_id: StageForm(FormKind(st.form_kind), max_points=st.max_points,
                                        step=st.step) for st in s.scalars(select(m.Stage))}
        apps = list(s.scalars(select(m.Applicant.applicant_id)))
        mine = {(self.leader_id, a) for a in s.scalars(select(m.Recusal.applicant_id))}
        return MergeContext(
            cycle_id=meta.cycle_id, stage_ids=frozenset(forms),
            assignments=frozenset((st, r, a) for st in forms for r in self.team for a in apps),
            conflicted=frozenset(mine), kinds=frozenset({SCORES}),
            resolutions={k: v[0] for k, v in _resolutions(s).items()},
            **value_rules(self.case.framework, forms))

    def _state(self, s: Session) -> MergedState:
        held, _ = self._held(s)
        return merged_state(held, self._context(s))

    def _items_stage(self, s: Session, stage_id: str) -> m.Stage:
        stage = s.get(m.Stage, stage_id)
        if stage is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))
        if stage.form_kind != FormKind.ITEMS.value:
            raise InputRejected(Msg(N_("Stage {stage} is not scored item by item: it has no "
                                       "item consensus"), {"stage": stage_id}))
        return stage

    def _check_target(self, s: Session, applicant_id: str, stage_id: str) -> m.Applicant:
        app = s.get(m.Applicant, applicant_id)
        if app is None:
            raise NotFound(Msg(N_("No applicant '{applicant}' in this case"),
                               {"applicant": applicant_id}))
        if s.get(m.Recusal, applicant_id) is not None:
            raise RuleViolation(Msg(N_("You recused yourself from {applicant}: you cannot lead "
                                       "its consensus"), {"applicant": applicant_id}))
        self._items_stage(s, stage_id)
        return app

    def _stats(self, s: Session, state: MergedState, applicant_id: str,
               stage_id: str) -> dict[str, ItemStats]:
        sheets = state.sheets_for(stage_id, applicant_id)
        recused = {r for r, a in state.recusals if a == applicant_id}
        return divergence(self.case.framework, {r: sh.entries for r, sh in sheets.items()},
                          recused, self.rule)

    def _view(self, s: Session, state: MergedState, applicant_id: str,
              stage_id: str) -> DivergenceView:
        app = self._check_target(s, applicant_id, stage_id)
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
            outdated=final is not None and final.basis != _basis(state, applicant_id,
                                                                 stage_id),
            total=None if final is None else final.total, forked=forked,
            rule_source=self.rule_source)


def _resolutions(s: Session) -> dict[tuple[BundleKey, int], tuple[str, str]]:
    """(key, revision) -> (the content hash the leader chose, the reason); the latest wins."""
    out: dict[tuple[BundleKey, int], tuple[str, str]] = {}
    for row in s.scalars(select(m.AuditEntry).filter_by(action=FORK_ACTION)
                         .order_by(m.AuditEntry.seq)):
        v = json.loads(row.new or "{}")
        out[((v["reviewer"], v["stage"], v["kind"]), int(v["revision"]))] = \
            (v["content_hash"], row.why)
    return out


def _members(state: MergedState, stage_id: str) -> list[dict[str, Any]]:
    """The member bundles in force at a stage, as a consensus manifest lists them (the office
    cross-checks them against the bundles it holds: equivocation)."""
    return [{"reviewer_id": rid[0], "stage_id": rid[1], "revision": rid[3],
             "content_hash": rid[4]}
            for rid in sorted(state.current.values()) if rid[1] == stage_id and rid[2] == SCORES]


def _package_rule(s: Session) -> DivergenceRule | None:
    """The office's divergence rule as the panel package carried it (None: it named none)."""
    row = s.scalars(select(m.AuditEntry).filter_by(action="case.create")
                    .order_by(m.AuditEntry.seq).limit(1)).first()
    if row is None or not row.new:
        return None
    value = json.loads(row.new).get("divergence")
    return None if value is None else divergence_from(value)


def _basis(state: MergedState, applicant_id: str, stage_id: str) -> str:
    """A hash of the sheets a consensus is made from (who scored what, who is recused)."""
    sheets = state.sheets_for(stage_id, applicant_id)
    body = {
        "sheets": {r: [[e.item_id, e.pct] for e in sh.entries] for r, sh in sorted(sheets.items())},
        "recused": sorted(r for r, a in state.recusals if a == applicant_id),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _verifier(identity: ReviewerIdentity, roster: Roster, content_hash: str) -> Any:
    def verify(back: bytes) -> None:
        container.recipient_count(container.BUNDLE_MAGIC, back, MAX_BUNDLE_BYTES)
        again = open_bundle(back, identity, roster)
        if again.content_hash != content_hash:
            raise ValueError("read-back content differs")
    return verify


__all__ = ["BUNDLE_SUFFIX", "CONSENSUS_KIND", "FORK_ACTION", "ApplicantConsensus",
           "ConsensusEntryView", "ConsensusExportResult", "ConsensusExportView", "DivergenceView",
           "FileResult", "ForkSide", "ForkView", "HeldBundle", "ItemRow", "TeamImport",
           "TeamLeader"]
