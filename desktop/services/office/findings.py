"""The office's reads of the teams' findings (issue 20): what each review team reported for an
applicant and stage, whether that report is complete, the site-visit issues that travel to the
on-site team, and the gate on the feedback report.

Everything here reads the tables derived from the held bundles in force
(``findings_derive``: ``team_finding``, ``issue_note``; ``consensus_item``) and the site-visit
issues the office put in the panel packages (``package_issue.site_issues``). Results are frozen
values that carry the names a person reads (applicant, stage, team, items); nothing writes.

- ``team_findings`` / ``review_findings``: one applicant and stage — the team, the consensus
  bundle's date and final flag, the agreed percentages and totals, the findings with their
  items, and (on site) each site-visit issue with every member's note and the team's
  resolution, plus the report's status (``desktop.domain.findings.report_status``).
- ``report_statuses``: per applicant and scored stage it takes part in, complete or what is
  missing. A stage counts for an applicant when it is the programme's first scored stage, or the
  office admitted the applicant to it (``packages.admit``).
- ``site_issues_for``: the verify/clarify findings of the material-review consensus in force.
- ``feedback_block``: why the feedback report of an applicant that is not going on site cannot
  be sent yet (its 材料评审报告 is not complete), or None.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import Framework, Item
from desktop.domain.findings import (
    ISSUE_KINDS,
    Finding,
    FindingKind,
    Outcome,
    ReportStatus,
    SiteIssue,
    report_status,
)
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme, Stage, StageKind
from desktop.domain.readiness import joined
from desktop.domain.scoring import FormKind, ItemEntry, ScoreSummary, summarise
from desktop.models.office.people import Applicant, Assignment, Reviewer, Team, TeamMember
from desktop.models.office.review import (
    ConsensusItem,
    IssueNote,
    PackageIssue,
    ReceivedBundle,
    TeamFinding,
)
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.common import find_applicant, programme_of, resolve_cycle
from desktop.services.office.workspace import Workspace

# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamPerson:
    reviewer_id: str
    name: str
    leader: bool


@dataclass(frozen=True)
class AgreedItem:
    """The team's agreed percentage for one item (the consensus), its score and rationale."""

    item: Item
    pct: int
    score: Decimal
    rationale: str

    @property
    def item_id(self) -> str:
        return self.item.id


@dataclass(frozen=True)
class NamedFinding:
    """A finding with its item (None for the applicant's key themes and suggestions)."""

    finding: Finding
    item: Item | None

    @property
    def item_name(self) -> str:
        return "" if self.item is None else self.item.name_zh


@dataclass(frozen=True)
class IssueNoteView:
    reviewer_id: str
    reviewer_name: str
    outcome: Outcome
    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class IssueReview:
    """A site-visit issue given to the on-site team, every member's note on it, and the team's
    resolution (None: not resolved yet)."""

    issue: SiteIssue
    item: Item | None
    notes: tuple[IssueNoteView, ...]
    resolution: Finding | None


class _AtStage:
    """A result about one stage (``stage``): its id and its name (Chinese, as the reports
    print it; the window names stages in its own language)."""

    stage: Stage

    @property
    def stage_id(self) -> str:
        return self.stage.id

    @property
    def stage_name(self) -> str:
        return self.stage.name_zh


@dataclass(frozen=True)
class ReviewFindings(_AtStage):
    """What one team reported for one applicant at one stage (the review report's content)."""

    applicant_id: str
    applicant_ref: str
    applicant_name: str
    stage: Stage
    team_name: str
    members: tuple[TeamPerson, ...]  # the leader first
    consensus_file: str  # the consensus bundle in force ("" when none)
    consensus_at: datetime | None  # when the leader made it
    final: bool
    items: tuple[AgreedItem, ...]
    summary: ScoreSummary | None  # totals of the agreed percentages (None: no consensus)
    findings: tuple[NamedFinding, ...]
    site_issues: tuple[IssueReview, ...]  # on-site stages: the issues the team was given
    status: ReportStatus


    @property
    def leader(self) -> TeamPerson | None:
        return next((m for m in self.members if m.leader), None)

    def of_kind(self, *kinds: FindingKind) -> tuple[NamedFinding, ...]:
        return tuple(f for f in self.findings if f.finding.kind in kinds)


