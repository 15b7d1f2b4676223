"""The conflicts register (回避): add typed conflicts with their source, suggest likely ones from
reviewers' organisations, pin the office's decision, list; check teams after recusals; record
the recusals reviewers declared in the field (``sync_field_recusals``, run by every merge)."""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, not_, or_, select
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
from desktop.domain.merge import SCORES, FinalStatus, MergedState
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import Affiliation, Applicant, Assignment, Reviewer, TeamMember
from desktop.models.office.review import Conflict, ReceivedBundle
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    find_applicant,
    find_reviewer,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.cycle import settings
from desktop.services.office.id_text import as_text, id_of
from desktop.services.office.reads import encode_msg, match_template, revive_text
from desktop.services.office.results_conflicts import (
    ConflictEntry,
    ConflictPinned,
    ConflictRecorded,
    ConflictSuggestion,
    Declaration,
    FieldDeclaration,
)
from desktop.services.office.results_decide import Recusal
from desktop.services.office.workspace import Workspace

CONFLICTS = OfficeChanges(conflicts=True)  # what a declaration or a pin changes

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


def register(s: Session, cycle: Cycle, *, field: bool = True) -> ConflictRegister:
    """The domain register of this cycle, rebuilt from the stored rows (ids as text): the
    declarations (the field recusals among them, unless ``field`` is False: the merge reads
    those from the bundles themselves and names them as recusals), then the office's pins."""
    rows = s.execute(select(Conflict).join(Applicant, Applicant.id == Conflict.applicant_id)
                     .where(Applicant.cycle_id == cycle.id)
                     .order_by(Conflict.created_at, Conflict.id)).scalars()
    return _register_of(rows, field)


def register_and_recusals(s: Session, cycle: Cycle
                          ) -> tuple[ConflictRegister, dict[tuple[str, str], FieldRecusal]]:
    """``register`` and ``field_recusals`` from ONE read of the cycle's conflicts (the ranking
    needs both; two reads before — a test compares them): the columns they use, each bundle's
    file name joined."""
    s.flush()  # as the session's own read would (autoflush): nothing pending left unread
    rows = s.connection().execute(
        select(Conflict.reviewer_id, Conflict.applicant_id, Conflict.kind, Conflict.source,
               Conflict.detail, Conflict.until_year, Conflict.conflicted, Conflict.pinned,
               Conflict.declared_at, Conflict.scored, ReceivedBundle.file_name)
        .join(Applicant, Applicant.id == Conflict.applicant_id)
        .outerjoin(ReceivedBundle, ReceivedBundle.id == Conflict.bundle_id)
        .where(Applicant.cycle_id == cycle.id)
        .order_by(Conflict.created_at, Conflict.id)).all()
    return _register_of(rows, True), {
        (c.reviewer_id, str(c.applicant_id)): _field_recusal(c, c.file_name) for c in rows
        if c.source == ConflictSource.BUNDLE.value}


def _register_of(rows: Iterable[Any], field: bool) -> ConflictRegister:
    """The register of the conflict rows (objects or rows with their columns), in the order
    of their declaration."""
    declared: list[DomainConflict] = []
    pins: list[Pin] = []
    for r in rows:
        if r.pinned:
            pins.append(Pin(r.reviewer_id, str(r.applicant_id),
                            PinDecision.CONFLICTED if r.conflicted else
                            PinDecision.NOT_CONFLICTED, r.detail))
        elif field or r.source != ConflictSource.BUNDLE.value:
            declared.append(DomainConflict(r.reviewer_id, str(r.applicant_id),
                                           ConflictKind(r.kind), ConflictSource(r.source),
                                           r.detail, r.until_year))
    reg = ConflictRegister(tuple(dict.fromkeys(declared)))
    for p in pins:
        reg = reg.pin(p)
    return reg


def add_conflict(ws: Workspace, reviewer_id: str, applicant_ref: str, kind: str, source: str,
                 *, detail: str = "", until_year: int | None = None,
                 cycle_ref: str | None = None) -> Done[ConflictRecorded]:
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
        return Done(ConflictRecorded(reviewer=reviewer_id, applicant=app.ref, kind=kind_v.value,
                                     source=source_v.value, warning=_team_warning(s, cycle, app),
                                     applicant_name=app.name), CONFLICTS)


