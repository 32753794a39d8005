"""gazetteer tables: place names, region members, sources; place.built_at

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NORMALISED = sa.String(length=400).with_variant(sa.String(length=400, collation="C"), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.add_column(sa.Column("built_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "place_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("normalised", NORMALISED, nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("place_id", "name"),
    )
    with op.batch_alter_table("place_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_name_normalised"), ["normalised"], unique=False)

    op.create_table(
        "place_member",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["place.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region_id"], ["place.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("region_id", "member_id"),
    )
    with op.batch_alter_table("place_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_member_member_id"), ["member_id"], unique=False)

    op.create_table(
        "gazetteer_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("gazetteer_source")
    with op.batch_alter_table("place_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_member_member_id"))
    op.drop_table("place_member")
    with op.batch_alter_table("place_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_name_normalised"))
    op.drop_table("place_name")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_column("built_at")
