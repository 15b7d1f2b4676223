"""A UUID column read as the database's own text, turned into ``str(uuid)`` without making a
``uuid.UUID`` per row (the ranking reads tens of thousands of such ids: an object each cost
more than the rest of the row).

SQLite keeps a UUID as 32 hex digits, PostgreSQL casts its own type to the dashed form; anything
else goes through ``uuid.UUID`` (the same answer, slower)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, cast
from sqlalchemy.sql.elements import ColumnElement


def as_text(column: Any) -> ColumnElement[str]:
    """The column as the database's text of it (read back with ``id_of``)."""
    return cast(column, String)


def id_of(raw: str) -> str:
    """``str(uuid.UUID(raw))`` for the text ``as_text`` reads."""
    if len(raw) == 32 and raw.isalnum() and raw.islower():
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    if len(raw) == 36 and raw.islower() and raw[8] == "-":
        return raw
    return str(uuid.UUID(raw))
