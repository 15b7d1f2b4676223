"""Running text built in code (lists, clauses, "label: value") takes each language's punctuation:
Chinese 、；： and Mongolian ᠂ ᠄ — never an ASCII , ; : inside Chinese or Mongolian text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop import i18n
from desktop.i18n import formatting as f
from desktop.i18n.mn_check import Rule, check_text

MN = "mn_Mong_CN"
QUALITY, AWARD = "ᠴᠢᠨᠠᠷ", "ᠱᠠᠩᠨᠠᠯ"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("language", "items", "expected"), [
    ("en", ["A-1", "A-2", "A-3"], "A-1, A-2, A-3"),
    ("zh_CN", ["材料评审", "现场评审"], "材料评审、现场评审"),
    (MN, [QUALITY, AWARD], f"{QUALITY}᠂ {AWARD}"),
    ("zh-Hans-CN", ["甲"], "甲"),
    (MN, [], ""),
])
def test_lists(language: str, items: list[str], expected: str) -> None:
    assert f.join_list(items, language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "refused; late"), ("zh_CN", "refused；late"), (MN, "refused᠂ late")])
def test_clauses(language: str, expected: str) -> None:
    assert f.join_clauses(["refused", "late"], language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Imported: 3"), ("zh_CN", "Imported：3"), (MN, "Imported᠄ 3")])
def test_label_and_value(language: str, expected: str) -> None:
    assert f.label_value("Imported", 3, language) == expected


def test_the_interface_language_is_the_default() -> None:
    i18n.set_language("zh_CN")
    assert f.join_list(["甲", "乙"]) == "甲、乙"
    assert f.label_value("已导入", 2) == "已导入：2"
    i18n.set_language(MN)
    assert f.join_clauses([QUALITY, AWARD]) == f"{QUALITY}᠂ {AWARD}"


def test_mongolian_built_this_way_passes_the_checker_and_ascii_would_not() -> None:
    built = f.join_clauses([f.label_value(QUALITY, 3, MN), f.join_list([AWARD, QUALITY], MN)], MN)
    assert check_text(built) == []
    ascii_built = f"{QUALITY}: 3; {AWARD}, {QUALITY}"
    assert {x.rule for x in check_text(ascii_built)} == {Rule.PUNCTUATION}


def test_chinese_built_this_way_has_no_ascii_punctuation() -> None:
    built = f.join_clauses([f.label_value("已导入", 3, "zh_CN"),
                            f.join_list(["材料评审", "现场评审"], "zh_CN")], "zh_CN")
    assert built == "已导入：3；材料评审、现场评审"
    assert not set(built) & set(",;:")


def test_unresolved_matters_list_and_join_as_the_reader_writes() -> None:
    from desktop.domain.readiness import Named, Unresolved, UnresolvedItem, UnresolvedKind

    flagged = UnresolvedItem(UnresolvedKind.FLAGGED, (Named("A001", "甲公司"),
                                                      Named("A002", "乙公司")),
                             stage="onsite", items=("4.1.2", "4.2.2"))
    missing = UnresolvedItem(UnresolvedKind.MISSING_SCORES, (Named("A003", "丙公司"),),
                             stage="onsite")
    both = Unresolved("c", (flagged, missing)).message()
    english = i18n.render(both)
    assert "A001 甲公司, A002 乙公司" in english and "4.1.2; 4.2.2" in english
    assert english.count("; ") == 2  # between the items, and between the two matters
    i18n.set_language("zh_CN")
    chinese = i18n.render(both)
    assert "A001 甲公司、A002 乙公司" in chinese and "4.1.2；4.2.2" in chinese
    assert ";" not in chinese and ", " not in chinese, chinese
    i18n.set_language(MN)
    mongolian = i18n.render(both)
    assert "A001 甲公司᠂ A002 乙公司" in mongolian and "4.1.2᠂ 4.2.2" in mongolian
    assert ";" not in mongolian, mongolian
    assert i18n.render(Unresolved("c").message()) == ""
