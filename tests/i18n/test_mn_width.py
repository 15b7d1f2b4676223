"""The report of Mongolian strings much wider than their Chinese, measured with HarfBuzz and the
bundled fonts, that the layout reads to give them room."""

from __future__ import annotations

from pathlib import Path

from desktop.i18n.mn_width import (
    FACTOR,
    current_report,
    load_report,
    wide_strings,
    width_em,
    write_report,
)


def test_widths_are_shaped_with_the_bundled_fonts() -> None:
    # one Han character is one em; a Mongolian word is as wide as its joined letters
    assert width_em("质") == 1.0
    assert 1.0 < width_em("ᠴᠢᠨᠠᠷ") < 4.0
    assert width_em("ᠴᠢᠨᠠᠷ ᠴᠢᠨᠠᠷ") > 2 * width_em("ᠴᠢᠨᠠᠷ")
    assert width_em("{file}") == width_em("000")  # placeholders count alike on both sides


def test_a_string_three_times_wider_than_the_chinese_is_reported() -> None:
    rows = [("Ballot", "选票", "ᠰᠠᠨᠠᠯ\u202fᠤᠨ ᠬᠠᠭᠤᠳᠠᠰᠤ ᠰᠠᠨᠠᠯ\u202fᠤᠨ ᠬᠠᠭᠤᠳᠠᠰᠤ"),
            ("Score", "评分", "ᠣᠨᠤᠭ\u180eᠠ"), ("Empty", "", "ᠣᠨᠤᠭ\u180eᠠ")]
    report = wide_strings(rows)
    assert [w.msgid for w in report] == ["Ballot"]
    assert report[0].ratio > FACTOR and report[0].chinese_em == 2.0


def test_the_report_round_trips_for_the_layout(tmp_path: Path) -> None:
    target = tmp_path / "long.json"
    rows = write_report(target)
    assert rows == current_report()
    assert rows and all(w.ratio >= FACTOR for w in rows)  # rounded to two decimals
    assert load_report(target) == {w.msgid: w.ratio for w in rows}
    assert load_report(tmp_path / "missing.json") == {}
