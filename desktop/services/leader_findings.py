"""The team leader's consolidation (组长汇总): the team's findings for one applicant and stage,
kept in the leader's case file (``team_finding``) and carried in the signed consensus bundle.

Usage (each call one unit of work on the open case; errors are typed ``ScorebookError``)::

    team = TeamLeader(case)
    member_comments(team, applicant_id, "material", "4.1.2")  # -> [MemberComment] "R1:2" …
    pick(team, applicant_id, "material", "4.1.2", FindingKind.STRENGTH, ["R1:1", "R2:3"])
    add_finding(team, applicant_id, "material", FindingKind.THEME_STRENGTH, "…")
    add_finding(team, applicant_id, "material", FindingKind.VERIFY, "…", item_id="4.1.2")
    edit_finding(team, finding_id, "…"); move_finding(team, finding_id, up=True)
    remove_finding(team, finding_id)          # -> the view removed (``restore`` puts it back)
    findings(team, applicant_id, "material")  # -> [FindingView] by item, kind, ordinal
    issue_board(team, applicant_id)           # on site: each issue received, the notes, the
    resolve(team, issue_id, Outcome.CLARIFIED, "…")   # resolution (one per issue)
    report_status(team, applicant_id, "material")     # -> domain ReportStatus

The members' comments are read from the bundles in force (the merged state, recusals left out):
each line of an item's strengths or improvements box is one comment (``comments_of``: factor
tag, page citations) with the member's secret marks that fall inside the line, shifted to it. A
finding picked from comments keeps whose they were (``sources``) and their marks, placed in the
finding's text; an edit keeps each mark on the text it marked (a mark whose text is gone is
dropped, as for a reviewer's comments). Every value passes ``finding_problem`` (one rule set
with the office); site-visit issues (核实 / 澄清) are raised only at a material-review stage,
each with a fresh id ``SI-`` + 10 hex digits; a resolution only at an on-site stage, for an
issue the case received, with an outcome. Every change is an entry of the case's audit log
(``finding.add`` / ``finding.edit`` / ``finding.remove`` / ``finding.move`` /
``finding.restore``).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, NotFound, RuleViolation
from desktop.domain.findings import (
    ISSUE_KINDS,
    CommentKind,
    Finding,
    FindingKind,
    Outcome,
    ReportStatus,
    SiteIssue,
    comments_of,
    finding_problem,
)
from desktop.domain.findings import report_status as domain_status
from desktop.domain.merge import SCORES, MergedState
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import StageKind
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.services.leader_signing import basis
from desktop.services.leader_types import (
    FindingView,
    IssueBoardRow,
    IssueNoteView,
    MemberComment,
    Source,
)

if TYPE_CHECKING:
    from desktop.services.leader import TeamLeader

Span = tuple[int, int]
KIND_ORDER = {k: i for i, k in enumerate(FindingKind)}


# --- reading -------------------------------------------------------------------------------------


def _source(team: TeamLeader, reviewer_id: str) -> Source:
    who = team.roster.find(reviewer_id)
    return Source(reviewer_id, who.display_name if who is not None else reviewer_id)


def _manifests(team: TeamLeader, s: Session, state: MergedState,
               stage_id: str) -> dict[str, dict[str, Any]]:
    """reviewer id -> the manifest of their scores bundle in force at ``stage_id``."""
    out = {}
    for (rid, stage, kind), record in state.current.items():
        if stage != stage_id or kind != SCORES:
            continue
        row = s.scalars(select(m.ReceivedBundle).filter_by(
            reviewer_id=rid, stage_id=stage, kind=kind, revision=record[3],
            content_hash=record[4]).limit(1)).first()
        if row is not None:
            out[rid] = json.loads(row.manifest_json)
    return out


def _inside(marks: Iterable[Span], start: int, length: int) -> tuple[Span, ...]:
    """The parts of ``marks`` (offsets in a box) inside the line at ``start``, shifted to it."""
    out = []
    for a, b in marks:
        lo, hi = max(a, start), min(b, start + length)
        if lo < hi:
            out.append((lo - start, hi - start))
    return tuple(sorted(set(out)))


def _comments(team: TeamLeader, s: Session, applicant_id: str, stage_id: str,
              item_id: str | None) -> list[MemberComment]:
    team.check_target(s, applicant_id, stage_id)
    fw = team.case.framework
    if item_id is not None:
        fw.item(item_id)
    state = team.merged(s)
    reviewers = state.sheets_for(stage_id, applicant_id)  # recusals already left out
    manifests = _manifests(team, s, state, stage_id)
    order = {it.id: i for i, it in enumerate(fw.items)}
    out: list[MemberComment] = []
    for rid in sorted(reviewers):
        rows = [r for r in manifests.get(rid, {}).get("snapshot", {}).get("scores", ())
                if r["applicant_id"] == applicant_id and r["stage_id"] == stage_id
                and (item_id is None or r["item_id"] == item_id)]
        for row in sorted(rows, key=lambda r: order.get(r["item_id"], len(order))):
            number = 0
            for kind, field in ((CommentKind.STRENGTH, "strengths"),
                                (CommentKind.IMPROVEMENT, "improvements")):
                marks = [(k["start"], k["end"]) for k in row.get("secret_marks", ())
                         if k["field"] == field]
                for c in comments_of(fw, row[field], kind):
                    number += 1
                    out.append(MemberComment(
                        f"{rid}:{number}", _source(team, rid), row["item_id"], kind, number,
                        c.factors, c.pages, c.line, c.body,
                        _inside(marks, c.start, len(c.line))))
    return out


def member_comments(team: TeamLeader, applicant_id: str, stage_id: str,
                    item_id: str | None = None) -> list[MemberComment]:
    """The members' comments on one item (or every item), by reviewer, then item, strengths
    before improvements; numbered per reviewer and item as ``pick`` reads them ("R1:2")."""
    return team.case.run(lambda s: _comments(team, s, applicant_id, stage_id, item_id))


def _view(team: TeamLeader, row: m.TeamFinding) -> FindingView:
    return FindingView(row.id, row.applicant_id, row.stage_id, FindingKind(row.kind),
                       row.item_id, row.text,
                       tuple(_source(team, r) for r in json.loads(row.sources_json)),
                       row.issue_id, None if row.outcome is None else Outcome(row.outcome),
                       tuple((int(a), int(b)) for a, b in json.loads(row.marks_json)),
                       row.ordinal)


def _order(team: TeamLeader) -> dict[str, int]:
    """Applicant findings (key themes, suggestions) first, then the items in criteria order."""
    return {"": -1, **{it.id: i for i, it in enumerate(team.case.framework.items)}}


def _rows(team: TeamLeader, s: Session, applicant_id: str, stage_id: str) -> list[FindingView]:
    order = _order(team)
    views = [_view(team, r) for r in s.scalars(select(m.TeamFinding).filter_by(
        applicant_id=applicant_id, stage_id=stage_id))]
    return sorted(views, key=lambda v: (order.get(v.item_id, len(order)), KIND_ORDER[v.kind],
                                        v.ordinal, v.id))


def findings(team: TeamLeader, applicant_id: str, stage_id: str) -> list[FindingView]:
    """The team's findings for one applicant and stage, by item (applicant findings first),
    then kind, then the order the leader gave them."""
    def work(s: Session) -> list[FindingView]:
        team.check_target(s, applicant_id, stage_id)
        return _rows(team, s, applicant_id, stage_id)

    return team.case.run(work)


def received_issues(s: Session, applicant_id: str) -> list[SiteIssue]:
    """The site-visit issues the case received for an applicant (from the on-site package)."""
    return [SiteIssue(r.issue_id, r.applicant_id, r.item_id, FindingKind(r.kind), r.text)
            for r in s.scalars(select(m.SiteIssue).filter_by(applicant_id=applicant_id)
                               .order_by(m.SiteIssue.item_id, m.SiteIssue.issue_id))]


# --- changing ------------------------------------------------------------------------------------


def _stage_kind(s: Session, stage_id: str) -> str:
    stage = s.get(m.Stage, stage_id)
    return "" if stage is None else stage.kind


def _check(team: TeamLeader, s: Session, applicant_id: str, stage_id: str,
           f: Finding) -> None:
    """Every rule a finding's values must keep (typed errors with the reason)."""
    kind = _stage_kind(s, stage_id)
    if f.kind in ISSUE_KINDS and kind != StageKind.MATERIAL.value:
        raise RuleViolation(Msg(N_("Site-visit issues (verify, clarify) are raised after the "
                                   "material review, not at stage {stage}"),
                                {"stage": stage_id}))
    if f.kind is FindingKind.RESOLUTION and kind != StageKind.ONSITE.value:
        raise RuleViolation(Msg(N_("A site-visit issue is resolved on site, not at stage "
                                   "{stage}"), {"stage": stage_id}))
    issues = [i.issue_id for i in received_issues(s, applicant_id)]
    problem = finding_problem(team.case.framework, f, issues)
    if problem is not None:
        raise InputRejected(problem)


