"""Key revocation: the keys the office revoked (a lost laptop), and the signing key's
fingerprint of each held bundle (bundles held before this revision have none: a revocation
re-checks its reviewer's held bundles and fills it in).

Revision ID: 0005_key_revocation
Revises: 0004_field_recusals

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desktop.models.base import UTCDateTime

revision: str = "0005_key_revocation"
down_revision: str | Sequence[str] | None = "0004_field_recusals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "key_revocation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("public_json", sa.LargeBinary(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("learnt_at", UTCDateTime(), nullable=False),
        sa.Column("trusted_revision", sa.Integer(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewer.id"],
                                name=op.f("fk_key_revocation_reviewer_id_reviewer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_revocation")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_key_revocation_fingerprint")),
    )
    with op.batch_alter_table("key_revocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_revocation_reviewer_id"), ["reviewer_id"],
                              unique=False)
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signer_fp", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.drop_column("signer_fp")
    with op.batch_alter_table("key_revocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_revocation_reviewer_id"))
    op.drop_table("key_revocation")
