"""Pure helpers for Traditional Mongolian text (no Qt, no reportlab): shared by the PDF reports and
the Qt vertical-text widget.

- ``script_of`` / ``split_runs``: cut mixed Mongolian / CJK / Latin text into runs, so each run gets
  its font and its orientation (Mongolian and Latin turn with a vertical column, Han stays upright).
- ``break_opportunities`` / ``wrap``: lines break only at ordinary spaces (U+0020), never at the
  narrow no-break space NNBSP (U+202F) that joins a suffix, nor at the vowel separator MVS (U+180E).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from itertools import pairwise

NNBSP = "\u202f"  # joins a case suffix: ᠴᠢᠨᠠᠷ\u202fᠤᠨ
MVS = "\u180e"  # Mongolian vowel separator
FVS = ("\u180b", "\u180c", "\u180d", "\u180f")  # free variation selectors 1–4
ZWJ, ZWNJ = "\u200d", "\u200c"
SPACE = " "

#: characters that belong to a Mongolian run although they are outside U+1800–U+18AF
MONGOLIAN_JOINERS = frozenset((NNBSP, MVS, ZWJ, ZWNJ, *FVS))


class Script(StrEnum):
    MONGOLIAN = "mongolian"
    CJK = "cjk"  # Han, CJK punctuation, fullwidth forms: set upright in a vertical column
    LATIN = "latin"  # everything else that has a shape: Latin letters, digits, symbols
    NEUTRAL = "neutral"  # spaces and ASCII punctuation: take the script of their neighbours


def is_mongolian(ch: str) -> bool:
    return "\u1800" <= ch <= "\u18af" or ch in MONGOLIAN_JOINERS


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0x3000 <= cp <= 0x303F or 0x3040 <= cp <= 0x30FF
            or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF)


def script_of(ch: str) -> Script:
    if is_mongolian(ch):
        return Script.MONGOLIAN
    if is_cjk(ch):
        return Script.CJK
    if ch.isspace() or (ch.isascii() and not ch.isalnum()):
        return Script.NEUTRAL
    return Script.LATIN


_MONGOLIAN = re.compile("[\u1800-\u18af]")


def has_mongolian(text: str) -> bool:
    # a C-level search: a score sheet asks this of every run of every line it prints
    return _MONGOLIAN.search(text) is not None


def split_runs(text: str) -> list[tuple[Script, str]]:
    """Cut ``text`` into maximal runs of one script; neutral characters join the run before them
    (or the first run after them at the start). Text of neutrals only is one LATIN run."""
    runs: list[tuple[Script, str]] = []
    pending = ""  # leading neutrals before the first real run
    for ch in text:
        script = script_of(ch)
        if script is Script.NEUTRAL:
            if runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            else:
                pending += ch
            continue
        if runs and runs[-1][0] is script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, pending + ch))
            pending = ""
    if pending:
        runs.append((Script.LATIN, pending))
    return runs


def break_opportunities(text: str) -> list[int]:
    """Offsets where a line may break: just after each ordinary space (U+0020). NNBSP, MVS and
    every other joiner never offer a break; nor does a space at the very end."""
    return [i + 1 for i, ch in enumerate(text) if ch == SPACE and i + 1 < len(text)]


def words(text: str) -> list[str]:
    """The unbreakable pieces of ``text``, each keeping its trailing ordinary space."""
    cuts = [0, *break_opportunities(text), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking at ordinary spaces only. A word wider than ``width`` gets a line of its
    own and is never cut (a Mongolian word cut in the middle changes its letter forms).
    Explicit newlines are kept as hard breaks. Trailing spaces are dropped from each line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, measure))
    return lines


def _wrap_paragraph(text: str, width: float, measure: Callable[[str], float]) -> Iterable[str]:
    if not text.strip():
        return [""]
    out: list[str] = []
    line = ""
    for word in words(text):
        candidate = line + word
        if line and measure(candidate.rstrip(SPACE)) > width:
            out.append(line.rstrip(SPACE))
            line = word
        else:
            line = candidate
    if line:
        out.append(line.rstrip(SPACE))
    return out