def _group(s: Session, row: m.TeamFinding) -> list[m.TeamFinding]:
    """The findings sharing ``row``'s place (applicant, stage, item, kind), in order."""
    return sorted(s.scalars(select(m.TeamFinding).filter_by(
        applicant_id=row.applicant_id, stage_id=row.stage_id, item_id=row.item_id,
        kind=row.kind)), key=lambda r: (r.ordinal, r.id))


def _record(row: m.TeamFinding) -> dict[str, Any]:
    return {"kind": row.kind, "item_id": row.item_id, "text": row.text,
            "issue_id": row.issue_id, "outcome": row.outcome,
            "sources": json.loads(row.sources_json), "marks": json.loads(row.marks_json),
            "ordinal": row.ordinal}


def _entity(row: m.TeamFinding) -> str:
    return f"finding:{row.applicant_id}/{row.stage_id}/{row.id}"


def _insert(team: TeamLeader, s: Session, applicant_id: str, stage_id: str, f: Finding,
            action: str = "finding.add") -> FindingView:
    team.check_target(s, applicant_id, stage_id)
    issue_id = f.issue_id
    if f.kind in ISSUE_KINDS and not issue_id:
        issue_id = "SI-" + secrets.token_hex(5)
        f = Finding(f.kind, f.text, f.item_id, issue_id, f.outcome, f.sources, f.marks)
    elif f.kind in ISSUE_KINDS and s.scalars(select(m.TeamFinding.id).filter(
            m.TeamFinding.issue_id == issue_id,
            m.TeamFinding.kind.in_([k.value for k in ISSUE_KINDS]))).first() is not None:
        raise RuleViolation(Msg(N_("The team already raised site-visit issue {issue}"),
                                {"issue": issue_id}))
    _check(team, s, applicant_id, stage_id, f)
    if f.kind is FindingKind.RESOLUTION and s.scalars(select(m.TeamFinding.id).filter_by(
            applicant_id=applicant_id, stage_id=stage_id, kind=f.kind.value,
            issue_id=f.issue_id)).first() is not None:
        raise RuleViolation(Msg(N_("Site-visit issue {issue} already has a resolution: edit "
                                   "it"), {"issue": f.issue_id}))
    row = m.TeamFinding(applicant_id=applicant_id, stage_id=stage_id, item_id=f.item_id,
                        kind=f.kind.value, ordinal=0, text=f.text, issue_id=f.issue_id,
                        outcome=None if f.outcome is None else f.outcome.value,
                        sources_json=json.dumps(list(f.sources)),
                        marks_json=json.dumps([list(k) for k in f.marks]),
                        updated_at=utcnow())
    row.ordinal = 1 + max((r.ordinal for r in _group(s, row)), default=-1)
    s.add(row)
    s.flush()
    audit.append(s, actor=team.leader_id, action=action, entity=_entity(row),
                 new=_record(row))
    return _view(team, row)


