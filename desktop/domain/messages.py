"""Translatable messages that the core hands to the edge (UI, CLI) untranslated.

The core never translates: it marks English source strings with ``N_`` and carries their
parameters in a ``Msg``. The edge renders a ``Msg`` in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` for extraction without translating it."""
    return text


def _identity(text: str) -> str:
    return text


Plural = Callable[[str, str, int], str]  # ngettext(singular, plural, n)


@dataclass(frozen=True)
class Msg:
    """An English source template plus named parameters, rendered at the edge.

    A message that counts (made with ``nmsg``) also carries the English plural; its count is
    the ``count`` parameter, and the edge picks the form with ``ngettext`` (without one, the
    English form that matches the count)."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None

    def render(self, translate: Callable[[str], str] = _identity,
               ngettext: Plural | None = None) -> str:
        params = {
            k: v.render(translate, ngettext) if isinstance(v, Msg) else v
            for k, v in self.params.items()
        }
        if self.plural is None:
            return translate(self.template).format(**params)
        n = int(self.params.get("count", 0))
        if ngettext is not None:
            return ngettext(self.template, self.plural, n).format(**params)
        return (self.template if n == 1 else self.plural).format(**params)

    def __str__(self) -> str:
        return self.render()


def nmsg(singular: str, plural: str, count: int, **params: Any) -> Msg:
    """A message that counts: ``{count}`` and the form for it (extracted like ``ngettext``)."""
    return Msg(singular, {"count": count, **params}, plural)
