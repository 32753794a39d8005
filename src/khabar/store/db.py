"""Engines and migrations: one code path for SQLite (the default) and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from khabar.errors import ErrorCode, KhabarError

MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Accept `postgresql://` as written by most tools, but always talk psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def _lower(value: object) -> object:
    return None if value is None else str(value).lower()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite's own lower() folds ASCII only ("UÇK" → "uÇk"); PostgreSQL's folds every letter.
    # Every case-insensitive lookup (actor names and aliases, admin-1 filters) compares
    # lower(column) with a Python-lowered value, so both stores must fold alike.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError as exc:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"Not a database URL: {url!r}.") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise KhabarError(
            ErrorCode.BAD_ARGUMENT,
            f"Unsupported database {parsed.get_backend_name()!r}; use sqlite:/// or postgresql://.",
        )
    return create_engine(parsed, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; running it again is a no-op."""
    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise KhabarError(ErrorCode.DATABASE_UNREACHABLE, safe_url(str(engine.url))) from exc


def _read_only_file(url: URL) -> bool:
    """A SQLite file (or its folder, where the journal goes) that this process cannot write."""
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return False
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.exists(path) and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))


def _connection_lost(exc: DBAPIError) -> bool:
    """The server went away: SQLAlchemy saw the connection drop, or PostgreSQL refused a new
    one (no SQLSTATE), ended the session (class 57P) or broke the connection (class 08)."""
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", "")
    return state is None or str(state).startswith(("08", "57P"))


def database_error(url: URL, exc: DBAPIError, *, writing: bool) -> KhabarError:
    """A driver's error as a KhabarError naming its cause (read-only, full, connection lost
    mid-batch), with the driver's reason."""
    reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
    detail = f"{safe_url(url.render_as_string(hide_password=False))} ({reason})"
    lowered = reason.lower()
    if "readonly" in lowered.replace("-", "") or _read_only_file(url):
        return KhabarError(ErrorCode.DATABASE_READ_ONLY, detail)
    if "disk is full" in lowered or getattr(exc.orig, "sqlstate", "") == "53100":
        return KhabarError(ErrorCode.DATABASE_FULL, detail)
    if not writing:
        return KhabarError(ErrorCode.DATABASE_UNREACHABLE, detail)
    if url.get_backend_name() == "postgresql" and _connection_lost(exc):
        return KhabarError(ErrorCode.DATABASE_CONNECTION_LOST, detail)
    return KhabarError(ErrorCode.DATABASE_WRITE_FAILED, detail)


def check_current(engine: Engine) -> None:
    """Refuse to work on a database that is unreachable or behind the code's schema."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise database_error(engine.url, exc, writing=False) from exc
    if current != head:
        raise KhabarError(ErrorCode.DATABASE_NOT_MIGRATED, safe_url(str(engine.url)))
