"""Fetch, rename and subset the fonts Scorebook ships in ``resources/fonts/`` (run by developers).

Sources (npm, OFL-1.1):
- ``@expo-google-fonts/noto-sans-mongolian@0.4.1``: Noto Sans Mongolian 3.x (has Latin and digits).
- ``@expo-google-fonts/noto-sans-sc@0.4.3``: Noto Sans SC static TrueType (glyf), Regular and Bold.

Each font gets a unique family name (name IDs 1, 3, 4, 6, 16) so a system copy can never be picked
instead. The SC fonts are subset to CJK Unified Ideographs + Extension A + CJK symbols + fullwidth
forms + ASCII/Latin-1 + general punctuation (not GB2312: 喆 and 堃 must print), keeping every layout
feature; the Mongolian font is kept whole (only renamed). Nothing here runs at application run time.

NNBSP (U+202F, joins a Mongolian suffix to its word): Noto Sans Mongolian draws it, out of Mongolian
shaping, as a visible marker glyph (a dotted box); its GSUB swaps it for a blank only inside a
Mongolian run. After Latin or Chinese text (``Zhenhua`` + NNBSP + ``ᠤᠨ``) Qt's itemiser puts the
NNBSP in the Latin run, so the marker showed as a box. The marker's outline is emptied (its glyph
id, and so every GSUB rule, stays). Noto Sans SC is left without U+202F on purpose: Qt takes each
character from the first family that has it, so an SC NNBSP would pull the NNBSP out of the
Mongolian font inside Mongolian text and break the suffix forms.

    .venv/bin/python packaging/fetch_fonts.py [--out resources/fonts]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

ROOT = Path(__file__).resolve().parent.parent

PACKAGES = {
    "mongolian": ("@expo-google-fonts/noto-sans-mongolian", "0.4.1"),
    "sc": ("@expo-google-fonts/noto-sans-sc", "0.4.3"),
}

# (package key, file inside the package, output file, new family, style, subset?)
FONTS = [
    ("mongolian", "400Regular/NotoSansMongolian_400Regular.ttf", "ScorebookMongolian-Regular.ttf",
     "Scorebook Mongolian", "Regular", False),
    ("sc", "400Regular/NotoSansSC_400Regular.ttf", "ScorebookSansSC-Regular.ttf",
     "Scorebook Sans SC", "Regular", True),
    ("sc", "700Bold/NotoSansSC_700Bold.ttf", "ScorebookSansSC-Bold.ttf",
     "Scorebook Sans SC", "Bold", True),
]

SC_UNICODES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # general punctuation (the source has no NNBSP; see above)
    (0x2100, 0x214F),  # letterlike symbols (№ ℃)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics ①
    (0x25A0, 0x25FF),  # geometric shapes ■ ○
    (0x3000, 0x303F),  # CJK symbols and punctuation 〔〕、。
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
]


def npm_pack(name: str, version: str, into: Path) -> Path:
    """``npm pack`` a package into ``into`` and unpack it; return the package folder."""
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=into, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    target = into / name.replace("/", "_")
    with tarfile.open(into / out) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def rename(font: TTFont, family: str, style: str) -> None:
    """Give the font a unique family name in every platform's name records."""
    ps_family = family.replace(" ", "")
    full = f"{family} {style}" if style != "Regular" else family
    values = {
        1: family,
        2: style,
        3: f"{ps_family}-{style};scorebook",
        4: full,
        6: f"{ps_family}-{style}",
        16: family,
        17: style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in values.items():
        table.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, en-US
        table.setName(value, name_id, 1, 0, 0)  # Mac Roman, English


def subset_font(font: TTFont) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # TrueType hints are irrelevant in PDF and cost ~20 %
    unicodes = [cp for lo, hi in SC_UNICODES for cp in range(lo, hi + 1)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def blank_nnbsp(font: TTFont) -> None:
    """Empty the outline of the font's NNBSP glyph and give it the width of the blank the
    font's own Mongolian shaping puts there (its glyph id stays, so shaping is unchanged)."""
    cmap = font.getBestCmap()
    name = cmap.get(0x202F)
    if name is None:
        return
    blank = cmap.get(0x180E) or cmap[0x20]  # MVS shapes to the same narrow blank
    substituted = "mvs.wide" if "mvs.wide" in font.getGlyphOrder() else blank
    font["glyf"][name] = Glyph()  # no contours
    font["hmtx"][name] = (font["hmtx"][substituted][0], 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scorebook-fonts-") as tmp:
        folders = {key: npm_pack(name, version, Path(tmp)) for key, (name, version) in
                   PACKAGES.items()}
        for key, inner, out_name, family, style, do_subset in FONTS:
            source = folders[key] / inner
            font = TTFont(source)
            if "glyf" not in font:
                raise SystemExit(f"{source}: not TrueType outlines (reportlab needs glyf)")
            if do_subset:
                subset_font(font)
            blank_nnbsp(font)
            rename(font, family, style)
            target = args.out / out_name
            font.recalcTimestamp = False  # keep the source's date: the same input, the same bytes
            font.save(target)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()[:16]
            print(f"{out_name}: {source.stat().st_size:,} -> {target.stat().st_size:,} bytes "
                  f"(sha256 {digest}…) from {PACKAGES[key][0]}@{PACKAGES[key][1]}")
        for key, licence in (("mongolian", "OFL-NotoSansMongolian.txt"),
                             ("sc", "OFL-NotoSansSC.txt")):
            (args.out / licence).write_bytes((folders[key] / "LICENSE_FONT").read_bytes())
            print(f"{licence}: the font's OFL-1.1 text from {PACKAGES[key][0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