def add_finding(team: TeamLeader, applicant_id: str, stage_id: str, kind: FindingKind | str,
                text: str, *, item_id: str = "", issue_id: str = "",
                outcome: Outcome | str | None = None, sources: Sequence[str] = (),
                marks: Sequence[Span] = ()) -> FindingView:
    """A new finding at the end of its kind (a site-visit issue gets a fresh id)."""
    f = Finding(_kind(kind), text.strip(), item_id, issue_id,
                None if outcome is None else _outcome(outcome),
                tuple(dict.fromkeys(sources)), tuple(marks))
    return team.case.run(lambda s: _insert(team, s, applicant_id, stage_id, f))


def pick(team: TeamLeader, applicant_id: str, stage_id: str, item_id: str,
         kind: FindingKind | str, refs: Sequence[str]) -> FindingView:
    """One agreed finding from one member comment, or several merged (their texts joined one
    a line, in the order given; the same words twice once): ``sources`` their reviewers, their
    marks carried along."""
    wanted = list(dict.fromkeys(refs))
    if not wanted:
        raise InputRejected(Msg(N_("Choose at least one member's comment")))

    def work(s: Session) -> FindingView:
        found = {c.ref: c for c in _comments(team, s, applicant_id, stage_id, item_id)}
        missing = [r for r in wanted if r not in found]
        if missing:
            raise NotFound(Msg(N_("No comment {refs} on item {item} (see the members' "
                                  "comments)"), {"refs": ", ".join(missing), "item": item_id}))
        parts: list[str] = []
        starts: list[int] = []
        marks: list[Span] = []
        for ref in wanted:  # the same words from two members are one line, both sources kept
            c = found[ref]
            part = c.text.strip()
            if part not in parts:
                starts.append(sum(len(p) + 1 for p in parts))
                parts.append(part)
            at = starts[parts.index(part)]
            lead = len(c.text) - len(c.text.lstrip())
            for a, b in c.marks:
                lo, hi = max(a - lead, 0), min(b - lead, len(part))
                if lo < hi:
                    marks.append((at + lo, at + hi))
        text = "\n".join(parts)
        f = Finding(_kind(kind), text, item_id, "", None,
                    tuple(dict.fromkeys(found[r].reviewer.reviewer_id for r in wanted)),
                    tuple(sorted(set(marks))))
        return _insert(team, s, applicant_id, stage_id, f)

    return team.case.run(work)


