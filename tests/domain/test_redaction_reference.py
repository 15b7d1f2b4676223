"""Redaction's fast paths (one ``str.translate`` per comment, quotes found per gram with
``str.find``) give what a plain character-by-character implementation gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import redaction
from desktop.domain.redaction import MIN_DECLARED, MIN_QUOTE_CJK, MIN_QUOTE_OTHER, normalise

_FOLD = {"\u3000": " ", "，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?",
         "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "、": ",", "【": "[",
         "】": "]", "《": "<", "》": ">", "—": "-", "－": "-", "～": "~"}


def _plain_normalise(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for folded in unicodedata.normalize("NFKC", _FOLD.get(ch, ch)).casefold():
            if not folded.isspace():
                out.append(folded)
                index.append(i)
    return "".join(out), index


def _dense(s: str) -> bool:
    return any(0x3400 <= ord(c) <= 0x9FFF or 0x1800 <= ord(c) <= 0x18AF
               or 0xF900 <= ord(c) <= 0xFAFF for c in s)


def _plain_quotes(text_n: str, passage_n: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if len(passage_n.strip()) < MIN_DECLARED:
        return spans
    spans += [(i, i + len(passage_n)) for i in range(len(text_n) - len(passage_n) + 1)
              if text_n.startswith(passage_n, i)]
    for k in (MIN_QUOTE_CJK, MIN_QUOTE_OTHER):
        if len(passage_n) <= k:
            continue
        grams = {passage_n[i:i + k] for i in range(len(passage_n) - k + 1)}
        spans += [(i, i + k) for i in range(len(text_n) - k + 1)
                  if text_n[i:i + k] in grams and (k == MIN_QUOTE_CJK) == _dense(text_n[i:i + k])]
    return spans


_CHARS = st.sampled_from(list("质量管理体系方法展开学习整合，。：；！？（）“”、《》—～ \n\t\u3000"
                              "ABCabc0123ﬁßİ㎏ᠮᠣᠩᠭᠣᠯ\u202fＡｂ"))
_TEXT = st.lists(_CHARS, max_size=120).map("".join)


@settings(max_examples=300)
@given(_TEXT)
def test_normalise_matches_a_character_by_character_fold(text: str) -> None:
    assert normalise(text) == _plain_normalise(text)


@settings(max_examples=300)
@given(_TEXT, _TEXT, st.integers(0, 60), st.integers(0, 40))
def test_quotes_match_a_window_by_window_search(text: str, source: str, start: int,
                                                length: int) -> None:
    passage = (source + text)[start:start + length]  # often a real quote of the text
    text_n = normalise(text)[0]
    passage_n = normalise(passage)[0].strip()
    assert redaction._quote_spans(text_n, passage_n) == _plain_quotes(text_n, passage_n)
