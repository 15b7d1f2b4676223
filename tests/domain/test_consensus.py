"""Divergence statistics, the flag rule, consensus defaults and the rationale rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.consensus import (
    Choice,
    DivergenceRule,
    RuleMode,
    default_pct,
    divergence,
    finalise,
    item_stats,
    panel_stats,
)
from desktop.domain.errors import RuleViolation, ScoreValueError
from desktop.domain.scoring import ItemEntry
from desktop.services import catalogue

FW = catalogue.framework()
ITEM = "4.1.2"  # 50 points


def test_statistics_of_one_item() -> None:
    st_ = item_stats(FW, ITEM, {"r1": 40, "r2": 50, "r3": 65, "r4": None})
    assert st_.count == 3
    assert st_.mean_pct == Decimal("51.67")
    assert st_.median_pct == Decimal("50.00")
    assert (st_.min_pct, st_.max_pct, st_.spread_pct) == (40, 65, 25)
    assert st_.bands == (3, 4)
    assert st_.mean_score == Decimal("25.83")  # 51.666… % of 50 points
    assert st_.flagged  # different bands and spread 25 ≥ 20


def test_even_count_median_is_the_middle_pair_mean() -> None:
    assert item_stats(FW, ITEM, {"a": 40, "b": 55}).median_pct == Decimal("47.50")


def test_default_rule_needs_both_conditions() -> None:
    # different bands, spread 5: not flagged
    assert not item_stats(FW, ITEM, {"r1": 45, "r2": 50}).flagged
    # same band, spread 15 < 20: not flagged
    assert not item_stats(FW, ITEM, {"r1": 70, "r2": 85}).flagged
    # spread exactly 20 across bands: flagged (inclusive)
    assert item_stats(FW, ITEM, {"r1": 30, "r2": 50}).flagged


def test_rule_is_configurable() -> None:
    any_rule = DivergenceRule(mode=RuleMode.ANY)
    assert item_stats(FW, ITEM, {"r1": 45, "r2": 50}, rule=any_rule).flagged
    spread_only = DivergenceRule(different_bands=False, min_spread_pct=10)
    assert item_stats(FW, ITEM, {"r1": 70, "r2": 80}, rule=spread_only).flagged
    never = DivergenceRule(different_bands=False, min_spread_pct=None)
    assert not item_stats(FW, ITEM, {"r1": 0, "r2": 100}, rule=never).flagged
    assert "20" in str(DivergenceRule().describe())
    assert "never" in str(never.describe())


def test_recused_reviewers_are_dropped() -> None:
    st_ = item_stats(FW, ITEM, {"r1": 50, "r2": 55, "bad": 0}, recused={"bad"})
    assert st_.count == 2 and st_.min_pct == 50 and not st_.flagged
    stats = divergence(FW, {"r1": [ItemEntry(ITEM, 50)], "bad": [ItemEntry(ITEM, 0)]},
                       recused=["bad"])
    assert stats[ITEM].pcts == (("r1", 50),)
    assert stats["4.1.3"].count == 0 and stats["4.1.3"].mean_pct is None


@pytest.mark.parametrize(("mean", "pct"), [("52.5", 55), ("52.49", 50), ("0", 0),
                                           ("97.5", 100), ("12.5", 15), ("7.49", 5)])
def test_default_is_mean_rounded_half_up_to_the_step(mean: str, pct: int) -> None:
    assert default_pct(Decimal(mean), 5) == pct


def _sheets(pcts: dict[str, int]) -> dict[str, list[ItemEntry]]:
    return {r: [ItemEntry(it.id, p) for it in FW.items] for r, p in pcts.items()}


def test_finalise_with_defaults_and_total() -> None:
    stats = divergence(FW, _sheets({"r1": 50, "r2": 60}))
    cons = finalise(FW, "a1", "onsite", "r1", stats)
    assert all(c.pct == 55 and c.default_pct == 55 for c in cons.items.values())
    assert cons.total == Decimal("550.00")
    assert cons.summary.complete


def test_flagged_item_needs_a_rationale() -> None:
    stats = divergence(FW, _sheets({"r1": 30, "r2": 60}))  # every item flagged
    with pytest.raises(RuleViolation) as err:
        finalise(FW, "a1", "onsite", "r1", stats, {ITEM: Choice(45, "agreed after discussion")})
    assert "4.1.3" in str(err.value) and "4.1.2," not in str(err.value)
    choices = {it.id: Choice(None, "discussed") for it in FW.items}
    choices[ITEM] = Choice(50, "strong deployment evidence")
    cons = finalise(FW, "a1", "onsite", "r1", stats, choices)
    assert cons.items[ITEM].pct == 50 and cons.items[ITEM].default_pct == 45
    assert cons.items[ITEM].rationale == "strong deployment evidence"
    assert cons.items["4.1.3"].pct == 45


def test_blank_rationale_does_not_count() -> None:
    stats = divergence(FW, _sheets({"r1": 30, "r2": 60}))
    choices = {it.id: Choice(None, "   ") for it in FW.items}
    with pytest.raises(RuleViolation):
        finalise(FW, "a1", "onsite", "r1", stats, choices)


def test_unscored_item_needs_a_percentage_and_off_step_is_refused() -> None:
    stats = divergence(FW, {"r1": [ItemEntry(ITEM, 50)]})
    with pytest.raises(RuleViolation, match="No reviewer scored"):
        finalise(FW, "a1", "onsite", "r1", stats)
    with pytest.raises(ScoreValueError):
        finalise(FW, "a1", "onsite", "r1", stats, {ITEM: Choice(52)})


@given(st.dictionaries(st.sampled_from(["r1", "r2", "r3", "r4", "r5"]),
                       st.integers(0, 20).map(lambda n: n * 5), min_size=1),
       st.integers(0, 20).map(lambda n: n * 5))
def test_a_recused_score_never_reaches_the_statistics(pcts: dict[str, int], rogue: int) -> None:
    with_rogue = {**pcts, "rogue": rogue}
    assert item_stats(FW, ITEM, with_rogue, recused={"rogue"}) == item_stats(FW, ITEM, pcts)


def test_panel_stats() -> None:
    ps = panel_stats({"r1": Decimal("80"), "r2": Decimal("90"), "r3": None, "x": Decimal(0)},
                     recused={"x"})
    assert ps.count == 2 and ps.mean == Decimal("85.00") and ps.spread == Decimal("10")
    assert panel_stats({}).mean is None


# A plain reference for the statistics: what ``divergence`` and ``item_stats`` must give, however
# they are made fast (columns, tables of bands, cached figures).
def _reference(items_pcts: dict[str, dict[str, int | None]], recused: set[str],
               rule: DivergenceRule) -> dict[str, tuple[object, ...]]:
    out: dict[str, tuple[object, ...]] = {}
    for it in FW.items:
        scored = sorted((r, p) for r, p in items_pcts.get(it.id, {}).items()
                        if p is not None and r not in recused)
        values = sorted(p for _, p in scored)
        if not values:
            out[it.id] = (it.id, (), 0, None, None, None, None, None, (), None, False)
            continue
        n = len(values)
        mean = Decimal(sum(values)) / n
        median = Decimal(values[n // 2]) if n % 2 else \
            Decimal(values[n // 2 - 1] + values[n // 2]) / 2
        bands = tuple(sorted({FW.band_of(p).number for p in values}))
        spread = max(values) - min(values)
        by_bands = len(bands) > 1
        by_spread = rule.min_spread_pct is not None and spread >= rule.min_spread_pct
        if rule.different_bands and rule.min_spread_pct is not None:
            flagged = by_bands and by_spread if rule.mode is RuleMode.ALL else by_bands or by_spread
        else:
            flagged = (rule.different_bands and by_bands) or by_spread
        q = Decimal("0.01")
        out[it.id] = (it.id, tuple(scored), n, mean.quantize(q, rounding="ROUND_HALF_UP"),
                      median.quantize(q, rounding="ROUND_HALF_UP"), min(values), max(values),
                      spread, bands, (mean * it.points / 100).quantize(q, rounding="ROUND_HALF_UP"),
                      flagged)
    return out


_PCT = st.one_of(st.none(), st.integers(0, 20).map(lambda n: n * 5))
_RULES = st.builds(DivergenceRule, st.booleans(), st.one_of(st.none(), st.integers(0, 60)),
                   st.sampled_from(RuleMode))


@given(st.dictionaries(st.sampled_from(["r1", "r2", "r3", "r4", "r5", "r6", "r7"]),
                       st.lists(_PCT, min_size=len(FW.items), max_size=len(FW.items)),
                       max_size=7),
       st.sets(st.sampled_from(["r1", "r3", "r6", "nobody"])), _RULES)
def test_divergence_and_item_stats_match_a_plain_reference(
        sheets: dict[str, list[int | None]], recused: set[str], rule: DivergenceRule) -> None:
    entries = {r: [ItemEntry(it.id, p) for it, p in zip(FW.items, pcts, strict=True)]
               for r, pcts in sheets.items()}
    by_item = {it.id: {r: pcts[i] for r, pcts in sheets.items()}
               for i, it in enumerate(FW.items)}
    expected = _reference(by_item, recused, rule)
    got = divergence(FW, entries, recused=recused, rule=rule)
    assert {k: tuple(v) for k, v in got.items()} == expected
    for it in FW.items[:3]:
        assert tuple(item_stats(FW, it.id, by_item[it.id], recused, rule)) == expected[it.id]


def test_divergence_refuses_a_percentage_in_no_band_as_item_stats_does() -> None:
    for bad in (101, -5, 27):
        with pytest.raises(ScoreValueError):
            item_stats(FW, ITEM, {"r1": 10, "r2": bad})
        with pytest.raises(ScoreValueError):
            divergence(FW, {"r1": [ItemEntry(ITEM, 10)], "r2": [ItemEntry(ITEM, bad)]})


@given(st.lists(st.integers(0, 20).map(lambda n: n * 5), min_size=len(FW.items),
                max_size=len(FW.items)), st.lists(_RULES, min_size=2, max_size=4))
def test_divergence_looks_up_a_column_met_before_only_for_its_item_and_rule(
        row: list[int], rules: list[DivergenceRule]) -> None:
    """The statistics kept by sorted column: the same percentages in every item (points
    differ), the same stage again and under other rules, each as the plain reference says."""
    sheets = {r: [ItemEntry(it.id, p) for it, p in zip(FW.items, row[k:] + row[:k], strict=True)]
              for k, r in enumerate(("r1", "r2", "r3"))}
    by_item = {it.id: {r: e[i].pct for r, e in sheets.items()} for i, it in enumerate(FW.items)}
    for rule in [*rules, *rules]:
        got = divergence(FW, sheets, rule=rule)
        assert {k: tuple(v) for k, v in got.items()} == _reference(by_item, set(), rule)
