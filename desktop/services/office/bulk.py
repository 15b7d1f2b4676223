"""Rows inserted in bulk straight through the database driver (issue 26).

A derive of 1,000 bundles writes 23,000 item scores. Through ``Connection.execute(insert(T),
rows)`` SQLAlchemy builds every row's parameters anew — a dictionary per row, each value looked
up and passed through its type's processor — which cost about as much as the database's own
work. ``insert_rows`` compiles the INSERT once for the backend, takes each column's processor
once (the same ``bind_processor`` SQLAlchemy applies: a uuid as its 32 hex digits on SQLite,
native on PostgreSQL; a moment as the workspace stores it), and hands the driver one plain tuple
(or, for a named parameter style, one mapping) per row in a single ``executemany``. The values
stored are exactly those SQLAlchemy would store (tested on both backends).

Every row gives every column of the first row's keys; a column with a default computed in
Python (an id, a moment) must be given (the driver knows no such default); a server default is
the database's own."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


def _table(model: Any) -> Table:
    table: Table = model.__table__ if hasattr(model, "__table__") else model
    return table


def insert_rows(s: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (column name -> value, every row the same keys) into ``model``'s table
    in one ``executemany``; how many rows."""
    if not rows:
        return 0
    table = _table(model)
    keys = list(rows[0])
    missing = [c.name for c in table.columns
               if c.name not in keys and c.default is not None and not c.default.is_sequence]
    if missing:
        raise ValueError(f"insert_rows into {table.name}: give {', '.join(missing)}")
    conn = s.connection()
    sql, positional, names, plan = _compiled(conn.dialect, table, tuple(keys))
    columns = []  # column-wise: each column's values in order, through its processor once
    for key, process, primary in plan:
        values = list(map(itemgetter(key), rows))  # a C-level pass over the rows
        if process is not None:
            values = list(map(process, values)) if primary else _processed(process, values)
        columns.append(values)
    params: list[Any] = list(zip(*columns, strict=True))
    if not positional:
        params = [dict(zip(names, values, strict=True)) for values in params]
    conn.exec_driver_sql(sql, params)
    return len(rows)


_Plan = tuple[str, bool, tuple[str, ...], tuple[tuple[str, Any, bool], ...]]
_plans: OrderedDict[tuple[int, int, tuple[str, ...]], tuple[Any, Table, _Plan]] = OrderedDict()
_KEPT = 64  # plans kept: a few tables for a few engines


def _compiled(dialect: Any, table: Table, keys: tuple[str, ...]) -> _Plan:
    """The INSERT of ``keys`` into ``table`` compiled for ``dialect`` (an engine's own): its
    SQL, whether its parameters are positional, their names in order, and for each the
    column's key, the type's bind processor and whether it is the primary key — the same every
    time for the same dialect object, table and columns (a few kept per process; the dialect
    and the table are kept with them and compared by identity, so an id reused is no match)."""
    key = (id(dialect), id(table), keys)
    with _plans_lock:
        kept = _plans.get(key)
        if kept is not None and kept[0] is dialect and kept[1] is table:
            _plans.move_to_end(key)
            return kept[2]
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    binds = compiled.binds  # bind name -> parameter (its key: the column's)
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
    plan = tuple((binds[name].key,
                  dialect.type_descriptor(table.c[binds[name].key].type).bind_processor(dialect),
                  bool(table.c[binds[name].key].primary_key)) for name in names)
    found = (compiled.string, bool(compiled.positional), names, plan)
    with _plans_lock:
        _plans[key] = (dialect, table, found)
        while len(_plans) > _KEPT:
            _plans.popitem(last=False)
    return found


_plans_lock = threading.Lock()


def _processed(process: Any, values: Sequence[Any]) -> list[Any]:
    """``list(map(process, values))``, each distinct value processed once (a column such as
    the cycle, a bundle or an applicant repeats a few values over thousands of rows; a
    processor is a pure conversion). Keyed by type and value, so values equal across types
    (``1`` and ``True``) are processed apart; an unhashable value is processed every time.
    The same object as the value before takes that one's result without a lookup (the rows of
    a sheet hold the same bundle and applicant objects: a uuid's hash is Python code)."""
    done: dict[tuple[type, Any], Any] = {}
    out = []
    last: Any = _MISSING
    found: Any = None
    for value in values:
        if value is last:
            out.append(found)
            continue
        last = _MISSING
        try:
            key = (type(value), value)
            found = done.get(key, _MISSING)
        except TypeError:  # unhashable
            out.append(process(value))
            continue
        if found is _MISSING:
            found = done[key] = process(value)
        out.append(found)
        last = value
    return out


_MISSING = object()
