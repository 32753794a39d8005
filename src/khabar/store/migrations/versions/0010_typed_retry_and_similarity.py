"""typed state that lived in messages: a near-duplicate's similarity, a failed feed page's tries

`document.near_duplicate_similarity` held only in `document.error` ("near-duplicate of document
12 (similarity 0.73)") and a failed feed page's try count at the end of its document's error
("… (try 2 of 4)", "(try 4 of 4; not tried again)"), with its next try derived from them; both
were read back with regular expressions. Now they are columns: `document.near_duplicate_similarity`
and `feed_item.page_tries` / `feed_item.retry_at`, the latter indexed with the feed, as each poll
looks up its feed's pages that are due. The messages stay, for people.

The upgrade reads the old messages once, so stores written before keep their similarities and
their pending retries. Those texts carry no retry time: it is derived as `khabar watch` did, from
the page's last try and the default interval and cap (900 s, one day), as a migration cannot know
the `--interval` a watcher will run with.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:00:00.000000
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SIMILARITY = re.compile(r"^near-duplicate of document \d+ \(similarity (\d\.\d+)\)$")
TRIES = re.compile(r" \(try (\d+) of \d+(; not tried again)?\)$")
RETRIED = ("fetch_failed", "fetch_timeout", "http_status")
"""The error codes of page failures `khabar watch` tried again (`watch.RETRIED`)."""
INTERVAL, MAX_BACKOFF = 900.0, 24 * 3600.0
"""The defaults of `KHABAR_FEED_INTERVAL` and `KHABAR_FEED_MAX_BACKOFF`."""

document = sa.table(
    "document",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("error_code", sa.String()),
    sa.column("error", sa.Text()),
    sa.column("raw_sha256", sa.String()),
    sa.column("fetched_at", sa.DateTime(timezone=True)),
    sa.column("near_duplicate_of", sa.Integer()),
    sa.column("near_duplicate_similarity", sa.Float()),
)
feed_item = sa.table(
    "feed_item",
    sa.column("id", sa.Integer()),
    sa.column("link", sa.Text()),
    sa.column("document_id", sa.Integer()),
    sa.column("page_tries", sa.Integer()),
    sa.column("retry_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.add_column("document", sa.Column("near_duplicate_similarity", sa.Float(), nullable=True))
    op.add_column(
        "feed_item", sa.Column("page_tries", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column("feed_item", sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_feed_item_retry", "feed_item", ["feed_id", "retry_at"])
    _backfill_similarity()
    _backfill_tries()


def _backfill_similarity() -> None:
    bind = op.get_bind()
    copies = bind.execute(
        sa.select(document.c.id, document.c.error).where(
            document.c.near_duplicate_of.is_not(None), document.c.error.is_not(None)
        )
    ).all()
    for document_id, error in copies:
        found = SIMILARITY.match(error)
        if found:
            bind.execute(
                document.update()
                .where(document.c.id == document_id)
                .values(near_duplicate_similarity=float(found[1]))
            )


def _backfill_tries() -> None:
    """Only a document stored for a page that could not be downloaded (keyed by its link, as
    `FailedSource.identity` does) counts tries; a page that was read but failed later had one."""
    bind = op.get_bind()
    failed = bind.execute(
        sa.select(
            feed_item.c.id,
            feed_item.c.link,
            document.c.raw_sha256,
            document.c.error_code,
            document.c.error,
            document.c.fetched_at,
        )
        .join(document, feed_item.c.document_id == document.c.id)
        .where(document.c.status == "failed")
    ).all()
    for item_id, link, raw_sha256, code, error, fetched_at in failed:
        if raw_sha256 != hashlib.sha256(f"feed:{link}".encode()).hexdigest():
            continue
        found = TRIES.search(error or "")
        tries = int(found[1]) if found else 1
        retry_at: datetime | None = None
        if code in RETRIED and not (found and found[2]):
            last = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
            wait = min(INTERVAL * 2 ** (tries - 1), MAX_BACKOFF)
            retry_at = last + timedelta(seconds=wait)
        bind.execute(
            feed_item.update()
            .where(feed_item.c.id == item_id)
            .values(page_tries=tries, retry_at=retry_at)
        )


def downgrade() -> None:
    # Plain ALTER TABLE, not a batch copy: on SQLite that drops `document`'s full-text triggers.
    op.drop_index("ix_feed_item_retry", table_name="feed_item")
    op.execute("ALTER TABLE feed_item DROP COLUMN retry_at")
    op.execute("ALTER TABLE feed_item DROP COLUMN page_tries")
    op.execute("ALTER TABLE document DROP COLUMN near_duplicate_similarity")
