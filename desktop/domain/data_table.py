"""A table of a data file with its dotted path (programme and facts parsers), and the shared
value parsers (dates, fractions). Unknown keys are refused so that a typo never silently drops a
rule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from desktop.domain.errors import FileFormatError, ProgrammeError
from desktop.domain.messages import N_

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRACTION_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class FieldTable:
    """One table of a data file with its dotted path; rejects keys it does not know.

    Shared by the programme and facts parsers; ``error`` is the error class they raise.
    """

    def __init__(self, data: object, source: str, entry: str, allowed: set[str],
                 error: type[FileFormatError] = ProgrammeError) -> None:
        self.error = error
        if not isinstance(data, Mapping):
            raise error(source, entry or "(file)", N_("must be a table of fields"))
        self.data: Mapping[str, Any] = data
        self.source = source
        self.entry = entry
        for key in data:
            if key not in allowed:
                raise error(source, self.path(str(key)),
                            N_("unknown field '{field}' (allowed: {allowed})"),
                            field=key, allowed=", ".join(sorted(allowed)))

    def path(self, key: str) -> str:
        return f"{self.entry}.{key}" if self.entry else key

    def fail(self, key: str, problem: str, **params: Any) -> FileFormatError:
        return self.error(self.source, self.path(key), problem, **params)

    def child(self, data: object, entry: str, allowed: set[str]) -> FieldTable:
        return FieldTable(data, self.source, entry, allowed, self.error)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def _missing(self, key: str) -> FileFormatError:
        return self.fail(key, N_("missing required field"))

    def text(self, key: str) -> str:
        if key not in self.data:
            raise self._missing(key)
        return self._text(key)

    def _text(self, key: str) -> str:
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, N_("must be text"))
        if not value.strip():
            raise self.fail(key, N_("must not be empty"))
        return value.strip()

    def opt_text(self, key: str) -> str | None:
        return self._text(key) if key in self.data else None

    def opt_mongolian(self, key: str) -> str | None:
        """Optional Traditional Mongolian text: where given, it is in Mongolian script."""
        value = self.opt_text(key)
        if value is not None and not any("\u1820" <= c <= "\u18af" for c in value):
            raise self.fail(key, N_("must be written in Mongolian script"))
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not ID_PATTERN.match(value):
            raise self.fail(key, N_("'{value}' is not an id: use lower-case letters, digits and -"),
                            value=value)
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        if key not in self.data:
            raise self._missing(key)
        return self._integer(key, minimum)

    def _integer(self, key: str, minimum: int) -> int:
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, N_("must be a whole number"))
        if value < minimum:
            raise self.fail(key, N_("must be at least {minimum}, not {value}"),
                            minimum=minimum, value=value)
        return value

    def opt_int(self, key: str, minimum: int = 0) -> int | None:
        return self._integer(key, minimum) if key in self.data else None

    def flag(self, key: str, default: bool) -> bool:
        value = self.opt_flag(key)
        return default if value is None else value

    def opt_flag(self, key: str) -> bool | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if not isinstance(value, bool):
            raise self.fail(key, N_("must be true or false"))
        return value

    def day(self, key: str) -> date:
        if key not in self.data:
            raise self._missing(key)
        return self._day(key)

    def _day(self, key: str) -> date:
        return parse_date(self.data[key], lambda: self.fail(
            key, N_("'{value}' is not a date (YYYY-MM-DD)"), value=self.data[key]))

    def opt_day(self, key: str) -> date | None:
        return self._day(key) if key in self.data else None

    def texts(self, key: str) -> tuple[str, ...]:
        if key not in self.data:
            return ()
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise self.fail(key, N_("must be a list of texts"))
        return tuple(v.strip() for v in value)

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in choices:
            raise self.fail(key, N_("'{value}' is not one of: {choices}"), value=value,
                            choices=", ".join(choices))
        return value

    def tables(self, key: str, required: bool = True) -> list[tuple[str, Any]]:
        """A list of tables as (entry path, raw table) pairs."""
        if key not in self.data:
            if required:
                raise self._missing(key)
            return []
        value = self.data[key]
        if not isinstance(value, list) or (required and not value):
            raise self.fail(key, N_("must be a non-empty list of tables"))
        return [(f"{self.path(key)}[{i}]", item) for i, item in enumerate(value)]

    def sub(self, key: str, allowed: set[str]) -> FieldTable | None:
        if key not in self.data:
            return None
        return self.child(self.data[key], self.path(key), allowed)


def parse_date(value: object, error: Any) -> date:
    """A TOML date or an ISO ``YYYY-MM-DD`` string (JSON); ``error()`` builds the refusal."""
    if isinstance(value, datetime):
        raise error()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error()


def parse_fraction(text: object) -> Fraction | None:
    """"2/3" → Fraction(2, 3); None unless 0 < n ≤ d."""
    if not isinstance(text, str):
        return None
    match = FRACTION_PATTERN.match(text)
    if not match:
        return None
    num, den = int(match.group(1)), int(match.group(2))
    if den == 0 or num == 0 or num > den:
        return None
    return Fraction(num, den)
