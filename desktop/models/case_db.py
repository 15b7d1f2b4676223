"""A case database through its driver alone: no SQLAlchemy (issue 26).

What the SQLAlchemy engine (``engine``) and a light read-only open (``services.case_light``)
share, so both make the same connection and the same checks: the connection's set-up (the raw
data key as ``PRAGMA key``, then ``PRAGMAS``), the integrity check of every page, the error a
file that fails them raises, the schema revision the code expects, and how a value stored by
``models.base``'s column types reads back (a uuid as 32 hex digits, a moment as ISO text in UTC,
a decimal as its text, a date as ``YYYY-MM-DD``, a flag as 0/1; NULL is the caller's to
handle).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

# The newest schema revision of a case file (``migrations.runner.HEAD``; a test checks it
# against the scripts).
SCHEMA_HEAD = "0006_findings"
VERSION_TABLE = "alembic_version"

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
    "PRAGMA temp_store=MEMORY",
)

Rows = list[tuple[Any, ...]]


class CaseFileCorrupt(InputRejected):
    """The database does not open with its key, or a page fails its integrity check."""

    def __init__(self, file: str, detail: str = "") -> None:
        super().__init__(Msg(N_("The case file {file} is damaged or was altered"),
                             {"file": file}))
        self.detail = detail


def driver(encrypted: bool) -> Any:
    """The DB-API module: ``sqlcipher3``'s for an encrypted file, else the standard sqlite3."""
    if encrypted:
        from sqlcipher3 import dbapi2

        return dbapi2
    return sqlite3


def db_errors(encrypted: bool) -> tuple[type[Exception], ...]:
    if encrypted:
        from sqlcipher3 import dbapi2

        return (sqlite3.DatabaseError, dbapi2.DatabaseError)
    return (sqlite3.DatabaseError,)


def configure(connection: Any, key: bytes | None) -> None:
    """Set up a fresh connection: we issue BEGIN ourselves; the key (when encrypted) before
    anything else, so SQLCipher skips its own PBKDF2; then ``PRAGMAS``."""
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        if key is not None:
            cursor.execute("PRAGMA cipher_log_level = NONE")  # errors are ours to report
            # executescript: the statement is prepared, run and finalised at once; execute()
            # would keep its text (the key) in the driver's statement cache while open
            cursor.executescript(f"PRAGMA key = \"x'{key.hex()}'\";")
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def integrity_problems(run: Callable[[str], Rows], *, encrypted: bool) -> Rows:
    """What the page checks report (nothing for a sound file): every page's HMAC
    (``cipher_integrity_check``), then SQLite's ``quick_check``. The driver's errors pass."""
    problems = run("PRAGMA cipher_integrity_check") if encrypted else []
    if not problems:
        problems = [row for row in run("PRAGMA quick_check") if row != ("ok",)]
    return problems


def require_file(path: Path) -> None:
    """Refuse a database that is not there, or is empty: SQLite would make it anew under any
    key (and write its first page) rather than fail."""
    if not path.is_file():
        raise CaseFileCorrupt(path.name, "missing")
    if path.stat().st_size == 0:
        raise CaseFileCorrupt(path.name, "empty")


def check_pages(path: Path, run: Callable[[str], Rows], *, encrypted: bool,
                errors: tuple[type[Exception], ...] = ()) -> None:
    """Refuse (``CaseFileCorrupt``) the database at ``path`` when it does not decrypt, a page
    fails its HMAC or its structure is broken: ``integrity_problems`` through ``run``, whose
    failures are the driver's errors or ``errors`` (the engine's wrappers of them)."""
    try:
        problems = integrity_problems(run, encrypted=encrypted)
    except (*db_errors(encrypted), *errors) as exc:
        raise CaseFileCorrupt(path.name, str(exc)) from None
    if problems:
        raise CaseFileCorrupt(path.name, "; ".join(str(p) for p in problems[:5]))


def fetch(connection: Any, sql: str, params: Sequence[Any] = ()) -> Rows:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def connect_checked(path: Path, key: bytes) -> Any:
    """A driver connection to the encrypted case database at ``path``, set up as the engine's
    and every page checked (``CaseFileCorrupt`` otherwise, the connection closed)."""
    require_file(path)
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    connection = driver(True).connect(str(path), check_same_thread=False)
    try:
        try:
            configure(connection, key)  # a wrong key fails here (the journal mode reads)
        except db_errors(True) as exc:
            raise CaseFileCorrupt(path.name, str(exc)) from None
        check_pages(path, lambda sql: fetch(connection, sql), encrypted=True)
    except BaseException:
        connection.close()
        raise
    return connection


def schema_revision(connection: Any) -> str | None:
    """The revision the database records (None: no version table)."""
    if not fetch(connection, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                 (VERSION_TABLE,)):
        return None
    rows = fetch(connection, f"SELECT version_num FROM {VERSION_TABLE}")
    return None if not rows else rows[0][0]


# --- values as models.base's column types store them on SQLite -------------------------------


_HEX = frozenset("0123456789abcdef")


def as_uuid_text(value: str) -> str:
    """A ``Uuid`` column's text (32 hex digits) as ``str(uuid.UUID)`` gives it; anything else
    as ``uuid.UUID`` reads it (the common form without importing the uuid module)."""
    h = value.lower()
    if len(h) == 32 and _HEX.issuperset(h):
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    import uuid

    return str(uuid.UUID(value))


def as_moment(value: str) -> datetime:
    """A ``UTCDateTime`` column's ISO text as the aware UTC datetime it reads back as."""
    return datetime.fromisoformat(value).astimezone(UTC)


def as_decimal(value: str) -> Decimal:
    """A ``DecimalText`` column's text as its Decimal."""
    return Decimal(value)


def as_date(value: str) -> date:
    """A ``Date`` column's ``YYYY-MM-DD`` text."""
    return date.fromisoformat(value)


def as_bool(value: int) -> bool:
    """A ``Boolean`` column's 0 or 1."""
    return bool(value)


def made_for_tests(connection: Any) -> bool:
    """The case's own record (its first ``case.create`` audit row, under the data key) says it
    was made with test key-derivation parameters (``KdfParams.test_only``: the demo's and the
    tests'); ``services.case_rekey`` then keeps them when it seals the key file again."""
    rows = fetch(connection, "SELECT new FROM audit_log WHERE action = 'case.create' "
                             "ORDER BY seq LIMIT 1")
    text = rows[0][0] if rows else None
    try:
        return bool(text) and json.loads(text or "{}").get("kdf") == "test"
    except ValueError:
        return False
