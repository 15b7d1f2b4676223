"""Office fixtures: every service test runs on the embedded default AND on a real PostgreSQL
server the tests start themselves (tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office.workspace import Workspace, init_workspace
from tests.pg import PgServer, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    yield from start_server()


@pytest.fixture(params=["sqlcipher", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    if backend == "sqlcipher":
        return None
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture
def ws(tmp_path: Path, database_url: str | None) -> Iterator[Workspace]:
    workspace = init_workspace(tmp_path / "office", "pass phrase", "Test office",
                               database_url=database_url, kdf=CHEAP_KDF)
    try:
        yield workspace
    finally:
        workspace.close()
