"""Small pieces of running text that follow the interface language without a catalog entry."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.i18n import current_language

#: how a list of names is joined in running text (Chinese enumeration comma, Mongolian comma)
LIST_SEPARATORS = {"zh_CN": "、", "mn_Mong_CN": "᠂ "}


def join_list(items: Iterable[str]) -> str:
    """``items`` as one list in running text of the interface language."""
    return LIST_SEPARATORS.get(current_language(), ", ").join(items)
