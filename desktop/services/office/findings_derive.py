"""The team's findings and the on-site reviewers' issue notes, derived from the held bundles in
force — like the item scores and the consensus (``office.merge._derive``): every merge replaces
them with what the bundles in force carry (``snapshot.findings`` of each consensus bundle,
``snapshot.issue_notes`` of each scores bundle), leaving out an applicant no longer in the
cycle and a reviewer recused from the applicant. The values were checked on arrival
(``desktop.domain.merge_findings``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desktop.domain.bundle_content import rows_v2
from desktop.domain.merge import CONSENSUS, SCORES, MergedState
from desktop.models.office.review import IssueNote, ReceivedBundle, TeamFinding
from desktop.models.office.setup import Cycle


def derive_findings(s: Session, cycle: Cycle, state: MergedState,
                    bundle_ids: Mapping[tuple[str, str, str, str], Any],
                    valid_apps: Iterable[str],
                    only: Collection[Any] | None = None, *,
                    snapshots: Mapping[Any, Mapping[str, Any]] | None = None,
                    fresh: bool = False) -> tuple[int, int]:
    """Replace the cycle's findings and issue notes (with ``only``: those of these held
    bundles, for an import that derives only what it touches); (findings, notes) stored.
    ``snapshots``: held bundle id -> its manifest's snapshot, for every bundle in force (read
    here when not given). ``fresh``: the bundles ``only`` were all stored by this import (a
    derive wrote nothing of theirs yet): nothing to delete."""
    for model in () if fresh and only is not None else (TeamFinding, IssueNote):
        s.execute(delete(model).where(model.cycle_id == cycle.id) if only is None else
                  delete(model).where(model.cycle_id == cycle.id,
                                      model.bundle_id.in_(list(only))))
    valid = set(valid_apps)
    wanted = {key: bid for key, rid in state.current.items() if key[2] in (SCORES, CONSENSUS)
              and (bid := bundle_ids.get((rid[4], key[0], key[1], key[2]))) is not None}
    if not wanted:
        return 0, 0
    if snapshots is None:
        snapshots = {bid: json.loads(text)["snapshot"] for bid, text in s.execute(
            select(ReceivedBundle.id, ReceivedBundle.manifest_json)
            .where(ReceivedBundle.id.in_(list(wanted.values()))))}
    findings: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for (who, stage, kind), bid in sorted(wanted.items(), key=lambda kv: kv[0]):
        issue_notes, found = rows_v2(snapshots[bid])
        base = {"cycle_id": cycle.id, "bundle_id": bid, "stage_id": stage}
        if kind == CONSENSUS:
            ordinal: dict[str, int] = {}
            for f in found:
                if f.applicant_id not in valid or (who, f.applicant_id) in state.recusals:
                    continue
                n = ordinal[f.applicant_id] = ordinal.get(f.applicant_id, -1) + 1
                findings.append({**base, "id": uuid.uuid4(), "leader_id": who,
                                 "applicant_id": uuid.UUID(f.applicant_id),
                                 "item_id": f.item_id, "kind": f.kind, "ordinal": n,
                                 "text": f.text, "issue_id": f.issue_id,
                                 "outcome": f.outcome, "sources": json.dumps(list(f.sources)),
                                 "marks": json.dumps([list(m) for m in f.marks])})
        else:
            for note in issue_notes:
                if note.applicant_id not in valid or (who, note.applicant_id) in state.recusals:
                    continue
                notes.append({**base, "id": uuid.uuid4(), "reviewer_id": who,
                              "applicant_id": uuid.UUID(note.applicant_id),
                              "issue_id": note.issue_id, "outcome": note.outcome,
                              "text": note.text,
                              "marks": json.dumps([list(m) for m in note.marks])})
    if findings:
        s.execute(insert(TeamFinding), findings)
    if notes:
        s.execute(insert(IssueNote), notes)
    return len(findings), len(notes)
