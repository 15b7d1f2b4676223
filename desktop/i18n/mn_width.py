"""How much longer the Mongolian strings run than the Chinese: measured with HarfBuzz and the
bundled fonts, so the layout can give the long ones room (a vertical header, a column, a button).

``wide_strings`` lists the msgids whose Mongolian is more than ``factor`` times the width of the
Chinese at the same point size (a Mongolian column's length is the horizontal advance of the line it
is laid out from). ``write_report`` saves them in ``resources/i18n/mn_long_strings.json``;
``load_report`` reads it back as {msgid: ratio} for the layout code. Placeholders count as three
digits on both sides. ``python -m desktop.i18n.mn_check --widths`` rewrites the report.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n import catalog_dir
from desktop.i18n.mongolian import Script, split_runs
from desktop.paths import resource

REPORT = "mn_long_strings.json"
FACTOR = 3.0
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]|\(&[A-Za-z]\)|&(?=\w)")
MONGOLIAN_FONT = "ScorebookMongolian-Regular.ttf"
CHINESE_FONT = "ScorebookSansSC-Regular.ttf"


@dataclass(frozen=True)
class WideString:
    msgid: str
    ratio: float  # Mongolian width / Chinese width
    mongolian_em: float  # widths in em at the same size
    chinese_em: float


class _Font:
    """A HarfBuzz font at its own units per em (uharfbuzz is a dependency of the PDF reports)."""

    def __init__(self, path: Path) -> None:
        import uharfbuzz as hb

        self._hb = hb
        blob = hb.Blob.from_file_path(str(path))
        face = hb.Face(blob)
        self.upem = face.upem
        self.font = hb.Font(face)

    def advance(self, text: str) -> float:
        hb = self._hb
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(self.font, buf, {})
        advance = float(sum(p.x_advance for p in buf.glyph_positions))
        return advance / float(self.upem)


@functools.cache
def _fonts() -> tuple[_Font, _Font]:
    fonts = resource("fonts")
    return _Font(fonts / MONGOLIAN_FONT), _Font(fonts / CHINESE_FONT)


def width_em(text: str) -> float:
    """The advance of ``text`` in em: Mongolian and Latin runs in the Mongolian font, Han in the
    Chinese font (as the window and the PDFs set them)."""
    mongolian, chinese = _fonts()
    text = PLACEHOLDER.sub("000", text)
    total = 0.0
    for script, run in split_runs(text):
        font = chinese if script is Script.CJK else mongolian
        total += font.advance(run)
    return total


def wide_strings(rows: Iterable[tuple[str, str, str]], factor: float = FACTOR) -> list[WideString]:
    """(msgid, Chinese, Mongolian) rows whose Mongolian is wider than ``factor`` × the Chinese,
    widest ratio first."""
    out = []
    for msgid, zh, mn in rows:
        if not zh.strip() or not mn.strip():
            continue
        zh_em, mn_em = width_em(zh), width_em(mn)
        if zh_em > 0 and mn_em > factor * zh_em:
            out.append(WideString(msgid, round(mn_em / zh_em, 2), round(mn_em, 2), round(zh_em, 2)))
    return sorted(out, key=lambda w: (-w.ratio, w.msgid))


def catalog_pairs(locale: str) -> dict[str, str]:
    """{msgid: translation} of a catalog (plural entries by their singular msgid)."""
    path = catalog_dir() / locale / "LC_MESSAGES" / "scorebook.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    out = {}
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        string = m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")
        out[msgid] = string or ""
    return out


def glossary_terms() -> dict[str, dict[str, str]]:
    data = tomllib.loads((catalog_dir() / "glossary.toml").read_text(encoding="utf-8"))
    terms: dict[str, dict[str, str]] = data["terms"]
    return terms


COMMENTED_MN = re.compile(r'^#\s*(\w+_mn) = ("[^"]*")', re.M)


def data_names(root: Path | None = None) -> list[tuple[str, str]]:
    """(where, text) of every Mongolian name and text (``*_mn``, a descriptor's ``mn``, and the
    commented ``# name_mn = "…"`` examples of TEMPLATE.toml) in the criteria and programme files
    under ``root`` (the shipped resources by default): the window and the printed documents show
    them beside the catalog's strings."""
    out: list[tuple[str, str]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (str(key).endswith("_mn") or key == "mn"):
                    out.append((f"{where}:{key}", value))
                else:
                    walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for folder in ("criteria", "programmes"):
        base = root / folder if root is not None else Path(resource(folder))
        for path in sorted(base.glob("*.toml")):
            text = path.read_text(encoding="utf-8")
            walk(tomllib.loads(text), f"{folder}/{path.name}")
            for m in COMMENTED_MN.finditer(text):
                value = tomllib.loads(f"v = {m.group(2)}")["v"]
                out.append((f"{folder}/{path.name}:# {m.group(1)}", value))
    return out


def current_report(factor: float = FACTOR) -> list[WideString]:
    zh, mn = catalog_pairs("zh_CN"), catalog_pairs("mn_Mong_CN")
    return wide_strings(((k, zh.get(k, ""), v) for k, v in mn.items()), factor)


def write_report(path: Path | None = None) -> list[WideString]:
    rows = current_report()
    target = path or catalog_dir() / REPORT
    payload = {"factor": FACTOR, "measured_with": f"HarfBuzz, {MONGOLIAN_FONT}, {CHINESE_FONT}",
               "strings": [{"msgid": w.msgid, "ratio": w.ratio, "mongolian_em": w.mongolian_em,
                            "chinese_em": w.chinese_em} for w in rows]}
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return rows


def load_report(path: Path | None = None) -> dict[str, float]:
    """{msgid: Mongolian/Chinese width ratio} of the strings the layout should give room to."""
    target = path or catalog_dir() / REPORT
    if not target.exists():
        return {}
    data = json.loads(target.read_text(encoding="utf-8"))
    return {row["msgid"]: float(row["ratio"]) for row in data.get("strings", [])}
