"""Dates and numbers in the three languages: Babel for English and Chinese, our own Mongolian
patterns (CLDR has next to nothing for mn_Mong_CN), and the report labels use them."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from babel.dates import format_date as babel_date

from desktop import i18n
from desktop.i18n import formatting as f
from desktop.reports.labels import Labels

DAY = date(2025, 9, 15)
WHEN = datetime(2025, 9, 15, 15, 7)
NNBSP, MVS = "\u202f", "\u180e"
MN_DATE = f"2025 ᠣᠨ{NNBSP}ᠤ 9 ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ 15"


@pytest.fixture(autouse=True)
def _english_after() -> object:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "Sep 15, 2025"),
    ("zh_CN", "2025年9月15日"),
    ("zh-Hans-CN", "2025年9月15日"),
    ("zh", "2025年9月15日"),
    ("mn_Mong_CN", MN_DATE),
    ("mn-Mong-CN", MN_DATE),
])
def test_dates_per_language_with_tags_normalised(tag: str, expected: str) -> None:
    assert f.format_date(DAY, tag) == expected


def test_cldr_really_lacks_mongolian_dates() -> None:
    # the reason for our own pattern: Babel's own output is not Mongolian at all
    raw = babel_date(DAY, "long", locale="mn_Mong_CN")
    assert not any("\u1820" <= c <= "\u18af" for c in raw)
    assert any("\u1820" <= c <= "\u18af" for c in f.format_date(DAY, "mn_Mong_CN"))


def test_mongolian_date_joins_suffixes_and_keeps_western_digits() -> None:
    text = f.format_date(date(2024, 1, 5), "mn_Mong_CN")
    assert text.startswith("2024 ") and " 1 " in text and text.endswith(" 5")
    assert " ᠤ" not in text and " ᠶᠢᠨ" not in text  # never a plain space before a suffix
    assert text.count(NNBSP) == 2 and MVS in text
    assert f.format_date(date(2024, 12, 31), "mn_Mong_CN") == (
        f"2024 ᠣᠨ{NNBSP}ᠤ 12 ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ 31")


def test_times_and_datetimes() -> None:
    assert f.format_time(time(15, 7), "zh_CN") == "15:07"
    assert f.format_time(time(9, 5), "mn_Mong_CN") == "09:05"
    assert f.format_time(WHEN, "en").replace("\u202f", " ") == "3:07 PM"
    assert f.format_datetime(WHEN, "zh_CN") == "2025年9月15日 15:07"
    assert f.format_datetime(WHEN, "mn_Mong_CN") == f"{MN_DATE}᠂ 15:07"
    assert f.format_datetime(WHEN, "en").replace("\u202f", " ") == "Sep 15, 2025, 3:07 PM"


def test_none_means_the_current_language() -> None:
    i18n.set_language("zh_CN")
    assert f.format_date(DAY) == "2025年9月15日"
    i18n.set_language("mn_Mong_CN")
    assert f.format_date(DAY) == MN_DATE
    i18n.set_language("en")
    assert f.format_date(DAY) == "Sep 15, 2025"


@pytest.mark.parametrize("tag", ["en", "zh_CN", "mn_Mong_CN"])
def test_numbers_use_western_digits_everywhere(tag: str) -> None:
    assert f.format_number(1234567, tag) == "1,234,567"
    assert f.format_decimal(Decimal("862.5"), tag, places=2) == "862.50"
    assert f.format_decimal(Decimal("1000"), tag, places=0) == "1,000"
    assert f.format_decimal(12.25, tag) == "12.25"
    assert f.format_percent(Decimal("0.85"), tag) == "85%"
    assert f.format_percent(0.875, tag) == "87.5%"


def test_report_labels_use_the_patterns() -> None:
    assert Labels("zh_CN").date(DAY) == "2025年9月15日"
    assert Labels("mn_Mong_CN").date(DAY) == MN_DATE
    assert Labels("mn_Mong_CN").datetime(WHEN) == f"{MN_DATE}᠂ 15:07"
    assert Labels("zh_CN").datetime(WHEN) == "2025年9月15日 15:07"
    assert Labels("en").date(DAY) == "2025-09-15"  # English working copies stay ISO
