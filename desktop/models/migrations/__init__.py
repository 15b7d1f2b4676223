"""Alembic migrations of the case file, run programmatically at open (no alembic.ini)."""
