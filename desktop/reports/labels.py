"""Labels of a document in the document's language.

``Labels(language)`` is called as ``_("Score sheet")`` inside the builders (so ``pybabel extract``
finds every label). It uses the gettext catalog of that language; where the catalog has no entry
yet it falls back to the reviewed-later term lists ``resources/i18n/<lang>_terms.toml`` (English →
translation), which the lead merges into the catalogs. Once a catalog has the string it wins.
"""

from __future__ import annotations

import gettext
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache

from desktop import i18n
from desktop.i18n.data_names import mongolian_name
from desktop.paths import resource

MONGOLIAN = "mn_Mong_CN"
CHINESE = "zh_CN"

_TERM_FILES = {MONGOLIAN: "mn_terms.toml", CHINESE: "zh_terms.toml"}


@cache
def _terms(language: str) -> dict[str, str]:
    name = _TERM_FILES.get(language)
    if name is None:
        return {}
    path = resource("i18n", name)
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = data.get("terms", {})
    return {str(k): str(v) for k, v in terms.items() if isinstance(v, str) and v.strip()}


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    return i18n.translator(language)


class Labels:
    """A translator bound to one language (not the process-wide one)."""

    def __init__(self, language: str | None = None) -> None:
        self.language = i18n.normalise(language) if language else i18n.current_language()

    @property
    def mongolian(self) -> bool:
        return self.language == MONGOLIAN

    @property
    def chinese(self) -> bool:
        return self.language == CHINESE

    def __call__(self, text: str) -> str:
        if self.language == i18n.SOURCE:
            return text
        if self.language == i18n.current_language():
            translated = i18n._(text)
        else:
            translated = _catalog(self.language).gettext(text)
        if translated == text:
            translated = _terms(self.language).get(text, text)
        return translated

    def join(self, items: Iterable[str]) -> str:
        """Names listed in the document's language: "张喆, 王堃" — "张喆、王堃" — "张喆᠂ 王堃"."""
        from desktop.i18n import formatting  # Babel: only when a text is formatted

        return formatting.join_list(items, self.language)

    def pick(self, zh: str, en: str, mn: str | None = None) -> str:
        """Choose a data name in the document's language: Mongolian is ``mn``, else the data files'
        Mongolian for the same name, else Chinese (the official language of the documents)."""
        if self.mongolian:
            return mn or mongolian_name(zh, en) or zh
        return zh if self.chinese else en

    def date(self, value: date) -> str:
        if self.language == i18n.SOURCE:
            return value.isoformat()  # the English working copy: ISO is unambiguous
        from desktop.i18n import formatting

        return formatting.format_date(value, self.language)  # 2025年9月15日, Mongolian pattern

    def datetime(self, value: datetime) -> str:
        if self.language == i18n.SOURCE:
            return f"{value.date().isoformat()} {value:%H:%M}"
        from desktop.i18n import formatting

        return formatting.format_datetime(value, self.language)
