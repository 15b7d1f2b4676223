"""The zh_CN catalog: complete for a fresh extraction, placeholders kept, glossary used."""

from __future__ import annotations

import gettext
import io
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.i18n import _, set_language
from desktop.i18n.build import extract, po_path

GLOSSARY = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "glossary.toml"

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]+\)[sd]|%[sd]")
CJK = re.compile(r"[\u4e00-\u9fff]")

# English words (regex on the msgid) -> Chinese of which at least one must be in the msgstr.
TERMS: dict[str, tuple[str, ...]] = {
    r"\brecus(al|als|e|ed)\b": ("回避",),
    r"conflict of interest|conflicts of interest": ("利害关系",),
    r"trade secret": ("商业秘密",),
    r"passphrase": ("口令",),
    r"fingerprint": ("指纹",),
    r"\broster": ("名册",),
    r"panel package": ("评审任务包",),
    r"\bbundles?\b": ("评分包",),
    r"case file": ("评审案卷",),
    r"team leader": ("评审组组长",),
    r"\breviewers?\b": ("评审员",),
    r"\bnotices?\b": ("公示",),
    r"\bobjections?\b": ("异议",),
    r"\bquota\b": ("名额",),
    r"\bvacan(t|cy|cies)\b": ("空缺",),
    r"\beligibility\b": ("资格审查",),
    r"\bstrengths\b": ("优势",),
    r"opportunities for improvement|\bimprovements\b": ("改进机会",),
    r"\bbands?\b": ("档",),
    r"\bpercentages?\b": ("得分率",),
    r"\bcommittee\b": ("审定委员会", "领导小组", "审议机构", "审定机构"),
    r"\bconsensus\b": ("合议", "共识"),
    r"\bworking days?\b": ("工作日",),
    r"\bitems?\b": ("条款", "逐条"),
    r"\boffice\b": ("评审办公室",),
    r"scoring framework": ("评分标准",),
}


def _prose(msgid: str) -> str:
    """The msgid without option names, placeholders and quoted commands, which stay English."""
    return re.sub(r"--\w[\w-]*|\{[^{}]*\}|'scorebook [^']*'", "", msgid)


def _catalog() -> Catalog:
    with po_path("zh_CN").open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def _strings(message: Message) -> tuple[str, ...]:
    raw = message.string
    return tuple(str(s or "") for s in raw) if isinstance(raw, (tuple, list)) else (str(raw or ""),)


def _ids(message: Message) -> tuple[str, ...]:
    raw = message.id
    return tuple(str(s) for s in raw) if isinstance(raw, (tuple, list)) else (str(raw),)


def _edges(text: str) -> tuple[str, str]:
    """The leading and the trailing whitespace of a text."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


@pytest.fixture(scope="module")
def zh() -> Catalog:
    return _catalog()


def test_header_has_one_plural_form(zh: Catalog) -> None:
    assert zh.num_plurals == 1
    assert zh.plural_expr == "0"
    assert str(zh.locale) in {"zh_Hans_CN", "zh_CN"}


def test_every_string_of_a_fresh_extraction_is_translated(zh: Catalog) -> None:
    template = extract()
    assert len(template) > 800  # the extraction really found the strings of desktop/
    missing, fuzzy = [], []
    for source in template:
        if not source.id:
            continue
        entry = zh.get(source.id, source.context)
        if entry is None or not all(s.strip() for s in _strings(entry)):
            missing.append(_ids(source)[0])
        elif entry.fuzzy:
            fuzzy.append(_ids(source)[0])
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_no_fuzzy_or_empty_entry_anywhere(zh: Catalog) -> None:
    assert not zh.fuzzy
    bad = [m.id for m in zh if m.id and (m.fuzzy or not all(s.strip() for s in _strings(m)))]
    assert not bad


def test_placeholders_whitespace_and_accelerators_are_kept(zh: Catalog) -> None:
    problems = []
    for m in zh:
        if not m.id:
            continue
        for source in _ids(m):
            for text in _strings(m):
                if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                    problems.append(("placeholders", source, text))
                if _edges(source) != _edges(text):
                    problems.append(("whitespace", source, text))
                if source.count("&") != text.count("&"):
                    problems.append(("accelerator", source, text))
    assert not problems, problems[:10]


def test_every_entry_reads_as_chinese(zh: Catalog) -> None:
    # Only symbols, placeholders or file names may stay without a Chinese character.
    allowed = {"{file}: {entry}: {problem}", "{path}: {problem}", "{reason}",
               "JSON: member -> {applicant: for|against|abstain}",
               "{size} KB", "{size} MB"}  # units are written KB, MB in Chinese too
    latin = [m.id for m in zh if m.id and m.id not in allowed
             and re.search(r"[A-Za-z]", PLACEHOLDER.sub("", _ids(m)[0]))  # placeholders only
             and not any(CJK.search(s) for s in _strings(m))
             and not (isinstance(m.id, str) and m.id.startswith("a .toml"))]
    assert not latin, latin


@pytest.mark.parametrize("pattern", sorted(TERMS))
def test_glossary_terms_are_used(zh: Catalog, pattern: str) -> None:
    wanted = TERMS[pattern]
    rx = re.compile(pattern, re.IGNORECASE)
    off = [(m.id, _strings(m)[0]) for m in zh if m.id and any(rx.search(_prose(i)) for i in _ids(m))
           and not any(w in s for s in _strings(m) for w in wanted)]
    assert not off, off


def test_glossary_file_has_the_key_terms_in_chinese() -> None:
    terms = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    for english, zh in {"award": "奖", "reviewer": "评审员", "team leader": "评审组组长",
                        "recusal": "回避", "trade secret": "商业秘密", "bundle": "评分包",
                        "consensus": "合议", "notice": "公示", "band": "分档",
                        "passphrase": "口令"}.items():
        assert terms[english]["zh"] == zh
        assert set(terms[english]) >= {"zh", "mn", "note"}


def test_catalog_compiles_and_translates() -> None:
    buf = io.BytesIO()
    write_mo(buf, _catalog(), use_fuzzy=False)
    buf.seek(0)
    compiled = gettext.GNUTranslations(buf)
    assert compiled.gettext("Passphrase") == "口令"
    assert compiled.gettext("&File") == "文件(&F)"


def test_set_language_returns_chinese() -> None:
    try:
        assert set_language("zh-Hans-CN") == "zh_CN"
        assert _("Recusal") == "回避"
        assert _("Score sheet") == "评分表"
        assert _("Total {total} of {max}").format(total=545, max=1000) == "总分 545 / 1000"
    finally:
        set_language("en")
    assert _("Recusal") == "Recusal"
