"""Trade-secret redaction of text meant for an external audience (pure: no I/O).

An applicant declares passages of its materials as trade or technical secrets (商业秘密、技术秘密);
a reviewer may mark a span of a comment as secret (``Mark(field, start, end)``). For an external
copy (the applicant, the public) every marked span is replaced by one fixed marker whose length
says nothing about the passage. Marks propagate: a comment that quotes a declared passage —
exactly, or after folding full-width forms and dropping whitespace — is redacted even if the
reviewer forgot to mark it.
A quote counts once it is ``MIN_QUOTE_CJK`` characters long where it holds Han or Mongolian script,
``MIN_QUOTE_OTHER`` characters otherwise, so short common words never trigger; a declared passage
shorter than that is redacted only where it occurs whole.

Redaction works on text before it reaches any renderer, so a secret never enters the output file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

#: the marker an external copy shows instead of a secret (translated at the edge)
MARKER = N_("〔trade secret, removed〕")
INTERNAL_NOTICE = "内部资料 · 不得外传"  # marks an internal copy, in every language

MIN_QUOTE_CJK = 8  # 6 matched common phrases
MIN_QUOTE_OTHER = 16
MIN_DECLARED = 2  # a declared "passage" of one character would blank every comment


class Audience(StrEnum):
    INTERNAL = "internal"  # the office and the panel: full text, watermarked with the recipient
    EXTERNAL = "external"  # the applicant, the public: secrets removed


@dataclass(frozen=True)
class Mark:
    """A reviewer's mark: characters ``start``..``end`` of the text of ``field`` are secret."""

    field: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise InputRejected(Msg(N_("A secret mark on {field} has an invalid range"),
                                    {"field": self.field}))


@dataclass(frozen=True)
class Secrets:
    """What must not leave the panel for one applicant."""

    declared: tuple[str, ...] = ()  # passages the applicant declared secret in its materials
    marks: tuple[Mark, ...] = ()  # spans reviewers marked in comments

    def marks_for(self, field_key: str) -> tuple[Mark, ...]:
        return tuple(m for m in self.marks if m.field == field_key)


@dataclass(frozen=True)
class Redacted:
    text: str
    spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # in the original text

    @property
    def changed(self) -> bool:
        return bool(self.spans)


def field_key(item_id: str, part: str) -> str:
    """The key a mark uses for an item's comment, e.g. ``field_key("4.2", "strengths")``."""
    return f"{item_id}/{part}"


_FOLD = {
    "\u3000": " ", "，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?",
    "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "、": ",", "【": "[",
    "】": "]", "《": "<", "》": ">", "—": "-", "－": "-", "～": "~",
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    ch = _FOLD.get(ch, ch)
    return unicodedata.normalize("NFKC", ch).casefold()


class _Folding(dict[int, str]):
    """code point -> what its character folds to, whitespace dropped (a ``str.translate``
    table, filled as characters are met); ``irregular`` holds the characters that do not fold
    to exactly one character."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "".join(c for c in _fold_char(ch) if not c.isspace())
        if len(folded) != 1:
            self.irregular.add(ch)  # kept even when the table is full: the test must hold
        if len(self) < 65536:  # bounded: a text of every CJK character would fill it
            self[code] = folded
        return folded


_FOLDING = _Folding()


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold full-width forms, punctuation and case and drop whitespace (a quote re-wrapped or
    spaced out still matches); return the folded text and, for each of its characters, the index
    of the original character it came from.

    A text whose characters each fold to one character (no whitespace, no ligature: most
    comments) is folded by ``str.translate`` in one C call, the index being each position."""
    table = _FOLDING
    folded = text.translate(table)  # fills the table with what ``text`` holds
    if len(folded) == len(text) and table.irregular.isdisjoint(text):
        return folded, list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in table[ord(ch)]:
            out.append(c)
            index.append(i)
    return "".join(out), index


@lru_cache(maxsize=1024)
def _folded(passage: str) -> str:
    return normalise(passage)[0]


def _is_dense(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0x1800 <= cp <= 0x18AF or 0xF900 <= cp <= 0xFAFF


@lru_cache(maxsize=1024)
def _grams(passage_n: str, k: int) -> frozenset[str]:
    """The ``k``-grams of a folded passage that count as a quote at that length: with Han or
    Mongolian script for the CJK length, without for the other (once per declared passage)."""
    dense_wanted = k == MIN_QUOTE_CJK
    grams = {passage_n[i:i + k] for i in range(len(passage_n) - k + 1)}
    return frozenset(g for g in grams if any(_is_dense(c) for c in g) == dense_wanted)


def _quote_spans(text_n: str, passage_n: str) -> list[tuple[int, int]]:
    """Spans of ``text_n`` (folded) that quote ``passage_n`` (folded) long enough to count:
    whole occurrences, then each length's quotes by position."""
    spans: list[tuple[int, int]] = []
    if len(passage_n.strip()) < MIN_DECLARED:
        return spans
    start = text_n.find(passage_n)
    while start >= 0:  # whole occurrences always count
        spans.append((start, start + len(passage_n)))
        start = text_n.find(passage_n, start + 1)
    for k in (MIN_QUOTE_CJK, MIN_QUOTE_OTHER):
        if len(passage_n) <= k or len(text_n) < k:
            continue
        grams = _grams(passage_n, k)
        if len(grams) < len(text_n) - k + 1:  # fewer grams than windows: find each (in C)
            found = []
            for g in grams:
                start = text_n.find(g)
                while start >= 0:
                    found.append(start)
                    start = text_n.find(g, start + 1)
            found.sort()
        else:
            found = [i for i in range(len(text_n) - k + 1) if text_n[i:i + k] in grams]
        spans.extend((i, i + k) for i in found)
    return spans


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def secret_spans(text: str, field_name: str, secrets: Secrets) -> list[tuple[int, int]]:
    """Every span of ``text`` that is secret: reviewer marks on ``field_name`` and quotes of a
    declared passage. Spans are in the original text, merged and sorted."""
    spans = [(max(0, m.start), min(len(text), m.end)) for m in secrets.marks_for(field_name)]
    spans = [(a, b) for a, b in spans if b > a]
    if secrets.declared and text:
        text_n, index = normalise(text)
        for passage in secrets.declared:
            passage_n = _folded(passage)
            for a, b in _quote_spans(text_n, passage_n.strip()):
                spans.append((index[a], index[b - 1] + 1))
    return _merge(spans)


def redact(text: str, field_name: str, secrets: Secrets, audience: Audience,
           marker: str = MARKER) -> Redacted:
    """The text as ``audience`` may see it: unchanged for internal copies; for external copies
    each secret span replaced by ``marker`` (one marker per span, whatever its length)."""
    if audience is Audience.INTERNAL:
        return Redacted(text)
    spans = secret_spans(text, field_name, secrets)
    if not spans:
        return Redacted(text)
    parts: list[str] = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(marker)
        last = b
    parts.append(text[last:])
    return Redacted("".join(parts), tuple(spans))


def redact_fields(fields: Mapping[str, str], secrets: Secrets, audience: Audience,
                  marker: str = MARKER) -> dict[str, str]:
    """``redact`` each of several named fields."""
    return {k: redact(v, k, secrets, audience, marker).text for k, v in fields.items()}


def leaks(texts: Sequence[str], secrets: Secrets) -> bool:
    """True if any declared passage still occurs whole in any of ``texts`` (a final check)."""
    folded = [normalise(t)[0] for t in texts]
    for passage in secrets.declared:
        p = normalise(passage)[0].strip()
        if p and any(p in t for t in folded):
            return True
    return False