def pin(ws: Workspace, reviewer_id: str, applicant_ref: str, conflicted: bool, *,
        note: str = "", cycle_ref: str | None = None) -> Done[ConflictPinned]:
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
        return Done(ConflictPinned(reviewer=reviewer_id, applicant=app.ref, pinned=True,
                                   conflicted=conflicted, warning=_team_warning(s, cycle, app),
                                   applicant_name=app.name), CONFLICTS)


def _kind(kind: str) -> ConflictKind:
    try:
        return ConflictKind(kind)
    except ValueError:
        raise InputRejected(Msg(N_("Unknown conflict kind '{kind}': use one of {kinds}"),
                                {"kind": kind,
                                 "kinds": ", ".join(k.value for k in ConflictKind)})) from None


def _source(source: str) -> ConflictSource:
    """A source a person may give; ``bundle`` only comes from a reviewer's signed bundle."""
    given = {k.value: k for k in ConflictSource if k is not ConflictSource.BUNDLE}
    if source not in given:
        raise InputRejected(Msg(N_("Unknown conflict source '{source}': use one of {sources}"),
                                {"source": source, "sources": ", ".join(given)}))
    return given[source]


def list_conflicts(ws: Workspace, cycle_ref: str | None = None) -> list[ConflictEntry]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        reg = register(s, cycle)
        apps = {str(a.id): a for a in s.execute(
            select(Applicant).where(Applicant.cycle_id == cycle.id)).scalars()}
        pairs = {(c.reviewer_id, c.applicant_id) for c in reg.conflicts} | \
            {(p.reviewer_id, p.applicant_id) for p in reg.pins}
        field = field_recusals(s, cycle)
        out = []
        for rid, aid in sorted(pairs):
            st = reg.status(rid, aid)
            recusal = field.get((rid, aid))
            app = apps.get(aid)
            out.append(ConflictEntry(
                reviewer=rid, applicant=app.ref if app else aid, conflicted=st.conflicted,
                pinned=st.pinned.value if st.pinned else None,
                declarations=tuple(_declaration(d, recusal) for d in st.declarations),
                # a field recusal from an applicant the reviewer has scores for
                to_decide=bool(recusal and recusal.scored and st.pinned is None),
                applicant_name=app.name if app else ""))
        return out


def _declaration(d: DomainConflict, recusal: FieldRecusal | None) -> Declaration:
    if d.source is ConflictSource.BUNDLE and recusal is not None:
        return FieldDeclaration(kind=d.kind.value, source=d.source.value,
                                note=note_message(d.note), bundle=recusal.file,
                                declared_at=recusal.declared_at, scored=recusal.scored)
    return Declaration(kind=d.kind.value, source=d.source.value, note=note_message(d.note))


