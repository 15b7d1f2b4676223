"""Site-visit issues received in the package, the on-site reviewer's notes on them, and the team
leader's consolidated findings (issue 20).

Revision ID: 0006_findings
Revises: 0005_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_findings"
down_revision = "0005_documents"
branch_labels = None
depends_on = None

TS = sa.String(32)  # UTC ISO text (desktop.models.base.UTCDateTime on SQLite)


def upgrade() -> None:
    op.create_table(
        "site_issue",
        sa.Column("issue_id", sa.String, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("item_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_site_issue_applicant_id_applicant"),
        sa.PrimaryKeyConstraint("issue_id", name="pk_site_issue"),
    )
    op.create_table(
        "issue_note",
        sa.Column("issue_id", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("marks_json", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["issue_id"], ["site_issue.issue_id"],
                                name="fk_issue_note_issue_id_site_issue"),
        sa.PrimaryKeyConstraint("issue_id", name="pk_issue_note"),
    )
    op.create_table(
        "team_finding",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("item_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("issue_id", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=True),
        sa.Column("sources_json", sa.Text, nullable=False),
        sa.Column("marks_json", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_team_finding_applicant_id_applicant"),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.stage_id"],
                                name="fk_team_finding_stage_id_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_team_finding"),
    )
    op.create_index("ix_team_finding_applicant_id_stage_id", "team_finding",
                    ["applicant_id", "stage_id"])


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
