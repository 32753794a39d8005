"""`--workers N` must store exactly what one process stores, and the prefilter keeps what it
rejects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES

IGNORED = {"id", "fetched_at", "created_at", "updated_at"}


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of the compared tables in id order, without ids, keys and timestamps."""
    dump: dict[str, list[dict[str, Any]]] = {}
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


def test_pool_stores_the_same_as_one_process(store: Store, tmp_path: Path) -> None:
    settings = Settings()
    engine = make_engine(f"sqlite:///{tmp_path / 'single.db'}")
    upgrade(engine)
    single = Store(engine)
    try:
        Pipeline(single, settings).run([str(EXAMPLES), str(EXAMPLES / "airstrike.html")])
        expected = _dump(single)
    finally:
        engine.dispose()
    pooled = Pipeline(store, settings, workers=2)
    summary = pooled.run([str(EXAMPLES), str(EXAMPLES / "airstrike.html")])
    assert pooled.analyser is None, "the writer must not load spaCy"
    assert summary.outcomes[-1].status == "unchanged"
    assert summary.events >= 10
    assert _dump(store) == expected


def test_pool_stores_rejected_documents_as_not_relevant(store: Store) -> None:
    path = str(EXAMPLES / "political-talks.html")
    summary = Pipeline(store, Settings(), workers=2).run([path])
    (outcome,) = summary.outcomes
    assert (outcome.status, outcome.stored_as) == ("new", "not_relevant")
    assert summary.stored_as("not_relevant") == 1
    with store.session() as session:
        document = session.scalars(select(m.Document)).one()
    assert document.status == "not_relevant"
    assert document.error == "prefilter: no casualty word or actor"
    assert document.text
