"""What every typed office result shares: how its fields map to the ``--json`` keys.

An office service returns a frozen dataclass (``results*.py``); the window and the CLI's text read
its attributes, never keys. ``--json`` is one serialiser over the same values
(``desktop/cli/json_out.py``): a field's key is its name unless its metadata names another
(``key``), and a field the JSON of earlier releases did not carry (a name, the programme) stays
out of it (``EXTRA``), so scripts reading the JSON keep working. ``Keyed`` marks such a result
(its fields have ``--json`` keys); it is not a mapping: nothing reads a result by key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import Field, fields
from types import MappingProxyType
from typing import Any

JSON = "json"  # field metadata: False = not in --json; a str = its key there


# ``field(metadata=EXTRA)``: a field the window and the text read, left out of ``--json``
EXTRA: Mapping[str, Any] = MappingProxyType({JSON: False})


def key(name: str) -> Mapping[str, Any]:
    """``field(metadata=key("award"))``: the field's ``--json`` key differs from its name."""
    return MappingProxyType({JSON: name})


def json_key(f: Field[Any]) -> str | None:
    """The key of a dataclass field in ``--json`` (None: not written)."""
    name = f.metadata.get(JSON, f.name)
    return None if name is False else str(name)


def json_items(value: Any) -> Iterator[tuple[str, Any]]:
    """A typed result's (JSON key, value) pairs, in field order: what ``--json`` writes."""
    for f in fields(value):
        name = json_key(f)
        if name is not None:
            yield name, getattr(value, f.name)


class Keyed:
    """A typed office result (a frozen dataclass) whose fields carry their ``--json`` keys;
    read by attribute (``json_items`` is the serialiser's way in)."""

    __slots__ = ()
