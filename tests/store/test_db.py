from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from khabar.errors import ErrorCode, KhabarError
from khabar.store.db import alembic_config, check_current, make_engine, safe_url, upgrade
from khabar.store.repository import Store


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