def _row(s: Session, finding_id: int) -> m.TeamFinding:
    row = s.get(m.TeamFinding, finding_id)
    if row is None:
        raise NotFound(Msg(N_("No finding {id} in this case"), {"id": finding_id}))
    return row


def follow_marks(before: str, after: str, marks: Iterable[Span]) -> tuple[Span, ...]:
    """Each mark stays on the text it marked: same place, else where that text moved; a mark
    whose text is gone is dropped (as ``services.case._follow_marks`` does for a comment)."""
    kept = []
    for a, b in marks:
        span = before[a:b]
        if span and after[a:b] == span:
            kept.append((a, b))
            continue
        moved = after.find(span) if span else -1
        if moved >= 0:
            kept.append((moved, moved + len(span)))
    return tuple(sorted(set(kept)))


def edit_finding(team: TeamLeader, finding_id: int, text: str,
                 outcome: Outcome | str | None = None) -> FindingView:
    """New text (and for a resolution, optionally a new outcome); the marks follow the text."""
    def work(s: Session) -> FindingView:
        row = _row(s, finding_id)
        team.check_target(s, row.applicant_id, row.stage_id)
        old = _record(row)
        new_text = text.strip()
        marks = follow_marks(row.text, new_text, json.loads(row.marks_json))
        new_outcome = old["outcome"] if outcome is None else _outcome(outcome).value
        f = Finding(FindingKind(row.kind), new_text, row.item_id, row.issue_id,
                    None if new_outcome is None else Outcome(new_outcome),
                    tuple(old["sources"]), marks)
        _check(team, s, row.applicant_id, row.stage_id, f)
        if (new_text, list(map(list, marks)), new_outcome) != (row.text, old["marks"],
                                                               row.outcome):
            row.text, row.outcome = new_text, new_outcome
            row.marks_json = json.dumps([list(k) for k in marks])
            row.updated_at = utcnow()
            audit.append(s, actor=team.leader_id, action="finding.edit", entity=_entity(row),
                         old=old, new=_record(row))
        return _view(team, row)

    return team.case.run(work)


def resolve(team: TeamLeader, issue_id: str, outcome: Outcome | str, text: str,
            stage_id: str | None = None) -> FindingView:
    """The team's resolution of a site-visit issue the case received (made, or edited when
    there is one) at the on-site stage (``stage_id``; default the case's on-site stage)."""
    def where(s: Session) -> tuple[str, str, int | None]:
        issue = s.get(m.SiteIssue, issue_id)
        if issue is None:
            raise NotFound(Msg(N_("No site-visit issue {issue} was given to this team"),
                               {"issue": issue_id}))
        stage = stage_id or next(iter(s.scalars(select(m.Stage.stage_id).filter_by(
            kind=StageKind.ONSITE.value).order_by(m.Stage.ordinal))), "")
        if not stage:
            raise RuleViolation(Msg(N_("This case has no on-site stage")))
        have = s.scalars(select(m.TeamFinding.id).filter_by(
            applicant_id=issue.applicant_id, stage_id=stage,
            kind=FindingKind.RESOLUTION.value, issue_id=issue_id)).first()
        return issue.applicant_id, stage, have

    applicant_id, stage, have = team.case.run(where)
    if have is not None:
        return edit_finding(team, have, text, outcome)

    def create(s: Session) -> FindingView:
        issue = s.get_one(m.SiteIssue, issue_id)
        f = Finding(FindingKind.RESOLUTION, text.strip(), issue.item_id, issue_id,
                    _outcome(outcome))
        return _insert(team, s, applicant_id, stage, f)

    return team.case.run(create)


