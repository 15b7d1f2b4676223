"""What the demo's reviewers write (in Chinese, as the panels do): comments per item with their
scoring factors and the pages of the self-assessment report they rest on, key themes,
quality-improvement suggestions, site-visit issues and what the on-site team found.

Demo data only (``resources/examples/demo_findings_zh.toml``), picked with a seeded random
generator so a demo is the same every time it is made.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache

from desktop.domain.findings import CommentKind, FindingKind, Outcome
from desktop.paths import resource
from desktop.services import case_findings, leader_findings
from desktop.services.case import CaseSession
from desktop.services.leader import TeamLeader


@dataclass(frozen=True)
class DemoText:
    comments: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # item -> strengths, improvements
    key_strengths: tuple[str, ...]
    key_improvements: tuple[str, ...]
    suggestions: tuple[str, ...]
    site_issues: tuple[tuple[str, str, str], ...]  # item, verify | clarify, text
    notes: dict[str, str]  # outcome -> note


@cache
def demo_text() -> DemoText:
    with resource("examples", "demo_findings_zh.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return DemoText(
        {item: (tuple(v["strengths"]), tuple(v["improvements"]))
         for item, v in raw["items"].items()},
        tuple(raw["key_strengths"]), tuple(raw["key_improvements"]), tuple(raw["suggestions"]),
        tuple((x["item"], x["kind"], x["text"]) for x in raw["site_issues"]),
        dict(raw["notes"]))


def comments(item_id: str, rng: random.Random, quality: float) -> tuple[str, str]:
    """The strengths and improvements one reviewer writes for an item: a better applicant gets
    more strengths than improvements, a weaker one the reverse (so the scoring guidance's
    band-balance warning stays quiet in a fair review)."""
    pros, cons = demo_text().comments[item_id]
    n_pros = len(pros) if quality >= 0.6 else 1
    n_cons = 1 if quality >= 0.6 else len(cons)
    return ("\n".join(rng.sample(list(pros), min(n_pros, len(pros)))),
            "\n".join(rng.sample(list(cons), min(n_cons, len(cons)))))


def site_issues(rng: random.Random, count: int = 2) -> list[tuple[str, str, str]]:
    """A few of the site-visit issues (item, kind, text) for one applicant."""
    return rng.sample(list(demo_text().site_issues), count)


def note(rng: random.Random, kind: str) -> tuple[str, str]:
    """An on-site reviewer's outcome and note for an issue of ``kind`` (verify or clarify)."""
    if kind == "clarify":
        outcome = rng.choice(["clarified", "clarified", "unresolved"])
    else:
        outcome = rng.choice(["confirmed", "confirmed", "confirmed", "not_confirmed"])
    return outcome, demo_text().notes[outcome]


# --- the team leader's consolidation, as the demo's leaders do it -----------------------------


def consolidate(team: TeamLeader, applicant_id: str, stage_id: str, rng: random.Random, *,
                raise_issues: bool) -> int:
    """The leader's findings for one applicant and stage, built from the members' comments:
    per item the comments the members wrote (one finding per distinct comment, its sources
    every member who wrote it), key themes and suggestions, and — after the material review,
    for an applicant going on site — two site-visit issues; on site, a resolution of each
    issue the case received, from the members' notes. Returns the number of findings made."""
    made = 0
    by_text: dict[tuple[str, CommentKind, str], list[str]] = {}
    for c in leader_findings.member_comments(team, applicant_id, stage_id):
        by_text.setdefault((c.item_id, c.kind, c.text.strip()), []).append(c.reviewer.reviewer_id)
    taken: dict[tuple[str, CommentKind], int] = {}
    for (item_id, kind, line), sources in by_text.items():
        if taken.get((item_id, kind), 0) >= 2:  # the two comments most members share
            continue
        taken[(item_id, kind)] = taken.get((item_id, kind), 0) + 1
        agreed = FindingKind.STRENGTH if kind is CommentKind.STRENGTH else \
            FindingKind.IMPROVEMENT
        leader_findings.add_finding(team, applicant_id, stage_id, agreed, line,
                                    item_id=item_id, sources=sources)
        made += 1
    text = demo_text()
    for theme, lines in ((FindingKind.THEME_STRENGTH, text.key_strengths),
                         (FindingKind.THEME_IMPROVEMENT, text.key_improvements),
                         (FindingKind.SUGGESTION, text.suggestions)):
        for line in rng.sample(list(lines), 2):
            leader_findings.add_finding(team, applicant_id, stage_id, theme, line)
            made += 1
    if raise_issues:
        for item_id, issue_kind, line in site_issues(rng):
            leader_findings.add_finding(team, applicant_id, stage_id, FindingKind(issue_kind),
                                        line, item_id=item_id)
            made += 1
    for row in leader_findings.issue_board(team, applicant_id, stage_id):
        outcomes = [n.outcome for n in row.notes]
        outcome = max(set(outcomes), key=outcomes.count) if outcomes else Outcome.UNRESOLVED
        leader_findings.resolve(team, row.issue.issue_id, outcome,
                                "组内汇总：" + demo_text().notes[outcome.value], stage_id)
        made += 1
    return made


def note_issues(case: CaseSession, applicant_ids: set[str], rng: random.Random) -> int:
    """An on-site reviewer's notes on every site-visit issue of the applicants they visit."""
    done = 0
    for issue in case_findings.site_issues(case):
        if issue.applicant_id in applicant_ids and not issue.recused:
            outcome, line = note(rng, issue.kind.value)
            case_findings.note_issue(case, issue.issue_id, outcome, line)
            done += 1
    return done
