"""Field recusals in the conflicts register: the bundle that carried a reviewer's recusal, when
it was declared, and whether that reviewer has scores for the applicant (the office decides).

Rows recorded before this revision are the office's own (no bundle); the field recusals are
derived from the held bundles again at the next merge.

Revision ID: 0004_field_recusals
Revises: 0003_notice_published_on

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desktop.models.base import UTCDateTime

revision: str = "0004_field_recusals"
down_revision: str | Sequence[str] | None = "0003_notice_published_on"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bundle_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("declared_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("scored", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_foreign_key(batch_op.f("fk_conflict_bundle_id_received_bundle"),
                                    "received_bundle", ["bundle_id"], ["id"],
                                    ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_conflict_bundle_id_received_bundle"),
                                 type_="foreignkey")
        batch_op.drop_column("scored")
        batch_op.drop_column("declared_at")
        batch_op.drop_column("bundle_id")
