"""Reviewers (enrolled from their enrolment cards), teams with one leader, committee members.

The office compares the card's fingerprint with the reviewer in person; ``enrol`` returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto import strictjson as sj
from desktop.crypto.keys import PublicIdentity, read_card
from desktop.domain import credit_code
from desktop.domain.conflicts import ConflictKind, normalise_org_name
from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import (
    Affiliation,
    CommitteeMember,
    KeyRevocation,
    Reviewer,
    Team,
    TeamMember,
)
from desktop.models.office.setup import Cycle
from desktop.services.office.changes import Done, OfficeChanges
from desktop.services.office.common import (
    cycle_code,
    find_reviewer,
    log,
    programme_of,
    resolve_cycle,
)
from desktop.services.office.results_people import (
    CommitteeMemberAdded,
    CommitteeMemberView,
    ReviewerEnrolled,
    ReviewerView,
    TeamView,
)
from desktop.services.office.workspace import Workspace

PEOPLE = OfficeChanges(people=True)  # what enrolling, a team or a committee member changes


@dataclass(frozen=True)
class AffiliationInput:
    organisation: str
    credit_code: str | None = None
    since_year: int | None = None
    until_year: int | None = None  # None: present
    relation: str = ConflictKind.EMPLOYMENT.value


def public_identity(row: Reviewer) -> PublicIdentity:
    doc = sj.loads(row.public_json)
    return PublicIdentity(doc["reviewer_id"], doc["display_name"],
                          sj.decode_b64(doc["sign_pub"], "sign_pub"),
                          sj.decode_b64(doc["enc_pub"], "enc_pub"))


def _public_json(pub: PublicIdentity) -> bytes:
    return sj.dumps({"reviewer_id": pub.reviewer_id, "display_name": pub.display_name,
                     "sign_pub": sj.b64(pub.sign_pub), "enc_pub": sj.b64(pub.enc_pub)})


def _add_affiliation(s: Session, reviewer_id: str, a: AffiliationInput) -> None:
    ConflictKind(a.relation)
    code = credit_code.validate(a.credit_code) if a.credit_code else None
    s.add(Affiliation(reviewer_id=reviewer_id, organisation=a.organisation,
                      name_key=normalise_org_name(a.organisation), credit_code=code,
                      relation=a.relation, since_year=a.since_year, until_year=a.until_year))


def enrol(ws: Workspace, card: bytes, *, organisation: str = "", industry: str = "",
          affiliations: Sequence[AffiliationInput] = ()) -> Done[ReviewerEnrolled]:
    """Enrol a reviewer from their card (self-signed); their present organisation counts as an
    affiliation for conflict suggestions."""
    pub = read_card(card)
    with ws.uow() as s:
        if s.get(Reviewer, pub.reviewer_id) is not None:
            raise InputRejected(Msg(N_("Reviewer {reviewer} is already enrolled"),
                                    {"reviewer": pub.reviewer_id}))
        taken = s.execute(select(Reviewer.id).where(Reviewer.fingerprint == pub.fingerprint)
                          ).scalar_one_or_none() or s.execute(  # a revoked key never returns
            select(KeyRevocation.reviewer_id).where(KeyRevocation.fingerprint == pub.fingerprint)
        ).scalar_one_or_none()
        if taken is not None:
            raise InputRejected(Msg(N_("This key is already enrolled for reviewer {reviewer}"),
                                    {"reviewer": taken}))
        s.add(Reviewer(id=pub.reviewer_id, name=pub.display_name, organisation=organisation,
                       industry=industry, fingerprint=pub.fingerprint,
                       public_json=_public_json(pub), card=card))
        s.flush()
        affs = list(affiliations)
        if organisation and not any(a.organisation == organisation for a in affs):
            affs.insert(0, AffiliationInput(organisation))
        for a in affs:
            _add_affiliation(s, pub.reviewer_id, a)
        log(s, None, "reviewer.enrol", reviewer=pub.reviewer_id)
        return Done(ReviewerEnrolled(reviewer=pub.reviewer_id, name=pub.display_name,
                                     fingerprint=pub.fingerprint, organisation=organisation,
                                     industry=industry, affiliations=len(affs)), PEOPLE)


def list_reviewers(ws: Workspace) -> list[ReviewerView]:
    with ws.uow() as s:
        return [ReviewerView(reviewer=r.id, name=r.name, organisation=r.organisation,
                             industry=r.industry, contact=r.contact,  # 0009, from a sheet
                             fingerprint=r.fingerprint, active=r.active)
                for r in s.execute(select(Reviewer).order_by(Reviewer.id)).scalars()]


# --- teams ------------------------------------------------------------------------------------


def team_members(s: Session, team: Team) -> list[TeamMember]:
    return list(s.execute(select(TeamMember).where(TeamMember.team_id == team.id)
                          .order_by(TeamMember.reviewer_id)).scalars())


def find_team(s: Session, cycle: Cycle, name: str) -> Team:
    row = s.execute(select(Team).where(Team.cycle_id == cycle.id, Team.name == name)
                    ).scalar_one_or_none()
    if row is None:
        raise NotFound(Msg(N_("No team '{team}' in cycle {cycle}"),
                           {"team": name, "cycle": cycle_code(cycle)}))
    return row


def create_team(ws: Workspace, name: str, members: Sequence[str], leader: str, *,
                industry: str = "", cycle_ref: str | None = None) -> Done[TeamView]:
    """A team of the size the programme requires, by industry, with one leader."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rule = programme_of(cycle.programme_id).team
        cite = str(rule.cite) if rule and rule.cite else "-"
        if len(set(members)) != len(members):
            raise InputRejected(Msg(N_("A reviewer is listed twice in team {team}"),
                                    {"team": name}))
        if rule is not None and rule.min_size and len(members) < rule.min_size:
            raise RuleViolation(Msg(N_("Team {team} has {count} members; {rule} requires at "
                                       "least {min}"), {"team": name, "count": len(members),
                                                        "rule": cite, "min": rule.min_size}))
        if rule is not None and rule.max_size and len(members) > rule.max_size:
            raise RuleViolation(Msg(N_("Team {team} has {count} members; {rule} allows at most "
                                       "{max}"), {"team": name, "count": len(members),
                                                  "rule": cite, "max": rule.max_size}))
        if leader not in members:
            raise RuleViolation(Msg(N_("The leader of team {team} must be one of its members"),
                                    {"team": name}))
        if rule is not None and rule.by_industry and not industry:
            raise RuleViolation(Msg(N_("Teams are formed by industry ({rule}): give the team's "
                                       "industry"), {"rule": cite}))
        for rid in members:
            find_reviewer(s, rid)
            other = s.execute(select(Team.name).join(TeamMember, TeamMember.team_id == Team.id)
                              .where(Team.cycle_id == cycle.id,
                                     TeamMember.reviewer_id == rid)).scalar_one_or_none()
            if other is not None:
                raise InputRejected(Msg(N_("Reviewer {reviewer} is already in team {team}"),
                                        {"reviewer": rid, "team": other}))
        team = Team(cycle_id=cycle.id, name=name, industry=industry)
        s.add(team)
        s.flush()
        for rid in members:
            s.add(TeamMember(team_id=team.id, reviewer_id=rid, leader=rid == leader))
        log(s, cycle, "team.create", team=name, members=len(members))
        return Done(team_view(s, team), PEOPLE)