def suggest(ws: Workspace, cycle_ref: str | None = None) -> list[ConflictSuggestion]:
    """Likely conflicts: reviewers' past and present organisations matched against applicants
    (credit code, normalised names). Nothing is recorded: a person decides."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        window = settings(s, cycle)["conflict_window_years"].decided_value()
        apps = list(s.execute(select(Applicant).where(Applicant.cycle_id == cycle.id)).scalars())
        orgs = [Organisation(str(a.id), a.name if a.kind == "organisation" else
                             (a.employer or a.name), a.credit_code) for a in apps]
        by_id = {str(a.id): a for a in apps}
        reg = register(s, cycle)
        out = []
        for rev in s.execute(select(Reviewer).order_by(Reviewer.id)).scalars():
            affs = [DomainAffiliation(a.organisation, a.credit_code, a.since_year, a.until_year,
                                      ConflictKind(a.relation))
                    for a in s.execute(select(Affiliation)
                                       .where(Affiliation.reviewer_id == rev.id)).scalars()]
            for sug in suggest_conflicts(rev.id, affs, orgs, cycle.opened_on.year,
                                         int(window)):
                app = by_id[sug.applicant_id]
                out.append(ConflictSuggestion(
                    reviewer=rev.id, applicant=app.ref, kind=sug.kind.value,
                    match=sug.match.value, reason=sug.reason,
                    recorded=reg.is_conflicted(rev.id, sug.applicant_id),
                    applicant_name=app.name))
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


def recused_by_applicant(s: Session, cycle: Cycle, reg: ConflictRegister | None = None
                         ) -> dict[str, set[str]]:
    """Applicant id -> the reviewers recused from it (the register: the office's conflicts and
    the recusals declared in the field), among its team's members — every conflicted reviewer
    while it has no team. ``reg``: the register, when the caller read it in this unit of work."""
    pairs = (register(s, cycle) if reg is None else reg).conflicted_pairs()
    out: dict[str, set[str]] = defaultdict(set)
    if not pairs:
        return out
    # Only the teams of the applicants some reviewer is conflicted with are read (the
    # register's applicants are this cycle's: looked up by the assignment's key alone, no
    # join for the cycle — a planner without statistics scanned every assignment for each).
    teams: dict[str, set[str]] = defaultdict(set)
    conflicted = sorted(_uuids({aid for _rid, aid in pairs}))
    for start in range(0, len(conflicted), 500):
        chunk = conflicted[start:start + 500]
        for raw, member in s.execute(
                select(as_text(Assignment.applicant_id), TeamMember.reviewer_id)
                .join(TeamMember, TeamMember.team_id == Assignment.team_id)
                .where(Assignment.applicant_id.in_(chunk))):
            teams[id_of(raw)].add(member)
    for rid, aid in pairs:
        if aid not in teams or rid in teams[aid]:
            out[aid].add(rid)
    return out


def _uuids(ids: set[str]) -> list[uuid.UUID]:
    """The ids that are UUIDs (another text names no applicant with a team)."""
    out = []
    for text in ids:
        try:
            out.append(uuid.UUID(text))
        except ValueError:
            continue
    return out


def recused_from(s: Session, cycle: Cycle, app: Applicant) -> tuple[Recusal, ...]:
    """The reviewers recused from ``app`` (``recused_by_applicant``), each with the kind and
    source of the conflict: a recusal declared in the field first, else the first declaration,
    else the office's decision."""
    reg = register(s, cycle)
    out = []
    for rid in sorted(recused_by_applicant(s, cycle).get(str(app.id), ())):
        decl = reg.status(rid, str(app.id)).declarations
        first = next((d for d in decl if d.source is ConflictSource.BUNDLE),
                     decl[0] if decl else None)
        out.append(Recusal(rid, first.kind.value if first else ConflictKind.OTHER.value,
                           first.source.value if first else ConflictSource.OFFICE.value))
    return tuple(out)


def _team_warning(s: Session, cycle: Cycle, app: Applicant) -> Msg | None:
    try:
        team_check(s, cycle, app)
    except InputRejected as exc:
        return Msg(N_("applicant {applicant} in cycle {cycle}: {problem}"),
                   {"applicant": app.ref, "cycle": cycle_code(cycle), "problem": exc.message})
    return None


# --- recusals declared in the field -------------------------------------------------------------


@dataclass(frozen=True)
class FieldRecusal:
    """A reviewer's recusal carried by a held bundle, as the register keeps it."""

    reviewer: str
    applicant_id: str
    kind: str
    file: str  # the bundle that carried it (the first received)
    declared_at: datetime | None
    scored: bool  # the reviewer has scores for the applicant in a held bundle


def field_recusals(s: Session, cycle: Cycle) -> dict[tuple[str, str], FieldRecusal]:
    """(reviewer, applicant id) -> the field recusal the register holds for the pair."""
    rows = s.execute(
        select(Conflict, ReceivedBundle.file_name)
        .join(Applicant, Applicant.id == Conflict.applicant_id)
        .outerjoin(ReceivedBundle, ReceivedBundle.id == Conflict.bundle_id)
        .where(Applicant.cycle_id == cycle.id,
               Conflict.source == ConflictSource.BUNDLE.value)).all()
    return {(c.reviewer_id, str(c.applicant_id)): _field_recusal(c, file) for c, file in rows}


