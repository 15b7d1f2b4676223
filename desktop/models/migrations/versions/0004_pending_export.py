"""Pending exports: an export is recorded only once its file was written and read back.

Revision ID: 0004_pending_export
Revises: 0003_team_leader
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_pending_export"
down_revision = "0003_team_leader"
branch_labels = None
depends_on = None

TS = sa.String(32)  # UTC ISO text (desktop.models.base.UTCDateTime on SQLite)


def upgrade() -> None:
    op.create_table(
        "pending_export",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("basis", sa.String, nullable=False),
        sa.Column("bundle_id", sa.Uuid, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=True),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("file_name", sa.String, nullable=False),
        sa.Column("destination_kind", sa.String, nullable=False),
        sa.Column("detail_json", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pending_export"),
        sa.UniqueConstraint("bundle_id", name="uq_pending_export_bundle_id"),
        sa.UniqueConstraint("kind", "stage_id", "revision",
                            name="uq_pending_export_kind_stage_id_revision"),
    )


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
