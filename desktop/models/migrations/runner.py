"""Bring a case database to the current schema at open.

``HEAD`` names the newest revision (kept in ``models.case_db``, which needs no SQLAlchemy: the
light open reads it too); when the database already records it, Alembic is not even loaded
(opening stays fast). A test checks ``HEAD`` against the scripts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.models import alembic_upgrade
from desktop.models.case_db import SCHEMA_HEAD
from desktop.models.case_db import VERSION_TABLE as VERSION_TABLE

HEAD = SCHEMA_HEAD  # named in case_db: the light open reads it without SQLAlchemy
FIRST = "0001_case_v1"
SCRIPTS = Path(__file__).resolve().parent


class SchemaTooNew(InputRejected):
    def __init__(self, found: str) -> None:
        super().__init__(Msg(N_("This case file was made by a newer Scorebook (schema {found}); "
                                "update Scorebook to open it"), {"found": found}))


def current_revision(engine: Engine) -> str | None:
    return alembic_upgrade.current_revision(engine, VERSION_TABLE)


def known_revisions() -> set[str]:
    return alembic_upgrade.known_revisions(SCRIPTS)


def upgrade(engine: Engine, target: str = HEAD) -> str | None:
    """Upgrade to ``target``; return the revision found before (None for a new database)."""
    found = current_revision(engine)
    if found is not None and found != target and found not in known_revisions():
        raise SchemaTooNew(found)
    return alembic_upgrade.upgrade(engine, SCRIPTS, target, VERSION_TABLE)