def _field_recusal(c: Any, file: str | None) -> FieldRecusal:
    """A field recusal of its conflict row (an object or a row with its columns) and the file
    name of the bundle that carried it."""
    return FieldRecusal(c.reviewer_id, str(c.applicant_id), c.kind, file or "", c.declared_at,
                        c.scored)


def sync_field_recusals(s: Session, cycle: Cycle, state: MergedState) -> int:
    """Record in the register every recusal a reviewer declared in a held bundle the merge
    accepted (any revision or stage: one may always step aside), with its reason, its
    statement and the bundle; mark the pairs where the same reviewer has scores for that
    applicant in a held bundle, for the office to decide. Derived like the scores: replaced
    at every merge. Returns how many are recorded."""
    apps = {str(a): a for a in s.execute(select(Applicant.id)
                                         .where(Applicant.cycle_id == cycle.id)).scalars()}
    s.execute(delete(Conflict).where(Conflict.source == ConflictSource.BUNDLE.value,
                                     Conflict.applicant_id.in_(list(apps.values()))))
    reviewers = {rid for rid, _aid in state.recusals}
    if not reviewers:
        return 0
    held = [row for row in s.execute(
        select(ReceivedBundle.id, ReceivedBundle.signer_id, ReceivedBundle.manifest_json)
        .where(ReceivedBundle.cycle_id == cycle.id, ReceivedBundle.kind == SCORES,
               ReceivedBundle.signer_id.in_(sorted(reviewers)))
        .where(*_accepted(state))
        .order_by(ReceivedBundle.received_at, ReceivedBundle.sha256))]
    # Only a manifest that carries a recusal is opened, then the same reviewer's others (for
    # their scores): most bundles declare none.
    snaps = {row.id: json.loads(row.manifest_json)["snapshot"] for row in held
             if not _NO_RECUSAL.search(row.manifest_json)}
    found: dict[tuple[str, str], tuple[dict[str, Any], Any]] = {}
    for row in held:
        for r in snaps.get(row.id, {}).get("recusals", []):
            found.setdefault((row.signer_id, r["applicant_id"]), (r, row.id))
    recusing = {rid for rid, _aid in found}
    scored: dict[str, set[str]] = defaultdict(set)
    for row in held:
        if row.signer_id not in recusing:
            continue
        snap = snaps.get(row.id) or json.loads(row.manifest_json)["snapshot"]
        scored[row.signer_id].update(
            [x["applicant_id"] for x in snap["scores"] if x["pct"] is not None]
            + [x["applicant_id"] for x in snap["panel_scores"] if x["score"] is not None])
    kinds = {k.value for k in ConflictKind}
    count = 0
    for (rid, aid), (r, bundle_id) in sorted(found.items()):
        if aid not in apps or s.get(Reviewer, rid) is None:
            continue
        s.add(Conflict(reviewer_id=rid, applicant_id=apps[aid],
                       kind=r["reason"] if r["reason"] in kinds else ConflictKind.OTHER.value,
                       source=ConflictSource.BUNDLE.value, detail=r["text"],
                       bundle_id=bundle_id, declared_at=_utc(r["declared_at"]),
                       scored=aid in scored[rid]))
        count += 1
    s.flush()
    return count


_NO_RECUSAL = re.compile(r'"recusals":\s*\[\s*\]')  # a manifest that declares none


def _accepted(state: MergedState) -> list[Any]:
    """The held bundles the merge accepted (any revision, forked or set aside): not rejected."""
    rejected = [and_(ReceivedBundle.signer_id == rid[0], ReceivedBundle.stage_id == rid[1],
                     ReceivedBundle.kind == rid[2], ReceivedBundle.revision == rid[3],
                     ReceivedBundle.content_hash == rid[4])
                for rid, status in state.statuses.items()
                if status is FinalStatus.REJECTED and rid[3] < 2**31]  # none held above (int4)
    return [not_(or_(*rejected))] if rejected else []


def _utc(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
