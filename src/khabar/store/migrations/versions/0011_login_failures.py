"""login failures in the store: the login throttle's counts, shared by every server process

The throttle counted failed logins in each process's memory, so `khabar serve --workers 4`
allowed a guesser four times the attempts, and a restart forgot them. `login_failure` holds one
row per failure under a truncated keyed hash of the address or of the name, indexed by key and
time for the throttle's count and by time alone for deleting what left the window.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failure_key_at", "login_failure", ["key", "at"])
    op.create_index("ix_login_failure_at", "login_failure", ["at"])


def downgrade() -> None:
    op.drop_index("ix_login_failure_at", table_name="login_failure")
    op.drop_index("ix_login_failure_key_at", table_name="login_failure")
    op.drop_table("login_failure")
