"""The merged state's chain breaks and forks kept at each derive, with the fingerprint of the
inputs they were derived from (issue 26), and an index of every light column of a held bundle
(the readers never walk the manifests' overflow pages), and each sheet's total kept with the item
scores (``sheet_total``: the ranking reads a row per sheet, not per item) and each item's lowest
and highest percentage (``item_spread``: the unresolved list reads only spreads it can flag): reading the ranking or the unresolved list no longer
parses every held bundle and merges them again. Derived: it fills at the next merge (or
``rederive``); until then readers derive as before.

Revision ID: 0011_derived_state
Revises: 0010_findings

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_derived_state"
down_revision: str | Sequence[str] | None = "0010_findings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# every light column of a held bundle, so reading them never touches the manifest or the file
LIGHT = ["cycle_id", "sha256", "kind", "signer_id", "stage_id", "revision", "content_hash",
         "file_name", "signer_fp", "received_at"]


def upgrade() -> None:
    op.create_table(
        "derived_state",
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f("fk_derived_state_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("cycle_id", name=op.f("pk_derived_state")),
    )
    op.create_table(
        "sheet_total",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.String(), nullable=False),
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("stage_id", sa.String(), nullable=False),
        sa.Column("hundredths", sa.BigInteger(), nullable=True),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.id"], ondelete="CASCADE",
                                name=op.f("fk_sheet_total_applicant_id_applicant")),
        sa.ForeignKeyConstraint(["bundle_id"], ["received_bundle.id"], ondelete="CASCADE",
                                name=op.f("fk_sheet_total_bundle_id_received_bundle")),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f("fk_sheet_total_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_total")),
    )
    with op.batch_alter_table("sheet_total", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_total_bundle_id"), ["bundle_id"],
                              unique=False)
        batch_op.create_index("ix_sheet_total_read", ["cycle_id", "applicant_id", "stage_id",
                                                      "reviewer_id", "hundredths", "scored"],
                              unique=False)
    op.create_table(
        "item_spread",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("stage_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("spread", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicant.id"], ondelete="CASCADE",
                                name=op.f("fk_item_spread_applicant_id_applicant")),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], ondelete="CASCADE",
                                name=op.f("fk_item_spread_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_spread")),
    )
    with op.batch_alter_table("item_spread", schema=None) as batch_op:
        batch_op.create_index("ix_item_spread_read", ["cycle_id", "spread"], unique=False)
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_received_bundle_light"), LIGHT,
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("received_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_bundle_light"))
    op.drop_table("item_spread")
    op.drop_table("sheet_total")
    op.drop_table("derived_state")
