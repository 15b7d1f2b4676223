"""The audit log: append-only in the database, hash-chained so a rewritten history shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.models import audit
from desktop.models.case import AuditEntry
from desktop.models.engine import make_engine, session_factory, unit_of_work
from desktop.models.migrations import runner

KEY = bytes(range(32))


def _log(tmp_path: Path, n: int = 5):  # type: ignore[no-untyped-def]
    engine = make_engine(tmp_path / "a.db", KEY)
    runner.upgrade(engine)
    factory = session_factory(engine)
    for i in range(n):
        with unit_of_work(factory) as s:
            audit.append(s, actor="R1", action="score.set", entity=f"score:A/s/{i}",
                         old={"pct": None}, new={"pct": 5 * i, "strengths": "好"}, why="")
    return engine, factory


def test_chain_verifies_and_links(tmp_path: Path) -> None:
    engine, factory = _log(tmp_path)
    with unit_of_work(factory) as s:
        report = audit.verify_chain(s)
        assert report.ok and report.rows == 5 and report.head == audit.head(s)
    engine.dispose()


def test_database_refuses_update_and_delete(tmp_path: Path) -> None:
    engine, factory = _log(tmp_path)
    for sql in ("UPDATE audit_log SET why = 'x' WHERE seq = 2", "DELETE FROM audit_log"):
        with pytest.raises((IntegrityError, OperationalError), match="append-only"), \
                unit_of_work(factory) as s:
            s.execute(text(sql))
    engine.dispose()


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET new = replace(new, '10', '100') WHERE seq = 3",
    "UPDATE audit_log SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 3",
    "DELETE FROM audit_log WHERE seq = 3",
])
def test_rewritten_history_is_detected(tmp_path: Path, sql: str) -> None:
    # Someone with the key drops the trigger and rewrites a row: the chain breaks there.
    engine, factory = _log(tmp_path)
    with unit_of_work(factory) as s:
        s.execute(text("DROP TRIGGER audit_log_no_update"))
        s.execute(text("DROP TRIGGER audit_log_no_delete"))
        s.execute(text(sql))
    with unit_of_work(factory) as s:
        report = audit.verify_chain(s)
    assert not report.ok and report.first_bad_seq in (3, 4)
    engine.dispose()


def test_recomputing_one_row_hash_still_breaks_the_next_link(tmp_path: Path) -> None:
    engine, factory = _log(tmp_path)
    with unit_of_work(factory) as s:
        row = s.get_one(AuditEntry, 2)
        new_text = '{"pct":100}'
        forged = audit.row_hash(row.prev_hash, row.seq, row.at, row.actor, row.action,
                                row.entity, row.old, new_text, row.why)
        s.execute(text("DROP TRIGGER audit_log_no_update"))
        s.execute(text("UPDATE audit_log SET new = :n, hash = :h WHERE seq = 2"),
                  {"n": new_text, "h": forged})
    with unit_of_work(factory) as s:
        report = audit.verify_chain(s)
    assert not report.ok and report.first_bad_seq == 3
    engine.dispose()
