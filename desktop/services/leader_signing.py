"""The team leader's signed consensus (``TeamLeader.export_consensus``): a ``consensus`` bundle
signed with the leader's key, sealed to the office and to the leader, its revision per stage only
going up, written with a read-back verification and recorded only then (``export_pending``: a
failed export uses no revision and leaves no audit row). Its manifest lists the member bundles it
was made from (the office cross-checks them: equivocation), and its snapshot carries the team's
findings for the applicants it includes (``snapshot.findings``, bundle format 2: a changed
finding makes different bytes, so a new revision). As for a reviewer's bundles, the
highest revision exported is also kept with the leader's identity (``identity.remember_export``),
so a case restored from a backup or made again continues the chain.

Also ``basis``: the hash of the sheets a consensus is made from (a later import that changes
them makes a final consensus ``outdated``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
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
from desktop.domain.errors import RuleViolation
from desktop.domain.findings import FindingKind
from desktop.domain.merge import SCORES, MergedState
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services import export_pending as pending
from desktop.services.case_export import last_export, remember
from desktop.services.case_undo import end_history
from desktop.services.identity import last_exports
from desktop.services.leader_state import TeamState
from desktop.services.leader_types import CONSENSUS_KIND, ConsensusExportResult


def export_consensus(team: TeamState, to_dir: Path, stage_id: str | None = None,
                     identity_folder: Path | None = None) -> ConsensusExportResult:
    """Sign and seal the finalised consensus of a stage and write it to ``to_dir``."""
    case = team.case
    identity = case.identity()
    keys = list(dict.fromkeys([team.roster.office_enc_pub, identity.public.enc_pub]))
    exported = last_exports(identity, identity_folder)

    def build(s: Session) -> pending.Reserved:
        meta = s.get_one(m.CaseMeta, 1)
        stage = stage_id or meta.current_stage_id
        team.items_stage(s, stage)
        state = team.merged(s)
        finals = list(s.scalars(select(m.ConsensusFinal).filter_by(stage_id=stage)
                                .order_by(m.ConsensusFinal.applicant_id)))
        outdated = [f.applicant_id for f in finals
                    if f.basis != basis(state, f.applicant_id, stage)]
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
        recorded, prev_hash = last_export(last, exported.get((meta.cycle_id, stage,
                                                              CONSENSUS_KIND)))
        snap: dict[str, Any] = {"scores": scores, "panel_scores": [], "recusals": [],
                                "feedback": []}
        found = findings_snapshot(s, stage, [f.applicant_id for f in finals])
        if found:  # the team's findings (bundle format 2); a changed one makes a new revision
            snap["findings"] = found
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
            members=members(state, stage))
        data = build_bundle(identity, manifest, keys)
        opened = open_bundle(data, identity, team.roster)  # what the office will accept
        return pending.reserve(
            s, kind=CONSENSUS_KIND, stage_id=stage, revision=revision, basis_hash=says,
            bundle_id=manifest["bundle_id"], content_hash=opened.content_hash,
            prev_hash=prev_hash or None, final=True,
            file_name=file_name(data, BUNDLE_SUFFIX), destination_kind="folder", data=data,
            detail={"applicants": [f.applicant_id for f in finals], "not_final": not_final})

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
        audit.append(s, actor=team.leader_id, action="consensus.export",
                     entity=f"stage:{r.stage_id}", new=new)

    # Recorded only once written and read back (``export_pending``): a failed export uses no
    # revision and leaves no audit row.
    reserved = case.run(build)
    path = pending.write_and_record(
        case, reserved, to_dir, verifier(identity, team.roster, reserved.content_hash), record)
    remember(case, identity, reserved.stage_id, CONSENSUS_KIND, reserved.revision,
             reserved.content_hash, identity_folder)
    end_history(case)  # signed and handed on: nothing before it undoes
    return ConsensusExportResult(path, reserved.bundle_id, reserved.stage_id,
                                 reserved.revision, reserved.content_hash,
                                 tuple(reserved.detail["applicants"]),
                                 tuple(reserved.detail["not_final"]), True)


def findings_snapshot(s: Session, stage_id: str, applicants: list[str]) -> list[dict[str, Any]]:
    """The team's findings of ``applicants`` at a stage as the consensus bundle carries them
    (``snapshot.findings``: optional keys absent when empty), in the order the leader sees."""
    rows = s.scalars(select(m.TeamFinding).filter(m.TeamFinding.stage_id == stage_id,
                                                  m.TeamFinding.applicant_id.in_(applicants)))
    kinds = {k.value: i for i, k in enumerate(FindingKind)}
    out = []
    for r in sorted(rows, key=lambda r: (r.applicant_id, r.item_id, kinds.get(r.kind, 99),
                                         r.ordinal, r.id)):
        entry: dict[str, Any] = {
            "applicant_id": r.applicant_id, "kind": r.kind, "text": r.text,
            "sources": json.loads(r.sources_json),
            "secret_marks": [{"field": "text", "start": a, "end": b}
                             for a, b in json.loads(r.marks_json)]}
        for key, value in (("item_id", r.item_id), ("issue_id", r.issue_id),
                           ("outcome", r.outcome)):
            if value:
                entry[key] = value
        out.append(entry)
    return out


def members(state: MergedState, stage_id: str) -> list[dict[str, Any]]:
    """The member bundles in force at a stage, as a consensus manifest lists them (the office
    cross-checks them against the bundles it holds: equivocation)."""
    return [{"reviewer_id": rid[0], "stage_id": rid[1], "revision": rid[3],
             "content_hash": rid[4]}
            for rid in sorted(state.current.values()) if rid[1] == stage_id and rid[2] == SCORES]


def basis(state: MergedState, applicant_id: str, stage_id: str) -> str:
    """A hash of the sheets a consensus is made from (who scored what, who is recused)."""
    sheets = state.sheets_for(stage_id, applicant_id)
    body = {
        "sheets": {r: [[e.item_id, e.pct] for e in sh.entries] for r, sh in sorted(sheets.items())},
        "recused": sorted(r for r, a in state.recusals if a == applicant_id),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def verifier(identity: ReviewerIdentity, roster: Roster, content_hash: str) -> Any:
    def verify(back: bytes) -> None:
        container.recipient_count(container.BUNDLE_MAGIC, back, MAX_BUNDLE_BYTES)
        again = open_bundle(back, identity, roster)
        if again.content_hash != content_hash:
            raise ValueError("read-back content differs")
    return verify
