"""Traditional Mongolian as Inner Mongolia writes it: the checker passes on the whole catalog, the
glossary and the printed documents' term list, and fails on a bad entry of each kind."""

from __future__ import annotations

import tomllib

import pytest

from desktop.i18n import catalog_dir
from desktop.i18n.mn_check import (
    MVS,
    NNBSP,
    Rule,
    check_data,
    check_glossary,
    check_strings,
    check_text,
    fix_text,
    number_word,
    suffix_form,
    table,
    vowel_class,
)
from desktop.i18n.mn_width import catalog_pairs, data_names, glossary_terms

J = NNBSP  # a detached suffix: ᠴᠢᠨᠠᠷ + J + ᠤᠨ


def rules(text: str) -> set[Rule]:
    return {f.rule for f in check_text(text)}


def test_the_whole_catalog_and_the_glossary_pass() -> None:
    pairs = [(msgid, text) for msgid, text in catalog_pairs("mn_Mong_CN").items() if text]
    assert len(pairs) > 1500
    glossary = {term: entry.get("mn", "") for term, entry in glossary_terms().items()}
    findings = check_glossary(glossary_terms()) + check_strings(pairs, glossary)
    assert not findings, "\n".join(str(f) for f in findings[:30])


def test_the_printed_documents_term_list_passes() -> None:
    terms = tomllib.loads((catalog_dir() / "mn_terms.toml").read_text(encoding="utf-8"))["terms"]
    findings = check_strings(terms.items())
    assert not findings, "\n".join(str(f) for f in findings)


def test_the_table_cites_a_source_for_every_form() -> None:
    spellings, english, _homographs = table()
    assert len(spellings) > 60 and {"hash", "manifest", "password"} <= set(english)
    for sp in spellings:
        assert sp.source and sp.kind in {"khalkha", "variant", "english"} and sp.wrong != sp.right
        assert sp.match in {"word", "stem", "part"}
    for audit_form in ("ᠱᠠᠯᠭᠠ", "ᠠᠱᠢᠭ", "ᠭᠡᠱᠢᠭᠦ", "ᠲᠣᠣ", "ᠰᠦᠦᠯ", "ᠡᠡᠷ", "ᠣᠪᠢᠡᠬᠲ", "ᠦᠦᠷᠡᠭ", "ᠵᠤᠷᠤ"):
        assert any(sp.wrong == audit_form for sp in spellings), audit_form


@pytest.mark.parametrize(("bad", "rule"), [
    ("ᠹᠠᠶᠢᠯ" + J + "ᠢ ᠱᠠᠯᠭᠠᠬᠤ", Rule.SPELLING),  # Khalkha ᠱᠠᠯᠭᠠ- for ᠰᠢᠯᠭᠠ-
    ("ᠠᠱᠢᠭ ᠰᠣᠨᠢᠷᠬᠠᠯ", Rule.SPELLING),
    ("ᠪᠦᠯᠬᠦᠮ" + J + "ᠦᠨ ᠭᠡᠱᠢᠭᠦᠨ", Rule.SPELLING),
    ("ᠬᠡᠷᠡᠬᠲᠡᠢ", Rule.SPELLING),  # a second spelling of ᠬᠡᠷᠡᠭᠲᠡᠢ
    ("ᠨᠥᠬᠦᠪᠠ ᠠᠵᠢᠯ", Rule.HARMONY),  # a front stem with a back ending
    ("ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ" + J + "ᠦᠨ ᠨᠡᠷ" + MVS + "ᠡ", Rule.SUFFIX),  # after a vowel: ᠶᠢᠨ
    ("ᠠᠩᠭᠢᠯᠠᠯ" + J + "ᠦᠨ", Rule.SUFFIX),  # back vowels: ᠤᠨ
    ("ᠵᠠᠷᠯᠠᠯ" + J + "ᠳᠡᠬᠢ", Rule.SUFFIX),  # back vowels: ᠳᠠᠬᠢ
    ("ᠬᠡᠭ" + MVS + "ᠡ" + J + "ᠢ", Rule.SUFFIX),  # after a final -e: ᠶᠢ
    ("ᠲᠠᠰᠤᠭ" + J + "ᠳᠤ", Rule.SUFFIX),  # after ᠭ: ᠲᠤ
    ("2" + J + "ᠡᠴᠡ", Rule.SUFFIX),  # 2 reads qoyar: ᠠᠴᠠ
    ("ᠴᠢᠨᠠᠷ ᠤᠨ ᠱᠠᠩᠨᠠᠯ", Rule.NNBSP),  # a suffix after a plain space
    ("USB ᠶᠢ ᠰᠣᠩᠭ" + MVS + "ᠠ", Rule.NNBSP),
    ("ᠳᠤᠮᠳᠠ" + J + "ᠬᠢ", Rule.JOIN),  # -ᠬᠢ joins
    ("ᠲᠡᠷᠡ" + J + "ᠨᠢ", Rule.JOIN),  # ᠨᠢ after a plain space
    ("ᠡᠷᠭᠢᠯᠲᠡ" + J + "ᠳ᠋ᠤᠭᠠᠷ", Rule.JOIN),  # the noun 'number' is a word
    ("ᠬᠠᠷᠭᠠᠯᠵᠠᠭ" + J + "ᠠ", Rule.JOIN),  # a final -a takes MVS, not NNBSP
    ("ᠭᠡᠷ" + J + "ᠳᠠᠭᠠᠨ", Rule.SUFFIX),  # ᠭᠡᠷ is front and ends in ᠷ: ᠲᠡᠭᠡᠨ
    ("ᠨᠥᠭᠥᠴᠡ" + J + "ᠶᠢ ᠬᠠᠳᠠᠭᠠᠯᠠᠪᠠ: {file}", Rule.PUNCTUATION),
    ("ᠪᠢᠴᠢᠪᠡ; ᠪᠠᠲᠤᠯᠠᠪᠠ", Rule.PUNCTUATION),
    ("ᠪᠢᠴᠢᠪᠡ，ᠪᠠᠲᠤᠯᠠᠪᠠ", Rule.PUNCTUATION),  # Chinese punctuation copied over
    ("ᠲᠣᠭ᠎ᠠ：{n}", Rule.PUNCTUATION),
    ("ᠠᠭᠤᠯᠭ" + MVS + "ᠠ" + J + "ᠶᠢᠨ hash", Rule.ENGLISH),
    ("manifest ᠨᠢ ᠪᠤᠷᠤᠭᠤ", Rule.ENGLISH),
    ("{file}" + J + "ᠢ ᠪᠢᠴᠢᠪᠡ", Rule.PLACEHOLDER),
    ("'{name}'" + J + "ᠲᠠᠢ", Rule.PLACEHOLDER),
])
def test_each_kind_of_bad_entry_fails(bad: str, rule: Rule) -> None:
    assert rule in rules(bad), check_text(bad)


