"""The reviewer marks a passage of an applicant's text material as secret.

A passage the applicant did not declare but which the reviewer sees is a trade or technical
secret is kept beside the applicant's own declarations (kind ``reviewer``), so that everything
that treats declared passages — the highlight in the materials, the warning when a comment quotes
one, the redaction of external copies — treats it the same way. Each mark and unmark is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.messages import N_, Msg
from desktop.models import audit
from desktop.models import case as m
from desktop.services.case import CaseSession

REVIEWER_KIND = "reviewer"


@dataclass(frozen=True)
class PassageMark:
    mark_id: int
    material_id: str
    passage: str


def _material(s: Session, applicant_id: str, material_id: str) -> m.Material:
    row = s.scalars(select(m.Material).filter_by(applicant_id=applicant_id,
                                                 material_id=material_id)).one_or_none()
    if row is None:
        raise NotFound(Msg(N_("No material {material} for this applicant"),
                           {"material": material_id}))
    return row


def passage_marks(case: CaseSession, applicant_id: str, material_id: str) -> list[PassageMark]:
    """The passages of the material the reviewer marked as secret, oldest first."""
    def read(s: Session) -> list[PassageMark]:
        rows = s.scalars(select(m.DeclaredSecret).filter_by(
            applicant_id=applicant_id, material_id=material_id, kind=REVIEWER_KIND)
            .order_by(m.DeclaredSecret.id))
        return [PassageMark(r.id, material_id, r.passage) for r in rows]
    return case.run(read)


def mark_passage(case: CaseSession, applicant_id: str, material_id: str, start: int,
                 end: int) -> PassageMark:
    """Mark ``body[start:end]`` of a text material as secret (white space around is dropped)."""
    def work(s: Session) -> PassageMark:
        row = _material(s, applicant_id, material_id)
        if not 0 <= start < end <= len(row.body):
            raise InputRejected(Msg(N_("Select the passage of the material to mark first.")))
        passage = row.body[start:end].strip()
        if not passage:
            raise InputRejected(Msg(N_("Select the passage of the material to mark first.")))
        found = s.scalars(select(m.DeclaredSecret).filter_by(
            applicant_id=applicant_id, material_id=material_id, passage=passage)).first()
        if found is not None:
            return PassageMark(found.id, material_id, passage)
        mark = m.DeclaredSecret(applicant_id=applicant_id, material_id=material_id,
                                kind=REVIEWER_KIND, passage=passage)
        s.add(mark)
        s.flush()
        audit.append(s, actor=case.reviewer_id, action="material.secret.mark",
                     entity=f"material:{applicant_id}/{material_id}",
                     new={"start": start, "end": end, "length": len(passage)})
        return PassageMark(mark.id, material_id, passage)
    return case.run(work)


def unmark_passage(case: CaseSession, applicant_id: str, mark_id: int) -> None:
    """Take back a passage the reviewer marked (the applicant's own declarations stay)."""
    def work(s: Session) -> None:
        row = s.get(m.DeclaredSecret, mark_id)
        if row is None or row.applicant_id != applicant_id or row.kind != REVIEWER_KIND:
            raise NotFound(Msg(N_("No secret passage {mark} marked by you"), {"mark": mark_id}))
        audit.append(s, actor=case.reviewer_id, action="material.secret.unmark",
                     entity=f"material:{applicant_id}/{row.material_id}",
                     old={"length": len(row.passage)})
        s.delete(row)
    case.run(work)
