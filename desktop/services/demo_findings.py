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

from desktop.paths import resource


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
