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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import reduce
from itertools import chain, compress, repeat
from operator import add, getitem, itemgetter, not_, or_, sub
from typing import Any, NamedTuple, cast

from desktop.domain.consensus_rows import row_pcts
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


_DEFAULT_RULE = DivergenceRule()  # frozen: the rule ``divergence`` applies when given none


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
# the same for every sum of two percentages (0..200), and for every percentage (its own median)
_HALF_SUMS = tuple(_q(Decimal(twice) / 2) for twice in range(201))
_WHOLES = _HALF_SUMS[::2]
# framework -> band number of each percentage 0..100 (0: in no band); keyed by id, the
# framework kept beside its table so an id is never reused while the entry lives
_BAND_TABLES: dict[int, tuple[Framework, tuple[int, ...]]] = {}
_first, _last = itemgetter(0), itemgetter(-1)
_new = tuple.__new__  # builds an ItemStats without the Python-level __new__ of a NamedTuple
_NO_BAND = 1  # the bit of "band 0", a percentage in no band (a band's bit is 1 << its number)
_KNOWN_MAX = 2048  # stages kept per framework (an office of 500 applicants has 1,500)

# a stage's percentages, a byte each (the reviewers' rows one after the other, in their order;
# a team has a fixed number) -> its ItemStats, in the framework's order
_Made = dict[bytes, list[ItemStats]]


class _Columns:
    """What ``divergence`` looks up, per framework: the item ids and points; the bit of each
    percentage's band; per OR of such bits (at most 2 ** (bands + 1)) the bands it stands for and
    whether there are several; per number of reviewers and item, the exact figures by the sum of
    the percentages; and the statistics made, per rule and team, by the stage's columns."""

    def __init__(self, framework: Framework, table: tuple[int, ...]) -> None:
        self.framework = framework  # kept, so its id is not reused while this lives
        self.table = table  # the band number of each percentage 0..100 (0: in no band)
        self.ids = [it.id for it in framework.items]
        self.points = [it.points for it in framework.items]
        self.bits = tuple(1 << b for b in table)
        # the same bits as a table for ``bytes.translate`` when each fits in a byte (a framework
        # of at most 7 bands): a row's bits are then ORed with the others' as one integer
        self.bit_bytes = bytes(self.bits).ljust(256, b"\0") if max(self.bits) < 256 else None
        self.no_band = int.from_bytes(bytes([_NO_BAND]) * len(self.ids), "big")
        self.bands: dict[int, tuple[int, ...]] = {}
        self.several: dict[int, int] = {}  # 0 or 101: the offset in a rule's flag table
        self.figures: dict[int, list[dict[int, tuple[Decimal, Decimal]]]] = {}
        # per rule, per team (the reviewers counted, sorted): a stage's percentages -> its
        # ItemStats. An ItemStats is a pure function of its item's column,
        # the team, the rule and the framework, and immutable, so kept and handed out again;
        # bounded by ``stored``: the stages stored since the last clearing
        self.made: dict[DivergenceRule, dict[tuple[str, ...], _Made]] = {}
        self.stored = 0
        # the rule object of the last call, its teams' records and its flag table
        self.last: tuple[DivergenceRule | None, dict[tuple[str, ...], _Made], tuple[bool, ...]] \
            = (None, {}, ())

    def made_for(self, rule: DivergenceRule) -> dict[tuple[str, ...], _Made]:
        """The teams' records made under ``rule``."""
        last = self.last
        if last[0] is rule:  # the same rule object as the last call (hashing one costs ~1 µs)
            return last[1]
        teams = self.made.get(rule)
        if teams is None:
            if len(self.made) >= 4:  # a cycle has one rule; a few kept at most
                self.forget()
                self.made.clear()
            teams = self.made[rule] = {}
        self.last = (rule, teams, _flag_table(rule))
        return teams

    def flags_for(self, rule: DivergenceRule) -> tuple[bool, ...]:
        """``_flag_table(rule)``, without hashing the rule when it is the last call's."""
        last = self.last
        return last[2] if last[0] is rule else _flag_table(rule)

    def forget(self) -> None:
        """Every record made, under every rule (the tables stay: they are small)."""
        for teams in self.made.values():
            teams.clear()
        self.last[1].clear()
        self.stored = 0

    def learn(self, mask: int) -> None:
        self.bands[mask] = tuple(b for b in range(mask.bit_length()) if mask >> b & 1)
        self.several[mask] = 101 if mask & (mask - 1) else 0


_COLUMNS: dict[int, _Columns] = {}
# reviewer -> the pair (reviewer, pct) for each pct 0..100: an ItemStats' pcts share them
# (a re-rank makes 170,000 of them; the same reviewers score every applicant); bounded
_PAIRS: dict[str, tuple[tuple[str, int], ...]] = {}
_FLAGS: dict[DivergenceRule, tuple[bool, ...]] = {}  # rule -> flagged by (several, spread)


