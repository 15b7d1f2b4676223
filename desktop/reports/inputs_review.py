"""Plain inputs of the review reports (issue 20): the team's 材料评审报告 / 现场评审报告 per
applicant, the 综合评审报告 / 汇总评审报告 across applicants, and the findings the feedback report
is rebuilt from. The findings are the domain's ``Finding`` values as the team recorded them (their
secret marks are spans of their own text); the builders redact them for external copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from desktop.domain.criteria import Framework
from desktop.domain.findings import Finding, Outcome, SiteIssue
from desktop.domain.messages import Msg
from desktop.domain.redaction import Secrets
from desktop.reports.inputs import DocumentInput, Party


class ReviewReportKind(StrEnum):
    MATERIAL = "material"  # 材料评审报告
    ONSITE = "onsite"  # 现场评审报告


class SummaryTitle(StrEnum):
    COMPREHENSIVE = "comprehensive"  # 综合评审报告 (the teams' report, 综合排序)
    SUMMARY = "summary"  # 汇总评审报告 (the office summarises the teams' reports)


@dataclass(frozen=True)
class IssueNoteLine:
    """One on-site member's note on a site-visit issue (printed without the member's name)."""

    issue_id: str
    outcome: Outcome | None
    text: str
    marks: tuple[tuple[int, int], ...] = ()  # spans of ``text`` the member marked secret


@dataclass(frozen=True, kw_only=True)
class ReviewReportInput(DocumentInput):
    """The team's review report of one applicant at one stage. ``pcts`` are the agreed
    percentages (the band is printed, never a reviewer's own score); ``findings`` the team's
    (strengths, improvements, key themes, suggestions, site-visit issues, resolutions);
    ``issues`` the site-visit issues this (on-site) team was given; ``notes`` its members'
    notes on them."""

    kind: ReviewReportKind
    applicant: Party
    framework: Framework
    leader: Party | None = None
    members: tuple[Party, ...] = ()
    signed: datetime | None = None  # when the team's consensus bundle was signed
    received: datetime | None = None  # when the office received it
    pcts: Mapping[str, int | None] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    issues: tuple[SiteIssue, ...] = ()
    notes: tuple[IssueNoteLine, ...] = ()
    secrets: Secrets = field(default_factory=Secrets)  # the declared passages (and marks)
    final: bool = True  # the team's consensus is final (a draft is said so on the page)


@dataclass(frozen=True)
class StageStatus:
    """Whether one stage's team report of an applicant is complete, and what it lacks."""

    stage: str  # as printed
    complete: bool
    missing: tuple[Msg, ...] = ()


@dataclass(frozen=True)
class SummaryRow:
    """One applicant in the summary report: its figures per stage (as printed, "" when none),
    the comprehensive figure and rank when the office has them, its key themes in brief and
    the status of its teams' reports."""

    applicant: Party
    award: str = ""
    figures: tuple[str, ...] = ()  # one per ``SummaryReportInput.stages``
    comprehensive: str = ""
    rank: int | None = None
    themes: tuple[Finding, ...] = ()  # theme_strength / theme_improvement
    statuses: tuple[StageStatus, ...] = ()
    secrets: Secrets = field(default_factory=Secrets)


@dataclass(frozen=True, kw_only=True)
class SummaryReportInput(DocumentInput):
    title_kind: SummaryTitle
    stages: tuple[str, ...]  # the stage names of the figure columns
    rows: tuple[SummaryRow, ...]
    basis: str = ""  # how the comprehensive figure is formed (weights), as printed
