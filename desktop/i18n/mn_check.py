"""Traditional Mongolian as Inner Mongolia writes it: a checker for the catalog and the glossary.

Pure text rules (no Qt, no I/O beyond reading the spelling table), run by tests/i18n and by
``python -m desktop.i18n.mn_check`` (prints every finding; ``--widths`` also writes the report of
long strings, see ``desktop.i18n.mn_width``). Each finding names its rule:

- ``spelling``: a form from ``resources/i18n/mn_spelling.toml`` (Khalkha spellings turned back
  from Cyrillic, loans where Inner Mongolia has a term, second spellings of one word), with the
  written form.
- ``variant``: one word encoded two ways that print alike (o/u, ö/ü, with or without MVS) — one
  spelling per word across the catalog and the glossary.
- ``harmony``: a native word mixing back (a o u) and front (e ö ü) vowels.
- ``suffix``: a case suffix in the wrong form for the last letter and vowel class of its word
  (genitive ᠶᠢᠨ after a vowel, ᠤ/ᠦ after ᠨ, ᠤᠨ/ᠦᠨ after other consonants; dative ᠲᠤ/ᠲᠦ after
  ᠪ ᠭ ᠷ ᠰ ᠳ ᠲ, ᠳᠤ/ᠳᠦ otherwise; …). After Arabic digits the number is read aloud (2 = qoyar).
- ``nnbsp``: a detached suffix after a plain space (U+202F NNBSP joins it, so a line never starts
  with it); ``join``: an NNBSP where the written language joins (-ᠬᠢ, plural endings) or writes a
  plain space (the particle ᠨᠢ).
- ``punctuation``: ASCII , ; : . in running Mongolian text (written ᠂ ᠂ ᠄ ᠃); codes keep ASCII;
  Chinese ，；、：。 right after a Mongolian word (copied from the Chinese) likewise.
- ``english``: an English word left in the text (the table's [[english]] list).
- ``placeholder``: a case suffix glued to a {placeholder}: its form cannot agree with every value.
  The ordinal ᠳ᠋ᠤᠭᠠᠷ after a number placeholder is allowed (joined by NNBSP) and listed for native
  review in resources/i18n/mn_native_review.md.

``fix_text`` applies the mechanical fixes (spelling, suffix forms, NNBSP, punctuation); placeholders
and meaning need a person.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.i18n.mongolian import FVS, MVS, NNBSP, ZWJ, ZWNJ
from desktop.paths import resource

__all__ = ["CASE_OF", "CLOSERS", "MVS", "NNBSP", "PLACEHOLDER", "TOKEN", "Finding", "Rule",
           "Spelling", "check_data", "check_glossary", "check_strings", "check_text", "fix_text",
           "number_word", "suffix_form", "table", "variants", "vowel_class", "word_counts"]

TABLE = resource("i18n", "mn_spelling.toml")


class Rule(StrEnum):
    SPELLING = "spelling"
    VARIANT = "variant"
    HARMONY = "harmony"
    SUFFIX = "suffix"
    NNBSP = "nnbsp"
    JOIN = "join"
    PUNCTUATION = "punctuation"
    ENGLISH = "english"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True)
class Finding:
    rule: Rule
    text: str  # the string checked
    where: str  # the piece found wrong
    detail: str  # the written form, or why
    msgid: str = ""

    def __str__(self) -> str:
        head = f"{self.msgid!r}: " if self.msgid else ""
        return f"{head}[{self.rule}] {self.where!r}: {self.detail}"


@dataclass(frozen=True)
class Spelling:
    wrong: str
    right: str
    kind: str
    match: str  # word | stem | part
    source: str


BACK, FRONT, NEUTRAL = frozenset("ᠠᠣᠤ"), frozenset("ᠡᠥᠦᠧ"), "ᠢ"
VOWELS = BACK | FRONT | {NEUTRAL}
LOAN_LETTERS = frozenset("ᠧᠫᠹᠺᠻᠼᠽᠾᠿᡀᡁᡂᠸ")
DATIVE_T_AFTER = frozenset("ᠪᠭᠷᠰᠳᠲᠬᠺᠫᠹᠻ")  # -tu/-tü after these, -du/-dü after vowels, ᠨ ᠮ ᠯ ᠩ
IGNORABLE = (MVS, ZWJ, ZWNJ, *FVS)
LETTERS = "\u1820-\u18af\u180b-\u180f\u200c\u200d"
TOKEN = re.compile(f"[{LETTERS}]+")
PLACEHOLDER = re.compile(
    r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}|%\([a-z_]+\)[sd]|%[sd]|\$\{[a-z]+\}")
CLOSERS = "'\"»”’)]〕"

#: detached suffixes (written after NNBSP) by case; each set lists every form of the case
CASES: dict[str, frozenset[str]] = {
    "genitive": frozenset({"ᠶᠢᠨ", "ᠤᠨ", "ᠦᠨ", "ᠤ", "ᠦ"}),
    "accusative": frozenset({"ᠶᠢ", "ᠢ"}),
    "dative": frozenset({"ᠳᠤ", "ᠳᠦ", "ᠲᠤ", "ᠲᠦ"}),
    "ablative": frozenset({"ᠠᠴᠠ", "ᠡᠴᠡ"}),
    "instrumental": frozenset({"ᠪᠠᠷ", "ᠪᠡᠷ", "ᠢᠶᠠᠷ", "ᠢᠶᠡᠷ"}),
    "comitative": frozenset({"ᠲᠠᠢ", "ᠲᠡᠢ"}),
    "reflexive": frozenset({"ᠪᠠᠨ", "ᠪᠡᠨ", "ᠢᠶᠠᠨ", "ᠢᠶᠡᠨ"}),
    "dative-reflexive": frozenset({"ᠳᠠᠭᠠᠨ", "ᠳᠡᠭᠡᠨ", "ᠲᠠᠭᠠᠨ", "ᠲᠡᠭᠡᠨ"}),
    "dative-ki": frozenset({"ᠳᠠᠬᠢ", "ᠳᠡᠬᠢ", "ᠲᠠᠬᠢ", "ᠲᠡᠬᠢ"}),
    "ablative-ki": frozenset({"ᠠᠴᠠᠬᠢ", "ᠡᠴᠡᠬᠢ"}),
    "directive": frozenset({"ᠤᠷᠤᠭᠤ", "ᠦᠷᠦᠭᠦ", "ᠷᠤᠭᠤ", "ᠷᠦᠭᠦ"}),
    "ordinal": frozenset({"ᠳ᠋ᠤᠭᠠᠷ", "ᠳ᠋ᠦᠭᠡᠷ"}),
}
CASE_OF = {form: case for case, forms in CASES.items() for form in forms}
SUFFIXES = frozenset(CASE_OF)
PLURALS = frozenset({"ᠦᠳ", "ᠤᠳ", "ᠨᠤᠭᠤᠳ", "ᠨᠦᠭᠦᠳ", "ᠨᠠᠷ", "ᠨᠡᠷ", "ᠴᠤᠳ", "ᠴᠦᠳ"})
WRITTEN_APART = frozenset({"ᠨᠢ", "ᠴᠤ", "ᠴᠦ", "ᠤᠤ", "ᠦᠦ", "ᠪᠡ", "ᠪᠤᠢ", "ᠮᠥᠨ"})
PUNCTUATION = {",": "᠂", ";": "᠂", ":": "᠄", ".": "᠃"}
ASCII_PUNCT = re.compile(r"(?<=[\u1820-\u18af\u180b-\u180f})»'\"])[,;:.](?=\s|$)")
#: Chinese punctuation right after a Mongolian word (copied from the Chinese translation)
CJK_PUNCTUATION = {"，": "᠂", "；": "᠂", "、": "᠂", "：": "᠄", "。": "᠃"}
CJK_PUNCT = re.compile(r"(?<=[\u1820-\u18af\u180b-\u180f])[，；、：。]")

# the word read aloud for an Arabic number: its last letter and vowel class choose the suffix
_ONES = {1: "ᠨᠢᠭᠡ", 2: "ᠬᠣᠶᠠᠷ", 3: "ᠭᠤᠷᠪᠠ", 4: "ᠳᠥᠷᠪᠡ", 5: "ᠲᠠᠪᠤ", 6: f"ᠵᠢᠷᠭᠤᠭ{MVS}ᠠ",
         7: f"ᠳᠣᠯᠣᠭ{MVS}ᠠ", 8: "ᠨᠠᠢᠮᠠ", 9: "ᠶᠢᠰᠦ"}
_TENS = {1: "ᠠᠷᠪᠠ", 2: "ᠬᠣᠷᠢ", 3: "ᠭᠤᠴᠢ", 4: "ᠳᠥᠴᠢ", 5: "ᠲᠠᠪᠢ", 6: "ᠵᠢᠷᠠ", 7: "ᠳᠠᠯᠠ", 8: "ᠨᠠᠶᠠ",
         9: "ᠶᠡᠷᠡ"}


def number_word(digits: str) -> str:
    """The last word of ``digits`` read aloud (only its last letter and vowels matter)."""
    n = int(digits)
    if n == 0:
        return "ᠲᠡᠭ"
    if n % 10:
        return _ONES[n % 10]
    if (n // 10) % 10:
        return _TENS[(n // 10) % 10]
    if (n // 100) % 10:
        return "ᠵᠠᠭᠤ"
    return f"ᠮᠢᠩᠭ{MVS}ᠠ" if n % 10000 else "ᠲᠦᠮᠡᠨ"


def letters(word: str) -> str:
    return "".join(ch for ch in word if ch not in IGNORABLE)


def vowel_class(word: str) -> str:
    """'back' or 'front' ('front' for words with ᠢ only); a loan mixing both goes by its last
    vowel."""
    plain = letters(word)
    back = any(ch in BACK for ch in plain)
    front = any(ch in FRONT for ch in plain)
    if back != front:
        return "back" if back else "front"
    for ch in reversed(plain):
        if ch in BACK:
            return "back"
        if ch in FRONT:
            return "front"
    return "front"


@functools.cache
def _table_data(path: Path = TABLE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def compounds() -> frozenset[str]:
    """Words written as one that keep both vowel classes (ᠬᠥᠬᠡᠬᠣᠲᠠ), from the spelling table."""
    return frozenset(str(w) for e in _table_data().get("compounds", []) for w in e["words"])


def mixes_vowels(word: str) -> bool:
    plain = letters(word)
    if word in compounds() or any(ch in LOAN_LETTERS for ch in plain):
        return False
    return any(ch in BACK for ch in plain) and any(ch in FRONT for ch in plain)


def suffix_form(case: str, host_class: str, last: str) -> str:
    """The form of ``case`` after a word of ``host_class`` whose last letter is ``last``."""
    back = host_class == "back"
    vowel = last in VOWELS
    a, u = ("ᠠ", "ᠤ") if back else ("ᠡ", "ᠦ")
    dative_d = "ᠲ" if last in DATIVE_T_AFTER else "ᠳ"
    forms = {
        "genitive": "ᠶᠢᠨ" if vowel else (u if last == "ᠨ" else u + "ᠨ"),
        "accusative": "ᠶᠢ" if vowel else "ᠢ",
        "dative": dative_d + u,
        "ablative": f"{a}ᠴ{a}",
        "instrumental": f"ᠪ{a}ᠷ" if vowel else f"ᠢᠶ{a}ᠷ",
        "comitative": f"ᠲ{a}ᠢ",
        "reflexive": f"ᠪ{a}ᠨ" if vowel else f"ᠢᠶ{a}ᠨ",
        "dative-ki": f"{dative_d}{a}ᠬᠢ",
        "dative-reflexive": f"{dative_d}{a}ᠭ{a}ᠨ",
        "ablative-ki": f"{a}ᠴ{a}ᠬᠢ",
        "directive": (f"ᠷ{u}ᠭ{u}" if vowel else f"{u}ᠷ{u}ᠭ{u}"),
        "ordinal": f"ᠳ\u180b{u}ᠭ{a}ᠷ",
    }
    return forms[case]


@functools.cache
def table(path: Path = TABLE) -> tuple[tuple[Spelling, ...], dict[str, str], frozenset[str]]:
    """(forbidden spellings, English word -> Mongolian, homograph words) from the spelling table."""
    data = _table_data(path)
    spellings = tuple(Spelling(e["wrong"], e["right"], e["kind"], e["match"], e.get("source", ""))
                      for e in data.get("forbidden", []))
    english = {e["word"]: e["right"] for e in data.get("english", [])}
    homographs = frozenset(w for e in data.get("homographs", []) for w in e["words"])
    return spellings, english, homographs


Report = Callable[[Rule, str, str], None]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    before: str  # the character before it ("" at the start)
    after: str  # the character after it ("" at the end)


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), text[m.start() - 1] if m.start() else "",
                  text[m.end()] if m.end() < len(text) else "") for m in TOKEN.finditer(text)]


def _host_before(text: str, token: Token) -> tuple[str, str]:
    """What a suffix after NNBSP or a space hangs on: (kind, text), kind 'word', 'number',
    'placeholder' or 'other'."""
    head = text[: token.start - 1]
    if (ph := re.search(f"(?:{PLACEHOLDER.pattern})$", head.rstrip(CLOSERS))) is not None:
        return "placeholder", ph.group()
    if (word := re.search(f"[{LETTERS}]+$", head)) is not None:
        return "word", word.group()
    if (number := re.search(r"[0-9]+$", head)) is not None:
        return "number", number.group()
    return "other", head[-12:]


def _chain_host(text: str, token: Token) -> tuple[str, str] | None:
    """(host word, the letter before the suffix) for a suffix after NNBSP: the host is the first
    word of an NNBSP chain (ᠰᠠᠨᠠᠯ‿ᠳᠤ‿ᠪᠠᠨ: ᠪᠠᠨ follows ᠳᠤ, in the vowel class of ᠰᠠᠨᠠᠯ)."""
    kind, host = _host_before(text, token)
    if kind == "number":
        word = number_word(host)
        return word, letters(word)[-1]
    if kind != "word" or not host:
        return None
    last = letters(host)[-1:] or host[-1]
    start = token.start - 1 - len(host)
    while start > 0 and text[start - 1] == NNBSP:
        prev = re.search(f"[{LETTERS}]+$", text[: start - 1])
        if prev is None:
            break
        host, start = prev.group(), start - 1 - len(prev.group())
    return host, last


def _spelling_hits(text: str) -> Iterator[tuple[int, int, Spelling]]:
    spellings, _english, _h = table()
    toks = tokens(text)
    for sp in spellings:
        if sp.match == "part" or " " in sp.wrong:
            for m in re.finditer(re.escape(sp.wrong), text):
                yield m.start(), m.end(), sp
            continue
        for tok in toks:
            if tok.text == sp.wrong or (sp.match == "stem" and tok.text.startswith(sp.wrong)):
                yield tok.start, tok.start + len(sp.wrong), sp


def _code_free(text: str) -> str:
    """``text`` without quoted code, command lines, options and paths (they keep ASCII and
    Latin)."""
    out = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", " ", text)
    out = re.sub(r"scorebook(?: [-a-zA-Z_.=]+)*", " ", out)
    out = re.sub(r"--?[A-Za-z][\w-]*(?:=\S*)?|\S*[/=_.*][\S]*", " ", out)
    return PLACEHOLDER.sub(" ", out)


def check_text(text: str, msgid: str = "") -> list[Finding]:
    """Every finding of the text rules in one Mongolian string (``msgid`` only labels them)."""
    out: list[Finding] = []

    def add(rule: Rule, where: str, detail: str) -> None:
        out.append(Finding(rule, text, where, detail, msgid))

    for start, end, sp in _spelling_hits(text):
        add(Rule.SPELLING, text[start:end], f"write {sp.right!r} ({sp.kind}; {sp.source})")
    _spellings, english, _h = table()
    for word in re.findall(r"[A-Za-z]+", _code_free(text)):
        if word.lower() in english:
            add(Rule.ENGLISH, word, f"English word: write {english[word.lower()]!r}")
    toks = tokens(text)
    for tok in toks:
        if tok.before != NNBSP and mixes_vowels(tok.text):
            add(Rule.HARMONY, tok.text, "mixes back (a o u) and front (e ö ü) vowels")
    for tok in toks:
        if tok.before == NNBSP:
            _check_after_nnbsp(text, tok, add)
        elif tok.before == " " and tok.text in SUFFIXES and text[: tok.start - 1].strip():
            if _is_number_noun(text, tok):
                continue
            add(Rule.NNBSP, text[max(0, tok.start - 8): tok.end],
                "a detached suffix follows U+202F (NNBSP), not a space")
            _check_form(text, tok, add)
    for i, ch in enumerate(text):
        if ch == NNBSP and (i + 1 == len(text) or not TOKEN.fullmatch(text[i + 1])):
            add(Rule.JOIN, text[max(0, i - 6): i + 2], "NNBSP not followed by a suffix")
    if TOKEN.search(text):
        for m in ASCII_PUNCT.finditer(text):
            add(Rule.PUNCTUATION, text[max(0, m.start() - 6): m.end()],
                f"write {PUNCTUATION[m.group()]!r} in running Mongolian text")
        for m in CJK_PUNCT.finditer(text):
            add(Rule.PUNCTUATION, text[max(0, m.start() - 6): m.end()],
                f"write {CJK_PUNCTUATION[m.group()]!r} after a Mongolian word, not Chinese "
                "punctuation")
    return out


def _check_after_nnbsp(text: str, tok: Token, report: Report) -> None:
    if tok.text in SUFFIXES:
        _check_form(text, tok, report)
        return
    if tok.text == "ᠬᠢ" or tok.text in PLURALS:
        report(Rule.JOIN, text[max(0, tok.start - 6): tok.end],
               f"{tok.text!r} is joined to its word in writing (no NNBSP)")
    elif tok.text in ("ᠠ", "ᠡ"):
        report(Rule.JOIN, text[max(0, tok.start - 6): tok.end],
               "a final -a/-e after a consonant follows MVS (U+180E), not NNBSP")
    elif tok.text in WRITTEN_APART:
        report(Rule.JOIN, text[max(0, tok.start - 6): tok.end],
               f"{tok.text!r} is written apart with a plain space, not NNBSP")
    else:
        report(Rule.JOIN, text[max(0, tok.start - 6): tok.end],
               "NNBSP before a word that is not a suffix")


def _is_number_noun(text: str, tok: Token) -> bool:
    """ᠳ᠋ᠤᠭᠠᠷ after a word is the noun 'number' (ᠡᠷᠭᠢᠯᠲᠡ\u202fᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ), not the ordinal."""
    return CASE_OF.get(tok.text) == "ordinal" and _host_before(text, tok)[0] in ("word", "other")


def _check_form(text: str, tok: Token, report: Report) -> None:
    case = CASE_OF[tok.text]
    kind, host = _host_before(text, tok)
    if _is_number_noun(text, tok):
        if tok.before == NNBSP:
            report(Rule.JOIN, f"{host} {tok.text}",
                   "ᠳ᠋ᠤᠭᠠᠷ after a word is the noun 'number': genitive and a space "
                   "(ᠡᠷᠭᠢᠯᠲᠡ\u202fᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ)")
        return
    if kind == "placeholder":
        if case != "ordinal" or tok.before != NNBSP:
            report(Rule.PLACEHOLDER, f"{host} {tok.text}",
                   "a case suffix cannot agree with every value of a placeholder: rephrase "
                   "(e.g. put a noun between: {file} ᠹᠠᠶᠢᠯ\u202fᠢ)")
        return
    if kind == "number" and case == "ordinal":
        return  # the digit's reading decides; the catalog writes ᠳ᠋ᠤᠭᠠᠷ (native review)
    chain = _chain_host(text, tok)
    if chain is None:
        return
    host_word, last = chain
    want = suffix_form(case, vowel_class(host_word), last)
    if tok.text != want:
        report(Rule.SUFFIX, f"{host_word}\u202f{tok.text}", f"write {want!r} ({case} after "
               f"{'a vowel' if last in VOWELS else last!r}, {vowel_class(host_word)} vowels)")


def skeleton(word: str) -> str:
    """The letters as printed: o/u and ö/ü share their shapes, MVS and FVS are not letters."""
    return letters(word).translate(str.maketrans("ᠤᠦ", "ᠣᠥ"))


def variants(words: Mapping[str, int], protected: Iterable[str] = ()) -> dict[str, list[str]]:
    """Words printed alike but encoded differently: {skeleton: [encodings, most used first]}.
    ``protected`` (e.g. the glossary's words) always counts as the form to keep."""
    _s, _e, homographs = table()
    keep = set(protected)
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if word not in homographs:
            groups[skeleton(word)].append(word)
    return {sk: sorted(forms, key=lambda w: (w not in keep, -words.get(w, 0), w))
            for sk, forms in groups.items() if len(forms) > 1}


def word_counts(strings: Iterable[str]) -> dict[str, int]:
    """Words (not suffixes after NNBSP) and how often each occurs."""
    counts: dict[str, int] = defaultdict(int)
    for text in strings:
        for tok in tokens(text):
            if tok.before != NNBSP:
                counts[tok.text] += 1
    return counts


def check_strings(pairs: Iterable[tuple[str, str]],
                  glossary: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings over (msgid, Mongolian) pairs, then the one-spelling-per-word check over all of them
    and the glossary's Mongolian terms (whose spelling wins)."""
    pairs = list(pairs)
    out = [f for msgid, text in pairs for f in check_text(text, msgid)]
    glossary_words = word_counts((glossary or {}).values())
    counts = word_counts(text for _m, text in pairs)
    for word, n in glossary_words.items():
        counts[word] = counts.get(word, 0) + n
    for forms in variants(counts, glossary_words).values():
        for other in forms[1:]:
            where = next((m for m, t in pairs if other in TOKEN.findall(t)), "glossary")
            out.append(Finding(Rule.VARIANT, other, other,
                               f"one spelling per word: write {forms[0]!r}", where))
    return out


def check_glossary(terms: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """The glossary's own Mongolian terms under the text rules."""
    return [f for term, entry in terms.items() for f in check_text(entry.get("mn", ""), term)]


def fix_text(text: str) -> str:
    """``text`` with the mechanical fixes applied: spellings, English words, NNBSP and joins, suffix
    forms, punctuation. Placeholders with a suffix are left for a person (see ``check_text``)."""
    spellings, english, _h = table()
    for _ in range(3):  # one correction may reveal another (ᠵᠤᠷᠤᠰᠠᠨ → ᠵᠢᠷᠤᠰᠠᠨ → ᠵᠢᠷᠤᠭᠰᠠᠨ)
        for sp in sorted(spellings, key=lambda s: -len(s.wrong)):
            text = _respell(text, sp)
    for word, right in english.items():
        text = re.sub(rf"(?<![\w./{{-]){word}(?![\w./}}-])", right, text)
    text = _fix_spaces(text)
    for _ in range(3):  # a corrected suffix may change the next one in a chain
        text = _fix_forms(text)
    if not TOKEN.search(text):
        return text
    text = CJK_PUNCT.sub(lambda m: CJK_PUNCTUATION[m.group()] + (
        "" if m.end() == len(text) or text[m.end()].isspace() else " "), text)
    return re.sub(ASCII_PUNCT, lambda m: PUNCTUATION[m.group()], text)


def _respell(text: str, sp: Spelling) -> str:
    if sp.match == "part" or " " in sp.wrong:
        return text.replace(sp.wrong, sp.right)
    if sp.match == "word":
        return TOKEN.sub(lambda m: sp.right if m.group() == sp.wrong else m.group(), text)
    return TOKEN.sub(lambda m: sp.right + m.group()[len(sp.wrong):]
                     if m.group().startswith(sp.wrong) else m.group(), text)


def _fix_spaces(text: str) -> str:
    out = text
    for tok in reversed(tokens(text)):
        if tok.before == NNBSP and (tok.text == "ᠬᠢ" or tok.text in PLURALS):
            head = out[: tok.start - 1]
            if head.endswith(MVS + "ᠠ") or head.endswith(MVS + "ᠡ"):
                head = head[:-2] + head[-1]
            out = head + out[tok.start:]
        elif tok.before == NNBSP and tok.text in ("ᠠ", "ᠡ"):  # a final -a/-e takes MVS
            out = out[: tok.start - 1] + MVS + out[tok.start:]
        elif tok.before == NNBSP and tok.text in WRITTEN_APART:
            out = out[: tok.start - 1] + " " + out[tok.start:]
        elif tok.before == NNBSP and _is_number_noun(out, tok):
            out = out[: tok.start - 1] + NNBSP + "ᠶᠢᠨ " + out[tok.start:]
        elif (tok.before == " " and tok.text in SUFFIXES and out[: tok.start - 1].strip()
              and not _is_number_noun(out, tok)):
            out = out[: tok.start - 1] + NNBSP + out[tok.start:]
    return out


def _fix_forms(text: str) -> str:
    for tok in tokens(text):
        if tok.before != NNBSP or tok.text not in SUFFIXES:
            continue
        kind, _host = _host_before(text, tok)
        if kind == "placeholder" or CASE_OF[tok.text] == "ordinal":
            continue
        chain = _chain_host(text, tok)
        if chain is None:
            continue
        want = suffix_form(CASE_OF[tok.text], vowel_class(chain[0]), chain[1])
        if want != tok.text:
            return _fix_forms(text[: tok.start] + want + text[tok.end:])
    return text


def check_data(root: Path | None = None) -> list[Finding]:
    """Findings over the Mongolian of the criteria and programme files under ``root`` (the
    shipped resources by default): names, descriptors, the template's commented examples."""
    from desktop.i18n.mn_width import data_names

    return [f for where, text in data_names(root) for f in check_text(text, where)]


def main(argv: list[str]) -> int:
    """Print every finding over the mn_Mong_CN catalog and the glossary; exit 1 if any."""
    from desktop.i18n.mn_width import catalog_pairs, glossary_terms, write_report

    pairs = catalog_pairs("mn_Mong_CN")
    terms = glossary_terms()
    findings = check_glossary(terms) + check_strings(
        [(m, t) for m, t in pairs.items()], {k: v.get("mn", "") for k, v in terms.items()})
    for finding in findings:
        print(finding)
    if "--data" in argv:  # the criteria and programme names (tests/i18n/test_mn_data.py)
        data = check_data()
        for finding in data:
            print(finding)
        findings += data
    if "--widths" in argv:
        print(f"long strings: {len(write_report())} written")
    print(f"{len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
