"""Assignments, the signed roster, and each reviewer's signed, sealed panel package.

A package carries the programme, criteria, cycle, scored stages, the applicants assigned to the
reviewer's team with their materials and declared secret passages — nothing about an applicant
the reviewer is conflicted with — and the team; a package for an on-site stage also carries the
material-review team's site-visit issues for each applicant (issue 20), and the issue ids it
carried are kept with the package (what each reviewer was given: the merge checks the issue
notes and resolutions against them). It is written with a read-back verification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.crypto import container
from desktop.crypto.package import MAX_PACKAGE_BYTES, PACKAGE_SUFFIX, build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.crypto.usb import write_verified
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme, StageKind
from desktop.domain.scoring import FormKind
from desktop.models.office.people import (
    Applicant,
    Assignment,
    DeclaredSecret,
    Material,
    Reviewer,
    Team,
    TeamMember,
)
from desktop.models.office.review import PackageIssue, RosterIssue
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.case_package import CONTENT_FORMAT, divergence_content
from desktop.services.office import package_documents
from desktop.services.office.changes import NOTHING, Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    dumps,
    find_applicant,
    loads,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.conflicts import register, team_check
from desktop.services.office.cycle import divergence_rule, settings
from desktop.services.office.findings import site_issues_for
from desktop.services.office.results_packages import (
    AdmissionView,
    AssignmentView,
    PackageIssued,
    RosterIssued,
)
from desktop.services.office.reviewers import find_team, public_identity, team_members
from desktop.services.office.roster_cache import verified_roster
from desktop.services.office.workspace import Workspace

# an assignment: the applicant's team and the team's applicants (and so who is recused)
ASSIGNED = OfficeChanges(applicants=True, people=True)

# --- assignments ------------------------------------------------------------------------------


def assign(ws: Workspace, applicant_ref: str, team_name: str,
           cycle_ref: str | None = None) -> Done[AssignmentView]:
    """Give an applicant to a team; refused when the leader is conflicted or fewer members than
    the programme's minimum remain after recusals (the rule and its article named)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, applicant_ref)
        team = find_team(s, cycle, team_name)
        current = s.get(Assignment, app.id)
        if current is None:
            s.add(Assignment(applicant_id=app.id, team_id=team.id))
        else:
            current.team_id = team.id
        s.flush()
        check = team_check(s, cycle, app)
        members = team_members(s, team)
        leader = next((m.reviewer_id for m in members if m.leader), None)
        if check is not None and leader is not None and leader in check.recused:
            p = programme_of(cycle.programme_id)
            raise RuleViolation(Msg(
                N_("The leader {leader} of team {team} has a conflict of interest with "
                   "applicant {applicant} and cannot review it ({rule})"),
                {"leader": leader, "team": team.name, "applicant": app.ref,
                 "rule": str(p.recusal_cite) if p.recusal_cite else "回避"}))
        log(s, cycle, "assignment", applicant=app.ref, team=team.name)
        return Done(AssignmentView(applicant=app.ref, team=team.name,
                                   reviewers=tuple(check.scoring) if check else (),
                                   recused=tuple(check.recused) if check else (),
                                   applicant_name=app.name), ASSIGNED)