def _columns(framework: Framework, table: tuple[int, ...]) -> _Columns:
    cols = _COLUMNS.get(id(framework))
    if cols is None or cols.framework is not framework:
        cols = _COLUMNS[id(framework)] = _Columns(framework, table)
    return cols


def _pairs(reviewer: str) -> tuple[tuple[str, int], ...]:
    pairs = _PAIRS.get(reviewer)
    if pairs is None:
        if len(_PAIRS) >= 4096:
            _PAIRS.clear()
        pairs = _PAIRS[reviewer] = tuple((reviewer, p) for p in range(101))
    return pairs


def _flag_table(rule: DivergenceRule) -> tuple[bool, ...]:
    """flagged for one band (index = spread) and several (101 + spread), spreads 0..100."""
    flags = _FLAGS.get(rule)
    if flags is None:
        if len(_FLAGS) >= 64:
            _FLAGS.clear()
        flag = _flagger(rule)
        flags = _FLAGS[rule] = tuple(flag(nb, spread) for nb in (1, 2) for spread in range(101))
    return flags


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
        return _new(ItemStats, (item_id, (), 0, None, None, None, None, None, (), None, False))
    return _stats_of(framework, item_id, points, scored, sorted([p for _, p in scored]), flag,
                     table)


def _stats_of(framework: Framework, item_id: str, points: int,
              scored: tuple[tuple[str, int], ...], values: list[int],
              flag: Callable[[int, int], bool], table: tuple[int, ...]) -> ItemStats:
    """``values``: the percentages of ``scored``, ascending, at least one."""
    n = len(values)
    lo, hi = values[0], values[-1]
    if not 0 <= lo <= hi < len(table):
        bands = tuple(sorted({framework.band_of(p).number for p in values}))  # raises
    elif table[lo] == table[hi]:  # bands rise with the percentage: one band from lo to hi
        bands = (table[lo],)
    else:  # and so the bands met in ascending order of percentage are ascending
        bands = tuple(dict.fromkeys(map(table.__getitem__, values)))
    if 0 in bands:  # a percentage between bands: the framework says why
        bands = tuple(sorted({framework.band_of(p).number for p in values}))
    mid = n // 2
    twice = 2 * values[mid] if n % 2 else values[mid - 1] + values[mid]
    key = (sum(values), n, points)
    figures = _FIGURES.get(key)
    if figures is None:
        mean = Decimal(key[0]) / n
        figures = _FIGURES[key] = (_q(mean), _q(mean * points / 100))
    half = _HALVES.get(twice)
    if half is None:
        half = _HALVES[twice] = _q(Decimal(twice) / 2)
    return _new(ItemStats, (item_id, scored, n, figures[0], half, lo, hi, hi - lo, bands,
                            figures[1], flag(len(bands), hi - lo)))


def divergence(framework: Framework, sheets: Mapping[str, Iterable[ItemEntry]],
               recused: Iterable[str] = (),
               rule: DivergenceRule | None = None) -> dict[str, ItemStats]:
    """item_id -> statistics for one applicant and stage from reviewer_id -> item entries.

    The office re-derives this for every applicant and stage at once (1,500 at 500 applicants),
    so when every reviewer scored every item (the usual case once sheets are in) the work is
    done by C-level ``map``/``zip`` over the whole stage, a reviewer's row or an item's column
    at a time: sorted columns, sums, the bands met (an OR of bits), the flag from a table of the
    rule; the exact Decimal figures come from tables filled once. An item's statistics are an
    immutable pure function of its column of percentages (in the reviewers' order), the team,
    the rule and the framework, so a full stage's records are kept per rule and team by the
    stage's percentages, a byte each (at most ``_KNOWN_MAX`` stages): a re-derive of the same
    sheets looks them up. A stage with a gap is never kept, so it is never found. Anything else
    (an unscored item, a percentage out of range or between bands) takes the general path item
    by item.
    Either way the figures are those of ``item_stats`` for the same percentages (a property test
    compares both with a plain reference implementation)."""
    cs = _COLUMNS.get(id(framework))
    if cs is None or cs.framework is not framework:
        cs = _columns(framework, _band_table(framework))
    if rule is None:
        rule = _DEFAULT_RULE
    if recused:
        out = set(recused)
        reviewers = sorted([r for r in sheets if r not in out])
    else:
        reviewers = sorted(sheets)
    ids = cs.ids
    if not reviewers:
        return {iid: _new(ItemStats, (iid, (), 0, None, None, None, None, None, (), None, False))
                for iid in ids}
    rows = [row_pcts(sheets[r], ids) for r in reviewers]
    teams = cs.made_for(rule)
    team = tuple(reviewers)
    made = teams.get(team)
    try:  # the key of the stage's records (a byte a percentage; not a key: a gap, or a value
        key = bytes(chain.from_iterable(cast("list[list[int]]", rows)))  # out of 0..255)
    except (TypeError, ValueError):
        key = b""
    if made is not None:  # this team's stages met before: the stage's records by one lookup
        found = made.get(key)
        if found is not None:
            return dict(zip(ids, found, strict=True))
    cols = list(zip(*rows, strict=True))  # a row: one percentage (or None) an item
    figures = _columns_of(cs, rule, cast("list[list[int]]", rows), cols)
    if figures is None:  # a gap, or a percentage out of range or between bands
        return _by_item(framework, reviewers, rows, _flagger(rule), cs.table)
    pairs: list[Any] = list(map(_PAIRS.get, reviewers))
    if not all(pairs):
        pairs = list(map(_pairs, reviewers))
    # each reviewer's pairs (reviewer, pct) by ``getitem`` on their table, an item at a time
    scored = zip(*map(map, repeat(getitem), map(repeat, pairs), rows),  # type: ignore[arg-type]
                 strict=True)
    # each record straight from the columns' figures (zip hands ``_new`` one tuple it reuses)
    stats = list(map(_new, repeat(ItemStats), zip(ids, scored, *figures)))  # noqa: B905
    if cs.stored >= _KNOWN_MAX:
        cs.forget()
        made = None
    if made is None:
        made = teams[team] = {}
    cs.stored += 1
    if key:  # (always: a stage worked out here has no gap; its list is never handed out)
        made[key] = stats
    return dict(zip(ids, stats, strict=True))