@dataclass(frozen=True)
class ReportStatusRow(_AtStage):
    applicant_id: str
    applicant_ref: str
    applicant_name: str
    stage: Stage
    status: ReportStatus


    @property
    def complete(self) -> bool:
        return self.status.complete

    def missing(self) -> tuple[Msg, ...]:
        return self.status.missing()


# --- session-level reads (for the printing services) -----------------------------------------


def _finding(row: TeamFinding) -> Finding:
    return Finding(FindingKind(row.kind), row.text, row.item_id, row.issue_id,
                   None if row.outcome is None else Outcome(row.outcome),
                   tuple(json.loads(row.sources)),
                   tuple((int(a), int(b)) for a, b in json.loads(row.marks)))


def _uuid(applicant_id: str | uuid.UUID) -> uuid.UUID:
    return applicant_id if isinstance(applicant_id, uuid.UUID) else uuid.UUID(applicant_id)


def findings_of(s: Session, cycle: Cycle, applicant_id: str | uuid.UUID,
                stage_id: str) -> tuple[Finding, ...]:
    """The findings of the consensus in force for one applicant and stage, in the bundle's
    order."""
    rows = s.execute(select(TeamFinding).where(
        TeamFinding.cycle_id == cycle.id, TeamFinding.applicant_id == _uuid(applicant_id),
        TeamFinding.stage_id == stage_id).order_by(TeamFinding.ordinal)).scalars()
    return tuple(_finding(r) for r in rows)


def material_stage(p: Programme) -> Stage | None:
    """The programme's first scored stage of kind material (材料评审), if any."""
    return next((st for st in p.scored_stages if st.kind is StageKind.MATERIAL), None)


def site_issues_for(s: Session, cycle: Cycle,
                    applicant_id: str | uuid.UUID) -> tuple[SiteIssue, ...]:
    """The site-visit issues (核实 / 澄清) of the material-review consensus in force for the
    applicant: what the office puts in the on-site packages."""
    stage = material_stage(programme_of(cycle.programme_id))
    if stage is None:
        return ()
    return tuple(SiteIssue(f.issue_id, str(applicant_id), f.item_id, f.kind, f.text)
                 for f in findings_of(s, cycle, applicant_id, stage.id)
                 if f.kind in ISSUE_KINDS)


def given_issues(s: Session, cycle: Cycle) -> dict[tuple[str, str], frozenset[str]]:
    """(reviewer, applicant) -> the site-visit issue ids the office sent that reviewer for that
    applicant in any panel package of the cycle."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rid, text in s.execute(select(PackageIssue.reviewer_id, PackageIssue.site_issues)
                               .where(PackageIssue.cycle_id == cycle.id)):
        for aid, ids in json.loads(text or "{}").items():
            out[(rid, aid)].update(ids)
    return {k: frozenset(v) for k, v in out.items()}


def _given_to_applicant(s: Session, cycle: Cycle, applicant_id: str) -> frozenset[str]:
    return frozenset(i for (_r, a), ids in given_issues(s, cycle).items()
                     if a == applicant_id for i in ids)


def _consensus_bundle(s: Session, cycle: Cycle, aid: uuid.UUID,
                      stage_id: str) -> ReceivedBundle | None:
    """The consensus bundle in force for an applicant and stage (it gave the derived rows)."""
    for model in (TeamFinding, ConsensusItem):
        bid = s.execute(select(model.bundle_id).where(
            model.cycle_id == cycle.id, model.applicant_id == aid, model.stage_id == stage_id,
            model.bundle_id.is_not(None)).limit(1)).scalar_one_or_none()
        if bid is not None:
            return s.get(ReceivedBundle, bid)
    return None


def _final(bundle: ReceivedBundle | None) -> bool:
    return bundle is not None and bool(json.loads(bundle.manifest_json).get("final"))


def status_of(s: Session, cycle: Cycle, fw: Framework, aid: uuid.UUID,
              stage: Stage) -> ReportStatus:
    """Whether the team's report for one applicant and stage can be made, and what is missing."""
    issues = _given_to_applicant(s, cycle, str(aid)) if stage.kind is StageKind.ONSITE \
        else frozenset()
    return report_status(fw, findings_of(s, cycle, aid, stage.id),
                         final=_final(_consensus_bundle(s, cycle, aid, stage.id)),
                         items_scored=stage.form.kind is FormKind.ITEMS, issues=issues)


