"""A held bundle's revision as a 64-bit integer: a bundle may carry any revision up to 2**53
(a stolen key's bundle does; the merge holds it for a person to decide), which a 32-bit column
on PostgreSQL cannot store.

Revision ID: 0006_bundle_revision_bigint
Revises: 0005_key_revocation

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_bundle_revision_bigint"
down_revision: str | Sequence[str] | None = "0005_key_revocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.alter_column("revision", existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.alter_column("revision", existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
