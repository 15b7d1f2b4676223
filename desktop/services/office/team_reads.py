"""Read-only: which applicants each review team is assigned (for the CLI's team listing)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.models.office.people import Applicant, Assignment, Team
from desktop.services.office.common import resolve_cycle
from desktop.services.office.workspace import Workspace


def assigned_applicants(ws: Workspace, cycle_ref: str | None = None) -> dict[str, list[str]]:
    """Team name -> the references of its assigned applicants, in reference order."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(
            select(Team.name, Applicant.ref)
            .join(Assignment, Assignment.team_id == Team.id)
            .join(Applicant, Applicant.id == Assignment.applicant_id)
            .where(Team.cycle_id == cycle.id)
            .order_by(Team.name, Applicant.ref)).all()
        out: dict[str, list[str]] = {}
        for team, ref in rows:
            out.setdefault(team, []).append(ref)
        return out
