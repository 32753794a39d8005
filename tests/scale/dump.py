"""A canonical dump of what ingest stored, to compare runs that differ only in how they ran."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from khabar.store import models as m
from khabar.store.repository import Store

IGNORED = {"id", "fetched_at", "created_at", "updated_at"}

Dump = dict[str, list[dict[str, Any]]]


def canonical_dump(store: Store) -> Dump:
    """Every row of the compared tables in id order, without ids, keys and timestamps."""
    dump: Dump = {}
    with store.session() as session:
        for model in (m.Document, m.Report, m.Event, m.Evidence):
            columns = [
                c.key
                for c in model.__table__.columns
                if c.key not in IGNORED and not c.key.endswith("_id")
            ]
            rows = session.scalars(select(model).order_by(model.id)).all()
            dump[model.__tablename__] = [
                {key: _value(getattr(row, key)) for key in columns} for row in rows
            ]
    return dump


def _value(value: object) -> str:
    """PostgreSQL gives datetimes back aware and SQLite naive; compare them in naive UTC."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)
