"""A covering index for the ranking's per-reviewer item sums.

Revision ID: 0002_item_score_totals
Revises: 0001_office_v1

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0002_item_score_totals"
down_revision: str | Sequence[str] | None = "0001_office_v1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("item_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_score_cycle_id_applicant_id_stage_id"))
        batch_op.create_index("ix_item_score_totals", ["cycle_id", "applicant_id", "stage_id",
                                                       "reviewer_id", "item_id", "pct"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("item_score", schema=None) as batch_op:
        batch_op.drop_index("ix_item_score_totals")
        batch_op.create_index(batch_op.f("ix_item_score_cycle_id_applicant_id_stage_id"),
                              ["cycle_id", "applicant_id", "stage_id"], unique=False)
