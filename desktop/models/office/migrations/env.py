"""Alembic environment of the office workspace: runs on the caller's connection."""

from __future__ import annotations

from alembic import context

import desktop.models.office  # noqa: F401  (registers the tables on OfficeBase.metadata)
from desktop.models.office.base import OfficeBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=OfficeBase.metadata,
                  render_as_batch=connection.dialect.name == "sqlite",
                  version_table="office_alembic_version")
with context.begin_transaction():
    context.run_migrations()
