"""Comments with their factors and pages; the band-balance warning; the team's findings' rules."""

from __future__ import annotations

import pytest

from desktop.domain.criteria import ItemKind
from desktop.domain.findings import (
    CommentKind,
    Factor,
    Finding,
    FindingKind,
    Outcome,
    balance_warning,
    comments_of,
    finding_problem,
    report_status,
    with_factors,
)
from desktop.services.catalogue import framework

FW = framework()
PROCESS = next(it for it in FW.items if it.kind is ItemKind.PROCESS)
RESULTS = next(it for it in FW.items if it.kind is ItemKind.RESULTS)


def test_each_line_is_a_comment_with_its_factors_and_pages() -> None:
    text = "【方法·展开】建立了战略管理体系（第12页）\n\n【trend】近三年上升 (p. 3-5)\n无标签的意见"
    found = comments_of(FW, text, CommentKind.STRENGTH)
    assert [c.factors for c in found] == [(Factor.APPROACH, Factor.DEPLOYMENT),
                                         (Factor.TREND,), ()]
    assert [c.pages for c in found] == [(12,), (3, 4, 5), ()]
    assert found[0].body == "建立了战略管理体系（第12页）"
    assert [text[c.start:c.start + len(c.line)] for c in found] == [c.line for c in found]


def test_mongolian_and_english_names_are_read_and_unknown_words_kept() -> None:
    (c,) = comments_of(FW, "【ᠲᠦᠪᠰᠢᠨ、Trends、色彩】 text (ᠬᠠᠭᠤᠳᠠᠰᠤ 7)", CommentKind.IMPROVEMENT)
    assert c.factors == (Factor.LEVEL, Factor.TREND) and c.unknown == ("色彩",)
    assert c.pages == (7,)


def test_with_factors_replaces_the_tag_in_the_kinds_order() -> None:
    line = "【方法】text"
    assert with_factors(FW, line, [Factor.LEARNING, Factor.APPROACH], ItemKind.PROCESS) == \
        "【方法·学习】text"
    assert with_factors(FW, line, [], ItemKind.PROCESS) == "text"
    assert with_factors(FW, "text", [Factor.LEVEL], ItemKind.RESULTS, "en") == "【Levels】text"


@pytest.mark.parametrize("pct, pros, cons, warned", [
    (90, 1, 2, True), (90, 2, 1, False), (10, 2, 1, True), (10, 1, 2, False),
    (50, 1, 3, False), (None, 0, 3, False),
])
def test_the_band_and_the_balance(pct: int | None, pros: int, cons: int, warned: bool) -> None:
    warning = balance_warning(FW, PROCESS, pct, "\n".join(["好"] * pros), "\n".join(["差"] * cons))
    assert (warning is not None) is warned


def test_a_factor_of_the_other_kind_is_warned() -> None:
    warning = balance_warning(FW, PROCESS, 50, "【趋势】上升", "")
    assert warning is not None and "趋势" in warning.render()
    assert balance_warning(FW, RESULTS, 50, "【趋势】上升", "") is None


def test_finding_rules() -> None:
    ok = Finding(FindingKind.STRENGTH, "good", item_id=PROCESS.id, sources=("R1",))
    assert finding_problem(FW, ok) is None
    assert finding_problem(FW, Finding(FindingKind.STRENGTH, "x", item_id="9.9.9")) is not None
    assert finding_problem(FW, Finding(FindingKind.THEME_STRENGTH, "x", item_id=PROCESS.id)) \
        is not None
    assert finding_problem(FW, Finding(FindingKind.VERIFY, "x", item_id=PROCESS.id)) is not None
    assert finding_problem(FW, Finding(FindingKind.VERIFY, "x", item_id=PROCESS.id,
                                       issue_id="I1")) is None
    res = Finding(FindingKind.RESOLUTION, "seen", issue_id="I1", outcome=Outcome.CONFIRMED)
    assert finding_problem(FW, res, issues=["I1"]) is None
    assert finding_problem(FW, res, issues=["I2"]) is not None
    assert finding_problem(FW, Finding(FindingKind.STRENGTH, "  ", item_id=PROCESS.id))
    assert finding_problem(FW, Finding(FindingKind.STRENGTH, "ab", item_id=PROCESS.id,
                                       marks=((1, 5),))) is not None


def test_report_status_names_what_is_missing() -> None:
    all_items = [Finding(FindingKind.STRENGTH, "s", item_id=it.id) for it in FW.items]
    themes = [Finding(FindingKind.THEME_STRENGTH, "t"), Finding(FindingKind.THEME_IMPROVEMENT, "u")]
    done = report_status(FW, all_items + themes, final=True)
    assert done.complete and done.missing() == ()
    partial = report_status(FW, all_items[1:], final=False, issues=["I1"])
    assert not partial.complete
    assert partial.items_without_findings == (FW.items[0].id,) and partial.open_issues == ("I1",)
    assert len(partial.missing()) == 4
    panel = report_status(FW, themes, final=True, items_scored=False)
    assert panel.complete
