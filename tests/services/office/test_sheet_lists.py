"""A spreadsheet refusal lists the workbook's sheets with the language's list punctuation:
"说明, 第二批" in English, "说明、第二批" in Chinese, "说明᠂ 第二批" in Mongolian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import i18n
from desktop.i18n import render
from desktop.services.office.sheets_read import SheetRejected, read_table
from tests.services.office.sheets_helpers import save, sheet


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("language", "listed"), [
    ("en", "说明, 第二批"), ("zh_CN", "说明、第二批"), ("mn_Mong_CN", "说明᠂ 第二批")])
def test_the_sheets_listed_in_the_language(tmp_path: Path, language: str, listed: str) -> None:
    i18n.set_language(language)
    wb, _sh = sheet([["说明：请勿改动"]], title="说明")
    wb.create_sheet("第二批").append(["纳税人名称"])
    path = save(wb, tmp_path / "two.xlsx")
    with pytest.raises(SheetRejected) as exc:
        read_table(path, sheet="第三批")
    text = render(exc.value.message)
    assert listed in text and "第三批" in text
