"""Applicants' documents (PDF): a material's kind, hash, size, pages and text layer; its
chunks, encrypted under a key of the workspace; whether a declared passage was found in the
text layer.

Revision ID: 0007_documents
Revises: 0006_bundle_revision_bigint

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_documents"
down_revision: str | Sequence[str] | None = "0006_bundle_revision_bigint"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(), nullable=False,
                                      server_default="text"))
        batch_op.add_column(sa.Column("sha256", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("size", sa.BigInteger(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("text_layer", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table("declared_secret", schema=None) as batch_op:
        batch_op.add_column(sa.Column("found", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    op.create_table(
        "material_chunk",
        sa.Column("material_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["material_id"], ["material.id"], ondelete="CASCADE",
                                name=op.f("fk_material_chunk_material_id_material")),
        sa.PrimaryKeyConstraint("material_id", "seq", name=op.f("pk_material_chunk")),
    )


def downgrade() -> None:
    op.drop_table("material_chunk")
    with op.batch_alter_table("declared_secret", schema=None) as batch_op:
        batch_op.drop_column("found")
    with op.batch_alter_table("material", schema=None) as batch_op:
        for name in ("text_layer", "pages", "size", "sha256", "kind"):
            batch_op.drop_column(name)