def test_one_spelling_per_word_across_strings_and_the_glossary() -> None:
    # ᠣᠷᠤᠨ and ᠣᠷᠣᠨ print alike (o and u share their shapes): one word spelled two ways
    findings = check_strings([("a", "ᠰᠤᠯᠠ ᠣᠷᠤᠨ"), ("b", "ᠣᠷᠤᠨ ᠲᠣᠭ" + MVS + "ᠠ"),
                              ("c", "ᠣᠷᠣᠨ ᠬᠦᠷᠢᠶ" + MVS + "ᠡ")])
    assert [(f.rule, f.where, f.msgid) for f in findings] == [(Rule.VARIANT, "ᠣᠷᠣᠨ", "c")]
    # the glossary's spelling wins even against the majority
    findings = check_strings([("a", "ᠰᠤᠯᠠ ᠣᠷᠤᠨ"), ("b", "ᠣᠷᠤᠨ ᠲᠣᠭ" + MVS + "ᠠ")], {"place": "ᠣᠷᠣᠨ"})
    assert {f.where for f in findings} == {"ᠣᠷᠤᠨ"}
    assert not check_strings([("a", f"ᠣᠨ ᠴᠢᠨᠠᠷ{J}ᠤᠨ")])  # year ᠣᠨ and genitive ᠤᠨ are homographs


def test_the_data_names_pass_too() -> None:
    # the criteria and programme files carry Mongolian names the window and the PDFs show
    # (``python -m desktop.i18n.mn_check --data`` lists the findings; tests/i18n/test_mn_data.py)
    names = data_names()
    assert len(names) > 90
    assert all(where.startswith(("criteria/", "programmes/")) for where, _ in names)
    findings = check_data()
    assert not findings, "\n".join(str(f) for f in findings[:30])


def test_a_glossary_term_is_checked_too() -> None:
    findings = check_glossary({"conflict of interest": {"mn": f"ᠠᠱᠢᠭ ᠰᠣᠨᠢᠷᠬᠠᠯ{J}ᠤᠨ ᠵᠥᠷᠢᠴᠡᠯ"}})
    assert [f.msgid for f in findings] == ["conflict of interest"]


