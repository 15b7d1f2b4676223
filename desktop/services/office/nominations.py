"""Nominations (锡林郭勒盟盟长质量奖提名奖, 第三条: 2 per cycle): the document sets their number
but not how they are chosen. The ranking shows who stands next below the award line; the office
decides how nominations are chosen (the open point ``nominations``: those next below the line,
or its own choice among the applicants below it) and assigns them explicitly, recorded with who
and when; the notice names a nominated applicant with the nomination."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models.office.rules import Nomination
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import find_applicant, log, programme_of, resolve_cycle
from desktop.services.office.cycle import office_name, settings
from desktop.services.office.ranking import ranking
from desktop.services.office.standing import next_below, nominated, nomination_category
from desktop.services.office.workspace import Workspace

__all__ = ["NominationView", "assign", "list_nominations", "next_below", "nominated",
           "nomination_category"]


@dataclass(frozen=True)
class NominationView:
    award: str  # the nomination category
    applicant: str  # reference
    name: str
    recorded_by: str
    recorded_at: datetime


def assign(ws: Workspace, refs: Sequence[str], *, by: str | None = None,
           cycle_ref: str | None = None) -> Done[list[NominationView]]:
    """Assign the cycle's nominations (replacing an earlier assignment), as the office decided
    they are chosen. Refused: the programme has no nominations, the way is not decided yet,
    more than the quota, an applicant within an award line, or (next below the line) one who
    does not stand there."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        nom = nomination_category(p)
        if nom is None:
            raise RuleViolation(Msg(N_("{programme} has no nominations"),
                                    {"programme": p.name_zh}))
        method = settings(s, cycle)["nominations"].decided_value()
        if nom.quota is not None and len(refs) > nom.quota:
            raise RuleViolation(Msg(N_("{award} is given to at most {quota} ({cite})"),
                                    {"award": nom.name_zh, "quota": nom.quota,
                                     "cite": str(nom.cite)}))
        view = ranking(s, cycle)
        within = {ref for c in view.categories for ref in c.within}
        standing = {ref for c in view.categories for ref in c.next_below}
        apps = [find_applicant(s, cycle, ref) for ref in refs]
        if len({a.id for a in apps}) != len(apps):
            raise InputRejected(Msg(N_("An applicant is named twice")))
        for app in apps:
            if app.ref in within:
                raise RuleViolation(Msg(N_("{applicant} is within an award line: not a "
                                           "nomination"), {"applicant": app.ref}))
            if method == "next_below_line" and app.ref not in standing:
                raise RuleViolation(Msg(N_("{applicant} does not stand next below the award "
                                           "line, as the office decided nominations are "
                                           "chosen"), {"applicant": app.ref}))
        s.execute(delete(Nomination).where(Nomination.cycle_id == cycle.id))
        who = (by or "").strip() or office_name(s)
        for app in apps:
            s.add(Nomination(cycle_id=cycle.id, award_id=nom.id, applicant_id=app.id,
                             recorded_by=who))
        s.flush()
        log(s, cycle, "nominations.assign", applicants=[a.ref for a in apps], by=who)
        return Done(_views(s, cycle), OfficeChanges(notices=True))


def _views(s: Session, cycle: Cycle) -> list[NominationView]:
    from desktop.models.office.people import Applicant

    out = []
    for n in s.execute(select(Nomination).where(Nomination.cycle_id == cycle.id)).scalars():
        app = s.get(Applicant, n.applicant_id)
        assert app is not None
        out.append(NominationView(n.award_id, app.ref, app.name, n.recorded_by, n.recorded_at))
    return sorted(out, key=lambda v: v.applicant)


def list_nominations(ws: Workspace, cycle_ref: str | None = None) -> list[NominationView]:
    with ws.uow() as s:
        return _views(s, resolve_cycle(s, cycle_ref))
