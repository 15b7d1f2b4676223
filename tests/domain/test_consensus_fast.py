"""``divergence``'s fast path for full stages against the plain reference of test_consensus.

The full path reads each reviewer's row with ``consensus_rows.row_pcts`` and keeps what an
item's statistics say beyond its id and pairs per item and rule by the column as the reviewers'
percentages stand. These tests fail if anything the fast path gives differs from the plain
reference: full stages of one to seven reviewers, again (kept columns looked up), in other
shapes of input, and every way a kept column could be served for an input it does not belong to.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import consensus
from desktop.domain.consensus import DivergenceRule, RuleMode, divergence
from desktop.domain.consensus_rows import row_pcts
from desktop.domain.errors import ScoreValueError
from desktop.domain.scoring import ItemEntry
from tests.domain.test_consensus import _RULES, FW, _reference

IDS = [it.id for it in FW.items]
_FULL_PCT = st.integers(0, 20).map(lambda n: n * 5)
_NAMES = ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]


def _entries(sheets: dict[str, list[int | None]]) -> dict[str, list[ItemEntry]]:
    return {r: [ItemEntry(i, p) for i, p in zip(IDS, pcts, strict=True)]
            for r, pcts in sheets.items()}


def _expected(sheets: dict[str, list[int | None]], recused: set[str],
              rule: DivergenceRule) -> dict[str, tuple[object, ...]]:
    by_item = {i: {r: pcts[k] for r, pcts in sheets.items()} for k, i in enumerate(IDS)}
    return _reference(by_item, recused, rule)


def _plain(stats: dict[str, consensus.ItemStats]) -> dict[str, tuple[object, ...]]:
    assert all(type(v) is consensus.ItemStats for v in stats.values())
    return {k: tuple(v) for k, v in stats.items()}


def _gen(entries: list[ItemEntry]) -> Iterator[ItemEntry]:
    yield from entries


@given(st.dictionaries(st.sampled_from(_NAMES),
                       st.lists(_FULL_PCT, min_size=len(IDS), max_size=len(IDS)),
                       min_size=1, max_size=7),
       st.sets(st.sampled_from(["r1", "r4", "nobody"])), _RULES)
def test_full_stages_match_the_reference_first_and_again(
        sheets: dict[str, list[int | None]], recused: set[str], rule: DivergenceRule) -> None:
    entries = _entries(sheets)
    expected = _expected(sheets, recused, rule)
    assert _plain(divergence(FW, entries, recused=recused, rule=rule)) == expected
    # again: every column met before, looked up
    assert _plain(divergence(FW, entries, recused=recused, rule=rule)) == expected
    # the reviewers given in another order, as tuples, as one-shot iterators
    backwards = dict(reversed(list(entries.items())))
    assert _plain(divergence(FW, backwards, recused=list(recused), rule=rule)) == expected
    as_tuples = {r: tuple(e) for r, e in entries.items()}
    assert _plain(divergence(FW, as_tuples, recused=frozenset(recused), rule=rule)) == expected
    once = {r: _gen(e) for r, e in entries.items()}
    assert _plain(divergence(FW, once, recused=iter(recused), rule=rule)) == expected


@given(st.lists(_FULL_PCT, min_size=len(IDS), max_size=len(IDS)),
       st.lists(_FULL_PCT, min_size=len(IDS), max_size=len(IDS)),
       st.lists(_FULL_PCT, min_size=len(IDS), max_size=len(IDS)),
       st.integers(0, len(IDS) - 1), _FULL_PCT, _RULES)
def test_a_kept_column_is_never_served_for_another_input(
        a: list[int | None], b: list[int | None], c: list[int | None], at: int, pct: int,
        rule: DivergenceRule) -> None:
    """Met once, a stage's columns are kept; then each input that differs in one thing — a
    percentage, a gap, the reviewers' names, their order (the same multiset of percentages in
    another column order), a recusal, another rule, a reviewer fewer — gets its own figures."""
    sheets = {"r1": a, "r2": b, "r3": c}
    divergence(FW, _entries(sheets), rule=rule)
    changed = {**sheets, "r2": [*b[:at], pct, *b[at + 1:]]}
    gap = {**sheets, "r3": [*c[:at], None, *c[at + 1:]]}
    renamed = {"x1": a, "x2": b, "x3": c}
    swapped = {"r1": b, "r2": a, "r3": c}  # r1's column order differs, each multiset the same
    other = DivergenceRule(not rule.different_bands, 5, RuleMode.ANY)
    for case, recused, rule_ in ((changed, set(), rule), (gap, set(), rule),
                                 (renamed, set(), rule), (swapped, set(), rule),
                                 (sheets, {"r2"}, rule), (sheets, set(), other),
                                 ({"r1": a, "r2": b}, set(), rule), (sheets, set(), rule)):
        got = divergence(FW, _entries(case), recused=recused, rule=rule_)
        assert _plain(got) == _expected(case, recused, rule_)


def test_a_column_with_a_gap_is_never_kept() -> None:
    row: list[int | None] = [50] * len(IDS)
    gappy: list[int | None] = [None, *row[1:]]
    sheets = {"r1": row, "r2": gappy}
    rule = DivergenceRule(min_spread_pct=7)
    assert _plain(divergence(FW, _entries(sheets), rule=rule)) == \
        _expected(sheets, set(), rule)
    cs = consensus._COLUMNS[id(FW)]
    assert ("r1", "r2") not in cs.made.get(rule, {})
    # a lone reviewer's unscored item: the column (None,) is never kept either
    lone = {"r1": gappy}
    assert _plain(divergence(FW, _entries(lone), rule=rule)) == _expected(lone, set(), rule)
    assert ("r1",) not in cs.made.get(rule, {})
    # the team's full stage is kept; the same team with a gap is not served from it
    full = {"r1": row, "r2": row}
    assert _plain(divergence(FW, _entries(full), rule=rule)) == _expected(full, set(), rule)
    assert _plain(divergence(FW, _entries(sheets), rule=rule)) == \
        _expected(sheets, set(), rule)
    # every stage kept is a full one: a percentage for each reviewer and item
    assert all(len(key) == len(team) * len(IDS) for teams in cs.made.values()
               for team, made in teams.items() for key in made)


def test_a_refused_percentage_is_refused_after_its_neighbours_were_kept() -> None:
    good: dict[str, list[int | None]] = {"r1": [40] * len(IDS), "r2": [60] * len(IDS)}
    divergence(FW, _entries(good))
    for bad in (101, -5, 27, 300):  # out of range, below, between bands, beyond a byte
        with pytest.raises(ScoreValueError):
            divergence(FW, _entries({**good, "r2": [bad, *good["r2"][1:]]}))


def test_the_kept_columns_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consensus, "_KNOWN_MAX", 8)
    rule = DivergenceRule(min_spread_pct=13)  # a rule of its own: a fresh table of columns
    for k in range(30):
        sheets: dict[str, list[int | None]] = {
            "r1": [(k + i) % 21 * 5 for i in range(len(IDS))],
            "r2": [(3 * k + 2 * i) % 21 * 5 for i in range(len(IDS))]}
        got = divergence(FW, _entries(sheets), rule=rule)
        assert _plain(got) == _expected(sheets, set(), rule)
        cs = consensus._COLUMNS[id(FW)]
        assert cs.stored <= 8
        assert sum(len(made) for teams in cs.made.values() for made in teams.values()) <= 8


_ENTRY = st.builds(ItemEntry, st.sampled_from([*IDS, "no.such.item"]),
                   st.one_of(st.none(), _FULL_PCT))


_PCT_OF = {i: k % 21 * 5 for k, i in enumerate(IDS)}  # a different percentage for most items


@given(st.one_of(st.lists(_ENTRY, max_size=30),
                 st.lists(_ENTRY, min_size=len(IDS), max_size=len(IDS)),
                 st.permutations(IDS).map(lambda ids: [ItemEntry(i, _PCT_OF[i]) for i in ids]),
                 st.permutations(IDS).map(lambda ids: [ItemEntry(i, _PCT_OF[i])
                                                       for i in [ids[0], *ids[:-1]]]),
                 st.just([ItemEntry(i, _PCT_OF[i]) for i in IDS])))
def test_row_pcts_is_the_mapping_by_item(entries: list[ItemEntry]) -> None:
    plain = {e.item_id: e.pct for e in entries}  # the last entry of an item counts
    expected = [plain.get(i) for i in IDS]
    assert row_pcts(entries, IDS) == expected
    assert row_pcts(tuple(entries), IDS) == expected
    assert row_pcts(_gen(entries), IDS) == expected