def _team(s: Session, aid: uuid.UUID) -> tuple[str, tuple[TeamPerson, ...]]:
    team = s.execute(select(Team).join(Assignment, Assignment.team_id == Team.id)
                     .where(Assignment.applicant_id == aid)).scalar_one_or_none()
    if team is None:
        return "", ()
    rows = s.execute(select(TeamMember.reviewer_id, TeamMember.leader, Reviewer.name)
                     .join(Reviewer, Reviewer.id == TeamMember.reviewer_id)
                     .where(TeamMember.team_id == team.id)).all()
    people = sorted((TeamPerson(rid, name, bool(lead)) for rid, lead, name in rows),
                    key=lambda p: (not p.leader, p.reviewer_id))
    return team.name, tuple(people)


def _issue_reviews(s: Session, cycle: Cycle, fw: Framework, aid: uuid.UUID, stage: Stage,
                   found: tuple[Finding, ...]) -> tuple[IssueReview, ...]:
    given = _given_to_applicant(s, cycle, str(aid))
    issues = [i for i in site_issues_for(s, cycle, aid) if i.issue_id in given]
    names = {rid: name for rid, name in s.execute(select(Reviewer.id, Reviewer.name))}
    notes: dict[str, list[IssueNoteView]] = defaultdict(list)
    for n in s.execute(select(IssueNote).where(
            IssueNote.cycle_id == cycle.id, IssueNote.applicant_id == aid,
            IssueNote.stage_id == stage.id).order_by(IssueNote.reviewer_id)).scalars():
        notes[n.issue_id].append(IssueNoteView(
            n.reviewer_id, names.get(n.reviewer_id, n.reviewer_id), Outcome(n.outcome), n.text,
            tuple((int(a), int(b)) for a, b in json.loads(n.marks))))
    resolved = {f.issue_id: f for f in found if f.kind is FindingKind.RESOLUTION}
    return tuple(IssueReview(i, fw.item(i.item_id) if fw.has_item(i.item_id) else None,
                             tuple(notes.get(i.issue_id, ())), resolved.get(i.issue_id))
                 for i in issues)


def review_findings(s: Session, cycle: Cycle, app: Applicant, stage_id: str) -> ReviewFindings:
    """Everything the team reported for ``app`` at ``stage_id`` (see ``ReviewFindings``)."""
    p = programme_of(cycle.programme_id)
    stage = p.stage(stage_id)
    fw = framework_for_ref(cycle.framework_ref)
    team_name, members = _team(s, app.id)
    bundle = _consensus_bundle(s, cycle, app.id, stage.id)
    made = None
    if bundle is not None:
        made = datetime.fromisoformat(
            json.loads(bundle.manifest_json)["created_at"].replace("Z", "+00:00"))
    rows = list(s.execute(select(ConsensusItem).where(
        ConsensusItem.cycle_id == cycle.id, ConsensusItem.applicant_id == app.id,
        ConsensusItem.stage_id == stage.id)).scalars())
    by_item = {r.item_id: r for r in rows}
    summary = summarise(fw, [ItemEntry(r.item_id, r.pct) for r in rows]) if rows else None
    items = tuple(AgreedItem(it, by_item[it.id].pct, summary.item_scores[it.id],
                             by_item[it.id].rationale)
                  for it in fw.items if it.id in by_item and summary is not None)
    found = findings_of(s, cycle, app.id, stage.id)
    named = tuple(NamedFinding(f, fw.item(f.item_id) if f.item_id and fw.has_item(f.item_id)
                               else None) for f in found)
    reviews = _issue_reviews(s, cycle, fw, app.id, stage, found) \
        if stage.kind is StageKind.ONSITE else ()
    return ReviewFindings(
        str(app.id), app.ref, app.name, stage, team_name, members,
        "" if bundle is None else bundle.file_name, made, _final(bundle), items, summary, named,
        reviews, status_of(s, cycle, fw, app.id, stage))


