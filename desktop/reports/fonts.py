"""The bundled fonts, registered with reportlab under their unique names, and the choice of font
per run of text: the Mongolian font for Mongolian script (U+1800–U+18AF, NNBSP, MVS, FVS), the CJK
font for Han, Latin and everything else it covers. TrueType fonts are embedded as subsets."""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.domain.messages import N_, Msg
from desktop.i18n.mongolian import Script, script_of
from desktop.paths import resource
from desktop.reports.errors import UnprintableText

CJK = "ScorebookSansSC"
CJK_BOLD = "ScorebookSansSC-Bold"
MONGOLIAN = "ScorebookMongolian"

_FILES = {
    CJK: "ScorebookSansSC-Regular.ttf",
    CJK_BOLD: "ScorebookSansSC-Bold.ttf",
    MONGOLIAN: "ScorebookMongolian-Regular.ttf",
}


@cache
def register() -> None:
    """Register the bundled fonts once per process (idempotent)."""
    for name, filename in _FILES.items():
        font = TTFont(name, str(resource("fonts", filename)))
        _keep_tables(font.face)
        _keep_subsets(font.face)
        pdfmetrics.registerFont(font)


def _keep_tables(face: Any) -> None:
    """Keep each table of a font file once read. reportlab's ``makeSubset`` copies whole tables
    out of the file on every subset it embeds — ``glyf`` alone is megabytes for a CJK font, for
    every document — though a table never changes; this face hands out the same bytes."""
    read = face.get_table
    kept: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        found = kept.get(tag)
        if found is None:
            found = kept[tag] = read(tag)
        return found

    face.get_table = get_table


SUBSETS_KEPT = 16  # per face: the bold face's subsets of a few frameworks and languages


def _keep_subsets(face: Any) -> None:
    """Keep the last few font subsets made, by the exact list of characters each holds, and the
    compressed bytes each is embedded as (``_KeptFlate``). A subset is a pure function of the
    face's file and that list, so a kept one is byte for byte what ``makeSubset`` would make
    again. What it saves: the bold face's subset (the headings, labels and item names of a score
    sheet, the same on every sheet of one framework and language) is made and compressed once,
    not per document (~2 ms of a sheet's 13–15 ms CPU). A subset holding a name or a comment
    differs from sheet to sheet and is made as before."""
    make = face.makeSubset
    add = face.addSubsetObjects
    kept: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
    lock = threading.Lock()  # documents may be printed from more than one thread

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        with lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                return found
        found = bytes(make(subset))
        with lock:
            kept[key] = found
            while len(kept) > SUBSETS_KEPT:
                kept.popitem(last=False)
        return found

    def add_subset_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        ref = add(doc, fontname, subset)  # calls make_subset (the instance's attribute)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [KEPT_FLATE]
        return ref

    face.makeSubset = make_subset
    face.addSubsetObjects = add_subset_objects


class _KeptFlate:
    """reportlab's ``FlateDecode`` filter (``zlib.compress`` at its default level, the same
    bytes) that keeps the output for the last few inputs: an embedded font file that is the same
    as in an earlier document is not compressed again."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self.deflate = lru_cache(maxsize=2 * SUBSETS_KEPT)(zlib.compress)

    def encode(self, data: bytes) -> bytes:
        found: bytes = self.deflate(data)
        return found


KEPT_FLATE = _KeptFlate()


@cache
def _cmap(name: str) -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


def covers(name: str, ch: str) -> bool:
    return ord(ch) in _cmap(name) or ch in "\n\t"


def font_for(ch: str, bold: bool = False) -> str | None:
    """The font that prints ``ch``, or None if no bundled font has it."""
    latin = CJK_BOLD if bold else CJK
    if script_of(ch) is Script.MONGOLIAN:
        return MONGOLIAN if covers(MONGOLIAN, ch) else None
    if covers(latin, ch):
        return latin
    if covers(MONGOLIAN, ch):
        return MONGOLIAN
    return None


@lru_cache(maxsize=4096)
def _printable(ch: str) -> bool:
    return ch == "\r" or font_for(ch) is not None


# Characters found printable so far (the fonts never change in a process): a text made only of
# them is checked by one C-level ``issuperset``. Bounded by the characters the fonts cover.
_PRINTABLE_SEEN: set[str] = set()


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` that no bundled font prints (each once, in order)."""
    if _PRINTABLE_SEEN.issuperset(text):  # the usual case: every character met before
        return []
    new = set(text).difference(_PRINTABLE_SEEN)
    if all(_printable(ch) for ch in new):  # each distinct new character once
        _PRINTABLE_SEEN.update(new)
        return []
    seen: list[str] = []
    for ch in text:
        if ch not in seen and not _printable(ch):
            seen.append(ch)
    return seen


def check_printable(text: str, what: str) -> None:
    """Refuse text with a character no font has. The message names the field and the code point,
    never the text (it may be secret)."""
    missing = uncovered(text)
    if missing:
        raise UnprintableText(Msg(
            N_("{what}: character U+{code} has no glyph in the bundled fonts"),
            {"what": what, "code": f"{ord(missing[0]):04X}"}))


def font_runs(text: str, bold: bool = False) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font name, run) pairs. Spaces stay with the run they follow, so a
    Mongolian phrase is shaped as one run. Uncovered characters go with the CJK font (callers
    check printability first)."""
    current: str | None = None
    run = ""
    for ch in text:
        font = font_for(ch, bold)
        if ch == " " and current is not None:
            font = current
        font = font or (CJK_BOLD if bold else CJK)
        if font != current and run:
            yield current or font, run
            run = ""
        current = font
        run += ch
    if run:
        yield current or CJK, run