@pytest.mark.parametrize("good", [
    f"ᠴᠢᠨᠠᠷ{J}ᠤᠨ ᠱᠠᠩᠨᠠᠯ",
    f"ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ{J}ᠶᠢᠨ ᠨᠡᠷ{MVS}ᠡ",
    f"ᠬᠦᠮᠦᠨ{J}ᠦ ᠬᠡᠷᠡᠭ",
    f"ᠰᠠᠨᠠᠯ{J}ᠳᠤ{J}ᠪᠠᠨ",  # a chain: ᠪᠠᠨ after ᠳᠤ, in the vowels of ᠰᠠᠨᠠᠯ
    f"{{file}} ᠹᠠᠶᠢᠯ{J}ᠢ ᠪᠢᠴᠢᠪᠡ᠄ {{reason}}",
    f"{{rev}}{J}ᠳ᠋ᠤᠭᠠᠷ ᠬᠤᠪᠢᠯᠪᠤᠷᠢ",  # the ordinal after a number placeholder (native review)
    f"0{J}ᠡᠴᠡ 100 ᠬᠦᠷᠲᠡᠯ{MVS}ᠡ",  # teg: ᠡᠴᠡ
    "--office ᠳᠤ 'scorebook office init' ᠶᠢ".replace(" ᠳᠤ", f"{J}ᠳᠤ").replace(" ᠶᠢ", f"{J}ᠢ"),
    "ᠪᠦᠯᠬᠦᠮ (*.sbp);;ᠪᠦᠬᠦ ᠹᠠᠶᠢᠯ (*)",  # a Qt file filter keeps its ASCII
    "ᠴᠠᠭ 15:07",
    "ᠬᠥᠬᠡᠬᠣᠲᠠ ᠬᠣᠲᠠ",  # a compound written as one keeps both vowel classes
])
def test_good_text_passes(good: str) -> None:
    assert not check_text(good), check_text(good)


def test_fix_text_repairs_the_mechanical_errors() -> None:
    bad = f"ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ ᠦᠨ ᠭᠡᠱᠢᠭᠦᠨ{J}ᠦᠨ ᠦᠷ{MVS}ᠡ ᠳᠦᠨ: ᠡᠮᠦᠨ{MVS}ᠡ{J}ᠬᠢ ᠹᠠᠶᠢᠯ; ᠲᠡᠷᠡ{J}ᠨᠢ ᠱᠠᠯᠭᠠᠪᠠ."
    fixed = fix_text(bad)
    assert fixed == (f"ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠴᠢ{J}ᠶᠢᠨ ᠭᠡᠰᠢᠭᠦᠨ{J}ᠦ ᠦᠷ{MVS}ᠡ ᠳ᠋ᠦᠩ᠄ ᠡᠮᠦᠨᠡᠬᠢ ᠹᠠᠶᠢᠯ᠂ "
                     "ᠲᠡᠷᠡ ᠨᠢ ᠰᠢᠯᠭᠠᠪᠠ᠃")
    assert not check_text(fixed)
    assert fix_text("{file}" + J + "ᠢ") == "{file}" + J + "ᠢ"  # placeholders need a person


def test_suffix_forms_follow_the_last_letter_and_the_vowels() -> None:
    assert vowel_class("ᠴᠢᠨᠠᠷ") == "back" and vowel_class("ᠪᠢᠴᠢᠭ") == "front"
    assert vowel_class("ᠺᠣᠮᠫᠢᠦ᠋ᠲ᠋ᠧᠷ") == "front"  # a loan goes by its last vowel
    assert suffix_form("genitive", "back", "ᠨ") == "ᠤ"
    assert suffix_form("genitive", "front", "ᠢ") == "ᠶᠢᠨ"
    assert suffix_form("dative", "front", "ᠷ") == "ᠲᠦ"
    assert suffix_form("dative", "back", "ᠯ") == "ᠳᠤ"
    assert suffix_form("instrumental", "back", "ᠠ") == "ᠪᠠᠷ"
    assert suffix_form("reflexive", "front", "ᠯ") == "ᠢᠶᠡᠨ"
    assert [number_word(n) for n in ("2", "4", "10", "100", "2025", "0")] == [
        "ᠬᠣᠶᠠᠷ", "ᠳᠥᠷᠪᠡ", "ᠠᠷᠪᠠ", "ᠵᠠᠭᠤ", "ᠲᠠᠪᠤ", "ᠲᠡᠭ"]


def test_chinese_punctuation_after_a_mongolian_word_is_fixed_but_not_inside_chinese() -> None:
    assert fix_text("ᠪᠢᠴᠢᠪᠡ，ᠪᠠᠲᠤᠯᠠᠪᠠ。") == "ᠪᠢᠴᠢᠪᠡ᠂ ᠪᠠᠲᠤᠯᠠᠪᠠ᠃"
    assert fix_text("ᠲᠣᠭ᠎ᠠ： {n}") == "ᠲᠣᠭ᠎ᠠ᠄ {n}"
    quoted = "《包头、呼和浩特》 ᠴᠢᠨᠠᠷ"  # a Chinese title keeps its own punctuation
    assert check_text(quoted) == [] and fix_text(quoted) == quoted
