"""The engine: encrypted and plain modes, pragmas, typed columns, integrity check at open."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from desktop.models import case as m
from desktop.models.engine import (
    CaseFileCorrupt,
    make_engine,
    open_engine,
    raw_execute,
    session_factory,
    unit_of_work,
)
from desktop.models.migrations import runner

KEY = bytes(range(32))


def _seed(path: Path, key: bytes | None) -> None:
    engine = make_engine(path, key)
    runner.upgrade(engine)
    with unit_of_work(session_factory(engine)) as s:
        s.add(m.Stage(stage_id="defense", ordinal=0, kind="defense", name_zh="陈述答辩",
                      name_en="Defense", form_kind="panel_score", max_points=Decimal("100"),
                      step=Decimal("0.5")))
        s.add(m.Applicant(applicant_id="A1", ordinal=0, name="CANARY-ENGINE", category=None))
        s.flush()
        s.add(m.PanelScore(applicant_id="A1", stage_id="defense", value=Decimal("87.25")))
    engine.dispose()


def test_pragmas_and_cipher(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "c.db", KEY)
    assert raw_execute(engine, "PRAGMA journal_mode") == [("wal",)]
    assert raw_execute(engine, "PRAGMA synchronous") == [(2,)]  # FULL
    assert raw_execute(engine, "PRAGMA secure_delete") == [(1,)]
    assert raw_execute(engine, "PRAGMA foreign_keys") == [(1,)]
    assert raw_execute(engine, "PRAGMA temp_store") == [(2,)]  # MEMORY
    assert raw_execute(engine, "PRAGMA cipher_version")[0][0].startswith("4.")
    engine.dispose()


def test_encrypted_file_is_not_sqlite_and_values_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    _seed(path, KEY)
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"CANARY-ENGINE" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM applicant").fetchall()
    engine = open_engine(path, KEY)
    with unit_of_work(session_factory(engine)) as s:
        value = s.scalars(select(m.PanelScore.value)).one()
    assert value == Decimal("87.25") and isinstance(value, Decimal)
    assert raw_execute(engine, "SELECT value FROM panel_score") == [("87.25",)]  # text
    engine.dispose()


def test_plain_mode_same_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _seed(path, None)
    assert path.read_bytes().startswith(b"SQLite format 3")
    rows = sqlite3.connect(path).execute("SELECT name FROM applicant").fetchall()
    assert rows == [("CANARY-ENGINE",)]


def test_wrong_key_and_damaged_page_are_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    _seed(path, KEY)
    with pytest.raises(CaseFileCorrupt):
        open_engine(path, bytes(32))
    data = bytearray(path.read_bytes())
    data[4096 + 100] ^= 0xFF  # inside page 2
    path.write_bytes(bytes(data))
    with pytest.raises(CaseFileCorrupt):
        open_engine(path, KEY)
    with pytest.raises(CaseFileCorrupt):
        open_engine(tmp_path / "missing.db", KEY)


def test_types_refuse_float_and_naive_times(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "c.db", KEY)
    runner.upgrade(engine)
    with pytest.raises(StatementError), unit_of_work(session_factory(engine)) as s:
        s.add(m.Stage(stage_id="x", ordinal=0, kind="k", name_zh="z", name_en="e",
                      form_kind="items", max_points=100.0, step=None))
    with pytest.raises(StatementError), unit_of_work(session_factory(engine)) as s:
        s.add(m.Recusal(applicant_id="A", reason="other", text="t",
                        declared_at=datetime(2025, 1, 1)))
    engine.dispose()


def test_times_are_stored_in_utc(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "c.db", KEY)
    runner.upgrade(engine)
    local = datetime(2025, 6, 1, 17, 30, tzinfo=timezone(timedelta(hours=8)))
    with unit_of_work(session_factory(engine)) as s:
        s.add(m.Applicant(applicant_id="A", ordinal=0, name="n", category=None))
        s.flush()
        s.add(m.Recusal(applicant_id="A", reason="other", text="t", declared_at=local))
    with unit_of_work(session_factory(engine)) as s:
        got = s.scalars(select(m.Recusal.declared_at)).one()
    assert got == local and got.tzinfo == UTC and got.hour == 9
    engine.dispose()