def team_view(s: Session, team: Team) -> TeamView:
    members = team_members(s, team)
    names: dict[str, str] = {rid: name for rid, name in s.execute(
        select(Reviewer.id, Reviewer.name).where(
            Reviewer.id.in_([m.reviewer_id for m in members])))}
    return TeamView(name=team.name, industry=team.industry,
                    members=tuple(m.reviewer_id for m in members),
                    leader=next((m.reviewer_id for m in members if m.leader), None),
                    member_names=tuple(names.get(m.reviewer_id, "") for m in members))


def list_teams(ws: Workspace, cycle_ref: str | None = None) -> list[TeamView]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        teams = s.execute(select(Team).where(Team.cycle_id == cycle.id).order_by(Team.name))
        return [team_view(s, t) for t in teams.scalars()]


# --- committee --------------------------------------------------------------------------------


def add_committee_member(ws: Workspace, name: str, *, role: str = "member",
                         organisation: str = "", cycle_ref: str | None = None
                         ) -> Done[CommitteeMemberAdded]:
    if role not in {"chair", "vice_chair", "member"}:
        raise InputRejected(Msg(N_("A committee role is chair, vice_chair or member")))
    name = name.strip()
    if not name:
        raise InputRejected(Msg(N_("The committee member's name is empty")))
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        if any(m.name == name for m in committee(s, cycle)):
            raise InputRejected(Msg(N_("{name} is already a committee member in cycle {cycle}"),
                                    {"name": name, "cycle": cycle_code(cycle)}))
        row = CommitteeMember(cycle_id=cycle.id, name=name, role=role,
                              organisation=organisation)
        s.add(row)
        s.flush()
        log(s, cycle, "committee.add", role=role)
        return Done(CommitteeMemberAdded(member=str(row.id), name=name, role=role,
                                         organisation=organisation, cycle=cycle_code(cycle)),
                    PEOPLE)


def list_committee(ws: Workspace, cycle_ref: str | None = None) -> list[CommitteeMemberView]:
    """The cycle's committee members with their ids (what a recusal may name)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return [CommitteeMemberView(member=str(m.id), name=m.name, role=m.role,
                                    organisation=m.organisation) for m in committee(s, cycle)]


def committee(s: Session, cycle: Cycle) -> list[CommitteeMember]:
    return list(s.execute(select(CommitteeMember).where(CommitteeMember.cycle_id == cycle.id)
                          .order_by(CommitteeMember.name)).scalars())
