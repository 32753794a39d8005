"""actor registry fields, external names, affiliations, merges; audit_log

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_from", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("active_to", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("countries", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(
            sa.Column("sources", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_actor_merged_into_id_actor", "actor", ["merged_into_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_actor_merged_into_id"), ["merged_into_id"])

    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=40), nullable=False, server_default="registry")
        )

    op.create_table(
        "actor_external",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dataset", "name"),
    )
    with op.batch_alter_table("actor_external", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_external_actor_id"), ["actor_id"])

    op.create_table(
        "actor_affiliation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=80), nullable=False),
        sa.Column("since", sa.Integer(), nullable=True),
        sa.Column("until", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["actor.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("actor_id", "other_id", "relation"),
    )
    with op.batch_alter_table("actor_affiliation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_affiliation_actor_id"), ["actor_id"])
        batch_op.create_index(batch_op.f("ix_actor_affiliation_other_id"), ["other_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"])
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("actor_affiliation")
    op.drop_table("actor_external")
    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.drop_column("source")
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_merged_into_id"))
        batch_op.drop_constraint("fk_actor_merged_into_id_actor", type_="foreignkey")
        for column in ("merged_into_id", "sources", "countries", "active_to", "active_from"):
            batch_op.drop_column(column)
