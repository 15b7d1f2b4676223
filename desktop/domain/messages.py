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


@dataclass(frozen=True)
class Msg:
    """An English source template plus named parameters, rendered at the edge."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        params = {
            k: v.render(translate) if isinstance(v, Msg) else v for k, v in self.params.items()
        }
        return translate(self.template).format(**params)

    def __str__(self) -> str:
        return self.render()


def msg(template: str, **params: Any) -> Msg:
    return Msg(template, params)
