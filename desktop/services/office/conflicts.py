"""The conflicts register (回避): add typed conflicts with their source, suggest likely ones from
reviewers' organisations, pin the office's decision, list; check teams after recusals."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.conflicts import (
    Affiliation as DomainAffiliation,
)
from desktop.domain.conflicts import (
    Conflict as DomainConflict,
)
from desktop.domain.conflicts import (
    ConflictKind,
    ConflictRegister,
    ConflictSource,
    Organisation,
    Pin,
    PinDecision,
    TeamCheck,
    check_team,
    suggest_conflicts,
)
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import Affiliation, Applicant, Assignment, Reviewer, TeamMember
from desktop.models.office.review import Conflict
from desktop.models.office.setup import Cycle
from desktop.services.office.common import (
    cycle_code,
    find_applicant,
    find_reviewer,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.cycle import settings
from desktop.services.office.reads import encode_msg, match_template, revive_text
from desktop.services.office.workspace import Workspace

# What a suggestion's reason says (domain.conflicts), to show a note stored as English text
# (an accepted suggestion, before notes were kept language-neutral) in the reader's language.
SUGGESTION_TEMPLATES = (
    N_("same unified social credit code {code} as {organisation}"),
    N_("same name as {organisation} once legal forms and places are removed ('{key}')"),
    N_("the name '{long}' contains '{short}' (from {organisation})"),
    N_("{reason}; relationship ended in {year}"),
)


def note_message(note: str) -> Msg | str:
    """A declaration's note: a stored message (JSON) or a suggestion's reason as a ``Msg``;
    anything else (a person's words) as written."""
    found = revive_text(note)
    if isinstance(found, Msg) or not note:
        return found
    return match_template(note, SUGGESTION_TEMPLATES) or note


def note_of(reason: Msg) -> str:
    """A suggestion's reason as a declaration's note: language-neutral (``note_message``)."""
    return json.dumps(encode_msg(reason), ensure_ascii=False, sort_keys=True)


def register(s: Session, cycle: Cycle) -> ConflictRegister:
    """The domain register of this cycle, rebuilt from the stored rows (ids as text)."""
    rows = s.execute(select(Conflict).join(Applicant, Applicant.id == Conflict.applicant_id)
                     .where(Applicant.cycle_id == cycle.id)).scalars()
    reg = ConflictRegister()
    for r in rows:
        if r.pinned:
            reg = reg.pin(Pin(r.reviewer_id, str(r.applicant_id),
                              PinDecision.CONFLICTED if r.conflicted else
                              PinDecision.NOT_CONFLICTED, r.detail))
        else:
            reg = reg.declare(DomainConflict(r.reviewer_id, str(r.applicant_id),
                                             ConflictKind(r.kind), ConflictSource(r.source),
                                             r.detail, r.until_year))
    return reg


def add_conflict(ws: Workspace, reviewer_id: str, applicant_ref: str, kind: str, source: str,
                 *, detail: str = "", until_year: int | None = None,
                 cycle_ref: str | None = None) -> dict[str, Any]:
    """Record a declared conflict; warn when it leaves an assigned team below the minimum."""
    kind_v, source_v = _kind(kind), _source(source)
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        find_reviewer(s, reviewer_id)
        app = find_applicant(s, cycle, applicant_ref)
        reg = register(s, cycle)
        reg.declare(DomainConflict(reviewer_id, str(app.id), kind_v, source_v, detail,
                                   until_year))  # refuses a reviewer's declaration on a pin
        s.add(Conflict(reviewer_id=reviewer_id, applicant_id=app.id, kind=kind_v.value,
                       source=source_v.value, detail=detail, until_year=until_year))
        s.flush()
        log(s, cycle, "conflict.add", reviewer=reviewer_id, applicant=app.ref, kind=kind)
        return {"reviewer": reviewer_id, "applicant": app.ref, "kind": kind_v.value,
                "source": source_v.value, "warning": _team_warning(s, cycle, app)}


def pin(ws: Workspace, reviewer_id: str, applicant_ref: str, conflicted: bool, *,
        note: str = "", cycle_ref: str | None = None) -> dict[str, Any]:
    """The office's decision for a pair; it stands over every declaration."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        find_reviewer(s, reviewer_id)
        app = find_applicant(s, cycle, applicant_ref)
        for old in s.execute(select(Conflict).where(Conflict.reviewer_id == reviewer_id,
                                                    Conflict.applicant_id == app.id,
                                                    Conflict.pinned.is_(True))).scalars():
            s.delete(old)
        s.add(Conflict(reviewer_id=reviewer_id, applicant_id=app.id,
                       kind=ConflictKind.OTHER.value, source=ConflictSource.OFFICE.value,
                       detail=note, conflicted=conflicted, pinned=True))
        s.flush()
        log(s, cycle, "conflict.pin", reviewer=reviewer_id, applicant=app.ref,
            conflicted=conflicted)
        return {"reviewer": reviewer_id, "applicant": app.ref, "pinned": True,
                "conflicted": conflicted, "warning": _team_warning(s, cycle, app)}


def _kind(kind: str) -> ConflictKind:
    try:
        return ConflictKind(kind)
    except ValueError:
        raise InputRejected(Msg(N_("Unknown conflict kind '{kind}': use one of {kinds}"),
                                {"kind": kind,
                                 "kinds": ", ".join(k.value for k in ConflictKind)})) from None


def _source(source: str) -> ConflictSource:
    try:
        return ConflictSource(source)
    except ValueError:
        raise InputRejected(Msg(N_("Unknown conflict source '{source}': use one of {sources}"),
                                {"source": source, "sources": ", ".join(
                                    k.value for k in ConflictSource)})) from None


def list_conflicts(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, Any]]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        reg = register(s, cycle)
        apps = {str(a.id): a.ref for a in s.execute(
            select(Applicant).where(Applicant.cycle_id == cycle.id)).scalars()}
        pairs = {(c.reviewer_id, c.applicant_id) for c in reg.conflicts} | \
            {(p.reviewer_id, p.applicant_id) for p in reg.pins}
        out = []
        for rid, aid in sorted(pairs):
            st = reg.status(rid, aid)
            out.append({"reviewer": rid, "applicant": apps.get(aid, aid),
                        "conflicted": st.conflicted,
                        "pinned": st.pinned.value if st.pinned else None,
                        "declarations": [{"kind": d.kind.value, "source": d.source.value,
                                          "note": note_message(d.note)}
                                         for d in st.declarations]})
        return out


def suggest(ws: Workspace, cycle_ref: str | None = None) -> list[dict[str, Any]]:
    """Likely conflicts: reviewers' past and present organisations matched against applicants
    (credit code, normalised names). Nothing is recorded: a person decides."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        window = settings(s, cycle)["conflict_window_years"].value
        apps = list(s.execute(select(Applicant).where(Applicant.cycle_id == cycle.id)).scalars())
        orgs = [Organisation(str(a.id), a.name if a.kind == "organisation" else
                             (a.employer or a.name), a.credit_code) for a in apps]
        refs = {str(a.id): a.ref for a in apps}
        reg = register(s, cycle)
        out = []
        for rev in s.execute(select(Reviewer).order_by(Reviewer.id)).scalars():
            affs = [DomainAffiliation(a.organisation, a.credit_code, a.since_year, a.until_year,
                                      ConflictKind(a.relation))
                    for a in s.execute(select(Affiliation)
                                       .where(Affiliation.reviewer_id == rev.id)).scalars()]
            for sug in suggest_conflicts(rev.id, affs, orgs, cycle.opened_on.year,
                                         int(window)):
                out.append({"reviewer": rev.id, "applicant": refs[sug.applicant_id],
                            "kind": sug.kind.value, "match": sug.match.value,
                            "reason": sug.reason,
                            "recorded": reg.is_conflicted(rev.id, sug.applicant_id)})
        return out


# --- team checks after recusals ---------------------------------------------------------------


def team_check(s: Session, cycle: Cycle, app: Applicant) -> TeamCheck | None:
    """The applicant's assigned team after recusals (RuleViolation when it breaks the rule)."""
    asg = s.get(Assignment, app.id)
    if asg is None:
        return None
    members = list(s.execute(select(TeamMember).where(TeamMember.team_id == asg.team_id)
                             .order_by(TeamMember.reviewer_id)).scalars())
    leader = next((m.reviewer_id for m in members if m.leader), None)
    reg = register(s, cycle)
    rule = programme_of(cycle.programme_id).team
    if leader is not None and reg.is_conflicted(leader, str(app.id)):
        leader = None  # reported by check_team as needs_leader; the office names another
    return check_team(reg, str(app.id), [m.reviewer_id for m in members], rule, leader)


def _team_warning(s: Session, cycle: Cycle, app: Applicant) -> Msg | None:
    try:
        team_check(s, cycle, app)
    except InputRejected as exc:
        return Msg(N_("applicant {applicant} in cycle {cycle}: {problem}"),
                   {"applicant": app.ref, "cycle": cycle_code(cycle), "problem": exc.message})
    return None
