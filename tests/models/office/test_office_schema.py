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
