"""The on-site notes on site-visit issues as the score bundle carries them (a helper of
``case_export`` and ``case_findings``; it knows only the session, so the export does not import
the case services)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.programmes import StageKind
from desktop.models import case as m

Marks = tuple[tuple[int, int], ...]


def note_stage_ids(s: Session) -> set[str]:
    """The stages the site-visit issues belong to: the on-site stages (every stage when the
    programme has none named so). Their bundles carry the notes; their scorebooks show the
    issues."""
    rows = list(s.execute(select(m.Stage.stage_id, m.Stage.kind)))
    onsite = {sid for sid, kind in rows if kind == StageKind.ONSITE.value}
    return onsite or {sid for sid, _kind in rows}


def issue_notes_snapshot(s: Session, recused: set[str]) -> list[dict[str, object]]:
    """The notes as a score bundle carries them (``snapshot.issue_notes``): recused applicants'
    left out, in issue order."""
    out: list[dict[str, object]] = []
    for note, issue in s.execute(select(m.IssueNote, m.SiteIssue)
                                 .join(m.SiteIssue, m.SiteIssue.issue_id == m.IssueNote.issue_id)
                                 .order_by(m.SiteIssue.applicant_id, m.IssueNote.issue_id)):
        if issue.applicant_id in recused:
            continue
        out.append({"applicant_id": issue.applicant_id, "issue_id": note.issue_id,
                    "outcome": note.outcome, "text": note.text,
                    "secret_marks": [{"field": "text", "start": a, "end": b}
                                     for a, b in note_marks(note)]})
    return out


def note_marks(note: m.IssueNote | None) -> Marks:
    if note is None:
        return ()
    try:
        raw = json.loads(note.marks_json or "[]")
        return tuple(sorted((int(a), int(b)) for a, b in raw))
    except (ValueError, TypeError):
        return ()
