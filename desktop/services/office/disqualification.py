"""A reviewer's qualification taken away (主席质量奖 第二十五条 …): the office records reason,
article and date; bundles of that reviewer received afterwards are refused with that reason
(``domain.disqualification`` in the merge); the office decides whether the scores received
before stand (recorded with who and when; until then they count, and the ranking, divergence and
minutes say that the decision is pending). Scores set aside leave the stage totals like a
recused reviewer's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.disqualification import EARLIER, Disqualified
from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.messages import N_, Msg
from desktop.models.office.base import utcnow
from desktop.models.office.rules import Disqualification
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import find_reviewer, log, programme_of, resolve_cycle
from desktop.services.office.cycle import office_name
from desktop.services.office.results_trust import DisqualificationView
from desktop.services.office.workspace import Workspace

# a disqualification, or the decision on the earlier scores (the merged state reads both)
DISQUALIFIED = OfficeChanges(disqualifications=True)


def _view(s: Session, row: Disqualification) -> DisqualificationView:
    return DisqualificationView(row.reviewer_id, find_reviewer(s, row.reviewer_id).name,
                                row.reason, row.article, row.effective_on, row.recorded_by,
                                row.recorded_at, row.earlier, row.earlier_by, row.earlier_at)


def rows(s: Session, cycle: Cycle) -> list[Disqualification]:
    return list(s.execute(select(Disqualification).where(
        Disqualification.cycle_id == cycle.id).order_by(Disqualification.recorded_at)).scalars())


def disqualified_in(s: Session, cycle: Cycle) -> dict[str, Disqualified]:
    """reviewer id -> the disqualification the merge refuses later bundles by."""
    return {r.reviewer_id: Disqualified(r.reviewer_id, r.recorded_at, r.effective_on, r.reason,
                                        r.article) for r in rows(s, cycle)}


def set_aside(s: Session, cycle: Cycle) -> set[str]:
    """Reviewers whose earlier scores the office decided do not stand."""
    return {r.reviewer_id for r in rows(s, cycle) if r.earlier == "void"}


def views(s: Session, cycle: Cycle) -> list[DisqualificationView]:
    return [_view(s, r) for r in rows(s, cycle)]


def disqualify(ws: Workspace, reviewer_id: str, reason: str, *, article: str | None = None,
               effective_on: date | None = None, by: str | None = None,
               cycle_ref: str | None = None) -> Done[DisqualificationView]:
    """Record that a reviewer lost their qualification. ``article`` defaults to the programme's
    article; where the document has none, the office names its own basis."""
    if not reason.strip():
        raise InputRejected(Msg(N_("Give the reason the qualification is taken away")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        find_reviewer(s, reviewer_id)
        cite = (article or "").strip() or (p.disqualification_cite.article
                                           if p.disqualification_cite else "")
        if not cite:
            raise InputRejected(Msg(N_("{document} has no article that takes away a reviewer's "
                                       "qualification: give the basis (--article)"),
                                    {"document": p.document.title_zh}))
        if any(r.reviewer_id == reviewer_id for r in rows(s, cycle)):
            raise InputRejected(Msg(N_("Reviewer {reviewer} has already lost their "
                                       "qualification in this cycle"), {"reviewer": reviewer_id}))
        row = Disqualification(cycle_id=cycle.id, reviewer_id=reviewer_id, reason=reason.strip(),
                               article=cite, effective_on=effective_on or date.today(),
                               recorded_by=(by or "").strip() or office_name(s))
        s.add(row)
        s.flush()
        log(s, cycle, "reviewer.disqualify", reviewer=reviewer_id, article=cite)
        return Done(_view(s, row), DISQUALIFIED)


def decide_earlier(ws: Workspace, reviewer_id: str, earlier: str, *, by: str | None = None,
                   cycle_ref: str | None = None) -> Done[DisqualificationView]:
    """Whether the scores the reviewer gave before stand ("stand") or are set aside ("void")."""
    if earlier not in EARLIER[1:]:
        raise InputRejected(Msg(N_("The earlier scores stand or are set aside (stand or void)")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        row = next((r for r in rows(s, cycle) if r.reviewer_id == reviewer_id), None)
        if row is None:
            raise NotFound(Msg(N_("Reviewer {reviewer} has not lost their qualification in "
                                  "this cycle"), {"reviewer": reviewer_id}))
        row.earlier, row.earlier_at = earlier, utcnow()
        row.earlier_by = (by or "").strip() or office_name(s)
        log(s, cycle, "reviewer.disqualify.earlier", reviewer=reviewer_id, earlier=earlier)
        return Done(_view(s, row), DISQUALIFIED)


def list_disqualified(ws: Workspace, cycle_ref: str | None = None
                      ) -> list[DisqualificationView]:
    with ws.uow() as s:
        return views(s, resolve_cycle(s, cycle_ref))


def note(v: DisqualificationView) -> Msg:
    """A line for divergence, ranking and minutes."""
    if v.earlier == "stand":
        return Msg(N_("{name} ({reviewer}) lost their qualification on {date} ({article}: "
                      "{reason}); the office decided the earlier scores stand"), _p(v))
    if v.earlier == "void":
        return Msg(N_("{name} ({reviewer}) lost their qualification on {date} ({article}: "
                      "{reason}); the office set the earlier scores aside"), _p(v))
    return Msg(N_("{name} ({reviewer}) lost their qualification on {date} ({article}: "
                  "{reason}); whether the earlier scores stand is not decided yet"), _p(v))


def _p(v: DisqualificationView) -> dict[str, object]:
    return {"name": v.name, "reviewer": v.reviewer, "date": v.effective_on.isoformat(),
            "article": v.article, "reason": v.reason}


__all__ = ["DISQUALIFIED", "DisqualificationView", "decide_earlier", "disqualified_in",
           "disqualify", "list_disqualified", "note", "set_aside", "views"]
