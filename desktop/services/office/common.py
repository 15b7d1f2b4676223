"""Helpers every office use case shares: the cycle in force, its programme, history, JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.models.office.decision import HistoryEntry
from desktop.models.office.people import Applicant, Reviewer
from desktop.models.office.setup import Cycle


def programme_of(programme_id: str) -> Programme:
    from desktop.services.programmes import programme

    return programme(programme_id)


def cycle_code(cycle: Cycle) -> str:
    """The cycle id rosters, packages and bundles carry, e.g. ``nmg-chairman.2025``."""
    return f"{cycle.programme_id}.{cycle.number}"


def resolve_cycle(s: Session, ref: str | None = None) -> Cycle:
    """The cycle named by its code (``programme.number``), or the most recently opened one."""
    if ref:
        programme_id, _, number = ref.rpartition(".")
        if programme_id and number.isdigit():
            row = s.execute(select(Cycle).where(Cycle.programme_id == programme_id,
                                                Cycle.number == int(number))).scalar_one_or_none()
            if row is not None:
                return row
        raise NotFound(Msg(N_("No cycle '{cycle}' in this workspace"), {"cycle": ref}))
    row = s.execute(select(Cycle).order_by(Cycle.created_at.desc(), Cycle.number.desc())
                    .limit(1)).scalar_one_or_none()
    if row is None:
        raise NotFound(Msg(N_("No review cycle yet: open one with 'scorebook office init "
                              "--programme ID'")))
    return row


def find_applicant(s: Session, cycle: Cycle, ref: str) -> Applicant:
    """An applicant by its office reference (A001), its id, or its credit code."""
    q = select(Applicant).where(Applicant.cycle_id == cycle.id)
    row = s.execute(q.where(Applicant.ref == ref)).scalar_one_or_none()
    if row is None:
        row = s.execute(q.where(Applicant.credit_code == ref.upper())).scalars().first()
    if row is None:
        row = next((a for a in s.execute(q).scalars() if str(a.id) == ref), None)
    if row is None:
        raise NotFound(Msg(N_("No applicant '{applicant}' in cycle {cycle}"),
                           {"applicant": ref, "cycle": cycle_code(cycle)}))
    return row


def find_reviewer(s: Session, reviewer_id: str) -> Reviewer:
    row = s.get(Reviewer, reviewer_id)
    if row is None:
        raise NotFound(Msg(N_("No reviewer '{reviewer}' is enrolled"), {"reviewer": reviewer_id}))
    return row


def log(s: Session, cycle: Cycle | None, action: str, **detail: Any) -> None:
    """Record what happened (names and counts only, never secrets or scores' text)."""
    s.add(HistoryEntry(cycle_id=cycle.id if cycle else None, action=action,
                       detail=dumps(detail)))


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