def remove_finding(team: TeamLeader, finding_id: int) -> FindingView:
    """Remove a finding; returns it as it was (``restore`` puts it back: undo)."""
    def work(s: Session) -> FindingView:
        row = _row(s, finding_id)
        team.check_target(s, row.applicant_id, row.stage_id)
        view = _view(team, row)
        audit.append(s, actor=team.leader_id, action="finding.remove", entity=_entity(row),
                     old=_record(row))
        s.delete(row)
        s.flush()
        rest = [r for r in _group(s, row) if r.id != row.id]
        for i, r in enumerate(rest):
            r.ordinal = i
        return view

    return team.case.run(work)


def move_finding(team: TeamLeader, finding_id: int, up: bool) -> FindingView:
    """One place up or down among the findings of its kind (at an end: unchanged)."""
    def work(s: Session) -> FindingView:
        row = _row(s, finding_id)
        team.check_target(s, row.applicant_id, row.stage_id)
        group = _group(s, row)
        at = [r.id for r in group].index(row.id)
        to = at - 1 if up else at + 1
        if 0 <= to < len(group):
            group[at], group[to] = group[to], group[at]
            for i, r in enumerate(group):
                r.ordinal = i
            audit.append(s, actor=team.leader_id, action="finding.move", entity=_entity(row),
                         old={"ordinal": at}, new={"ordinal": to})
        return _view(team, row)

    return team.case.run(work)


def restore(team: TeamLeader, view: FindingView) -> FindingView:
    """Put a finding back as ``view`` shows it — its id, text, marks, outcome and place
    (undo of an edit, a removal or a move; redo of an addition)."""
    def work(s: Session) -> FindingView:
        team.check_target(s, view.applicant_id, view.stage_id)
        f = view.finding()
        _check(team, s, view.applicant_id, view.stage_id, f)
        row = s.get(m.TeamFinding, view.id)
        old = None if row is None else _record(row)
        if row is None:
            row = m.TeamFinding(id=view.id, applicant_id=view.applicant_id,
                                stage_id=view.stage_id, item_id=view.item_id,
                                kind=view.kind.value, ordinal=view.ordinal, text=view.text,
                                issue_id=view.issue_id)
            s.add(row)
        elif (row.applicant_id, row.stage_id, row.item_id, row.kind) != (
                view.applicant_id, view.stage_id, view.item_id, view.kind.value):
            raise RuleViolation(Msg(N_("Finding {id} is another finding now"),
                                    {"id": view.id}))
        row.text, row.outcome = view.text, None if view.outcome is None else view.outcome.value
        row.sources_json = json.dumps([x.reviewer_id for x in view.sources])
        row.marks_json = json.dumps([list(k) for k in view.marks])
        row.updated_at = utcnow()
        s.flush()
        group = [r for r in _group(s, row) if r.id != row.id]
        group.insert(min(view.ordinal, len(group)), row)
        for i, r in enumerate(group):
            r.ordinal = i
        audit.append(s, actor=team.leader_id, action="finding.restore", entity=_entity(row),
                     old=old, new=_record(row))
        return _view(team, row)

    return team.case.run(work)


# --- on site and the report ----------------------------------------------------------------------


