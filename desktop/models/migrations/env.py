"""Alembic environment: runs on the connection the caller put in ``config.attributes``.

Importing this module outside Alembic (e.g. the layering test) does nothing.
"""

from __future__ import annotations

from alembic import context

from desktop.models import case  # noqa: F401  (registers the tables on Base.metadata)
from desktop.models.base import Base


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "config", None) is not None:
    run_migrations()
