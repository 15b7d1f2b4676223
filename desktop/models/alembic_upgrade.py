"""Run Alembic programmatically: bring a database to a target revision from a scripts folder.

Shared by the case file (``migrations/runner.py``) and the office workspace
(``office/schema.py``); each names its scripts, its newest revision and its version table.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text


def current_revision(engine: Engine, version_table: str) -> str | None:
    if not inspect(engine).has_table(version_table):
        return None
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT version_num FROM {version_table}")).scalar()


def known_revisions(scripts: Path) -> set[str]:
    return {p.stem for p in (scripts / "versions").glob("0*.py")}


def upgrade(engine: Engine, scripts: Path, target: str, version_table: str) -> str | None:
    """Upgrade to ``target``; return the revision found before (None for a new database).

    When the database already records ``target``, Alembic is not even loaded (opening stays
    fast). The caller refuses a revision it does not know (a newer Scorebook's) beforehand.
    """
    found = current_revision(engine, version_table)
    if found == target:
        return found
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(scripts))
    config.set_main_option("version_table", version_table)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    return found
