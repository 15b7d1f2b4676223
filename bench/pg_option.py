"""``--postgres`` for the office benchmarks: run them against a throw-away PostgreSQL server
started the way the tests start theirs (``tests/pg.py``: initdb + pg_ctl in a temporary folder,
127.0.0.1 on a free port, scram password; as a dedicated unprivileged user when run as root),
and the peak memory of the process (``resource.getrusage``: the resident set's high-water mark).

    .venv/bin/python -m bench.bench_office_rank --postgres
    SCOREBOOK_BENCH_POSTGRES=1 .venv/bin/python -m bench office   # the same, through the runner
"""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def wanted() -> bool:
    """Whether this run is against PostgreSQL (``--postgres`` or SCOREBOOK_BENCH_POSTGRES=1)."""
    return "--postgres" in sys.argv[1:] or os.environ.get("SCOREBOOK_BENCH_POSTGRES") == "1"


@contextmanager
def database_url() -> Iterator[str | None]:
    """None (the embedded SQLCipher workspace), or a fresh database on a server started for
    this run and stopped (its files removed) after."""
    if not wanted():
        yield None
        return
    from tests.pg import find_bin_dir, start_server

    if find_bin_dir() is None:
        raise SystemExit("--postgres: no PostgreSQL server binaries (initdb, pg_ctl) here")
    servers = start_server()
    server = next(servers)
    try:
        yield server.create_database()
    finally:
        next(servers, None)  # stops the server and removes its files


def backend() -> str:
    return "PostgreSQL" if wanted() else "SQLCipher"


def peak_memory() -> str:
    """The process's peak resident memory so far (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return f"peak memory {kib / 1024:.0f} MiB"
