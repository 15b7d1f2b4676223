"""The Traditional Mongolian catalog (mn_Mong_CN): complete for a fresh extraction, placeholders
kept, written in Mongolian script with suffixes joined by NNBSP, marked as awaiting native review,
and the glossary gives a Mongolian rendering of every key term."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from desktop.i18n import build, catalog_dir

LOCALE = "mn_Mong_CN"
NNBSP, MVS = "\u202f", "\u180e"

# {name} / {name:.1f}, %(name)s, %s, %d, ${env}
PLACEHOLDER = re.compile(
    r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}|%\([a-z_]+\)[sd]|%[sd]|\$\{[a-z]+\}")
ACCELERATOR = re.compile(r"&(?=[^&\s])")
MONGOLIAN = re.compile("[\u1820-\u18af]")
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Latin tokens a Mongolian sentence may carry although the English source does not spell them
LATIN_ALLOWED = {"PDF", "CSV", "JSON", "TOML", "USB", "URL", "UTF", "UTC", "GB", "T", "KDF", "ID",
                 "Scorebook", "Qt", "Python", "PostgreSQL", "MiB", "NaN", "base64"}
# characters besides Mongolian, ASCII and CJK copied from the source
OTHER_ALLOWED = set(NNBSP + MVS + "\u180b\u180c\u180d\u180f\u200d\u200c…–—·≤→▲×%")
# case and other suffixes that must be joined with NNBSP, never a plain space
SUFFIX_AFTER_SPACE = re.compile(
    "[\u1820-\u18af] (?:ᠤᠨ|ᠦᠨ|ᠶᠢᠨ|ᠢᠶᠠᠷ|ᠢᠶᠡᠷ|ᠶᠢ|ᠳᠤ|ᠲᠤ|ᠳᠦ|ᠲᠦ|ᠠᠴᠠ|ᠡᠴᠡ|ᠲᠠᠢ|ᠲᠡᠢ|ᠳᠠᠭᠠᠨ|ᠳᠡᠭᠡᠨ|ᠪᠠᠷ|ᠪᠡᠷ)"
    "(?=[\\s.,:;!?)᠂᠃]|$)")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return build.extract()  # a fresh extraction of desktop/ (rewrites scorebook.pot)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with build.po_path(LOCALE).open("rb") as fh:
        return read_po(fh, locale=LOCALE)


def _pairs(catalog: Catalog) -> Iterator[tuple[Message, str, str]]:
    """(message, source, translation) for every singular and plural form."""
    for m in catalog:
        if not m.id:
            continue
        ids = [str(i) for i in (m.id if isinstance(m.id, (tuple, list)) else (m.id,))]
        strings = [str(s or "") for s in (m.string if isinstance(m.string, (tuple, list))
                                          else (m.string,))]
        for i, s in enumerate(strings):
            yield m, ids[min(i, len(ids) - 1)], s


def _fails(catalog: Catalog, check: object) -> list[str]:
    out = []
    for _m, src, dst in _pairs(catalog):
        problem = check(src, dst)  # type: ignore[operator]
        if problem:
            out.append(f"{src!r} -> {dst!r}: {problem}")
    return out


def test_complete_for_a_fresh_extraction(template: Catalog, catalog: Catalog) -> None:
    missing, empty, fuzzy = [], [], []
    for t in template:
        if not t.id:
            continue
        m = catalog.get(t.id, t.context)
        if m is None:
            missing.append(t.id)
            continue
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        if not all(s and str(s).strip() for s in strings):
            empty.append(t.id)
        if m.fuzzy:
            fuzzy.append(t.id)
    assert not missing, f"{len(missing)} msgids missing; run build update {LOCALE}: {missing[:10]}"
    assert not empty, f"{len(empty)} untranslated: {empty[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


def test_header_marks_awaiting_native_review(catalog: Catalog) -> None:
    header = catalog.header_comment
    assert "AWAITING NATIVE REVIEW" in header
    assert "native Traditional Mongolian speaker" in header
    assert not catalog.fuzzy
    assert catalog.num_plurals == 1 and catalog.plural_expr == "0"
    raw = build.po_path(LOCALE).read_text(encoding="utf-8")
    assert "Project-Id-Version: Scorebook (AWAITING NATIVE REVIEW)" in raw
    assert "Plural-Forms: nplurals=1; plural=0;" in raw


def test_no_plural_beyond_the_first_form(catalog: Catalog) -> None:
    for m in catalog:
        if m.id and isinstance(m.id, tuple):
            assert isinstance(m.string, tuple) and len(m.string) == 1, m.id


def test_placeholders_whitespace_and_accelerators_kept(catalog: Catalog) -> None:
    def check(src: str, dst: str) -> str | None:
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(dst)):
            return "placeholders differ"
        if src[: len(src) - len(src.lstrip())] != dst[: len(dst) - len(dst.lstrip())]:
            return "leading whitespace differs"
        if src[len(src.rstrip()):] != dst[len(dst.rstrip()):]:
            return "trailing whitespace differs"
        if src.count("\n") != dst.count("\n"):
            return "line count differs"
        if len(ACCELERATOR.findall(src)) != len(ACCELERATOR.findall(dst)):
            return "accelerator lost"
        return None

    assert not (bad := _fails(catalog, check)), "\n".join(bad[:20])


def test_brace_templates_still_format(catalog: Catalog) -> None:
    class Any(dict[str, object]):
        def __missing__(self, key: str) -> object:
            return 1

    def check(src: str, dst: str) -> str | None:
        try:
            src.format_map(Any())
        except (ValueError, KeyError, IndexError):
            return None  # the source is not a brace template (e.g. a JSON example)
        try:
            dst.format_map(Any())
        except (ValueError, KeyError, IndexError) as exc:
            return f"does not format: {exc}"
        return None

    assert not (bad := _fails(catalog, check)), "\n".join(bad[:20])


def test_written_in_mongolian_script(catalog: Catalog) -> None:
    def check(src: str, dst: str) -> str | None:
        body = PLACEHOLDER.sub("", dst)
        body = re.sub(r"\(&[A-Za-z]\)", "", body)
        for ch in set(body):
            if ch.isascii() or ch in OTHER_ALLOWED or "\u1800" <= ch <= "\u18af":
                continue
            if CJK.match(ch) or ch in "〔〕":
                if ch in src:
                    continue
                return f"CJK {ch!r} not in the source"
            return f"foreign character {ch!r} (U+{ord(ch):04X})"
        source_words = set(LATIN_WORD.findall(src))
        strange = [w for w in LATIN_WORD.findall(body)
                   if w not in source_words and w not in LATIN_ALLOWED and not w.startswith("x")]
        if strange:
            return f"Latin words not from the source: {strange}"
        src_words = [w for w in LATIN_WORD.findall(PLACEHOLDER.sub("", src)) if len(w) > 2]
        if src_words and not MONGOLIAN.search(dst) and dst != src:
            return "has English words but no Mongolian"
        return None

    assert not (bad := _fails(catalog, check)), "\n".join(bad[:20])


def test_most_entries_are_actually_mongolian(catalog: Catalog) -> None:
    pairs = [(s, d) for _m, s, d in _pairs(catalog) if LATIN_WORD.search(PLACEHOLDER.sub("", s))]
    mongolian = sum(1 for _s, d in pairs if MONGOLIAN.search(d))
    assert mongolian >= 0.97 * len(pairs), f"only {mongolian} of {len(pairs)} have Mongolian text"


def test_suffixes_joined_with_nnbsp_not_a_space(catalog: Catalog) -> None:
    def check(_src: str, dst: str) -> str | None:
        hit = SUFFIX_AFTER_SPACE.search(dst)
        if hit is None:
            return None
        return f"plain space before a suffix near {dst[max(0, hit.start() - 6):hit.end()]!r}"

    assert not (bad := _fails(catalog, check)), "\n".join(bad[:20])
    joined = sum(1 for _m, _s, d in _pairs(catalog) if NNBSP in d)
    assert joined > 300, "suffixes are expected to be joined with U+202F throughout"


def test_suffix_check_catches_a_plain_space() -> None:
    assert SUFFIX_AFTER_SPACE.search("ᠴᠢᠨᠠᠷ ᠤᠨ ᠱᠠᠩᠨᠠᠯ")
    assert not SUFFIX_AFTER_SPACE.search(f"ᠴᠢᠨᠠᠷ{NNBSP}ᠤᠨ ᠱᠠᠩᠨᠠᠯ")
    assert not SUFFIX_AFTER_SPACE.search("ᠤᠨᠠᠭ᠎ᠠ ᠤᠨᠳᠤᠷ")  # a word that merely starts like a suffix


def test_key_terms_consistent_with_the_catalog(catalog: Catalog) -> None:
    expect = {"Reviewer": "ᠦᠨᠡᠯᠡᠭᠴᠢ", "Score": f"ᠣᠨᠤᠭ{MVS}ᠠ", "Recusal": "ᠵᠠᠶᠢᠯᠠᠬᠤ",
              "Public notice": f"ᠣᠯᠠᠨ{NNBSP}ᠳᠤ ᠵᠠᠷᠯᠠᠯ", "Award category": f"ᠱᠠᠩᠨᠠᠯ{NNBSP}ᠤᠨ ᠲᠦᠷᠦᠯ"}
    for en, mn in expect.items():
        message = catalog.get(en)
        assert message is not None and message.string == mn, (en, message and message.string)


def test_glossary_has_mongolian_for_every_term() -> None:
    path: Path = catalog_dir() / "glossary.toml"
    terms = tomllib.loads(path.read_text(encoding="utf-8"))["terms"]
    assert len(terms) >= 10
    for required in ("award", "reviewer", "team leader", "score", "band", "recusal", "trade secret",
                     "bundle", "consensus", "notice"):
        assert required in terms, required
    for term, entry in terms.items():
        mn = entry.get("mn", "")
        assert (mn and MONGOLIAN.search(mn)) or term == "USB stick", term
        assert not SUFFIX_AFTER_SPACE.search(mn), term