def issue_board(team: TeamLeader, applicant_id: str,
                stage_id: str | None = None) -> list[IssueBoardRow]:
    """Each site-visit issue the case received for the applicant, every on-site member's note
    on it (from their bundles in force), and the team's resolution if there is one."""
    def work(s: Session) -> list[IssueBoardRow]:
        onsite = [st for st in s.scalars(select(m.Stage).order_by(m.Stage.ordinal))
                  if st.kind == StageKind.ONSITE.value
                  and (stage_id is None or st.stage_id == stage_id)]
        state = team.merged(s)
        recused = {r for r, a in state.recusals if a == applicant_id}
        notes: dict[str, list[IssueNoteView]] = {}
        for st in onsite:
            for rid, manifest in sorted(_manifests(team, s, state, st.stage_id).items()):
                if rid in recused:
                    continue
                for n in manifest["snapshot"].get("issue_notes", ()):
                    if n["applicant_id"] != applicant_id:
                        continue
                    notes.setdefault(n["issue_id"], []).append(IssueNoteView(
                        _source(team, rid), Outcome(n["outcome"]), n["text"],
                        tuple((k["start"], k["end"]) for k in n.get("secret_marks", ()))))
        resolutions: dict[str, FindingView] = {}
        for st in onsite:
            for v in _rows(team, s, applicant_id, st.stage_id):
                if v.kind is FindingKind.RESOLUTION:
                    resolutions.setdefault(v.issue_id, v)
        order = _order(team)
        issues = sorted(received_issues(s, applicant_id),
                        key=lambda i: (order.get(i.item_id, len(order)), i.issue_id))
        return [IssueBoardRow(i, tuple(notes.get(i.issue_id, ())),
                              resolutions.get(i.issue_id)) for i in issues]

    return team.case.run(work)


def report_status(team: TeamLeader, applicant_id: str, stage_id: str) -> ReportStatus:
    """Whether the team's report for the stage can be made (``ReportStatus.missing`` says what
    is not there): final = the consensus finalised and not outdated."""
    def work(s: Session) -> ReportStatus:
        team.check_target(s, applicant_id, stage_id)
        final = s.get(m.ConsensusFinal, (applicant_id, stage_id))
        current = final is not None and final.basis == basis(team.merged(s), applicant_id,
                                                             stage_id)
        issues = [i.issue_id for i in received_issues(s, applicant_id)] \
            if _stage_kind(s, stage_id) == StageKind.ONSITE.value else []
        return domain_status(team.case.framework,
                             [v.finding() for v in _rows(team, s, applicant_id, stage_id)],
                             final=current, issues=issues)

    return team.case.run(work)


def _kind(kind: FindingKind | str) -> FindingKind:
    try:
        return FindingKind(kind)
    except ValueError:
        raise InputRejected(Msg(N_("No kind of finding '{kind}' (one of: {kinds})"),
                                {"kind": str(kind),
                                 "kinds": ", ".join(k.value for k in FindingKind)})) from None


def _outcome(outcome: Outcome | str) -> Outcome:
    try:
        return Outcome(outcome)
    except ValueError:
        raise InputRejected(Msg(N_("No outcome '{outcome}' (one of: {outcomes})"),
                                {"outcome": str(outcome),
                                 "outcomes": ", ".join(o.value for o in Outcome)})) from None




#: what the front ends call each kind of finding and each outcome (translated there)
KIND_NAMES: dict[FindingKind, str] = {
    FindingKind.STRENGTH: N_("Strength"),
    FindingKind.IMPROVEMENT: N_("Opportunity for improvement"),
    FindingKind.THEME_STRENGTH: N_("Key strength"),
    FindingKind.THEME_IMPROVEMENT: N_("Key opportunity for improvement"),
    FindingKind.SUGGESTION: N_("Quality improvement suggestion"),
    FindingKind.VERIFY: N_("To verify on site"),
    FindingKind.CLARIFY: N_("To clarify on site"),
    FindingKind.RESOLUTION: N_("Resolution"),
}
OUTCOME_NAMES: dict[Outcome, str] = {
    Outcome.CONFIRMED: N_("Confirmed"),
    Outcome.NOT_CONFIRMED: N_("Not confirmed"),
    Outcome.CLARIFIED: N_("Clarified"),
    Outcome.UNRESOLVED: N_("Unresolved"),
}


def stage_kind(team: TeamLeader, stage_id: str) -> str:
    """The programme's kind of a stage of the case (material, onsite …; "" if none)."""
    return team.case.run(lambda s: _stage_kind(s, stage_id))


__all__ = ["KIND_NAMES", "OUTCOME_NAMES", "FindingView", "IssueBoardRow", "IssueNoteView",
           "MemberComment", "Source", "add_finding", "edit_finding", "findings", "issue_board",
           "member_comments", "move_finding", "pick", "remove_finding", "report_status",
           "resolve", "restore", "stage_kind"]
