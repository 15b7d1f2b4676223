"""Names from the data files (criteria items, categories, band descriptors) in the UI language.

The criteria file carries Chinese and English. Mongolian comes from the catalog (the English name
as msgid) when it has been translated, else the Chinese name is shown.
"""

from __future__ import annotations

from desktop.domain.criteria import Category, Descriptor, Item
from desktop.i18n import _, current_language


def bilingual(zh: str, en: str) -> str:
    language = current_language()
    if language == "zh_CN":
        return zh
    if language == "en":
        return en
    translated = _(en)
    return translated if translated != en else zh


def item_name(item: Item) -> str:
    return bilingual(item.name_zh, item.name_en)


def category_name(category: Category) -> str:
    return bilingual(category.name_zh, category.name_en)


def descriptor_text(descriptor: Descriptor) -> str:
    return bilingual(descriptor.zh, descriptor.en)
