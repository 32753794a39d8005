"""read indexes: the lists' sorts and the map's and timeline's aggregates read an index

`ix_event_place_type` and `ix_event_timeline` cover what the map clusters, the per-country
counts and the timeline read of each event, so that at a million events they read a narrow
index (place by place for the map) rather than every row of `event` (ten times faster).

`sort=deaths` of the event list and `sort=published` of the document list had no index, so a
page sorted the whole table (seconds at a million events). On PostgreSQL the lists' order,
`DESC NULLS LAST` then id, is not the backward order of a plain index (that puts NULLs first),
so even the default `newest` order sorted every matching event; there the indexes are declared
in the lists' own order. SQLite's descending order already puts NULLs last, and it has no
`NULLS LAST` in CREATE INDEX.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BOTH = {
    "ix_event_place_type": ("event", ["place_id", "event_type", "curation_status", "killed_best"]),
    "ix_event_timeline": ("event", ["date", "curation_status", "killed_best"]),
}
SQLITE = {
    "ix_event_killed_best": ("event", ["killed_best"]),
    "ix_document_published_at": ("document", ["published_at"]),
}
POSTGRESQL = {
    "ix_event_date_desc": ("event", ["date DESC NULLS LAST", "id DESC"]),
    "ix_event_type_date_desc": ("event", ["event_type", "date DESC NULLS LAST", "id DESC"]),
    "ix_event_killed_best_desc": ("event", ["killed_best DESC NULLS LAST", "id DESC"]),
    "ix_document_published_at_desc": ("document", ["published_at DESC NULLS LAST", "id DESC"]),
}


def _indexes() -> dict[str, tuple[str, list[str]]]:
    return BOTH | (SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL)


def upgrade() -> None:
    for name, (table, columns) in _indexes().items():
        op.create_index(name, table, [sa.text(column) for column in columns])


def downgrade() -> None:
    for name, (table, _) in _indexes().items():
        op.drop_index(name, table_name=table)
