"""The bundled fonts, loaded under their unique family names (never a system copy).

Every ``.ttf`` under ``resources/fonts/`` is registered with ``QFontDatabase``; the families each
file reports are sorted into a Mongolian and a Chinese family by what the font can draw. Until the
fonts are bundled the system fallback is used (the families are then ``None``).

The window registers, before its first paint, only the faces its first screen in the start's
language draws (``load_bundled_fonts(language=…)``); the rest wait for ``load_waiting_fonts``,
called right after that paint. In Mongolian that is the bold faces: the first screen's only bold
text is its vertical title, drawn in the Mongolian face (which has no bold: Qt emboldens it), and
registering the Chinese bold face and loading it for the title's measures cost ~3 ms of the start.
English and Chinese draw their title in the Chinese bold face (on Linux the UI's "Sans Serif"
is no family of its own, so the first bundled family draws the Latin text too).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtGui import QFont, QFontDatabase

from desktop.paths import resource

MONGOLIAN_SCALE = 1.25  # Mongolian reads best a little larger than Chinese
_PROBE_MONGOLIAN = "\u182e"  # ᠮ
_PROBE_HAN = "\u4e2d"  # 中

_loaded: dict[Path, tuple[str, ...]] = {}  # file -> families; addApplicationFont once per file
_waiting: list[Path] = []  # faces left for after the first paint (load_waiting_fonts)


class FontSet(NamedTuple):  # not a frozen dataclass: that costs ~0.8 ms at start-up
    """Family names of the bundled fonts (None when not bundled) and what was loaded."""

    mongolian: str | None = None
    chinese: str | None = None
    families: tuple[str, ...] = ()

    def chinese_font(self, base: QFont) -> QFont:
        font = QFont(base)
        fams = [f for f in (self.chinese, self.mongolian) if f]
        if fams:
            font.setFamilies([*fams, *base.families()])
        return font

    def mongolian_font(self, base: QFont) -> QFont:
        """The Mongolian font at ~1.25× the base (Chinese) size, Chinese as fallback."""
        font = QFont(base)
        fams = [f for f in (self.mongolian, self.chinese) if f]
        if fams:
            font.setFamilies([*fams, *base.families()])
        size = base.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * MONGOLIAN_SCALE)
        else:
            font.setPixelSize(round(max(base.pixelSize(), 1) * MONGOLIAN_SCALE))
        return font

    def ui_font(self, base: QFont) -> QFont:
        """The application font: the platform UI family first, bundled families as fallback."""
        font = QFont(base)
        extra = [f for f in (self.chinese, self.mongolian) if f and f not in base.families()]
        font.setFamilies([*base.families(), *extra])
        return font


def font_files(folder: Path | None = None) -> list[Path]:
    folder = folder or resource("fonts")
    return sorted(folder.rglob("*.ttf")) if folder.is_dir() else []


def _draws(path: Path, char: str) -> bool:
    from PySide6.QtGui import QRawFont  # only for a font whose name does not settle it

    raw = QRawFont(str(path), 12)
    return raw.isValid() and raw.supportsCharacter(ord(char))  # the str overload misreads


def _is_mongolian(path: Path, family: str) -> bool:
    # The name settles it cheaply; QRawFont (which reads the file again) only if it does not.
    return "Mongolian" in family or ("SC" not in family.split() and
                                     _draws(path, _PROBE_MONGOLIAN))


def _is_chinese(path: Path, family: str) -> bool:
    if "SC" in family.split() or "CJK" in family.split():
        return True  # the name settles it: reading a 10 MB font again costs ~6 ms at start-up
    ws = QFontDatabase.writingSystems(family)
    return QFontDatabase.WritingSystem.SimplifiedChinese in ws or _draws(path, _PROBE_HAN)


def waits_for_first_paint(path: Path, language: str | None) -> bool:
    """Whether a face may be registered after the first paint of a window started in
    ``language``: a bold face in Mongolian (see the module's docstring)."""
    return language is not None and language.startswith("mn") and path.stem.endswith("-Bold")


def _register(path: Path) -> tuple[str, ...]:
    if path not in _loaded:
        font_id = QFontDatabase.addApplicationFont(str(path))
        _loaded[path] = (
            tuple(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else ()
        )
    return _loaded[path]


def load_bundled_fonts(folder: Path | None = None, *, language: str | None = None) -> FontSet:
    """Register every bundled ``.ttf`` (once per process) and report the families to use.

    With ``language`` (the window's start), a face its first screen does not draw waits for
    ``load_waiting_fonts`` (``waits_for_first_paint``); the families reported are those of the
    faces registered."""
    mongolian = chinese = None
    families: list[str] = []
    for path in font_files(folder):
        path = path.resolve()
        if path not in _loaded and waits_for_first_paint(path, language):
            if path not in _waiting:
                _waiting.append(path)
            continue
        fams = _register(path)
        if not fams:
            continue
        families.extend(f for f in fams if f not in families)
        if mongolian is None and _is_mongolian(path, fams[0]):
            mongolian = fams[0]
        elif chinese is None and _is_chinese(path, fams[0]):
            chinese = fams[0]
    return FontSet(mongolian, chinese, tuple(families))


def load_waiting_fonts() -> None:
    """Register the faces ``load_bundled_fonts`` left for after the first paint."""
    while _waiting:
        _register(_waiting.pop(0))
