"""feeds and near-duplicates: followed feeds, their items, the LSH bands of documents' MinHash
signatures, and document.near_duplicate_of

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a batch operation: on SQLite that copies `document` and drops its full-text triggers.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE document ADD COLUMN near_duplicate_of INTEGER "
            "REFERENCES document (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("document", sa.Column("near_duplicate_of", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_document_near_duplicate_of_document",
            "document",
            "document",
            ["near_duplicate_of"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index("ix_document_near_duplicate_of", "document", ["near_duplicate_of"])
    op.create_table(
        "minhash_band",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "document_id"),
    )
    op.create_index("ix_minhash_band_document_id", "minhash_band", ["document_id"])
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error_code", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_index("ix_feed_next_poll_at", "feed", ["next_poll_at"])
    op.create_table(
        "feed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["feed_id"], ["feed.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "key"),
    )
    op.create_index("ix_feed_item_document_id", "feed_item", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_feed_item_document_id", table_name="feed_item")
    op.drop_table("feed_item")
    op.drop_index("ix_feed_next_poll_at", table_name="feed")
    op.drop_table("feed")
    op.drop_index("ix_minhash_band_document_id", table_name="minhash_band")
    op.drop_table("minhash_band")
    op.drop_index("ix_document_near_duplicate_of", table_name="document")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_document_near_duplicate_of_document", "document", type_="foreignkey")
    op.execute("ALTER TABLE document DROP COLUMN near_duplicate_of")
