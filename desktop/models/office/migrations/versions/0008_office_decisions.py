"""What the office decides where a rule document is silent: who recorded a cycle setting and
when (a setting never decided is only a suggestion), reviewers' qualifications taken away (and
whether their earlier scores stand), and the nominations (提名奖) the office assigns.

Settings of cycles opened before this revision were pre-filled, not decided: they stay
undecided until the office decides them.

Revision ID: 0008_office_decisions
Revises: 0007_documents

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desktop.models.base import UTCDateTime

revision: str = "0008_office_decisions"
down_revision: str | Sequence[str] | None = "0007_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cycle_setting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_by", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", UTCDateTime(), nullable=True))
    op.create_table(
        "disqualification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("article", sa.String(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("earlier", sa.String(), nullable=False),
        sa.Column("earlier_by", sa.String(), nullable=True),
        sa.Column("earlier_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f("fk_disqualification_cycle_id_cycle")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewer.id"],
                                name=op.f("fk_disqualification_reviewer_id_reviewer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqualification")),
    )
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disqualification_reviewer_id"), ["reviewer_id"],
                              unique=False)
    op.create_table(
        "nomination",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("award_id", sa.String(), nullable=False),
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.id"], ondelete="CASCADE",
                                name=op.f("fk_nomination_applicant_id_applicant")),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f("fk_nomination_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination")),
    )


def downgrade() -> None:
    op.drop_table("nomination")
    with op.batch_alter_table("disqualification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disqualification_reviewer_id"))
    op.drop_table("disqualification")
    with op.batch_alter_table("cycle_setting", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by")
