"""Small pieces of running text that follow the interface language without a catalog entry."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.i18n import formatting


def join_list(items: Iterable[str]) -> str:
    """``items`` as one list in running text of the interface language (one rule for the whole
    app: ``desktop.i18n.formatting.join_list``)."""
    return formatting.join_list(items)