def takes_part(s: Session, cycle: Cycle, p: Programme, stage: Stage, applicant_id: str) -> bool:
    """Whether the applicant takes part in a scored stage: the first one always, a later one
    once the office admitted it there."""
    if p.scored_stages and stage.id == p.scored_stages[0].id:
        return True
    row = s.get(CycleSetting, (cycle.id, f"admitted.{stage.id}"))  # packages.admit
    return row is not None and applicant_id in json.loads(row.value)


def report_stages(p: Programme) -> list[Stage]:
    """The stages a review team writes a report for: the material and on-site reviews, scored
    item by item (a defense is one panel score: no team report)."""
    return [st for st in p.scored_stages
            if st.kind in (StageKind.MATERIAL, StageKind.ONSITE)
            and st.form.kind is FormKind.ITEMS]


def report_status_rows(s: Session, cycle: Cycle) -> tuple[ReportStatusRow, ...]:
    p = programme_of(cycle.programme_id)
    fw = framework_for_ref(cycle.framework_ref)
    stages = report_stages(p)
    out = []
    for app in s.execute(select(Applicant).where(Applicant.cycle_id == cycle.id)
                         .order_by(Applicant.ref)).scalars():
        for st in stages:
            if takes_part(s, cycle, p, st, str(app.id)):
                out.append(ReportStatusRow(str(app.id), app.ref, app.name, st,
                                           status_of(s, cycle, fw, app.id, st)))
    return tuple(out)


def going_on_site(s: Session, cycle: Cycle, applicant_id: str) -> bool:
    """Whether the office admitted the applicant to an on-site stage."""
    p = programme_of(cycle.programme_id)
    return any(takes_part(s, cycle, p, st, applicant_id) for st in p.scored_stages
               if st.kind is StageKind.ONSITE)


def feedback_block_in(s: Session, cycle: Cycle, app: Applicant) -> Msg | None:
    """Why the feedback report of ``app`` cannot be sent, or None: an applicant that is not
    going on site receives its 材料评审报告 as feedback, so that report must be complete."""
    p = programme_of(cycle.programme_id)
    stage = material_stage(p)
    if stage is None or going_on_site(s, cycle, str(app.id)):
        return None
    status = status_of(s, cycle, framework_for_ref(cycle.framework_ref), app.id, stage)
    if status.complete:
        return None
    return Msg(N_("The feedback report of {applicant} cannot be sent: it is not going on site "
                  "and its material review report is not final ({missing})"),
               {"applicant": f"{app.ref} {app.name}", "missing": joined(status.missing())})


# --- one unit of work each --------------------------------------------------------------------


def team_findings(ws: Workspace, applicant_ref: str, stage_id: str,
                  cycle_ref: str | None = None) -> ReviewFindings:
    """What the team reported for one applicant at one stage."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return review_findings(s, cycle, find_applicant(s, cycle, applicant_ref), stage_id)


def report_statuses(ws: Workspace, cycle_ref: str | None = None) -> tuple[ReportStatusRow, ...]:
    """Per applicant and scored stage it takes part in: is the team's report complete."""
    with ws.uow() as s:
        return report_status_rows(s, resolve_cycle(s, cycle_ref))


def feedback_block(ws: Workspace, applicant_ref: str,
                   cycle_ref: str | None = None) -> Msg | None:
    """Why the feedback report of the applicant cannot be sent yet, or None (see
    ``feedback_block_in``)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return feedback_block_in(s, cycle, find_applicant(s, cycle, applicant_ref))
