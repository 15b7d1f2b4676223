"""A reviewer's contact (telephone or e-mail, as the office's list of experts gives it), imported
with their unit and industry from a spreadsheet of reviewers' details (issue 23).

Reviewers enrolled before this revision have none ("").

Revision ID: 0009_reviewer_contact
Revises: 0008_office_decisions

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_reviewer_contact"
down_revision: str | Sequence[str] | None = "0008_office_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact", sa.String(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.drop_column("contact")
