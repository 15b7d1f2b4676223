"""What a programme's document leaves open, which the office must decide for a cycle.

Nothing here is a rule: where a document is silent (stage weights, a vote's pass rule, the
site-visit shortlist, the conflict window, when reviewers diverge, abstentions and recused
members in a vote's denominator, the quorum, how nominations are chosen), the office decides it
explicitly before the step that needs it. A value is *suggested* (the office may take it, but it
confirms it; nothing counts until then). Where a document gives the value, it is a ``Given``
with its article and is never asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_
from desktop.domain.programmes import AwardKind, Programme, Stage, StageKind, Threshold


class Undecided(RuleViolation):
    """A step needs a value the document does not give and the office has not decided."""


class Step(StrEnum):
    """The steps that need a decision, named where they refuse."""

    PACKAGE = "package"  # panel packages carry the divergence rule
    CONSENSUS = "consensus"  # divergence flags
    RANK = "rank"  # the comprehensive score and the shortlist
    CONFLICTS = "conflicts"  # suggested conflicts from past affiliations
    VOTE = "vote"
    NOMINATE = "nominate"


@dataclass(frozen=True)
class OpenPoint:
    key: str
    meaning: str  # N_ text: what is decided
    silent: str  # N_ text: what the document does not say
    steps: tuple[Step, ...]
    suggested: Any  # a JSON-able value offered to the office (it confirms it)


@dataclass(frozen=True)
class Given:
    """A value the document gives (never asked)."""

    key: str
    value: Any
    article: str


MEANINGS: Mapping[str, str] = {
    "weights": N_("stage weights of the comprehensive score"),
    "shortlist": N_("how many go from the material review to the on-site review"),
    "divergence": N_("when reviewers diverge on an item (flagged for discussion)"),
    "conflict_window_years": N_("past affiliations within how many years suggest a conflict"),
    "pass_threshold": N_("the share of votes a candidate needs to pass"),
    "quorum": N_("how many members must be present for the vote to count"),
    "abstentions_count": N_("whether abstentions stay in the vote's denominator"),
    "recused_members": N_("whether a recused committee member stays in the vote's denominator"),
    "nominations": N_("how nominations (提名奖) are chosen"),
}


def threshold_value(t: Threshold | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"fraction": f"{t.fraction.numerator}/{t.fraction.denominator}", "of": t.of,
            "inclusive": t.inclusive}


# The proportions offered for the stages a comprehensive score combines (material : on-site :
# defense = 3 : 5 : 2): a suggestion only, no document gives them; the office confirms or
# changes them.
SUGGESTED_PROPORTIONS = {StageKind.MATERIAL: Decimal(3), StageKind.ONSITE: Decimal(5),
                         StageKind.DEFENSE: Decimal(2)}


def suggested_weights(stages: tuple[Stage, ...]) -> dict[str, str]:
    """The suggested proportions over ``stages``, adding up to exactly 1 (the last takes the
    rounding)."""
    if not stages:
        return {}
    raw = {s.id: SUGGESTED_PROPORTIONS.get(s.kind, Decimal(1)) for s in stages}
    total = sum(raw.values(), Decimal(0))
    out = {k: (v / total).quantize(Decimal("0.000001"), ROUND_HALF_UP) for k, v in raw.items()}
    out[stages[-1].id] += Decimal(1) - sum(out.values(), Decimal(0))
    return {k: str(v) for k, v in out.items()}


def open_points(p: Programme) -> tuple[tuple[OpenPoint, ...], tuple[Given, ...]]:
    """The points of ``p``'s document the office decides, and the values it gives."""
    points: list[OpenPoint] = []
    given: list[Given] = []
    comp = p.comprehensive_stages
    if comp:
        points.append(OpenPoint("weights", MEANINGS["weights"],
                                N_("the document names the stages of the comprehensive score "
                                   "but gives no weights"), (Step.RANK,), suggested_weights(comp)))
    if len(p.scored_stages) > 1:
        quota_total = sum(a.quota or 0 for a in p.awards) or None
        points.append(OpenPoint("shortlist", MEANINGS["shortlist"],
                                N_("the document gives no number for the site-visit shortlist"),
                                (Step.RANK,),
                                {"top_n": 2 * quota_total if quota_total else None,
                                 "min_score": None}))
    points.append(OpenPoint("divergence", MEANINGS["divergence"],
                            N_("the document does not say when reviewers' scores diverge"),
                            (Step.PACKAGE, Step.CONSENSUS),
                            {"different_bands": True, "min_spread_pct": 20, "mode": "all"}))
    points.append(OpenPoint("conflict_window_years", MEANINGS["conflict_window_years"],
                            N_("the document names no period for past affiliations"),
                            (Step.CONFLICTS,), 3))
    c = p.committee
    if c is not None:
        vote = (Step.VOTE,)
        if c.pass_threshold is not None:
            given.append(Given("pass_threshold", threshold_value(c.pass_threshold),
                               c.cite.article))
        else:
            points.append(OpenPoint("pass_threshold", MEANINGS["pass_threshold"],
                                    N_("the document sets no pass threshold"), vote,
                                    {"fraction": "1/2", "of": "present", "inclusive": False}))
        if c.quorum is not None:
            given.append(Given("quorum", threshold_value(c.quorum), c.cite.article))
        else:
            points.append(OpenPoint("quorum", MEANINGS["quorum"],
                                    N_("the document sets no quorum"), vote,
                                    {"fraction": "1/2", "of": "members", "inclusive": False}))
        if c.abstentions_count is not None:
            given.append(Given("abstentions_count", c.abstentions_count, c.cite.article))
        else:
            points.append(OpenPoint("abstentions_count", MEANINGS["abstentions_count"],
                                    N_("the document does not say how abstentions count"),
                                    vote, True))
        points.append(OpenPoint("recused_members", MEANINGS["recused_members"],
                                N_("the document does not say whether a recused member counts "
                                   "as present"), vote, "excluded"))
    if any(a.kind is AwardKind.NOMINATION for a in p.awards):
        points.append(OpenPoint("nominations", MEANINGS["nominations"],
                                N_("the document sets the number of nominations but not how "
                                   "they are chosen"), (Step.NOMINATE,), "next_below_line"))
    return tuple(points), tuple(given)


def point(p: Programme, key: str) -> OpenPoint | None:
    return next((x for x in open_points(p)[0] if x.key == key), None)


RECUSED_CHOICES = ("excluded", "counted")
NOMINATION_CHOICES = ("next_below_line", "office_choice")


def describe_value(value: Any) -> str:
    """A decided or suggested value in a line (language-neutral)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}={describe_value(v)}" for k, v in value.items())
    return str(value)
