"""Who stands next below an award line and who the office nominated (提名奖): what the ranking
shows and the nominations check, below both (``nominations`` re-exports them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.programmes import AwardCategory, AwardKind, Programme
from desktop.domain.ranking import Place
from desktop.models.office.rules import Nomination
from desktop.models.office.setup import Cycle


def nomination_category(p: Programme) -> AwardCategory | None:
    return next((a for a in p.awards if a.kind is AwardKind.NOMINATION), None)


def next_below(categories: Iterable[tuple[str, Sequence[tuple[str, str]]]], p: Programme
               ) -> dict[str, list[str]]:
    """award id -> the applicants (references) standing next below its award line, as many as
    the nomination quota, for each organisation category (where the programme has
    nominations). ``categories``: (award id, its rows as (reference, place value) in order)."""
    nom = nomination_category(p)
    if nom is None:
        return {}
    kinds = {a.id: a.kind for a in p.awards}
    out: dict[str, list[str]] = {}
    for award, rows in categories:
        if kinds.get(award) is not AwardKind.ORGANISATION:
            continue
        below = [ref for ref, place in rows if place == Place.BELOW_QUOTA.value]
        out[award] = below[:nom.quota] if nom.quota else below
    return out


def nominated(s: Session, cycle: Cycle) -> dict[str, str]:
    """applicant id -> the nomination category assigned to it."""
    return {str(n.applicant_id): n.award_id for n in s.execute(
        select(Nomination).where(Nomination.cycle_id == cycle.id)).scalars()}