def admit(ws: Workspace, stage_id: str, applicant_refs: list[str],
          cycle_ref: str | None = None) -> Done[AdmissionView]:
    """Admit applicants to a later stage (e.g. the site-visit shortlist), an office decision."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        stage = programme_of(cycle.programme_id).stage(stage_id)
        ids = [str(find_applicant(s, cycle, r).id) for r in applicant_refs]
        key = f"admitted.{stage.id}"
        row = s.get(CycleSetting, (cycle.id, key))
        if row is None:
            s.add(CycleSetting(cycle_id=cycle.id, key=key, value=dumps(ids), source="office",
                               citation=str(stage.cite)))
        else:
            row.value = dumps(ids)
        log(s, cycle, "stage.admit", stage=stage_id, count=len(ids))
        return Done(AdmissionView(stage=stage_id, admitted=tuple(applicant_refs)),
                    OfficeChanges(settings=True))  # kept with the cycle's settings


def admitted(s: Session, cycle: Cycle, stage_id: str) -> set[str] | None:
    row = s.get(CycleSetting, (cycle.id, f"admitted.{stage_id}"))
    return None if row is None else set(loads(row.value))


def admitted_to(s: Session, cycle: Cycle, stage_ids: list[str],
                stored: Iterable[CycleSetting] | None = None) -> dict[str, set[str] | None]:
    """``admitted`` for several stages in one read (the unresolved list asks for every weighted
    stage): stage -> the admitted applicants' ids, None where the office admitted none.
    ``stored``: the cycle's setting rows (``cycle.setting_rows``), when the caller read them in
    this unit of work."""
    keys = {f"admitted.{st}": st for st in stage_ids}
    if stored is not None:
        found = {r.key: loads(r.value) for r in stored if r.key in keys}
    else:
        found = {key: loads(value) for key, value in s.execute(
            select(CycleSetting.key, CycleSetting.value).where(
                CycleSetting.cycle_id == cycle.id, CycleSetting.key.in_(keys)))} if keys else {}
    return {st: None if key not in found else set(found[key]) for key, st in keys.items()}


def assignments(s: Session, cycle: Cycle, *, include_conflicted: bool = True
                ) -> frozenset[tuple[str, str, str]]:
    """(stage, reviewer, applicant) for every scored stage and team member. Conflicted pairs
    are kept by default: the merge then refuses just those sheets (recusal) and reports them,
    rather than the reviewer's whole bundle."""
    p = programme_of(cycle.programme_id)
    reg = register(s, cycle)
    rows = s.execute(
        select(Assignment.applicant_id, TeamMember.reviewer_id)
        .join(TeamMember, TeamMember.team_id == Assignment.team_id)
        .join(Applicant, Applicant.id == Assignment.applicant_id)
        .where(Applicant.cycle_id == cycle.id)).all()
    out: set[tuple[str, str, str]] = set()
    for stage in p.scored_stages:
        allowed = admitted(s, cycle, stage.id)
        for app_id, rid in rows:
            aid = str(app_id)
            if (allowed is None or aid in allowed) and \
                    (include_conflicted or not reg.is_conflicted(rid, aid)):
                out.add((stage.id, rid, aid))
    return frozenset(out)


# --- roster -----------------------------------------------------------------------------------


