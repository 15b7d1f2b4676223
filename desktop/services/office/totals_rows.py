"""Rows as the driver returns them, for the ranking's large reads (issue 26).

SQLAlchemy compiles the query (cached), binds its parameters and runs it; the rows then come
from the driver's cursor one by one, as plain tuples, without a ``Row`` made per row and
without SQLAlchemy's result processors — and each is let go once the caller is done with it
(no list of every row held at once: fewer live objects for the cyclic collector to walk).
So a query given here selects only columns whose values the driver already returns as the
caller wants them — text (an id through ``id_text.as_text``, a ``DecimalText`` through
``type_coerce(..., String)``), integers, strings — never a column whose type converts on the
way out (a UUID, a date, a ``DecimalText`` as such).
``tests/services/office/test_ranking_fast.py`` compares each query used so with SQLAlchemy's
own rows, on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


def driver_rows(s: Session, query: Executable) -> Iterator[tuple[Any, ...]]:
    """Run ``query`` now in the session's transaction; its rows, each as the driver's tuple,
    as they are read (the result is closed at the last row, or when the iterator is
    dropped)."""
    return chain.from_iterable(_chunks(s.connection().execute(query)))


_CHUNK = 256  # rows fetched from the driver at a time (each row then handed on in C)


def _chunks(result: CursorResult[Any]) -> Iterator[Sequence[tuple[Any, ...]]]:
    cursor = result.cursor
    try:
        while rows := cursor.fetchmany(_CHUNK):
            yield rows
    finally:
        result.close()
