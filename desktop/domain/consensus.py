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
from typing import NamedTuple

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


class ItemStats(NamedTuple):
    """How the reviewers scored one item (a named tuple: an office re-derives tens of
    thousands of these at a time, and a tuple is made several times faster than a frozen
    dataclass)."""

    item_id: str
    pcts: tuple[tuple[str, int], ...]  # (reviewer_id, pct), sorted by reviewer
    count: int  # type: ignore[assignment]  # shadows tuple.count, on purpose
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


# Exact figures that depend only on a few small integers, computed once each: the mean of n
# percentages summing to ``total`` and its score for an item of ``points`` points; a median
# (from twice its value). Bounded (percentages are 0–100), so never cleared.
_FIGURES: dict[tuple[int, int, int], tuple[Decimal, Decimal]] = {}
_HALVES: dict[int, Decimal] = {}
# framework -> band number of each percentage 0..100 (0: in no band); keyed by id, the
# framework kept beside its table so an id is never reused while the entry lives
_BAND_TABLES: dict[int, tuple[Framework, tuple[int, ...]]] = {}


def _band_table(framework: Framework) -> tuple[int, ...]:
    entry = _BAND_TABLES.get(id(framework))
    if entry is None or entry[0] is not framework:
        table = tuple(next((b.number for b in framework.bands if b.contains(p)), 0)
                      for p in range(101))
        entry = _BAND_TABLES[id(framework)] = (framework, table)
    return entry[1]


def _flagger(rule: DivergenceRule) -> Callable[[int, int], bool]:
    """(number of bands used, spread) -> flagged, for ``rule`` (made once per rule)."""
    spread_min = rule.min_spread_pct
    if rule.different_bands and spread_min is not None:
        if rule.mode is RuleMode.ALL:
            return lambda nbands, spread: nbands > 1 and spread >= spread_min
        return lambda nbands, spread: nbands > 1 or spread >= spread_min
    if rule.different_bands:
        return lambda nbands, spread: nbands > 1
    if spread_min is not None:
        return lambda nbands, spread: spread >= spread_min
    return lambda nbands, spread: False


def item_stats(framework: Framework, item_id: str, pcts: Mapping[str, int | None],
               recused: Iterable[str] = (), rule: DivergenceRule | None = None) -> ItemStats:
    """Statistics of one item from reviewer_id -> pct (None: not scored). Recused dropped."""
    out = set(recused)
    scored = tuple(sorted((r, p) for r, p in pcts.items() if p is not None and r not in out))
    return _item_stats(framework, item_id, framework.item(item_id).points, scored,
                       _flagger(rule or DivergenceRule()), _band_table(framework))


def _item_stats(framework: Framework, item_id: str, points: int,
                scored: tuple[tuple[str, int], ...], flag: Callable[[int, int], bool],
                table: tuple[int, ...]) -> ItemStats:
    """``scored``: (reviewer, pct) sorted by reviewer, recused reviewers already dropped."""
    if not scored:
        return ItemStats(item_id, (), 0, None, None, None, None, None, (), None, False)
    values = [p for _, p in scored]
    values.sort()
    n = len(values)
    total = sum(values)
    lo, hi = values[0], values[-1]
    if not 0 <= lo <= hi < len(table):
        bands = tuple(sorted({framework.band_of(p).number for p in values}))  # raises
    elif table[lo] == table[hi]:  # bands rise with the percentage: one band from lo to hi
        bands = (table[lo],)
    else:
        bands = tuple(sorted({table[p] for p in values}))
    if bands[0] == 0:  # a percentage between bands: the framework says why
        bands = tuple(sorted({framework.band_of(p).number for p in values}))
    mid = n // 2
    twice = 2 * values[mid] if n % 2 else values[mid - 1] + values[mid]
    key = (total, n, points)
    figures = _FIGURES.get(key)
    if figures is None:
        mean = Decimal(total) / n
        figures = _FIGURES[key] = (_q(mean), _q(mean * points / 100))
    half = _HALVES.get(twice)
    if half is None:
        half = _HALVES[twice] = _q(Decimal(twice) / 2)
    return ItemStats(item_id, scored, n, figures[0], half, lo, hi, hi - lo, bands, figures[1],
                     flag(len(bands), hi - lo))


def divergence(framework: Framework, sheets: Mapping[str, Iterable[ItemEntry]],
               recused: Iterable[str] = (),
               rule: DivergenceRule | None = None) -> dict[str, ItemStats]:
    """item_id -> statistics for one applicant and stage from reviewer_id -> item entries."""
    out = set(recused)
    flag = _flagger(rule or DivergenceRule())
    sheets_in = [(r, {e.item_id: e.pct for e in entries})
                 for r, entries in sorted(sheets.items(), key=lambda kv: kv[0])
                 if r not in out]
    table = _band_table(framework)
    result = {}
    for it in framework.items:
        iid = it.id
        scored = tuple([(r, p) for r, m in sheets_in if (p := m.get(iid)) is not None])
        result[iid] = _item_stats(framework, iid, it.points, scored, flag, table)
    return result


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
