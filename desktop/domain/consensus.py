"""Divergence and consensus per applicant, stage and item (组长负责制).

``item_stats`` describes how the reviewers scored one item: count, mean, median, min, max,
spread (max − min, in percentage points) and the bands used; ``DivergenceRule`` flags items the
team should discuss (default: reviewers in different bands AND a spread of 20 percentage points
or more). The team leader then records a consensus percentage and rationale per item; the
percentage defaults to the mean rounded to the framework's step (half up), and a flagged item
cannot be finalised without a rationale.

Recused reviewers are excluded always: every function takes the ``recused`` set and drops their
scores before anything is computed, even if the caller forgot to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from desktop.domain.criteria import Framework
from desktop.domain.errors import RuleViolation
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import ItemEntry, ScoreSummary, item_score, parse_pct, summarise

Q2 = Decimal("0.01")


class RuleMode(StrEnum):
    ALL = "all"  # every enabled condition must hold (default)
    ANY = "any"  # one enabled condition is enough


@dataclass(frozen=True)
class DivergenceRule:
    """When an item is flagged. A cycle setting; spreads are in percentage points."""

    different_bands: bool = True
    min_spread_pct: int | None = 20
    mode: RuleMode = RuleMode.ALL

    def describe(self) -> Msg:
        spread = {"spread": self.min_spread_pct}
        if self.different_bands and self.min_spread_pct is not None:
            if self.mode is RuleMode.ALL:
                return Msg(N_("reviewers in different bands and a spread of {spread} points "
                              "or more"), spread)
            return Msg(N_("reviewers in different bands or a spread of {spread} points or "
                          "more"), spread)
        if self.different_bands:
            return Msg(N_("reviewers in different bands"))
        if self.min_spread_pct is not None:
            return Msg(N_("a spread of {spread} points or more"), spread)
        return Msg(N_("never flagged"))


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    pcts: tuple[tuple[str, int], ...]  # (reviewer_id, pct), sorted by reviewer
    count: int
    mean_pct: Decimal | None
    median_pct: Decimal | None
    min_pct: int | None
    max_pct: int | None
    spread_pct: int | None
    bands: tuple[int, ...]  # distinct bands used, ascending
    mean_score: Decimal | None  # mean percentage × item points, 2 places
    flagged: bool


def _q(value: Decimal) -> Decimal:
    return value.quantize(Q2, rounding=ROUND_HALF_UP)


def _median(values: list[int]) -> Decimal:
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return Decimal(s[mid]) if n % 2 else (Decimal(s[mid - 1]) + Decimal(s[mid])) / 2


def _flag(rule: DivergenceRule, bands: tuple[int, ...], spread: int) -> bool:
    checks = []
    if rule.different_bands:
        checks.append(len(bands) > 1)
    if rule.min_spread_pct is not None:
        checks.append(spread >= rule.min_spread_pct)
    if not checks:
        return False
    return all(checks) if rule.mode is RuleMode.ALL else any(checks)


def item_stats(framework: Framework, item_id: str, pcts: Mapping[str, int | None],
               recused: Iterable[str] = (), rule: DivergenceRule | None = None) -> ItemStats:
    """Statistics of one item from reviewer_id -> pct (None: not scored). Recused dropped."""
    return _item_stats(item_id, framework.item(item_id).points, pcts, set(recused),
                       rule or DivergenceRule(), lambda p: framework.band_of(p).number)


def _item_stats(item_id: str, points: int, pcts: Mapping[str, int | None], out: set[str],
                rule: DivergenceRule, band: Callable[[int], int]) -> ItemStats:
    scored = sorted((r, p) for r, p in pcts.items() if p is not None and r not in out)
    values = [p for _, p in scored]
    if not values:
        return ItemStats(item_id, (), 0, None, None, None, None, None, (), None, False)
    n = len(values)
    mean = Decimal(sum(values)) / n
    bands = tuple(sorted({band(p) for p in values}))
    lo, hi = min(values), max(values)
    return ItemStats(
        item_id=item_id,
        pcts=tuple(scored),
        count=n,
        mean_pct=_q(mean),
        median_pct=_q(_median(values)),
        min_pct=lo,
        max_pct=hi,
        spread_pct=hi - lo,
        bands=bands,
        mean_score=_q(mean * points / 100),
        flagged=_flag(rule, bands, hi - lo),
    )


def divergence(framework: Framework, sheets: Mapping[str, Iterable[ItemEntry]],
               recused: Iterable[str] = (),
               rule: DivergenceRule | None = None) -> dict[str, ItemStats]:
    """item_id -> statistics for one applicant and stage from reviewer_id -> item entries."""
    out = set(recused)
    rule = rule or DivergenceRule()
    by_reviewer = {r: {e.item_id: e.pct for e in entries}
                   for r, entries in sheets.items() if r not in out}
    bands: dict[int, int] = {}

    def band(pct: int) -> int:
        found = bands.get(pct)
        if found is None:
            found = bands[pct] = framework.band_of(pct).number
        return found

    return {
        it.id: _item_stats(it.id, it.points, {r: m.get(it.id) for r, m in by_reviewer.items()},
                           out, rule, band)
        for it in framework.items
    }


def default_pct(mean_pct: Decimal, step: int) -> int:
    """The mean rounded to the step, half up (e.g. 52.5 → 55 with a 5% step)."""
    steps = (mean_pct / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * step


@dataclass(frozen=True)
class ConsensusItem:
    item_id: str
    pct: int
    rationale: str
    default_pct: int | None  # what the mean suggested (None when nobody scored the item)
    flagged: bool
    score: Decimal


@dataclass(frozen=True)
class Choice:
    """What the team leader entered for an item: a percentage (None: take the default)."""

    pct: object | None = None
    rationale: str = ""


@dataclass(frozen=True)
class Consensus:
    applicant_id: str
    stage_id: str
    leader_id: str
    items: Mapping[str, ConsensusItem]
    summary: ScoreSummary
    rule: DivergenceRule = field(default_factory=DivergenceRule)

    @property
    def total(self) -> Decimal:
        return self.summary.total


def finalise(framework: Framework, applicant_id: str, stage_id: str, leader_id: str,
             stats: Mapping[str, ItemStats], choices: Mapping[str, Choice] | None = None,
             rule: DivergenceRule | None = None) -> Consensus:
    """The team's consensus for one applicant and stage.

    Per item: the leader's percentage (validated on the step) or the default (mean rounded to
    the step). Refused (``RuleViolation``, every offending item named): a flagged item without a
    rationale; an item nobody scored and the leader left empty.
    """
    choices = choices or {}
    items: dict[str, ConsensusItem] = {}
    missing_rationale: list[str] = []
    missing_pct: list[str] = []
    for it in framework.items:
        st = stats.get(it.id)
        choice = choices.get(it.id, Choice())
        flagged = bool(st and st.flagged)
        rationale = choice.rationale.strip()
        if flagged and not rationale:
            missing_rationale.append(it.id)
        default = None if st is None or st.mean_pct is None else \
            default_pct(st.mean_pct, framework.step_pct)
        if choice.pct is not None:
            pct = parse_pct(framework, choice.pct)
        elif default is not None:
            pct = default
        else:
            missing_pct.append(it.id)
            continue
        items[it.id] = ConsensusItem(it.id, pct, rationale, default, flagged,
                                     item_score(it.points, pct))
    if missing_rationale:
        raise RuleViolation(Msg(
            N_("Flagged items need a rationale before the consensus is final: {items}"),
            {"items": ", ".join(missing_rationale)}))
    if missing_pct:
        raise RuleViolation(Msg(
            N_("No reviewer scored these items; enter a consensus percentage: {items}"),
            {"items": ", ".join(missing_pct)}))
    summary = summarise(framework, [ItemEntry(i, c.pct) for i, c in items.items()])
    return Consensus(applicant_id, stage_id, leader_id, items, summary,
                     rule or DivergenceRule())


@dataclass(frozen=True)
class PanelStats:
    """A single-score stage (e.g. defense): the reviewers' scores and their mean."""

    scores: tuple[tuple[str, Decimal], ...]
    count: int
    mean: Decimal | None
    median: Decimal | None
    min: Decimal | None
    max: Decimal | None
    spread: Decimal | None


def panel_stats(scores: Mapping[str, Decimal | None], recused: Iterable[str] = ()) -> PanelStats:
    out = set(recused)
    kept = sorted((r, s) for r, s in scores.items() if s is not None and r not in out)
    values = [s for _, s in kept]
    if not values:
        return PanelStats((), 0, None, None, None, None, None)
    s = sorted(values)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return PanelStats(tuple(kept), n, _q(sum(values, Decimal(0)) / n), _q(median), min(values),
                      max(values), max(values) - min(values))
