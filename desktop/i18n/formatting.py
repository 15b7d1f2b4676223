"""Dates, times and numbers in the interface language (Qt-free; used by the UI and the reports).

English and Simplified Chinese use Babel's CLDR data. CLDR has next to nothing for ``mn_Mong_CN``
(Babel prints "2025 M09 15"), so Traditional Mongolian uses explicit patterns of our own:

- date: ``2025 ᠣᠨ ᠤ 9 ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ 15`` — year ᠣᠨ + genitive ᠤ, month ᠰᠠᠷ᠎ᠠ + genitive ᠶᠢᠨ, day: the
  order and the numbered months of Inner Mongolian official usage (it mirrors 2025年9月15日); the
  suffixes are joined with NNBSP (U+202F), ᠰᠠᠷ᠎ᠠ carries MVS (U+180E). Western digits, no padding.
- time: 24-hour ``15:07``; date and time: ``<date>᠂ 15:07`` (Mongolian comma, so the day number and
  the hour never run together).
- numbers: Western digits, ``.`` for decimals, ``,`` grouping thousands, ``85%`` — as in Chinese
  documents of the region.
- running text built in code: lists, clauses and "label: value" use each language's punctuation
  (``join_list``: "A, B" — "A、B" — "A᠂ B"; ``join_clauses``: "A; B" — "A；B" — "A᠂ B";
  ``label_value``: "Done: 3" — "完成：3" — "ᠳᠠᠭᠤᠰᠪᠠ᠄ 3"), never an ASCII , ; : inside Chinese or
  Mongolian.

The Mongolian patterns are awaiting native review. ``language`` is any tag ``normalise`` accepts
(``zh``, ``zh-Hans-CN``, ``mn_Mong_CN`` …); None means the current interface language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent

from desktop import i18n

MONGOLIAN = "mn_Mong_CN"
NNBSP, MVS = "\u202f", "\u180e"
MN_YEAR = f"ᠣᠨ{NNBSP}ᠤ"  # "of the year"
MN_MONTH = f"ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ"  # "of the month"
MN_COMMA = "᠂"
# Babel locale of each supported language; Mongolian numbers borrow English symbols (see above)
_BABEL = {"en": "en", "zh_CN": "zh_Hans_CN", MONGOLIAN: "en"}

Number = int | float | Decimal
#: the punctuation of running text built in code, per language
LIST_SEPARATOR = {"en": ", ", "zh_CN": "、", MONGOLIAN: f"{MN_COMMA} "}
CLAUSE_SEPARATOR = {"en": "; ", "zh_CN": "；", MONGOLIAN: f"{MN_COMMA} "}
LABEL_SEPARATOR = {"en": ": ", "zh_CN": "：", MONGOLIAN: "᠄ "}


def language_of(language: str | None) -> str:
    """A supported language for a tag (Babel normalises unusual tags), or the current one."""
    return i18n.normalise(language) if language else i18n.current_language()


def babel_locale(language: str | None = None) -> str:
    return _BABEL[language_of(language)]


def format_date(value: date, language: str | None = None) -> str:
    """A calendar date: "Sep 15, 2025", "2025年9月15日", "2025 ᠣᠨ ᠤ 9 ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ 15"."""
    lang = language_of(language)
    if lang == MONGOLIAN:
        return f"{value.year} {MN_YEAR} {value.month} {MN_MONTH} {value.day}"
    return _babel_date(value, "long" if lang == "zh_CN" else "medium", locale=_BABEL[lang])


def format_time(value: time | datetime, language: str | None = None) -> str:
    """A time of day to the minute: "3:07 PM" in English, "15:07" in Chinese and Mongolian."""
    lang = language_of(language)
    if lang == MONGOLIAN:
        return f"{value.hour:02d}:{value.minute:02d}"
    return _babel_time(value, "short", locale=_BABEL[lang])


def format_datetime(value: datetime, language: str | None = None) -> str:
    """Date and time to the minute, e.g. "2025年9月15日 15:07"."""
    lang = language_of(language)
    day, clock = format_date(value.date(), lang), format_time(value, lang)
    if lang == MONGOLIAN:
        return f"{day}{MN_COMMA} {clock}"
    if lang == "zh_CN":
        return f"{day} {clock}"
    return f"{day}, {clock}"


def format_number(value: int, language: str | None = None) -> str:
    """A whole number with grouped thousands: "1,234"."""
    return _babel_decimal(value, format="#,##0", locale=babel_locale(language))


def format_decimal(value: Number, language: str | None = None, places: int | None = None) -> str:
    """A decimal number; ``places`` fixes the digits after the point (scores: 2)."""
    pattern = "#,##0.###" if places is None else "#,##0" + ("." + "0" * places if places else "")
    return _babel_decimal(value, format=pattern, locale=babel_locale(language),
                          decimal_quantization=places is not None)


def format_percent(value: Number, language: str | None = None) -> str:
    """A fraction as a percentage: 0.85 -> "85%" (up to one decimal: 0.875 -> "87.5%")."""
    return _babel_percent(value, format="#,##0.#%", locale=babel_locale(language),
                          decimal_quantization=True)


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """Items of a list in running text: "A, B" — "A、B" — "A᠂ B"."""
    return LIST_SEPARATOR[language_of(language)].join(str(i) for i in items)


def join_clauses(items: Iterable[object], language: str | None = None) -> str:
    """Clauses one after another: "A; B" — "A；B" — "A᠂ B" (no ASCII ";" in Chinese or
    Mongolian)."""
    return CLAUSE_SEPARATOR[language_of(language)].join(str(i) for i in items)


def label_value(label: str, value: object, language: str | None = None) -> str:
    """A label and its value: "Done: 3" — "完成：3" — "ᠳᠠᠭᠤᠰᠪᠠ᠄ 3"."""
    return f"{label}{LABEL_SEPARATOR[language_of(language)]}{value}"
