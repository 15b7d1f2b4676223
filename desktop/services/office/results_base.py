"""What every typed office result shares: how its fields map to the ``--json`` keys.

An office service returns a frozen dataclass (``results*.py``); the window and the CLI's text read
its attributes. ``--json`` is one serialiser over the same values (``desktop/cli/json_out.py``):
a field's key is its name unless its metadata names another (``keyed``), and a field the JSON of
earlier releases did not carry (a name, the programme) stays out of it (``extra``), so scripts
reading the JSON keep working. ``Keyed`` lets old readers of the dict (benchmarks, scripts)
still ask ``result["ref"]`` by the JSON key; new code reads attributes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import Field, field, fields
from typing import Any

JSON = "json"  # field metadata: False = not in --json; a str = its key there


def extra(**kw: Any) -> Any:
    """A field the window and the text read, left out of ``--json`` (its keys are kept)."""
    return field(metadata={JSON: False}, **kw)


def keyed(key: str, **kw: Any) -> Any:
    """A field whose ``--json`` key differs from its attribute name."""
    return field(metadata={JSON: key}, **kw)


def json_key(f: Field[Any]) -> str | None:
    """The key of a dataclass field in ``--json`` (None: not written)."""
    key = f.metadata.get(JSON, f.name)
    return None if key is False else str(key)


class Keyed:
    """Read access by the ``--json`` key, for callers written against the dict results."""

    def _key_fields(self) -> Iterator[tuple[str, str]]:
        for f in fields(self):  # type: ignore[arg-type]
            key = json_key(f)
            if key is not None:
                yield key, f.name

    def __getitem__(self, key: str) -> Any:
        for k, name in self._key_fields():
            if k == key:
                return getattr(self, name)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self) -> list[str]:
        return [k for k, _ in self._key_fields()]
