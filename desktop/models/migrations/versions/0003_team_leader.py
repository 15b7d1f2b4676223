"""The team leader's merge and consensus: received bundles, consensus entries, finals, exports.

Revision ID: 0003_team_leader
Revises: 0002_feedback
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_team_leader"
down_revision = "0002_feedback"
branch_labels = None
depends_on = None

TS = sa.String(32)  # UTC ISO text (desktop.models.base.UTCDateTime on SQLite)
DEC = sa.String(40)  # Decimal as text (DecimalText)


def upgrade() -> None:
    op.create_table(
        "received_bundle",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("reviewer_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("manifest_json", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("file_name", sa.String, nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_received_bundle"),
        sa.UniqueConstraint("sha256", name="uq_received_bundle_sha256"),
    )
    op.create_table(
        "consensus_entry",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("item_id", sa.String, nullable=False),
        sa.Column("pct", sa.Integer, nullable=True),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("pct IS NULL OR (pct >= 0 AND pct <= 100)",
                           name="ck_consensus_entry_pct_range"),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_consensus_entry_applicant_id_applicant"),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.stage_id"],
                                name="fk_consensus_entry_stage_id_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_consensus_entry"),
        sa.UniqueConstraint("applicant_id", "stage_id", "item_id",
                            name="uq_consensus_entry_applicant_id_stage_id_item_id"),
    )
    op.create_table(
        "consensus_final",
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("basis", sa.String, nullable=False),
        sa.Column("items_json", sa.Text, nullable=False),
        sa.Column("total", DEC, nullable=False),
        sa.Column("finalised_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_consensus_final_applicant_id_applicant"),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.stage_id"],
                                name="fk_consensus_final_stage_id_stage"),
        sa.PrimaryKeyConstraint("applicant_id", "stage_id", name="pk_consensus_final"),
    )
    op.create_table(
        "consensus_export",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("bundle_id", sa.Uuid, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=True),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("applicants", sa.Integer, nullable=False),
        sa.Column("file_name", sa.String, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consensus_export"),
        sa.UniqueConstraint("bundle_id", name="uq_consensus_export_bundle_id"),
        sa.UniqueConstraint("stage_id", "revision",
                            name="uq_consensus_export_stage_id_revision"),
    )


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
