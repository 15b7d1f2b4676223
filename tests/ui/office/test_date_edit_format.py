"""The notices page's date fields show a date as format_date writes it in each language: the
Mongolian year and month suffixes joined with NNBSP (2025 ᠣᠨ‿ᠤ 9 ᠰᠠᠷ᠎ᠠ‿ᠶᠢᠨ 15), so they never
start a line on their own."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit
from pytestqt.qtbot import QtBot

from desktop.i18n.formatting import format_date
from desktop.i18n.mn_check import check_text
from desktop.ui.office.pages_notices import DATE_EDIT_FORMAT

DAY = date(2025, 9, 15)


@pytest.mark.parametrize("language", ["zh_CN", "mn_Mong_CN"])
def test_a_date_field_reads_as_the_language_writes_dates(qtbot: QtBot, language: str) -> None:
    edit = QDateEdit()
    qtbot.addWidget(edit)
    edit.setDisplayFormat(DATE_EDIT_FORMAT[language])
    edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    assert edit.text() == format_date(DAY, language)
    if language == "mn_Mong_CN":
        assert "\u202fᠤ" in edit.text() and "\u202fᠶᠢᠨ" in edit.text()
        assert check_text(edit.text()) == []
