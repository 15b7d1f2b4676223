"""The team's findings and the on-site reviewers' issue notes, derived from the held bundles
(issue 20), and the site-visit issues each panel package carried.

Both tables are derived: they fill at the next merge (or ``rederive``) from the bundles held.
Packages issued before this revision carried no site-visit issues ("{}").

Revision ID: 0010_findings
Revises: 0009_reviewer_contact

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_findings"
down_revision: str | Sequence[str] | None = "0009_reviewer_contact"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _derived(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        *columns,
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("stage_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{name}_applicant_id_applicant")),
        sa.ForeignKeyConstraint(["bundle_id"], ["received_bundle.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{name}_bundle_id_received_bundle")),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{name}_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_cycle_id_applicant_id_stage_id"),
                              ["cycle_id", "applicant_id", "stage_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("package_issue", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site_issues", sa.Text(), nullable=False,
                                      server_default="{}"))
    _derived("team_finding",
             sa.Column("leader_id", sa.String(), nullable=False),
             sa.Column("item_id", sa.String(), nullable=False),
             sa.Column("kind", sa.String(), nullable=False),
             sa.Column("ordinal", sa.Integer(), nullable=False),
             sa.Column("text", sa.Text(), nullable=False),
             sa.Column("issue_id", sa.String(), nullable=False),
             sa.Column("outcome", sa.String(), nullable=True),
             sa.Column("sources", sa.Text(), nullable=False),
             sa.Column("marks", sa.Text(), nullable=False))
    _derived("issue_note",
             sa.Column("reviewer_id", sa.String(), nullable=False),
             sa.Column("issue_id", sa.String(), nullable=False),
             sa.Column("outcome", sa.String(), nullable=False),
             sa.Column("text", sa.Text(), nullable=False),
             sa.Column("marks", sa.Text(), nullable=False))


def downgrade() -> None:
    for name in ("issue_note", "team_finding"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_cycle_id_applicant_id_stage_id"))
        op.drop_table(name)
    with op.batch_alter_table("package_issue", schema=None) as batch_op:
        batch_op.drop_column("site_issues")
