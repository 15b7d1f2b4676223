"""Supervision feedback (双向监督反馈) and an index for the audit log by entity.

Revision ID: 0002_feedback
Revises: 0001_case_v1
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_feedback"
down_revision = "0001_case_v1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_feedback",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=True),
        sa.Column("assessment", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_supervision_feedback_applicant_id_applicant"),
        sa.PrimaryKeyConstraint("id", name="pk_supervision_feedback"),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity"])


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
