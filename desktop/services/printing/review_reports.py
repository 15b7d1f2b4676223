"""The review reports from the office workspace (issue 20), each read in one unit of work from
the office's reads of the teams' findings (``services.office.findings``) and rendered in memory:

- ``review_report``: the team's 材料评审报告 or 现场评审报告 of one applicant at a material or
  on-site stage (internal: the team is named, the findings are whole, the copy watermarked);
- ``summary_report``: the 综合评审报告 / 汇总评审报告 across the cycle's applicants for the
  committee (which of the two the programme's documents name: ``SUMMARY_TITLES``);
- ``feedback``: the feedback report to an applicant, built from the team's consolidated findings
  when the team recorded any (else from the reviewers' own comments, saying so), refused while
  ``feedback_block`` says the applicant, not going on site, has no final 材料评审报告 yet.

``office.office_document`` is the one way in, for the window's Print page and the command line.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from desktop.domain.findings import Finding, FindingKind
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Stage, StageKind
from desktop.domain.redaction import Audience, Secrets
from desktop.models.office.people import Applicant
from desktop.reports import inputs as i
from desktop.reports import inputs_review as ir
from desktop.services.office.common import find_applicant
from desktop.services.office.findings import (
    feedback_block_in,
    findings_of,
    report_stages,
    report_status_rows,
    review_findings,
)
from desktop.services.office.ranking import ranking as office_ranking
from desktop.services.office.totals import stage_totals
from desktop.services.office.workspace import Workspace
from desktop.services.printing.common import PrintOptions, PrintRefused, Rendered, render
from desktop.services.printing.from_office import (
    _Context,
    _declared,
    _panel_median,
    _panel_sheet,
)

KINDS = ("review-report", "summary-report")
DEFAULT_AUDIENCE = {"review-report": Audience.INTERNAL, "summary-report": Audience.INTERNAL,
                    "feedback": Audience.EXTERNAL}

# The report across applicants each programme's document names (data, by programme id):
# 呼和浩特市 第十八条 and 包头稀土高新区 第十八条 — each team 形成综合评审报告，综合排序;
# 主席质量奖 第二十三条 and 包头市 第二十五条 — the office 汇总评审报告; 锡林郭勒盟 第十四条 — the
# office scores comprehensively from the 材料/现场评审报告 (a summary of the teams' reports).
# A programme not listed gets the summary.
SUMMARY_TITLES: dict[str, ir.SummaryTitle] = {
    "hohhot-mayor": ir.SummaryTitle.COMPREHENSIVE,
    "baotou-hitech": ir.SummaryTitle.COMPREHENSIVE,
    "nmg-chairman": ir.SummaryTitle.SUMMARY,
    "baotou-mayor": ir.SummaryTitle.SUMMARY,
    "xilingol-league": ir.SummaryTitle.SUMMARY,
}

_REPORT_KINDS = {StageKind.MATERIAL: ir.ReviewReportKind.MATERIAL,
                 StageKind.ONSITE: ir.ReviewReportKind.ONSITE}


class FeedbackBlocked(PrintRefused):
    """The feedback report of an applicant may not be sent yet (its 材料评审报告 is not final)."""


def _rendered(kind: str, inp: i.DocumentInput, opts: PrintOptions, office: str, *,
              applicant: str = "", stage: str = "") -> Rendered:
    return render(kind, inp, opts, DEFAULT_AUDIENCE[kind], office, applicant=applicant,
                  stage=stage)


def _report_stages(ctx: _Context) -> list[Stage]:
    """The programme's stages a team report is made for: material and on-site, scored by items."""
    return report_stages(ctx.programme)


def _report_stage(ctx: _Context, app: Applicant, stage: str | None) -> Stage:
    stages = _report_stages(ctx)
    if stage is not None:
        chosen = ctx.programme.stage(stage)  # NotFound for an unknown stage
        if chosen not in stages:
            raise PrintRefused(Msg(N_("Stage {stage} has no review team report (only the "
                                      "material and on-site reviews have one)"),
                                   {"stage": stage}))
        return chosen
    held = [st for st in stages if findings_of(ctx.session, ctx.cycle, app.id, st.id)]
    if not held:
        raise PrintRefused(Msg(N_("No review team has reported on applicant {applicant} yet"),
                               {"applicant": app.ref}))
    return held[-1]


