"""Exporting a score bundle from a case: snapshot, sign, seal, write to the stick, record.

The bundle is sealed to the office (its key from the verified roster), to the team leader (if
the reviewer is not the leader) and to the reviewer's own key, so the laptop can open what it
wrote and verify it in full when reading it back from the stick.

Order (``desktop.services.export_pending`` explains it in full):

1. one transaction takes the stage's next revision, builds, signs and seals the bundle in
   memory and *reserves* the revision (a pending row with the sealed bytes) — no export record,
   no audit row;
2. the file is written, fsynced, read back from the medium and opened in full;
3. one transaction records the export and its audit row and drops the pending row.

A failure at 2 that certainly left no file (missing or unwritable folder, read-back mismatch,
cancel) drops the reservation: nothing is recorded, the next export takes the same revision,
and ``case status`` lists only exports that were written and read back. When it cannot be known
(the stick vanished mid-write, or the process died between 1 and 3) the reservation stays, since
the file may be on a stick: the next export sends the same bytes again under that revision if
the content is unchanged, else takes the next revision. One revision never carries two contents.

The counter outlives the case file: the highest revision exported per (cycle, stage) and its
content hash are also kept with the reviewer's identity (``identity.remember_export``), so a
case restored from a backup, or made again from a re-issued package, takes the next revision and
chains to the last bundle really exported (the office merges it as an update, not a new chain).

Recused applicants: their scores, panel scores and issue notes never leave; their recusal
declaration does. The on-site reviewer's notes on site-visit issues (``case_findings``) travel
in the bundles of an on-site stage as ``snapshot.issue_notes`` with their secret marks; being in
the snapshot they are part of the export basis, so a changed note makes the next export a new
revision, as a changed score does.

Progress and cancel (``progress(done, EXPORT_STEPS)``, ``is_cancelled()``): step 1 once the
bundle is sealed (and its revision reserved), 2 once it is written, fsynced and read back from
the medium, 3 once the copy read back is verified and the export recorded. A cancel before the
write leaves nothing; during the read-back check the written file is removed again
(``write_verified``) and the reservation dropped, so a cancelled export leaves neither a file
nor a record. Once the copy verified, the export is recorded even if Cancel was pressed.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto import container
from desktop.crypto import strictjson as sj
from desktop.crypto.bundle import (
    BUNDLE_SUFFIX,
    MAX_BUNDLE_BYTES,
    build_bundle,
    new_manifest,
    open_bundle,
)
from desktop.crypto.errors import CryptoError, ReadBackFailed
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.crypto.usb import file_name
from desktop.domain.errors import NotFound, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services import export_pending as pending
from desktop.services.case_documents import removal_note
from desktop.services.case_findings_notes import issue_notes_snapshot, note_stage_ids
from desktop.services.case_open import OpenCase
from desktop.services.case_types import ExportResult
from desktop.services.case_undo import end_history
from desktop.services.identity import LastExport, last_exports, remember_export

EXPORT_STEPS = 3  # sealed (revision reserved); written, fsynced and read back; verified
KIND = "scores"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(ScorebookError):
    """The person cancelled the export; no bundle file was left behind."""

    def __init__(self) -> None:
        super().__init__(Msg(N_("The export was cancelled; no file was left on the stick")))


def recipients(roster: Roster, me: ReviewerIdentity) -> list[bytes]:
    keys = [roster.office_enc_pub]
    team = roster.entry(me.reviewer_id).team
    leader = roster.leader_of(team) if team is not None else None
    if leader is not None and leader.reviewer_id != me.reviewer_id:
        keys.append(leader.enc_pub)
    keys.append(me.public.enc_pub)
    return list(dict.fromkeys(keys))


def snapshot(s: Session, stage_id: str) -> tuple[dict[str, Any], list[str]]:
    """The manifest snapshot of one stage, and the applicants left out because recused."""
    recusals = s.scalars(select(m.Recusal).order_by(m.Recusal.applicant_id)).all()
    recused = {r.applicant_id for r in recusals}
    scores = []
    for row in s.scalars(select(m.Score).filter_by(stage_id=stage_id)
                         .order_by(m.Score.applicant_id, m.Score.item_id)):
        if row.applicant_id in recused:
            continue
        marks = s.scalars(select(m.SecretMark).filter_by(score_id=row.id)
                          .order_by(m.SecretMark.field, m.SecretMark.start)).all()
        scores.append({
            "applicant_id": row.applicant_id, "stage_id": row.stage_id, "item_id": row.item_id,
            "pct": row.pct, "strengths": row.strengths, "improvements": row.improvements,
            "secret_marks": [{"field": k.field, "start": k.start, "end": k.end} for k in marks],
        })
    panel = [
        {"applicant_id": p.applicant_id, "stage_id": p.stage_id, "score": str(p.value),
         "comment": "", "secret_marks": []}
        for p in s.scalars(select(m.PanelScore).filter_by(stage_id=stage_id)
                           .order_by(m.PanelScore.applicant_id))
        if p.applicant_id not in recused
    ]
    feedback = [
        {"applicant_id": f.applicant_id, "stage_id": f.stage_id or stage_id,
         "rating": f.assessment, "text": f.text, "created_at": sj.format_time(f.created_at),
         "secret_marks": []}
        for f in s.scalars(select(m.SupervisionFeedback).order_by(m.SupervisionFeedback.id))
        if f.stage_id in (None, stage_id)
    ]
    snap = {
        "scores": scores, "panel_scores": panel,
        "recusals": [{"applicant_id": r.applicant_id, "reason": r.reason, "text": r.text,
                      "declared_at": sj.format_time(r.declared_at)} for r in recusals],
        "feedback": feedback,
    }
    notes = issue_notes_snapshot(s, recused) if stage_id in note_stage_ids(s) else []
    if notes:  # bundle format 2; absent when there are none (as a version-1 bundle reads)
        snap["issue_notes"] = notes
    left_out = sorted({r.applicant_id for r in recusals})
    return snap, left_out


def last_export(recorded: m.ExportRecord | m.ConsensusExport | None,
                remembered: LastExport | None) -> tuple[int, str]:
    """(revision, content hash) of the last bundle exported for one stage and kind: the case's
    record or the identity's, whichever is higher ((0, "") before the first)."""
    case = (0, "") if recorded is None else (recorded.revision, recorded.content_hash)
    if remembered is not None and remembered.revision > case[0]:
        return remembered.revision, remembered.content_hash
    return case


