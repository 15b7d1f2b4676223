"""The office window's summaries built in code (import counts, the cycle page's setting values and
weights, recusals, the ranking's ties) in Chinese and Mongolian punctuation: 、；： and ᠂ ᠄ —
never an ASCII , ; : between Chinese or Mongolian words."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.i18n.mn_check import Rule, check_text
from desktop.services.office.results_decide import Recusal
from desktop.services.programmes import programme as load_programme
from desktop.ui.office.common import recused_text, weights_text
from desktop.ui.office.pages_bundles import ImportPage
from desktop.ui.office.pages_setup import setting_value_text

MN = "mn_Mong_CN"
ASCII = set(",;:")


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _punctuation(text: str) -> set[Rule]:
    return {f.rule for f in check_text(text)} & {Rule.PUNCTUATION}


def _import_summary(qtbot: QtBot, counts: dict[str, int]) -> str:
    label = QLabel()
    qtbot.addWidget(label)
    ImportPage._summarise(SimpleNamespace(_counts=counts, summary=label))  # type: ignore[arg-type]
    return label.text()


def test_import_counts(qtbot: QtBot) -> None:
    counts = {"new": 2, "duplicate": 1, "rejected": 1}
    assert _import_summary(qtbot, counts) == "new: 2, duplicate: 1, rejected: 1"
    i18n.set_language("zh_CN")
    zh = _import_summary(qtbot, counts)
    assert zh.count("：") == 3 and zh.count("、") == 2 and not set(zh) & ASCII, zh
    i18n.set_language(MN)
    mn = _import_summary(qtbot, counts)
    assert mn.count("᠄ ") == 3 and mn.count("᠂ ") == 2 and not set(mn) & ASCII, mn
    assert not _punctuation(mn)


def test_cycle_page_values_and_weights() -> None:
    programme = load_programme("nmg-chairman")
    value = {"top_n": 3, "min_score": 500}
    weights = {"material": "0.4", "onsite": "0.6"}
    assert setting_value_text(value, programme) == "top: 3; lowest score: 500"
    assert setting_value_text(["A-1", "A-2"], programme) == "A-1, A-2"
    i18n.set_language("zh_CN")
    zh = setting_value_text(value, programme)
    assert zh.count("：") == 2 and "；" in zh and not set(zh) & ASCII, zh
    assert setting_value_text(["A-1", "A-2"], programme) == "A-1、A-2"
    assert weights_text(programme, weights) == "材料评审 40%、现场评审 60%"
    i18n.set_language(MN)
    mn = setting_value_text(value, programme)
    assert mn.count("᠄ ") == 2 and "᠂ " in mn and not set(mn) & ASCII, mn
    mn_weights = weights_text(programme, weights)
    assert mn_weights.count("᠂ ") == 1 and not _punctuation(mn_weights), mn_weights


def test_recusals_name_kind_and_source_in_the_language_shown() -> None:
    recused = [Recusal("R3", "kinship", "bundle"), Recusal("R5", "employment", "office")]
    assert recused_text(recused).startswith("Recused: R3 (Kinship, the reviewer's bundle), R5")
    i18n.set_language("zh_CN")
    zh = recused_text(recused)
    assert zh.count("、") == 3 and ", " not in zh, zh
    i18n.set_language(MN)
    mn = recused_text(recused)
    assert mn.count("᠂ ") == 3 and ", " not in mn, mn
