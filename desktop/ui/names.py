"""Names from the data files (criteria items, categories, band descriptors, programmes, awards,
stages) in the UI language.

The data files carry Chinese, English and (awaiting native review) Traditional Mongolian. Mongolian
is the data's ``name_mn`` when the caller has it, else the data files' Mongolian for the same
Chinese/English pair (a case file stores stages as zh/en only), else the catalog (the English name
as msgid), else the Chinese name.
"""

from __future__ import annotations

from desktop.domain.criteria import Category, Descriptor, Item
from desktop.domain.programmes import AwardCategory, Programme, Stage
from desktop.i18n import _, current_language
from desktop.i18n.data_names import mongolian_name


def bilingual(zh: str, en: str, mn: str | None = None) -> str:
    language = current_language()
    if language == "zh_CN":
        return zh
    if language == "en":
        return en
    found = mn or mongolian_name(zh, en)
    if found:
        return found
    translated = _(en)
    return translated if translated != en else zh


def item_name(item: Item) -> str:
    return bilingual(item.name_zh, item.name_en, item.name_mn)


def category_name(category: Category) -> str:
    return bilingual(category.name_zh, category.name_en, category.name_mn)


def descriptor_text(descriptor: Descriptor) -> str:
    return bilingual(descriptor.zh, descriptor.en, descriptor.mn)


def named(thing: Programme | AwardCategory | Stage) -> str:
    """The name of a programme, award category or stage in the UI language."""
    return bilingual(thing.name_zh, thing.name_en, thing.name_mn)
