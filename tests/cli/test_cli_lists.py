"""The CLI's lists of applicants in running text take the language's list punctuation: "A001
甲公司, A002 乙公司" in English, 、 in Chinese, ᠂ in Mongolian."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop import i18n
from desktop.cli.office_text import applicant_list

NAMES = {"A001": "甲稀土有限公司", "A002": "乙科技有限公司"}


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "A001 甲稀土有限公司, A002 乙科技有限公司"),
    ("zh_CN", "A001 甲稀土有限公司、A002 乙科技有限公司"),
    ("mn_Mong_CN", "A001 甲稀土有限公司᠂ A002 乙科技有限公司"),
])
def test_applicants_listed_in_the_language(language: str, expected: str) -> None:
    i18n.set_language(language)
    assert applicant_list(["A001", "A002"], NAMES) == expected
    assert applicant_list([], NAMES) == "–"
