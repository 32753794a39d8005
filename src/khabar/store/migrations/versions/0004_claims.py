"""claims and the places of presence claims

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-11 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(length=24), nullable=False),
        sa.Column("verb", sa.String(length=80), nullable=False),
        sa.Column("speaker_text", sa.String(length=300), nullable=False),
        sa.Column("speaker_name", sa.String(length=300), nullable=False),
        sa.Column("speaker_actor_id", sa.Integer(), nullable=True),
        sa.Column("speaker_role", sa.String(length=200), nullable=True),
        sa.Column("organisation", sa.String(length=300), nullable=True),
        sa.Column("via_outlet", sa.String(length=300), nullable=True),
        sa.Column("intermediary", sa.String(length=300), nullable=True),
        sa.Column("subject_text", sa.String(length=300), nullable=True),
        sa.Column("subject_actor_id", sa.Integer(), nullable=True),
        sa.Column("predicate", sa.String(length=80), nullable=False),
        sa.Column("object_kind", sa.String(length=16), nullable=False),
        sa.Column("object_text", sa.Text(), nullable=True),
        sa.Column("object_event_id", sa.Integer(), nullable=True),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("quote_text", sa.Text(), nullable=False),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("said_precision", sa.String(length=16), nullable=True),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("extractor", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["speaker_actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["subject_actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["object_event_id"], ["event.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        for column in (
            "document_id", "report_id", "stance", "speaker_actor_id", "subject_actor_id",
            "object_event_id",
        ):  # fmt: skip
            batch_op.create_index(batch_op.f(f"ix_claim_{column}"), [column])

    op.create_table(
        "claim_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_place_claim_id"), ["claim_id"])
        batch_op.create_index(batch_op.f("ix_claim_place_place_id"), ["place_id"])


def downgrade() -> None:
    op.drop_table("claim_place")
    op.drop_table("claim")
