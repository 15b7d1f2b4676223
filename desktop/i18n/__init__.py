"""gettext for Scorebook: English source strings, catalogs in ``resources/i18n/<locale>/``.

Import ``_`` (translate now) and ``N_`` (mark only) from here; nothing is installed into builtins.
``set_language`` switches the process-wide language; the UI re-translates on its signal.
"""

from __future__ import annotations

import functools
import gettext as _gettext
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.paths import resource

if TYPE_CHECKING:
    from desktop.domain.messages import Msg

DOMAIN = "scorebook"
SOURCE = "en"
SUPPORTED = ("en", "zh_CN", "mn_Mong_CN")

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE

__all__ = ["N_", "SUPPORTED", "_", "current_language", "ngettext", "normalise", "render",
           "set_language", "translator"]


def N_(text: str) -> str:
    """Mark ``text`` for extraction without translating it (``desktop.domain.messages.N_``,
    the same; not imported from there: that module's dataclass costs the window's start)."""
    return text


def normalise(tag: str | None) -> str:
    """Map a locale tag (``zh``, ``zh-Hans-CN``, ``zh_CN.UTF-8`` …) to a supported one."""
    if not tag:
        return SOURCE
    clean = tag.split(".")[0].split("@")[0].replace("-", "_")
    if clean in SUPPORTED:  # the common cases need no Babel (keeps start-up fast)
        return clean
    if clean.split("_")[0].lower() in {"en", "c", "posix"}:  # en_US.UTF-8, C.UTF-8, POSIX
        return SOURCE
    try:
        from babel import Locale

        loc = Locale.parse(clean)
    except Exception:  # an unparseable tag falls back to the source language
        return SOURCE
    if loc.language == "zh":
        return "zh_CN"
    if loc.language == "mn":
        return "mn_Mong_CN" if (loc.script == "Mong" or loc.territory == "CN") else SOURCE
    return SOURCE


def catalog_dir() -> Path:
    return resource("i18n")


@functools.cache
def translator(language: str) -> _gettext.NullTranslations:
    """The catalog of one language (cached), e.g. to print a document in another language."""
    return _load(normalise(language))


def _load(language: str, *, lazy: bool = False) -> _gettext.NullTranslations:
    """The catalog; ``lazy``: decoded message by message (``mo_lazy``), for the interface
    language, whose start asks for a few dozen of its ~3,000 messages."""
    if language == SOURCE:
        return _gettext.NullTranslations()
    base = catalog_dir() / language / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        if lazy:
            from desktop.i18n.mo_lazy import LazyTranslations

            return LazyTranslations(mo.read_bytes())
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():  # a fresh checkout before `make catalogs`: compile in memory
        import io

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(tag: str | None) -> str:
    global _translations, _language
    language = normalise(tag)
    _translations = _load(language, lazy=True)
    _language = language
    return language


def current_language() -> str:
    return _language


def _(text: str) -> str:
    return _translations.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def render(message: Msg) -> str:
    """Render a core ``Msg`` in the current language."""
    return message.render(_, ngettext)
