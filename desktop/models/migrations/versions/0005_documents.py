"""The applicant's documents (PDF) in the case file: the key of each document's encrypted stream, hand-marked secret regions, and
until when they may be kept.

Revision ID: 0005_documents
Revises: 0004_pending_export
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0004_pending_export"
branch_labels = None
depends_on = None

TS = sa.String(32)  # UTC ISO text (desktop.models.base.UTCDateTime on SQLite)


def upgrade() -> None:
    with op.batch_alter_table("material") as batch:
        batch.add_column(sa.Column("kind", sa.String, nullable=False, server_default="text"))
        batch.add_column(sa.Column("pages", sa.Integer, nullable=True))
        batch.add_column(sa.Column("sha256", sa.String, nullable=False, server_default=""))
        batch.add_column(sa.Column("size", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("removed", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("doc_key", sa.LargeBinary, nullable=True))
    op.create_table(
        "secret_region",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("material_pk", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("x0", sa.Float, nullable=False),
        sa.Column("y0", sa.Float, nullable=False),
        sa.Column("x1", sa.Float, nullable=False),
        sa.Column("y1", sa.Float, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("page >= 1", name="ck_secret_region_page"),
        sa.ForeignKeyConstraint(["material_pk"], ["material.id"], ondelete="CASCADE",
                                name="fk_secret_region_material_pk_material"),
        sa.PrimaryKeyConstraint("id", name="pk_secret_region"),
    )
    op.create_index("ix_secret_region_material_pk", "secret_region", ["material_pk"])
    op.create_table(
        "document_retention",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("keep_until", sa.Date, nullable=True),
        sa.Column("removed_at", TS, nullable=True),
        sa.Column("removed_count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_document_retention"),
    )


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
