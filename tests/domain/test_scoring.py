"""Decimal scoring: item scores, bands, steps, 0 and 100, missing items, panel scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import NotFound, ScoreValueError
from desktop.domain.scoring import (
    FormKind,
    Scorebook,
    StageForm,
    item_score,
    parse_panel_score,
    parse_pct,
    summarise,
)
from desktop.services import catalogue

FW = catalogue.framework()


def test_item_score_is_exact_decimal_to_two_places() -> None:
    assert item_score(15, 5) == Decimal("0.75")
    assert item_score(15, 35) == Decimal("5.25")
    assert item_score(10, 5) == Decimal("0.50")
    assert item_score(50, 100) == Decimal("50.00")
    assert item_score(80, 0) == Decimal("0.00")
    assert str(item_score(15, 65)) == "9.75"


@pytest.mark.parametrize("value", [0, 5, 50, 100, "100", " 45 ", "45%", Decimal("60")])
def test_valid_percentages(value: object) -> None:
    assert parse_pct(FW, value) == int(str(value).strip().rstrip("%"))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [(101, "out of range"), (-5, "out of range"), (37, "multiple of the 5% step"),
     ("12.5", "out of range"), ("abc", "not a percentage"), (True, "not a percentage"),
     ("NaN", "not a percentage"), ("", "not a percentage")],
)
def test_invalid_percentages_raise_typed_errors(value: object, fragment: str) -> None:
    with pytest.raises(ScoreValueError) as info:
        parse_pct(FW, value)
    assert fragment in str(info.value)


def test_empty_scorebook_is_all_missing() -> None:
    summary = Scorebook(FW, "app-1", "material").summary()
    assert summary.total == Decimal("0.00")
    assert len(summary.missing) == 23
    assert not summary.complete


def test_full_marks_and_zero() -> None:
    book = Scorebook(FW, "app-1", "onsite")
    for item in FW.items:
        book.set_pct(item.id, 100)
    full = book.summary()
    assert full.total == Decimal("1000.00")
    assert full.complete
    assert full.category_subtotals["4.7"] == Decimal("400.00")
    assert set(full.bands.values()) == {6}
    for item in FW.items:
        book.set_pct(item.id, 0)
    zero = book.summary()
    assert zero.total == Decimal("0.00") and zero.complete
    assert set(zero.bands.values()) == {1}


def test_subtotals_bands_and_missing() -> None:
    book = Scorebook(FW, "app-1", "material", reviewer_id="r1")
    book.set_pct("4.4.3", 35)  # 15 points → 5.25
    book.set_pct("4.4.6", 5)  # 10 points → 0.50
    book.set_pct("4.7.2", 70)  # 80 points → 56.00
    s = book.summary()
    assert s.category_subtotals["4.4"] == Decimal("5.75")
    assert s.category_subtotals["4.7"] == Decimal("56.00")
    assert s.total == Decimal("61.75")
    assert s.bands == {"4.4.3": 3, "4.4.6": 1, "4.7.2": 5}
    assert "4.4.3" not in s.missing and "4.1.2" in s.missing
    assert len(s.missing) == 20
    assert s.framework_ref == FW.ref


def test_clearing_a_score_makes_it_missing_again_and_keeps_comments() -> None:
    book = Scorebook(FW, "a", "material")
    book.set_pct("4.2.2", 40)
    book.set_comments("4.2.2", strengths="清晰的战略", improvements="展开不足")
    book.set_pct("4.2.2", None)
    assert "4.2.2" in book.summary().missing
    assert book.entry("4.2.2").strengths == "清晰的战略"


def test_unknown_item_is_refused() -> None:
    with pytest.raises(NotFound):
        Scorebook(FW, "a", "material").set_pct("4.9.9", 50)


def test_invalid_value_leaves_the_scorebook_unchanged() -> None:
    book = Scorebook(FW, "a", "material")
    book.set_pct("4.1.2", 50)
    with pytest.raises(ScoreValueError):
        book.set_pct("4.1.2", 52)
    assert book.entry("4.1.2").pct == 50


@given(st.lists(st.sampled_from(range(0, 101, 5)), min_size=23, max_size=23))
def test_total_equals_sum_of_exact_item_scores(pcts: list[int]) -> None:
    book = Scorebook(FW, "a", "material")
    for item, pct in zip(FW.items, pcts, strict=True):
        book.set_pct(item.id, pct)
    s = book.summary()
    exact = sum((Decimal(i.points) * p / 100 for i, p in zip(FW.items, pcts, strict=True)),
                Decimal(0))
    assert s.total == exact.quantize(Decimal("0.01"))
    assert s.total == sum(s.category_subtotals.values())
    assert Decimal(0) <= s.total <= Decimal(1000)


def test_summarise_ignores_entries_order() -> None:
    book = Scorebook(FW, "a", "material")
    for item in FW.items[:5]:
        book.set_pct(item.id, 55)
    forward = summarise(FW, list(book.entries.values()))
    backward = summarise(FW, list(reversed(list(book.entries.values()))))
    assert forward == backward


DEFENSE = StageForm(FormKind.PANEL_SCORE, max_points=Decimal(100), step=Decimal("0.5"))


def test_panel_score_bounds_and_step() -> None:
    assert parse_panel_score(DEFENSE, "87.5") == Decimal("87.50")
    assert parse_panel_score(DEFENSE, 0) == Decimal("0.00")
    assert parse_panel_score(DEFENSE, 100) == Decimal("100.00")
    for bad, fragment in [("100.5", "out of range"), ("-1", "out of range"),
                          ("87.3", "multiple of the step"), ("x", "not a score"),
                          (87.5, "not a score"), ("Infinity", "out of range")]:
        with pytest.raises(ScoreValueError) as info:
            parse_panel_score(DEFENSE, bad)
        assert fragment in str(info.value)


def test_panel_score_refused_on_an_items_stage() -> None:
    with pytest.raises(ScoreValueError):
        parse_panel_score(StageForm(FormKind.ITEMS, framework_id="gbt19580-2012"), 50)
