"""Bring an office database to the current schema (Alembic, run programmatically).

The scripts live in ``migrations/`` beside this module: a folder of scripts, deliberately not a
Python package. ``HEAD`` names the newest revision; a test checks it against the scripts and
checks that the migrated schema equals the models, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models import alembic_upgrade

HEAD = "0011_derived_state"
SCRIPTS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "office_alembic_version"


class OfficeSchemaTooNew(InputRejected):
    def __init__(self, found: str) -> None:
        super().__init__(Msg(N_("This office workspace was made by a newer Scorebook (schema "
                                "{found}); update Scorebook to open it"), {"found": found}))


def current_revision(engine: Engine) -> str | None:
    return alembic_upgrade.current_revision(engine, VERSION_TABLE)


def known_revisions() -> set[str]:
    return alembic_upgrade.known_revisions(SCRIPTS)


def upgrade(engine: Engine, target: str = HEAD) -> str | None:
    """Upgrade to ``target``; return the revision found before (None for a new database)."""
    found = current_revision(engine)
    if found is not None and found != target and found not in known_revisions():
        raise OfficeSchemaTooNew(found)
    return alembic_upgrade.upgrade(engine, SCRIPTS, target, VERSION_TABLE)
