"""Read-only views of the office workspace for the window: materials with secrets and
eligibility, consensus status, votes, notices, objections, quarantined files, the committee.

One unit of work each, plain dicts out. Nothing here writes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from desktop.domain.errors import ScorebookError
from desktop.domain.programmes import Programme
from desktop.models.office.decision import NoticeRecord, Objection, VoteSession
from desktop.models.office.people import Applicant, DeclaredSecret, Eligibility, Material
from desktop.models.office.review import ConsensusItem, QuarantinedFile
from desktop.services.office.common import find_applicant, programme_of, resolve_cycle
from desktop.services.office.reviewers import committee
from desktop.services.office.workspace import Workspace


def applicant_detail(ws: Workspace, ref: str, cycle_ref: str | None = None) -> dict[str, Any]:
    """Materials with their declared secret passages, and the stored eligibility result."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, ref)
        materials = []
        for m in s.execute(select(Material).where(Material.applicant_id == app.id)
                           .order_by(Material.title)).scalars():
            secrets = [{"kind": d.kind, "passage": d.passage} for d in s.execute(
                select(DeclaredSecret).where(DeclaredSecret.material_id == m.id)).scalars()]
            materials.append({"title": m.title, "body": m.body, "secrets": secrets})
        elig = s.get(Eligibility, app.id)
        return {"ref": app.ref, "name": app.name, "materials": materials,
                "eligible": None if elig is None else elig.eligible,
                "eligibility": None if elig is None or not elig.result_json
                else json.loads(elig.result_json)}


def programme_of_cycle(code: str | None) -> Programme | None:
    """The programme of a cycle code as the views carry it (``programme.number``, see
    ``common.cycle_code``), for naming its stages and awards; None when it names none known."""
    programme_id, _dot, number = (code or "").rpartition(".")
    if not programme_id or not number.isdigit():
        return None
    try:
        return programme_of(programme_id)
    except ScorebookError:  # an unknown or broken programme: the caller shows the ids
        return None


def cycle_programme(ws: Workspace, cycle_ref: str | None = None) -> Programme:
    """The programme of the cycle in force (to name its stages and awards)."""
    with ws.uow() as s:
        return programme_of(resolve_cycle(s, cycle_ref).programme_id)


def eligibility_results(ws: Workspace, cycle_ref: str | None = None) -> dict[str, bool | None]:
    """Applicant ref -> eligible (None: not evaluated or undetermined)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(select(Applicant.ref, Eligibility.eligible)
                         .join(Eligibility, Eligibility.applicant_id == Applicant.id, isouter=True)
                         .where(Applicant.cycle_id == cycle.id)).all()
        return {ref: eligible for ref, eligible in rows}


def committee_members(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, str]]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return [{"name": m.name, "role": m.role, "organisation": m.organisation}
                for m in committee(s, cycle)]


def consensus_status(ws: Workspace, cycle_ref: str | None = None) -> dict[tuple[str, str],
                                                                          dict[str, Any]]:
    """(applicant ref, stage) -> items with a consensus, the leader, and whether it came from a
    signed field bundle or was recorded at the office."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {a.id: a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        out: dict[tuple[str, str], dict[str, Any]] = defaultdict(
            lambda: {"items": 0, "leader": None, "signed": False})
        for c in s.execute(select(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id)
                           ).scalars():
            entry = out[(refs.get(c.applicant_id, "?"), c.stage_id)]
            entry["items"] += 1
            entry["leader"] = c.leader_id
            entry["signed"] = entry["signed"] or c.bundle_id is not None
        return dict(out)


def consensus_items(ws: Workspace, ref: str, stage_id: str,
                    cycle_ref: str | None = None) -> dict[str, tuple[int, str]]:
    """item id -> (consensus pct, rationale) recorded for one applicant and stage."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, ref)
        return {c.item_id: (c.pct, c.rationale) for c in s.execute(
            select(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                        ConsensusItem.applicant_id == app.id,
                                        ConsensusItem.stage_id == stage_id)).scalars()}


def latest_votes(ws: Workspace, cycle_ref: str | None = None) -> dict[str, dict[str, Any]]:
    """award id -> the stored result of its latest vote (as ``vote.hold_vote`` returned it)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        out: dict[str, dict[str, Any]] = {}
        for v in s.execute(select(VoteSession).where(VoteSession.cycle_id == cycle.id)
                           .order_by(VoteSession.recorded_at)).scalars():
            result = json.loads(v.result_json)
            result["held_on"] = v.held_on
            result["present_names"] = json.loads(v.present_json)
            result["ballots"] = json.loads(v.ballots_json)
            out[v.award_id] = result
        return out


def notices(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, Any]]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {str(a.id): a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        return [{"notice": n.notice_id, "first_day": n.starts_on, "last_day": n.ends_on,
                 "working_days": n.working_days, "convention": n.convention,
                 "applicants": [refs.get(a, a) for a in json.loads(n.applicants_json)]}
                for n in s.execute(select(NoticeRecord).where(NoticeRecord.cycle_id == cycle.id)
                                   .order_by(NoticeRecord.recorded_at)).scalars()]


def objections(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, Any]]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {a.id: a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        return [{"objection": str(o.id), "applicant": refs.get(o.applicant_id, "?"),
                 "received_on": o.received_on, "summary": o.summary, "outcome": o.outcome,
                 "decided_on": o.decided_on, "note": o.note,
                 "backfill": refs.get(o.backfill_applicant_id) if o.backfill_applicant_id
                 else None}
                for o in s.execute(select(Objection).where(Objection.cycle_id == cycle.id)
                                   .order_by(Objection.received_on, Objection.id)).scalars()]


def quarantined(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, Any]]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return [{"file": q.file_name, "reason": q.reason, "copied_to": q.copied_to}
                for q in s.execute(select(QuarantinedFile).where(
                    QuarantinedFile.cycle_id == cycle.id)
                    .order_by(QuarantinedFile.received_at)).scalars()]
