"""The day a public notice was published (its issue date).

Notices recorded before this revision keep it empty: their first counted day does not tell
the day of publication (a notice published on a rest day starts on a later working day under
either convention), and a date is never guessed.

Revision ID: 0003_notice_published_on
Revises: 0002_item_score_totals

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_notice_published_on"
down_revision: str | Sequence[str] | None = "0002_item_score_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notice_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notice_record", schema=None) as batch_op:
        batch_op.drop_column("published_on")
