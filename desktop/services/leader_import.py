"""The team leader's import in one unit of work on the case file: verify, check every value
against the office's rules (one implementation: ``desktop.domain.merge``), classify, keep."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.domain.merge import BundleRecord, MergeContext, Outcome, merge
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services.leader_types import FileResult, TeamImport
from desktop.services.office.merge import read_bundles


def import_files(s: Session, paths: Sequence[Path], identity: ReviewerIdentity, roster: Roster,
                 team: Sequence[str], leader_id: str, held: list[BundleRecord],
                 known: dict[str, tuple[dict[str, Any], str]],
                 ctx: MergeContext) -> TeamImport:
    """Read ``paths``, refuse what is not the team's or breaks a rule (nothing of a refused
    bundle is kept), keep the rest whole and report one ``FileResult`` per file."""
    items = read_bundles(list(paths), identity, roster, known)
    for item in items:
        rec = item.record
        if rec is not None and rec.reviewer_id not in team:
            item.record, item.error = None, Msg(
                N_("reviewer {reviewer} is not a member of your team"),
                {"reviewer": rec.reviewer_id})
    incoming = [i.record for i in items if i.record is not None]
    report = merge(incoming, ctx, held)
    outcomes = iter(report.outcomes)
    stored = set(known)
    results: list[FileResult] = []
    for item in items:
        if item.record is None:
            results.append(FileResult(item.file.name, Outcome.REJECTED.value,
                                      item.error or Msg(N_("unreadable")),
                                      None, None, None, None))
            continue
        out = next(outcomes)
        rec = item.record
        if out.outcome is not Outcome.REJECTED and item.sha256 not in stored \
                and item.data is not None and item.manifest is not None:
            stored.add(item.sha256)
            s.add(m.ReceivedBundle(
                sha256=item.sha256, content_hash=item.content_hash,
                reviewer_id=rec.reviewer_id, stage_id=rec.stage_id, kind=rec.kind,
                revision=rec.revision, manifest_json=json.dumps(item.manifest,
                                                                ensure_ascii=False),
                raw=item.data, file_name=item.file.name))
        results.append(FileResult(item.file.name, out.outcome.value, out.reason,
                                  rec.reviewer_id, rec.stage_id, rec.kind, rec.revision,
                                  tuple(r.reason for r in out.refused), warnings=out.warnings))
    counts = {o.value: sum(1 for r in results if r.outcome == o.value) for o in Outcome}
    audit.append(s, actor=leader_id, action="team.import", entity="team",
                 new={"counts": counts, "files": [
                     [r.file, r.outcome, None if r.reason is None else r.reason.render()]
                     for r in results]})
    return TeamImport(tuple(results), counts, report.state.waiting(), len(stored),
                      len(report.state.refused), report)
