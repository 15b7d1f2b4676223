"""Exporting a score bundle from a case: snapshot, sign, seal, record, write to the stick.

The bundle is sealed to the office (its key from the verified roster), to the team leader (if
the reviewer is not the leader) and to the reviewer's own key, so the laptop can open what it
wrote and verify it in full when reading it back from the stick.

Order: one transaction takes the next revision for the stage, builds the bundle, records the
export and its audit row, and commits; only then is the file written. A crash between the two
leaves a revision with no file (a harmless gap: the next export is one higher and replaces it at
the office); the other order could leave a written file whose revision is used again for other
content, which the office would have to treat as a fork.

Recused applicants: their scores and panel scores never leave; their recusal declaration does.

Progress and cancel (``progress(done, EXPORT_STEPS)``, ``is_cancelled()``): step 1 once the
bundle is sealed and recorded, 2 once it is written, fsynced and read back from the medium, 3 once
the copy read back is verified. A cancel before the record is committed leaves nothing; after it,
the file is not written (the harmless revision gap above); during the read-back check the written
file is removed again (``write_verified``), so a cancelled export never leaves a partial file.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from desktop.crypto.errors import ReadBackFailed
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.crypto.usb import file_name, write_verified
from desktop.domain.errors import NotFound, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services.case_types import ExportResult

if TYPE_CHECKING:
    from desktop.services.case import CaseSession


EXPORT_STEPS = 3  # sealed and recorded; written, fsynced and read back; verified

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
    left_out = sorted({r.applicant_id for r in recusals})
    return snap, left_out


def export_bundle(case: CaseSession, to_dir: Path, final: bool, stage_id: str | None,
                  destination_kind: str, *, progress: Progress | None = None,
                  is_cancelled: Cancelled | None = None) -> ExportResult:
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

    def build(s: Session) -> tuple[bytes, str, str, int, list[str]]:
        meta = s.get_one(m.CaseMeta, 1)
        stage = stage_id or meta.current_stage_id
        if s.get(m.Stage, stage) is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage}))
        last = s.scalars(select(m.ExportRecord).filter_by(stage_id=stage)
                         .order_by(m.ExportRecord.revision.desc()).limit(1)).first()
        revision = 1 if last is None else last.revision + 1
        snap, left_out = snapshot(s, stage)
        manifest = new_manifest(kind="scores", cycle_id=meta.cycle_id, stage_id=stage,
                                reviewer_id=identity.reviewer_id, revision=revision,
                                prev_hash="" if last is None else last.content_hash,
                                snapshot=snap, audit_head=audit.head(s).hash, final=final)
        data = build_bundle(identity, manifest, keys)
        opened = open_bundle(data, identity, roster)  # what we send is what they will accept
        check()  # nothing recorded yet: the transaction rolls back
        s.add(m.ExportRecord(bundle_id=uuid.UUID(manifest["bundle_id"]), stage_id=stage,
                             revision=revision, prev_hash=manifest["prev_hash"] or None,
                             content_hash=opened.content_hash, final=final,
                             file_name=file_name(data, BUNDLE_SUFFIX),
                             destination_kind=destination_kind))
        audit.append(s, actor=identity.reviewer_id, action="bundle.export",
                     entity=f"stage:{stage}",
                     new={"bundle_id": manifest["bundle_id"], "revision": revision,
                          "content_hash": opened.content_hash, "final": final,
                          "recused_left_out": left_out})
        return data, manifest["bundle_id"], opened.content_hash, revision, left_out

    data, bundle_id, content_hash, revision, left_out = case.run(build)
    step(1)
    check()  # recorded, not written: the revision gap a crash here would leave too

    def verify(back: bytes) -> None:
        step(2)  # written, fsynced, read back and equal to what was written
        check()  # raised inside: ``write_verified`` removes the file it wrote
        container.recipient_count(container.BUNDLE_MAGIC, back, MAX_BUNDLE_BYTES)
        again = open_bundle(back, identity, roster)
        if again.content_hash != content_hash:
            raise ValueError("read-back content differs")

    try:
        path = write_verified(to_dir, data, verify, BUNDLE_SUFFIX)
    except ReadBackFailed as error:
        if isinstance(error.__cause__, ExportCancelled):
            raise error.__cause__ from None
        raise
    step(3)
    return ExportResult(path, bundle_id, revision, content_hash, final, tuple(left_out), True)
