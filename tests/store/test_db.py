from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store.db import alembic_config, check_current, make_engine, safe_url, upgrade
from khabar.store.repository import Store

OTHER_DIALECT_INDEXES = {
    "sqlite": {
        "ix_event_date_desc",
        "ix_event_type_date_desc",
        "ix_event_killed_best_desc",
        "ix_document_published_at_desc",
    },
    "postgresql": {"ix_event_killed_best", "ix_document_published_at", "ix_document_fts"},
}
"""Indexes the models declare for the other backend only (`ddl_if`), and PostgreSQL's full-text
index, which only its migration creates."""


def _add_document(store: Store, body: str) -> int:
    return store.save_failed(
        source="/tmp/x.html",
        source_kind="file",
        raw_sha256=body[:64].ljust(64, "0"),
        code="empty_text",
        message=body,
        fetched_at=datetime.now(UTC),
    )


def test_db_sqlite_uses_wal_and_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_db_lower_folds_every_letter_on_both_stores(store: Store) -> None:
    with store.engine.connect() as conn:
        folded = conn.execute(text("SELECT lower('UÇK Île-de-France'), lower(NULL)")).one()
    assert tuple(folded) == ("uçk île-de-france", None)


def test_db_full_text_search_finds_document_text(store: Store) -> None:
    with store.session() as session, session.begin():
        session.execute(
            text(
                "INSERT INTO document (source, source_kind, fetched_at, text, raw_sha256, status, "
                "title) VALUES ('s', 'file', :now, :body, :sha, 'extracted', 'Ghazni report')"
            ),
            {
                "now": datetime.now(UTC),
                "body": "Militants burned homes near Ghazni.",
                "sha": "a" * 64,
            },
        )
    if store.engine.dialect.name == "sqlite":
        query = "SELECT rowid FROM document_fts WHERE document_fts MATCH 'burned AND ghazni'"
    else:
        query = (
            "SELECT id FROM document WHERE to_tsvector('english', coalesce(title, '') || ' ' || "
            "text) @@ plainto_tsquery('english', 'burned Ghazni')"
        )
    with store.session() as session:
        assert session.execute(text(query)).scalars().all() == [1]


