"""The kept state's inputs, remembered on the SQLite connection after a merge commits (issue 26).

Every import checks that the kept state is current: it reads every input of a derive (the held
bundles' rows, the applicants, teams, members, assignments, conflicts … — some 2,800 rows for an
office holding 1,000 bundles, ~6 ms, growing with what is held) and compares their hash with the
kept one. When nothing has changed in the database since the last merge committed, that read
finds exactly the inputs the merge stored.

SQLite says when nothing has changed, exactly: ``total_changes()`` counts every row inserted,
updated or deleted through this connection since it opened (a transaction rolled back still
counted: a change, never a miss), and ``PRAGMA data_version`` changes when any other connection —
another process, or another engine in this one — commits to the file. ``remember`` takes both,
with the inputs the merge kept, at the end of its unit of work; ``publish`` keeps them on the
connection's record only once the commit went through; ``recall`` gives the inputs back only
when it is the same DBAPI connection (the object itself, kept with them) and both counters are
unchanged — the database then holds exactly what it held when they were taken. Anything else —
a conflict recorded, a row changed by hand, another office machine's import, a reconnection, a
failed commit, an upgrade (the inputs' header: the app's and the rules' version) — reads the
inputs again. PostgreSQL has no such counter: its workspaces always read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

_KEY = "scorebook.kept_inputs"  # in the pool record's ``info`` (lives with the DBAPI connection)


@dataclass(frozen=True)
class Memo:
    conn: Any  # the DBAPI connection they were taken on (compared by identity)
    changes: int  # its total_changes() then
    data_version: int  # its PRAGMA data_version then
    inputs: Any  # derived_state.Inputs


@dataclass(frozen=True)
class Pending:
    """Taken at the end of a unit of work, published after its commit."""

    info: dict[Any, Any]
    cycle_id: Any
    memo: Memo


def _counters(raw: Any) -> tuple[int, int]:
    cursor = raw.cursor()
    try:
        cursor.execute("SELECT total_changes()")
        changes = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA data_version")
        version = int(cursor.fetchone()[0])
    finally:
        cursor.close()
    return changes, version


def _raw(s: Session) -> Any | None:
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return None
    return conn.connection


def recall(s: Session, cycle_id: Any, header: tuple[str, ...]) -> Any | None:
    """The inputs remembered for ``cycle_id`` on this session's connection, when the database
    has not changed since (and their header is ``header``); else None."""
    raw = _raw(s)
    if raw is None:
        return None
    memo = raw.info.get(_KEY, {}).get(cycle_id)
    if memo is None or memo.conn is not raw.driver_connection or \
            memo.inputs.header != header:
        return None
    if _counters(raw) != (memo.changes, memo.data_version):
        return None
    return memo.inputs


def remember(s: Session, cycle_id: Any, inputs: Any) -> Pending | None:
    """Take the counters now, at the end of a unit of work whose every input is ``inputs``
    (nothing written after this); publish the result after the commit."""
    raw = _raw(s)
    if raw is None or inputs is None:
        return None
    s.flush()
    changes, version = _counters(raw)
    return Pending(raw.info, cycle_id, Memo(raw.driver_connection, changes, version, inputs))


def publish(pending: Pending | None) -> None:
    """Keep what ``remember`` took (call only once the unit of work committed)."""
    if pending is not None:
        pending.info.setdefault(_KEY, {})[pending.cycle_id] = pending.memo


def forget(s: Session) -> None:
    """Drop every memo of this session's connection (tests)."""
    raw = _raw(s)
    if raw is not None:
        raw.info.pop(_KEY, None)
