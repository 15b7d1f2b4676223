"""The engine of a case file: SQLCipher 4 (``sqlcipher3``) or plain SQLite, same schema.

One connection (``StaticPool``) is the single writer; every unit of work runs in
``BEGIN IMMEDIATE`` so a read-then-write (the audit chain) cannot race. The raw 256-bit data key
is given as ``PRAGMA key = "x'…'"`` before anything else, so SQLCipher skips its own PBKDF2.
Pragmas: WAL, synchronous=FULL (each commit is durable when it returns), secure_delete,
foreign_keys, temp_store=MEMORY. ``open_engine`` checks every page's HMAC at open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.models.case_db import PRAGMAS as PRAGMAS  # shared with the light open
from desktop.models.case_db import CaseFileCorrupt as CaseFileCorrupt
from desktop.models.case_db import check_pages, configure, db_errors, driver, require_file


def make_engine(path: Path, key: bytes | None, *, echo: bool = False) -> Engine:
    """An engine on ``path``: encrypted when ``key`` (32 bytes) is given, else plain SQLite."""
    if key is not None and len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    module = driver(key is not None)
    engine = create_engine(
        URL.create("sqlite", database=str(path)),  # the path as is: no "%20", "?" read in it
        module=module, poolclass=StaticPool, echo=echo,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure(dbapi_connection, key)  # we issue BEGIN ourselves (below)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def raw_execute(engine: Engine, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement outside any transaction (VACUUM INTO, checkpoints, checks)."""
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


def open_engine(path: Path, key: bytes | None) -> Engine:
    """Open an existing case database and check it; ``CaseFileCorrupt`` if it fails."""
    require_file(path)
    engine = make_engine(path, key)
    try:
        check_pages(path, lambda sql: raw_execute(engine, sql), encrypted=key is not None,
                    errors=(DBAPIError,))  # the connect hook's failures come wrapped
    except BaseException:
        engine.dispose()
        raise
    return engine


def driver_connection(session: Session) -> Any:
    """The driver's own connection under ``session``, in its transaction (reads through the
    driver, ``models.case_db``, see what the session sees)."""
    return session.connection().connection.driver_connection


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session and one transaction for one use case: commit on success, else roll back."""
    with factory() as session, session.begin():
        yield session


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the database file and truncate it (before copying or replacing)."""
    raw_execute(engine, "PRAGMA wal_checkpoint(TRUNCATE)")


def rekey(engine: Engine, key: bytes) -> None:
    """Re-encrypt every page of the database under ``key`` (SQLCipher's ``PRAGMA rekey``).

    The WAL is folded in first; the rekey then rewrites every page in one write transaction, so
    in WAL mode the new pages reach the WAL and count only once its commit frame is written: a
    crash before that leaves the database under the old key, after it under the new one (tested
    with SIGKILL). Afterwards dispose of ``engine`` (its connect hook still gives the old key)
    and open the file again with ``key``; a checkpoint then moves the new pages into the file.
    The key is never in an error: the driver's messages carry no SQL text.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    checkpoint(engine)
    raw_execute(engine, f"PRAGMA rekey = \"x'{key.hex()}'\"")


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` decrypts the database at ``path`` (its schema is read; no full check)."""
    engine = make_engine(path, key)
    errors: tuple[type[Exception], ...] = (DBAPIError, *db_errors(True))
    try:
        raw_execute(engine, "SELECT count(*) FROM sqlite_schema")
    except errors:
        return False
    finally:
        engine.dispose()
    return True