def test_db_migration_round_trip(store_url: str) -> None:
    engine = make_engine(store_url)
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert "event" not in inspect(engine).get_table_names()
    with pytest.raises(KhabarError) as raised:
        check_current(engine)
    assert raised.value.code is ErrorCode.DATABASE_NOT_MIGRATED
    upgrade(engine)
    check_current(engine)
    assert {"document", "report", "event", "evidence", "place", "actor"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_db_unreachable_server_is_a_clear_error() -> None:
    engine = make_engine("postgresql://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(KhabarError) as raised:
        upgrade(engine)
    assert raised.value.code is ErrorCode.DATABASE_UNREACHABLE
    assert "secret" not in str(raised.value)
    engine.dispose()


def test_db_safe_url_hides_password(tmp_path: Path) -> None:
    assert "secret" not in safe_url("postgresql://u:secret@h/db")
    assert safe_url(f"sqlite:///{tmp_path}/k.db").endswith("k.db")


@pytest.mark.parametrize("url", ["mysql://root@localhost/test", "::not a url::"])
def test_db_rejects_unsupported_urls(url: str) -> None:
    with pytest.raises(KhabarError) as raised:
        make_engine(url)
    assert raised.value.code is ErrorCode.BAD_ARGUMENT


def test_db_failed_documents_are_kept(store: Store) -> None:
    document_id = _add_document(store, "nothing readable")
    with store.session() as session:
        status = session.execute(
            text("SELECT status, error FROM document WHERE id = :id"), {"id": document_id}
        ).one()
    assert tuple(status) == ("failed", "nothing readable")


def _unexplained(change: tuple[Any, ...], dialect: str) -> bool:
    kind, target = change[0], change[1]
    if kind == "remove_table":  # SQLite's FTS5 tables, made by the migrations' own SQL
        return not str(target.name).startswith("document_fts")
    if kind in ("add_index", "remove_index"):
        return target.name not in OTHER_DIALECT_INDEXES[dialect]
    if kind in ("add_fk", "remove_fk") and dialect == "sqlite":
        # Added by ALTER TABLE (0008): SQLite's reflection does not read an inline ON DELETE.
        return list(target.column_keys) != ["near_duplicate_of"]
    return True


def test_db_migrations_match_the_models(store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    engine.dispose()
    dialect = engine.dialect.name
    drift = [c for c in diff if isinstance(c, list) or _unexplained(c, dialect)]
    assert drift == []


OLD_DOCUMENT = sa.table(
    "document",
    sa.column("id", sa.Integer()),
    sa.column("source", sa.Text()),
    sa.column("source_kind", sa.String()),
    sa.column("fetched_at", m.UTCDateTime()),
    sa.column("text", sa.Text()),
    sa.column("raw_sha256", sa.String()),
    sa.column("status", sa.String()),
    sa.column("error_code", sa.String()),
    sa.column("error", sa.Text()),
    sa.column("near_duplicate_of", sa.Integer()),
)
OLD_FEED = sa.table(
    "feed",
    sa.column("id", sa.Integer()),
    sa.column("url", sa.String()),
    sa.column("added_at", m.UTCDateTime()),
    sa.column("next_poll_at", m.UTCDateTime()),
    sa.column("failures", sa.Integer()),
)
OLD_FEED_ITEM = sa.table(
    "feed_item",
    sa.column("id", sa.Integer()),
    sa.column("feed_id", sa.Integer()),
    sa.column("key", sa.String()),
    sa.column("link", sa.Text()),
    sa.column("seen_at", m.UTCDateTime()),
    sa.column("document_id", sa.Integer()),
)


def test_db_migration_0010_reads_similarity_and_tries_out_of_old_messages(store_url: str) -> None:
    """A store written before 0010 kept both in messages; the upgrade reads them once."""
    engine = make_engine(store_url)
    command.downgrade(alembic_config(engine), "0009")
    t = datetime(2026, 3, 5, 12, tzinfo=UTC)
    pages = {  # id: (link, status, code, error, failed-download key?)
        4: ("/timeout", "failed", "fetch_timeout", "timed out (try 2 of 4)", True),
        5: ("/dead", "failed", "http_status", "HTTP 500 (try 4 of 4; not tried again)", True),
        6: ("/huge", "failed", "too_large", "larger than 10 MiB", True),
        7: ("/fine", "extracted", None, None, False),
        8: ("/empty", "failed", "empty_text", "no main text", False),
    }
    documents = [
        (1, "extracted", None, None, None, "1"),
        (2, "near_duplicate", None, "near-duplicate of document 1 (similarity 0.73)", 1, "2"),
        (3, "not_relevant", None, "prefilter: no violence trigger word", None, "3"),
    ] + [
        (
            number,
            status,
            code,
            error,
            None,
            f"feed:http://x.example{link}" if failed_key else f"page {number}",
        )
        for number, (link, status, code, error, failed_key) in pages.items()
    ]
    with engine.begin() as conn:
        for number, status, code, error, original, key in documents:
            conn.execute(
                OLD_DOCUMENT.insert().values(
                    id=number,
                    source=f"doc {number}",
                    source_kind="feed",
                    fetched_at=t,
                    text="",
                    raw_sha256=hashlib.sha256(key.encode()).hexdigest(),
                    status=status,
                    error_code=code,
                    error=error,
                    near_duplicate_of=original,
                )
            )
        conn.execute(
            OLD_FEED.insert().values(id=1, url="u", added_at=t, next_poll_at=t, failures=0)
        )
        for number, (link, *_) in pages.items():
            conn.execute(
                OLD_FEED_ITEM.insert().values(
                    id=number,
                    feed_id=1,
                    key=str(number),
                    link=f"http://x.example{link}",
                    seen_at=t,
                    document_id=number,
                )
            )

    upgrade(engine)
    with Store(engine).session() as session:
        rows = session.execute(select(m.Document.id, m.Document.near_duplicate_similarity))
        similarity = dict(rows.all())
        items = {i.id: (i.page_tries, i.retry_at) for i in session.scalars(select(m.FeedItem))}
    engine.dispose()
    assert similarity == {n: 0.73 if n == 2 else None for n in range(1, 9)}
    assert items == {
        4: (2, t + timedelta(seconds=2 * 900)),
        5: (4, None),
        6: (1, None),
        7: (0, None),
        8: (0, None),
    }
