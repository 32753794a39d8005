"""`--workers N` must store exactly what one process stores, and the prefilter keeps what it
rejects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES
from .dump import canonical_dump


def test_pool_stores_the_same_as_one_process(store: Store, tmp_path: Path) -> None:
    settings = Settings()
    engine = make_engine(f"sqlite:///{tmp_path / 'single.db'}")
    upgrade(engine)
    single = Store(engine)
    try:
        Pipeline(single, settings).run([str(EXAMPLES), str(EXAMPLES / "airstrike.html")])
        expected = canonical_dump(single)
    finally:
        engine.dispose()
    pooled = Pipeline(store, settings, workers=2)
    summary = pooled.run([str(EXAMPLES), str(EXAMPLES / "airstrike.html")])
    assert pooled.analyser is None, "the writer must not load spaCy"
    assert summary.outcomes[-1].status == "unchanged"
    assert summary.events >= 10
    assert canonical_dump(store) == expected


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