def remember(case: OpenCase, identity: ReviewerIdentity, stage_id: str, kind: str,
             revision: int, content_hash: str, identity_folder: Path | None) -> None:
    """Keep the export with the identity (a failure leaves the case's own record only)."""
    cycle_id = case.cycle_and_stage()[0]
    with contextlib.suppress(OSError):
        remember_export(identity, (cycle_id, stage_id, kind), revision, content_hash,
                        identity_folder)


def export_bundle(case: OpenCase, to_dir: Path, final: bool, stage_id: str | None,
                  destination_kind: str, *, progress: Progress | None = None,
                  is_cancelled: Cancelled | None = None,
                  identity_folder: Path | None = None) -> ExportResult:
    def step(done: int) -> None:
        if progress is not None:
            progress(done, EXPORT_STEPS)

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise ExportCancelled

    step(0)
    identity = case.identity()
    roster = case.roster()
    keys = recipients(roster, identity)
    exported = last_exports(identity, identity_folder)

    def build(s: Session) -> pending.Reserved:
        meta = s.get_one(m.CaseMeta, 1)
        stage = stage_id or meta.current_stage_id
        if s.get(m.Stage, stage) is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage}))
        last = s.scalars(select(m.ExportRecord).filter_by(stage_id=stage)
                         .order_by(m.ExportRecord.revision.desc()).limit(1)).first()
        recorded, prev_hash = last_export(last, exported.get((meta.cycle_id, stage, KIND)))
        snap, left_out = snapshot(s, stage)
        says = pending.basis(kind=KIND, cycle_id=meta.cycle_id, stage_id=stage, final=final,
                             prev_hash=prev_hash, snapshot=snap,
                             recipients=[k.hex() for k in keys])
        left = pending.leftover(s, KIND, stage, recorded)
        if left is not None and left.basis == says and _opens(left.data, identity, roster):
            check()
            return pending.as_reserved(left, reused=True)  # the same bytes, sent again
        revision = pending.next_revision(recorded, left)
        manifest = new_manifest(kind=KIND, cycle_id=meta.cycle_id, stage_id=stage,
                                reviewer_id=identity.reviewer_id, revision=revision,
                                prev_hash=prev_hash, snapshot=snap,
                                audit_head=audit.head(s).hash, final=final)
        if (note := removal_note(s)) is not None:  # the documents went (retention)
            manifest["documents"] = note
        data = build_bundle(identity, manifest, keys)
        opened = open_bundle(data, identity, roster)  # what we send is what they will accept
        check()  # nothing reserved yet: the transaction rolls back
        return pending.reserve(
            s, kind=KIND, stage_id=stage, revision=revision, basis_hash=says,
            bundle_id=manifest["bundle_id"], content_hash=opened.content_hash,
            prev_hash=prev_hash or None, final=final, file_name=file_name(data, BUNDLE_SUFFIX),
            destination_kind=destination_kind, data=data, detail={"left_out": left_out})

    reserved = case.run(build)
    step(1)

    def verify(back: bytes) -> None:
        step(2)  # written, fsynced, read back and equal to what was written
        check()  # raised inside: ``write_verified`` removes the file it wrote
        container.recipient_count(container.BUNDLE_MAGIC, back, MAX_BUNDLE_BYTES)
        again = open_bundle(back, identity, roster)
        if again.content_hash != reserved.content_hash:
            raise ValueError("read-back content differs")

    def record(s: Session, r: pending.Reserved, skipped: list[int]) -> None:
        s.add(m.ExportRecord(bundle_id=uuid.UUID(r.bundle_id), stage_id=r.stage_id,
                             revision=r.revision, prev_hash=r.prev_hash,
                             content_hash=r.content_hash, final=r.final, file_name=r.file_name,
                             destination_kind=r.destination_kind))
        new: dict[str, Any] = {"bundle_id": r.bundle_id, "revision": r.revision,
                               "content_hash": r.content_hash, "final": r.final,
                               "recused_left_out": r.detail.get("left_out", [])}
        if skipped:  # interrupted exports whose content was never sent again
            new["skipped_revisions"] = skipped
        audit.append(s, actor=identity.reviewer_id, action="bundle.export",
                     entity=f"stage:{r.stage_id}", new=new)

    try:
        path = pending.write_and_record(case, reserved, to_dir, verify, record, check)
    except ReadBackFailed as error:
        if isinstance(error.__cause__, ExportCancelled):
            raise error.__cause__ from None
        raise
    remember(case, identity, reserved.stage_id, KIND, reserved.revision, reserved.content_hash,
             identity_folder)
    step(3)
    end_history(case)  # it left the machine: nothing before it undoes
    return ExportResult(path, reserved.bundle_id, reserved.revision, reserved.content_hash,
                        reserved.final, tuple(reserved.detail.get("left_out", [])), True)


def _opens(data: bytes, identity: ReviewerIdentity, roster: Roster) -> bool:
    """Whether bytes reserved earlier still open with today's roster (else not sent again)."""
    try:
        open_bundle(data, identity, roster)
    except CryptoError:
        return False
    return True
