"""The first case-file schema.

Revision ID: 0001_case_v1
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_case_v1"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.String(32)  # UTC ISO text (desktop.models.base.UTCDateTime on SQLite)
DEC = sa.String(40)  # Decimal as text (DecimalText)


def upgrade() -> None:
    op.create_table(
        "case_meta",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("reviewer_id", sa.String, nullable=False),
        sa.Column("display_name", sa.String, nullable=False),
        sa.Column("programme_id", sa.String, nullable=False),
        sa.Column("criteria_ref", sa.String, nullable=False),
        sa.Column("cycle_id", sa.String, nullable=False),
        sa.Column("current_stage_id", sa.String, nullable=False),
        sa.Column("package_id", sa.String, nullable=False),
        sa.Column("package_issued_at", TS, nullable=False),
        sa.Column("office_fingerprint", sa.String, nullable=False),
        sa.Column("roster_version", sa.Integer, nullable=False),
        sa.Column("roster_bytes", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_meta"),
    )
    op.create_table(
        "identity_key",
        sa.Column("reviewer_id", sa.String, nullable=False),
        sa.Column("private_json", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("reviewer_id", name="pk_identity_key"),
    )
    op.create_table(
        "team_member",
        sa.Column("reviewer_id", sa.String, nullable=False),
        sa.Column("display_name", sa.String, nullable=False),
        sa.Column("leader", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("reviewer_id", name="pk_team_member"),
    )
    op.create_table(
        "stage",
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("name_zh", sa.String, nullable=False),
        sa.Column("name_en", sa.String, nullable=False),
        sa.Column("form_kind", sa.String, nullable=False),
        sa.Column("max_points", DEC, nullable=True),
        sa.Column("step", DEC, nullable=True),
        sa.PrimaryKeyConstraint("stage_id", name="pk_stage"),
    )
    op.create_table(
        "applicant",
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("category", sa.String, nullable=True),
        sa.PrimaryKeyConstraint("applicant_id", name="pk_applicant"),
    )
    op.create_table(
        "material",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("material_id", sa.String, nullable=False),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_material_applicant_id_applicant"),
        sa.PrimaryKeyConstraint("id", name="pk_material"),
        sa.UniqueConstraint("applicant_id", "material_id",
                            name="uq_material_applicant_id_material_id"),
    )
    op.create_table(
        "declared_secret",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("material_id", sa.String, nullable=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("passage", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_declared_secret_applicant_id_applicant"),
        sa.PrimaryKeyConstraint("id", name="pk_declared_secret"),
    )
    op.create_table(
        "score",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("item_id", sa.String, nullable=False),
        sa.Column("pct", sa.Integer, nullable=True),
        sa.Column("strengths", sa.Text, nullable=False),
        sa.Column("improvements", sa.Text, nullable=False),
        sa.Column("framework_ref", sa.String, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("pct IS NULL OR (pct >= 0 AND pct <= 100)", name="ck_score_pct_range"),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_score_applicant_id_applicant"),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.stage_id"],
                                name="fk_score_stage_id_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_score"),
        sa.UniqueConstraint("applicant_id", "stage_id", "item_id",
                            name="uq_score_applicant_id_stage_id_item_id"),
    )
    op.create_table(
        "panel_score",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("value", DEC, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_panel_score_applicant_id_applicant"),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.stage_id"],
                                name="fk_panel_score_stage_id_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_panel_score"),
        sa.UniqueConstraint("applicant_id", "stage_id",
                            name="uq_panel_score_applicant_id_stage_id"),
    )
    op.create_table(
        "secret_mark",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("score_id", sa.Integer, nullable=False),
        sa.Column("field", sa.String, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("field IN ('strengths', 'improvements')", name="ck_secret_mark_field"),
        sa.CheckConstraint("start >= 0 AND \"end\" > start", name="ck_secret_mark_span"),
        sa.ForeignKeyConstraint(["score_id"], ["score.id"], ondelete="CASCADE",
                                name="fk_secret_mark_score_id_score"),
        sa.PrimaryKeyConstraint("id", name="pk_secret_mark"),
    )
    op.create_index("ix_secret_mark_score_id", "secret_mark", ["score_id"])
    op.create_table(
        "recusal",
        sa.Column("applicant_id", sa.String, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("declared_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.applicant_id"],
                                name="fk_recusal_applicant_id_applicant"),
        sa.PrimaryKeyConstraint("applicant_id", name="pk_recusal"),
    )
    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("bundle_id", sa.Uuid, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=True),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("file_name", sa.String, nullable=False),
        sa.Column("destination_kind", sa.String, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_export_record"),
        sa.UniqueConstraint("bundle_id", name="uq_export_record_bundle_id"),
        sa.UniqueConstraint("stage_id", "revision", name="uq_export_record_stage_id_revision"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("entity", sa.String, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=False),
        sa.Column("hash", sa.String, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )
    # Append-only: the database itself refuses to rewrite or delete history.
    op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    op.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded")