def _columns_of(cs: _Columns, rule: DivergenceRule, full: list[list[int]],
                cols: Sequence[tuple[int, ...]]) -> list[Iterable[Any]] | None:
    """``ItemStats``' fields after (item_id, pcts), count … flagged, each for every column of a
    stage (rows: a reviewer's percentages each; columns as they are), by C-level ``map``/``zip``
    over the whole stage; None where the general path must decide: a gap (None), a percentage
    out of range or between bands."""
    table = cs.table
    try:  # an unscored item (None) among the percentages makes these raise TypeError
        ordered = list(map(sorted, cols))  # (None with a number, or with None)
        los = list(map(_first, ordered))
        his = list(map(_last, ordered))
        if min(los) < 0 or max(his) >= len(table):  # (a lone reviewer's None)
            return None
    except TypeError:  # the general path finds the gaps (and refuses what is not a number)
        return None
    used: Sequence[int]  # per item, the OR of the bits of its percentages' bands
    if cs.bit_bytes is not None:  # each row's bits a byte an item, the rows ORed as integers
        acc = 0
        for row in full:
            acc |= int.from_bytes(bytes(row).translate(cs.bit_bytes), "big")
        if acc & cs.no_band:  # a percentage between bands
            return None
        used = acc.to_bytes(len(cs.ids), "big")
    else:
        bit = cs.bits.__getitem__
        used = list(map(bit, full[0]))
        for row in full[1:]:
            used = list(map(or_, used, map(bit, row)))
        if reduce(or_, used) & _NO_BAND:  # a percentage between bands
            return None
    bands: list[Any] = list(map(cs.bands.get, used))
    if not all(bands):  # a mask not met before (a mask's bands are a non-empty tuple)
        for mask in used:
            if mask not in cs.bands:
                cs.learn(mask)
        bands = list(map(cs.bands.__getitem__, used))
    n = len(full)
    mid = n // 2
    # the median from a table (every percentage is 0..100 here): the middle one, or half the
    # sum of the middle two
    if n % 2:
        halves = list(map(_WHOLES.__getitem__, map(itemgetter(mid), ordered)))
    else:
        sums_of_two = map(add, map(itemgetter(mid - 1), ordered), map(itemgetter(mid), ordered))
        halves = list(map(_HALF_SUMS.__getitem__, sums_of_two))
    figures_at = cs.figures.get(n)
    if figures_at is None:
        figures_at = cs.figures[n] = [{} for _ in cs.ids]
    sums = list(map(sum, cols))
    figures: list[Any] = list(map(dict.get, figures_at, sums))
    if not all(figures):  # (a pair of Decimals is a non-empty tuple)
        for i in compress(range(len(sums)), map(not_, figures)):  # the items without one
            mean = Decimal(sums[i]) / n
            figures[i] = figures_at[i][sums[i]] = (_q(mean), _q(mean * cs.points[i] / 100))
    spreads = list(map(sub, his, los))
    flags = map(cs.flags_for(rule).__getitem__,
                map(add, spreads, map(cs.several.__getitem__, used)))
    return [repeat(n), map(_first, figures), halves, los, his, spreads, bands,
            map(_last, figures), flags]


def _by_item(framework: Framework, reviewers: list[str], rows: list[list[int | None]],
             flag: Callable[[int, int], bool], table: tuple[int, ...]) -> dict[str, ItemStats]:
    """``divergence`` item by item, for columns with gaps or percentages the bands refuse."""
    result = {}
    for it, col in zip(framework.items, zip(*rows, strict=True), strict=True):
        scored = tuple([(r, p) for r, p in zip(reviewers, col, strict=True) if p is not None])
        result[it.id] = _item_stats(framework, it.id, it.points, scored, flag, table)
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
