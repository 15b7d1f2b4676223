"""Bring a case database to the current schema at open.

``HEAD`` names the newest revision; when the database already records it, Alembic is not even
loaded (opening stays fast). A test checks ``HEAD`` against the scripts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

HEAD = "0003_team_leader"
FIRST = "0001_case_v1"
SCRIPTS = Path(__file__).resolve().parent


class SchemaTooNew(InputRejected):
    def __init__(self, found: str) -> None:
        super().__init__(Msg(N_("This case file was made by a newer Scorebook (schema {found}); "
                                "update Scorebook to open it"), {"found": found}))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:
            return None


def known_revisions() -> set[str]:
    return {p.stem for p in (SCRIPTS / "versions").glob("0*.py")}


def upgrade(engine: Engine, target: str = HEAD) -> str | None:
    """Upgrade to ``target``; return the revision found before (None for a new database)."""
    found = current_revision(engine)
    if found == target:
        return found
    if found is not None and found not in known_revisions():
        raise SchemaTooNew(found)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    return found
