"""The office migrations create exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from desktop.models.office import OfficeBase
from desktop.models.office.schema import HEAD, known_revisions, upgrade
from tests.pg import PgServer, start_server


@pytest.fixture(scope="module")
def pg() -> Iterator[PgServer]:
    yield from start_server()


def test_head_is_the_newest_script() -> None:
    assert HEAD in known_revisions()


def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        assert upgrade(engine) is None
        assert upgrade(engine) == HEAD  # idempotent
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return [d for d in compare_metadata(ctx, OfficeBase.metadata)
                    if not (isinstance(d, tuple) and "office_alembic_version" in str(d))]
    finally:
        engine.dispose()


def test_sqlite_schema_matches_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'o.db'}") == []


@pytest.mark.postgres
def test_postgres_schema_matches_models(pg: PgServer) -> None:
    assert _diff(pg.create_database()) == []


def test_0003_adds_the_publication_day_and_keeps_older_notices(tmp_path: Path) -> None:
    """A notice recorded under schema 0002 survives the upgrade with no guessed issue date."""
    import uuid
    from datetime import date, datetime

    from sqlalchemy import text

    engine = create_engine(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        upgrade(engine, "0002_item_score_totals")
        cycle, notice = uuid.uuid4(), uuid.uuid4()
        with engine.begin() as conn:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            conn.execute(text(
                "INSERT INTO notice_record (id, cycle_id, notice_id, starts_on, ends_on, "
                "working_days, convention, applicants_json, recorded_at) VALUES (:id, :c, "
                "'n', :s, :e, 5, 'counts', '[]', :r)"),
                {"id": notice.hex, "c": cycle.hex, "s": date(2025, 9, 29),
                 "e": date(2025, 10, 10), "r": datetime(2025, 9, 26)})
        assert upgrade(engine) == "0002_item_score_totals"
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT working_days, published_on FROM notice_record")
                                ).all()
        assert [tuple(r) for r in rows] == [(5, None)]
    finally:
        engine.dispose()