def review_report(ws: Workspace, applicant: str, stage: str | None, opts: PrintOptions,
                  cycle: str | None = None) -> Rendered:
    """The team's review report of an applicant at a material or on-site stage (default: the
    last such stage the team reported on)."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        app = find_applicant(s, ctx.cycle, applicant)
        st = _report_stage(ctx, app, stage)
        rf = review_findings(s, ctx.cycle, app, st.id)
        if not rf.findings and rf.summary is None:
            raise PrintRefused(Msg(N_("No review team has reported on applicant {applicant} at "
                                      "stage {stage}"), {"applicant": app.ref, "stage": st.id}))
        leader = rf.leader
        notes = tuple(ir.IssueNoteLine(review.issue.issue_id, n.outcome, n.text, n.marks)
                      for review in rf.site_issues for n in review.notes)
        inp = ir.ReviewReportInput(
            **ctx.base(ctx.stage_name(st.id)), kind=_REPORT_KINDS[st.kind],
            applicant=ctx.party(app), framework=ctx.framework,
            leader=i.Party(leader.reviewer_id, leader.name) if leader else None,
            members=tuple(i.Party(m.reviewer_id, m.name) for m in rf.members if not m.leader),
            signed=rf.consensus_at, pcts={a.item_id: a.pct for a in rf.items},
            findings=tuple(nf.finding for nf in rf.findings),
            issues=tuple(review.issue for review in rf.site_issues), notes=notes,
            secrets=Secrets(_declared(s, app)), final=rf.final)
        office = ctx.office
    return _rendered("review-report", inp, opts, office, applicant=app.ref, stage=st.id)


def summary_title(programme_id: str) -> ir.SummaryTitle:
    return SUMMARY_TITLES.get(programme_id, ir.SummaryTitle.SUMMARY)


def summary_report(ws: Workspace, opts: PrintOptions, cycle: str | None = None) -> Rendered:
    """The report across the cycle's applicants: per applicant its total at each scored stage
    and its comprehensive score and rank where the office has them, its key themes (from the
    last team that wrote any) and whether each stage's team report is complete."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        _ = ctx.labels
        apps = list(s.execute(select(Applicant).where(Applicant.cycle_id == ctx.cycle.id)
                              .order_by(Applicant.ref)).scalars())
        if not apps:
            raise PrintRefused(Msg(N_("Cycle {cycle} has no applicants"),
                                   {"cycle": ctx.cycle.label}))
        scored = list(ctx.programme.scored_stages)
        totals = stage_totals(s, ctx.cycle)
        ranked: dict[str, tuple[int, str]] = {}
        for cat in office_ranking(s, ctx.cycle).categories:
            for r in cat.rows:
                if r.score is not None:
                    ranked[r.ref] = (int(r.rank or 0), str(r.score))
        statuses: dict[str, list[ir.StageStatus]] = defaultdict(list)
        for row in report_status_rows(s, ctx.cycle):
            statuses[row.applicant_id].append(ir.StageStatus(
                ctx.stage_name(row.stage_id), row.complete, row.missing()))
        reports = _report_stages(ctx)
        rows = []
        for app in apps:
            aid = str(app.id)
            figures = tuple("" if (t := totals.get(aid, {}).get(st.id)) is None or
                            t.total is None else str(t.total) for st in scored)
            themes: tuple[Finding, ...] = ()
            for st in reversed(reports):
                found = tuple(f for f in findings_of(s, ctx.cycle, app.id, st.id)
                              if f.kind in (FindingKind.THEME_STRENGTH,
                                            FindingKind.THEME_IMPROVEMENT))
                if found:
                    themes = found
                    break
            rank, score = ranked.get(app.ref, (None, ""))
            award = ctx.award_name(app.award_id) if app.award_id else ""
            rows.append(ir.SummaryRow(ctx.party(app), award, figures, score, rank, themes,
                                      tuple(statuses.get(aid, ())),
                                      Secrets(_declared(s, app))))
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.applicant.id))
        inp = ir.SummaryReportInput(
            **ctx.base(), title_kind=summary_title(ctx.programme.id),
            stages=tuple(ctx.stage_name(st.id) for st in scored), rows=tuple(rows))
        office = ctx.office
    return _rendered("summary-report", inp, opts, office)


def feedback(ws: Workspace, applicant: str, stage: str | None, opts: PrintOptions,
             cycle: str | None = None) -> Rendered:
    """The feedback report to an applicant at a stage (default: the first scored by items): the
    panel's result per category beside the panel's median, then the team's consolidated
    findings — or, when the team recorded none, every reviewer's comments without their names.
    Refused (``FeedbackBlocked``) while the applicant is not going on site and its material
    review report is not final."""
    with ws.uow() as s:
        ctx = _Context(s, cycle, opts)
        app = find_applicant(s, ctx.cycle, applicant)
        blocked = feedback_block_in(s, ctx.cycle, app)
        if blocked is not None:
            raise FeedbackBlocked(blocked)
        stage_id = ctx.items_stage(stage)
        team = findings_of(s, ctx.cycle, app.id, stage_id)
        entries, marks = _panel_sheet(ctx, app, stage_id, comments=not team)
        if all(e.pct is None for e in entries):
            raise PrintRefused(Msg(N_("No scores of applicant {applicant} at stage {stage} have "
                                      "been merged"), {"applicant": app.ref, "stage": stage_id}))
        inp = i.FeedbackInput(**ctx.base(ctx.stage_name(stage_id)), applicant=ctx.party(app),
                              framework=ctx.framework, entries=tuple(entries),
                              panel_median=_panel_median(ctx, stage_id),
                              secrets=Secrets(_declared(s, app), tuple(marks)),
                              team_findings=team)
        office = ctx.office
    return _rendered("feedback", inp, opts, office, applicant=app.ref, stage=stage_id)


__all__ = ["DEFAULT_AUDIENCE", "KINDS", "SUMMARY_TITLES", "FeedbackBlocked", "feedback",
           "review_report", "summary_report", "summary_title"]
