"""Constructed inputs of the review reports (the team's findings of one invented applicant): a
material and an on-site report, a summary across applicants, a feedback report from findings."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from desktop.domain.findings import Finding, FindingKind, Outcome, SiteIssue
from desktop.domain.messages import Msg
from desktop.domain.redaction import Audience, Secrets
from desktop.reports import inputs as i
from desktop.reports import inputs_review as ir
from desktop.services.catalogue import framework as load_framework
from desktop.services.printing import samples

SECRET = samples.SECRET  # declared by the applicant
MARKED = "包钢稀土五年长协价格"  # marked by the leader in a finding
REVIEWER_NAMES = ("张喆", "王堃", samples.MONGOLIAN_NAME)
GENERATED = datetime(2025, 10, 9, 10, 0)
ISSUE_V = "SI-00aa11bb22"
ISSUE_C = "SI-33cc44dd55"


def _context(language: str, audience: Audience, stage: str) -> dict[str, object]:
    base = samples._context(language, audience, stage or "Material review")
    base["generated"] = GENERATED
    if not stage:
        base["stage"] = ""  # a report across stages
    return base


def findings() -> tuple[Finding, ...]:
    fw = load_framework()
    out: list[Finding] = [
        Finding(FindingKind.THEME_STRENGTH, "高层领导以身作则推进卓越绩效，战略部署到车间。",
                sources=("R1",)),
        Finding(FindingKind.THEME_STRENGTH, "稀土萃取工艺稳定，关键指标三年持续改善。"),
        Finding(FindingKind.THEME_IMPROVEMENT, "缺少与行业标杆的系统对比，结果的对比性不足。"),
        Finding(FindingKind.SUGGESTION, "建立标杆对比数据库，每年对关键结果开展对标分析。"),
        Finding(FindingKind.SUGGESTION, "将顾客满意度测量扩展到海外客户。"),
    ]
    for item in fw.items:
        out.append(Finding(FindingKind.STRENGTH,
                           f"【方法·展开】{item.name_zh}方面的方法系统并已在主要部门展开（第12页）",
                           item_id=item.id, sources=("R1", "R2"))
                   if item.kind.value == "process" else
                   Finding(FindingKind.STRENGTH,
                           f"【水平·趋势】{item.name_zh}相关指标三年持续向好（第40页）",
                           item_id=item.id, sources=("R3",)))
        out.append(Finding(FindingKind.IMPROVEMENT, "缺少与标杆的对比数据。", item_id=item.id,
                           sources=("R2",)))
    out.append(Finding(FindingKind.STRENGTH, f"现场记录显示{SECRET}，过程稳定。",
                       item_id="4.5.2", sources=("R1",)))
    marked = f"{MARKED}带来成本优势。"
    out.append(Finding(FindingKind.STRENGTH, marked, item_id="4.4.2",
                       marks=((0, len(MARKED)),)))
    out.append(Finding(FindingKind.VERIFY, "核实萃取线自动化改造的投运时间和效果。",
                       item_id="4.5.2", issue_id=ISSUE_V))
    out.append(Finding(FindingKind.CLARIFY, "澄清顾客投诉数据的统计口径。", item_id="4.3.2",
                       issue_id=ISSUE_C))
    return tuple(out)


def pcts() -> dict[str, int | None]:
    fw = load_framework()
    return {it.id: e.pct for it, e in zip(fw.items, samples.entries(fw), strict=True)}


def team() -> tuple[i.Party, tuple[i.Party, ...]]:
    people = tuple(i.Party(f"R{n}", name) for n, name in enumerate(REVIEWER_NAMES, start=1))
    return people[0], people[1:]


def material(language: str, audience: Audience = Audience.INTERNAL) -> ir.ReviewReportInput:
    leader, members = team()
    return ir.ReviewReportInput(
        **_context(language, audience, "Material review"),  # type: ignore[arg-type]
        kind=ir.ReviewReportKind.MATERIAL, applicant=samples.APPLICANT,
        framework=load_framework(), leader=leader, members=members,
        signed=datetime(2025, 9, 20, 16, 0), received=datetime(2025, 9, 21, 9, 30),
        pcts=pcts(), findings=findings(), secrets=Secrets((SECRET,)))


def onsite(language: str, audience: Audience = Audience.INTERNAL) -> ir.ReviewReportInput:
    leader, members = team()
    issues = (SiteIssue(ISSUE_V, "A-2025-007", "4.5.2", FindingKind.VERIFY,
                        "核实萃取线自动化改造的投运时间和效果。"),
              SiteIssue(ISSUE_C, "A-2025-007", "4.3.2", FindingKind.CLARIFY,
                        "澄清顾客投诉数据的统计口径。"))
    notes = (ir.IssueNoteLine(ISSUE_V, Outcome.CONFIRMED, "2024年6月投运，一次合格率提升。"),
             ir.IssueNoteLine(ISSUE_V, Outcome.CONFIRMED, "查看了投运记录。"),
             ir.IssueNoteLine(ISSUE_C, Outcome.CLARIFIED, "按批次统计，含退货。"))
    resolutions = (
        Finding(FindingKind.RESOLUTION, "改造已于2024年6月投运，一次合格率由92%提升到97%。",
                item_id="4.5.2", issue_id=ISSUE_V, outcome=Outcome.CONFIRMED),
        Finding(FindingKind.RESOLUTION, "投诉按批次统计，含退货，口径与行业一致。",
                item_id="4.3.2", issue_id=ISSUE_C, outcome=Outcome.CLARIFIED))
    told = tuple(f for f in findings() if f.kind not in (FindingKind.VERIFY,
                                                         FindingKind.CLARIFY))
    return ir.ReviewReportInput(
        **_context(language, audience, "On-site review"),  # type: ignore[arg-type]
        kind=ir.ReviewReportKind.ONSITE, applicant=samples.APPLICANT,
        framework=load_framework(), leader=leader, members=members,
        signed=datetime(2025, 10, 8, 18, 0), pcts=pcts(), findings=told + resolutions,
        issues=issues, notes=notes, secrets=Secrets((SECRET,)))


def feedback(language: str, audience: Audience = Audience.EXTERNAL) -> i.FeedbackInput:
    base = samples.feedback(language, audience)
    fw = load_framework()
    entries = tuple(dataclasses.replace(e, strengths="", improvements="")
                    for e in samples.entries(fw))
    return dataclasses.replace(base, entries=entries, team_findings=findings(),
                               secrets=Secrets((SECRET,)), generated=GENERATED)


def summary(language: str, audience: Audience = Audience.INTERNAL,
            title: ir.SummaryTitle = ir.SummaryTitle.SUMMARY) -> ir.SummaryReportInput:
    themes = tuple(f for f in findings() if f.kind in (FindingKind.THEME_STRENGTH,
                                                       FindingKind.THEME_IMPROVEMENT))
    rows = (
        ir.SummaryRow(samples.APPLICANT, "主席质量奖（组织）", ("541.50", "560.00", "88.00"),
                      "612.35", 1, themes,
                      (ir.StageStatus("材料评审", True), ir.StageStatus("现场评审", True)),
                      Secrets((SECRET,))),
        ir.SummaryRow(i.Party("A-2025-011", "内蒙古伊利实业集团股份有限公司"),
                      "主席质量奖（组织）", ("520.00", "", ""), "", None, (),
                      (ir.StageStatus("材料评审", False,
                                      (Msg("the team's consensus is not final"),)),)),
    )
    return ir.SummaryReportInput(
        **_context(language, audience, ""),  # type: ignore[arg-type]
        title_kind=title, stages=("材料评审", "现场评审", "陈述答辩"), rows=rows,
        basis="材料评审 30% + 现场评审 50% + 陈述答辩 20%")