def current_roster(s: Session, cycle: Cycle) -> tuple[Roster, bytes] | None:
    row = s.execute(select(RosterIssue).where(RosterIssue.cycle_id == cycle.id)
                    .order_by(RosterIssue.version.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        return None
    return verified_roster(row.signed, _office_fp(s)), row.signed  # once per process per bytes


def office_roster(ws: Workspace, cycle_ref: str | None = None) -> Roster:
    """The roster last issued for the cycle (verified with the office key), to open bundles."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        found = current_roster(s, cycle)
        if found is None:
            raise NotFound(Msg(N_("No roster has been issued for cycle {cycle} yet: issue the "
                                  "packages first"), {"cycle": cycle_code(cycle)}))
        return found[0]


def _office_fp(s: Session) -> str:
    from desktop.models.office.setup import WorkspaceInfo

    return s.execute(select(WorkspaceInfo.office_fingerprint)).scalar_one()


def _entries(s: Session, cycle: Cycle) -> tuple[RosterEntry, ...]:
    team_of: dict[str, tuple[str | None, bool]] = {}
    for team in s.execute(select(Team).where(Team.cycle_id == cycle.id)).scalars():
        for m in team_members(s, team):
            team_of[m.reviewer_id] = (_team_ident(team), m.leader)
    out = []
    for r in s.execute(select(Reviewer).order_by(Reviewer.id)).scalars():
        team_id, leader = team_of.get(r.id, (None, False))
        out.append(RosterEntry.of(public_identity(r), team_id, leader, r.active))
    return tuple(out)


def _team_ident(team: Team) -> str:
    """A roster team id: the team's uuid (names may hold any characters)."""
    return "team-" + team.id.hex[:16]


def issue_roster(ws: Workspace, cycle_ref: str | None = None) -> Done[RosterIssued]:
    """Sign a roster of the enrolled reviewers and their teams, if it changed (version + 1)."""
    identity = ws.identity()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        issued = _issue_roster(s, cycle, identity)
    return Done(issued, _roster_changes(issued))


def _roster_changes(issued: RosterIssued) -> OfficeChanges:
    """A new roster version is the people's (the signed list of who reviews); none: nothing."""
    return OfficeChanges(people=True) if issued.new else NOTHING


def _issue_roster(s: Session, cycle: Cycle, identity: Any) -> RosterIssued:
    entries = _entries(s, cycle)
    held = current_roster(s, cycle)
    if held is not None and held[0].reviewers == entries:
        return RosterIssued(version=held[0].version, reviewers=len(entries), new=False)
    top = s.execute(select(func.max(RosterIssue.version))).scalar_one() or 0
    roster = Roster(version=top + 1, cycle_id=cycle_code(cycle), office_name=identity.name,
                    root_sign_pub=identity.root_sign_pub, office_enc_pub=identity.enc_pub,
                    reviewers=entries)
    signed = sign_roster(identity, roster)
    s.add(RosterIssue(version=roster.version, cycle_id=cycle.id, signed=signed))
    s.flush()
    log(s, cycle, "roster.issue", version=roster.version, reviewers=len(entries))
    return RosterIssued(version=roster.version, reviewers=len(entries), new=True)


# --- packages ---------------------------------------------------------------------------------


def _stages(p: Programme) -> list[dict[str, Any]]:
    out = []
    for st in p.scored_stages:
        entry: dict[str, Any] = {"stage_id": st.id, "kind": st.kind.value,
                                 "name_zh": st.name_zh, "name_en": st.name_en,
                                 "form": st.form.kind.value}
        if st.form.kind is FormKind.PANEL_SCORE:
            entry["max_points"] = str(st.form.max_points)
            if st.form.step is not None:
                entry["step"] = str(st.form.step)
        out.append(entry)
    return out


def _applicant_content(s: Session, app: Applicant) -> dict[str, Any]:
    materials, secrets = [], []
    for i, m in enumerate(s.execute(select(Material).where(Material.applicant_id == app.id)
                                    .order_by(Material.title, Material.id)).scalars()):
        mid = f"{app.ref}-M{i + 1:02d}"  # unique in the package (a case names it alone)
        materials.append(package_documents.document_entry(m, mid, m.title[:200])
                         if m.kind == "pdf" else
                         {"material_id": mid, "title": m.title[:200], "body": m.body})
        for sec in s.execute(select(DeclaredSecret).where(DeclaredSecret.material_id == m.id)
                             .order_by(DeclaredSecret.passage)).scalars():
            secrets.append({"kind": sec.kind, "passage": sec.passage, "material_id": mid})
    return {"applicant_id": str(app.id), "name": " ".join(app.name.split())[:200],
            "category": app.award_id, "materials": materials, "secrets": secrets}


def _with_issues(s: Session, cycle: Cycle, entry: dict[str, Any],
                 on_site: bool) -> dict[str, Any]:
    """An on-site package carries the material-review team's site-visit issues for each
    applicant (``site_issues``, left out when there are none)."""
    issues = site_issues_for(s, cycle, entry["applicant_id"]) if on_site else ()
    if issues:
        entry["site_issues"] = [{"issue_id": i.issue_id, "item_id": i.item_id,
                                 "kind": i.kind.value, "text": i.text} for i in issues]
    return entry


def package_content(s: Session, cycle: Cycle, reviewer_id: str,
                    stage_id: str | None = None) -> dict[str, Any] | None:
    """What one reviewer's package carries; None if no applicant is left for them."""
    p = programme_of(cycle.programme_id)
    team = s.execute(select(Team).join(TeamMember, TeamMember.team_id == Team.id)
                     .where(Team.cycle_id == cycle.id, TeamMember.reviewer_id == reviewer_id)
                     ).scalar_one_or_none()
    if team is None:
        return None
    stages = _stages(p)
    if not stages:
        raise RuleViolation(Msg(N_("Programme {programme} has no scored stage"),
                                {"programme": p.id}))
    current = stage_id or stages[0]["stage_id"]
    p.stage(current)
    pairs = assignments(s, cycle, include_conflicted=False)
    apps = s.execute(select(Applicant).join(Assignment, Assignment.applicant_id == Applicant.id)
                     .where(Assignment.team_id == team.id).order_by(Applicant.ref)).scalars()
    # Only applicants this reviewer scores at some stage: never one they are conflicted with.
    mine = [a for a in apps if any((st["stage_id"], reviewer_id, str(a.id)) in pairs
                                   for st in stages)]
    if not mine:
        return None
    members = team_members(s, team)
    names = {r.id: r.name for r in s.execute(select(Reviewer).where(
        Reviewer.id.in_([m.reviewer_id for m in members]))).scalars()}
    on_site = p.stage(current).kind is StageKind.ONSITE
    return {
        "format": CONTENT_FORMAT, "programme_id": p.id, "criteria_ref": cycle.framework_ref,
        "cycle_id": cycle_code(cycle), "reviewer_id": reviewer_id, "current_stage_id": current,
        "stages": stages,
        "applicants": [_with_issues(s, cycle, _applicant_content(s, a), on_site)
                       for a in mine],
        "team": [{"reviewer_id": m.reviewer_id, "display_name": names[m.reviewer_id],
                  "leader": m.leader} for m in members],
        "divergence": divergence_content(divergence_rule(settings(s, cycle)["divergence"])),
    }


def _check_teams(s: Session, cycle: Cycle) -> None:
    for app in s.execute(select(Applicant).join(Assignment, Assignment.applicant_id ==
                                                Applicant.id)
                         .where(Applicant.cycle_id == cycle.id)).scalars():
        team_check(s, cycle, app)  # RuleViolation names the rule


def issue_packages(ws: Workspace, out_dir: Path, *, reviewers: list[str] | None = None,
                   stage_id: str | None = None, cycle_ref: str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None,
                   keep_documents_until: date | None = None) -> Done[list[PackageIssued]]:
    """Issue (roster first, if it changed) and write each reviewer's package to ``out_dir``.

    ``progress(done, total)`` is called after each reviewer (total: the reviewers considered).
    ``is_cancelled()`` is asked between reviewers; on a cancel the packages already written
    and verified are recorded as issued (they exist on disk and are valid) and the unit of
    work commits; the rest are not written. Issuing again later writes them. The applicants'
    PDF documents follow each package's sealed head (``package_documents``), to be kept by
    the case until ``keep_documents_until`` (default: 180 days after issuing)."""
    identity = ws.identity()
    out_dir.mkdir(parents=True, exist_ok=True)
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        _check_teams(s, cycle)
        roster_info = _issue_roster(s, cycle, identity)
        held = current_roster(s, cycle)
        assert held is not None
        roster, roster_bytes = held
        wanted = reviewers or [e.reviewer_id for e in roster.reviewers if e.team is not None]
        results = []
        done = 0
        for rid in wanted:
            if is_cancelled is not None and is_cancelled():
                break
            rev = s.get(Reviewer, rid)
            if rev is None:
                raise NotFound(Msg(N_("No reviewer '{reviewer}' is enrolled"),
                                   {"reviewer": rid}))
            content = package_content(s, cycle, rid, stage_id)
            if content is None:
                if reviewers:
                    raise InputRejected(Msg(N_("Reviewer {reviewer} has no applicant to review "
                                               "in cycle {cycle}"),
                                            {"reviewer": rid, "cycle": cycle_code(cycle)}))
                done += 1
                if progress is not None:
                    progress(done, len(wanted))
                continue
            package_id, sources, streams = package_documents.prepare(ws, s, content,
                                                                     keep_documents_until)
            data = build_package(identity, roster_bytes, public_identity(rev), content,
                                 package_id, documents=bool(sources))
            path = package_documents.write(out_dir, data, package_id, sources, streams,
                                           PACKAGE_SUFFIX) if sources else \
                write_verified(out_dir, data, _verify_package, PACKAGE_SUFFIX)
            s.add(PackageIssue(cycle_id=cycle.id, reviewer_id=rid,
                               roster_version=roster.version,
                               sha256=hashlib.sha256(data).hexdigest(), file_name=path.name,
                               applicants=dumps([a["applicant_id"]
                                                 for a in content["applicants"]]),
                               site_issues=dumps({
                                   a["applicant_id"]: [i["issue_id"] for i in a["site_issues"]]
                                   for a in content["applicants"] if a.get("site_issues")})))
            results.append(PackageIssued(reviewer=rid, file=path,
                                         applicants=len(content["applicants"]),
                                         roster_version=roster.version, reviewer_name=rev.name))
            done += 1
            if progress is not None:
                progress(done, len(wanted))
        extra = {"cancelled": True} if done < len(wanted) else {}
        log(s, cycle, "package.issue", count=len(results), roster=roster_info.version,
            **extra)
    return Done(results, _roster_changes(roster_info) | OfficeChanges(packages=bool(results)))


def _verify_package(data: bytes) -> None:
    """Read-back check the office can do without the reviewer's key: the sealed structure."""
    container.recipient_count(container.PACKAGE_MAGIC, data, MAX_PACKAGE_BYTES)
