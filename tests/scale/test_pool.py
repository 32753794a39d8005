"""`--workers N` must store exactly what one process stores, near-duplicates included and never
analysed, and the prefilter keeps what it rejects."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from khabar.pipeline import Analyser, Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES
from .copies import COPY_OF_STORED, ORIGINAL, STORED, light_update
from .dump import Dump, canonical_dump


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


@pytest.fixture(scope="module")
def one_process(
    tmp_path_factory: pytest.TempPathFactory, analyser: Analyser
) -> tuple[list[str], Dump, list[bool]]:
    """The batch, what one process stores of it and which documents it analysed: made once
    for both stores, as it does not depend on them."""
    folder = tmp_path_factory.mktemp("pool")
    targets = [str(COPY_OF_STORED), str(ORIGINAL), str(light_update(folder)), str(EXAMPLES)]
    targets.append(str(EXAMPLES / "airstrike.html"))
    engine = make_engine(f"sqlite:///{folder / 'single.db'}")
    upgrade(engine)
    single = Store(engine)
    try:
        Pipeline(single, Settings(), analyser).run([str(STORED)])
        alone = Pipeline(single, Settings(), analyser).run(targets).outcomes
        return targets, canonical_dump(single), [o.analysed for o in alone]
    finally:
        engine.dispose()


def test_pool_stores_the_same_as_one_process(
    store: Store, analyser: Analyser, one_process: tuple[list[str], Dump, list[bool]]
) -> None:
    settings = Settings()
    targets, expected, analysed_alone = one_process
    Pipeline(store, settings, analyser).run([str(STORED)])
    pooled = Pipeline(store, settings, workers=2)
    summary = pooled.run(targets)
    assert pooled.analyser is None, "the writer must not load spaCy"
    assert summary.outcomes[-1].status == "unchanged"
    assert summary.events >= 10
    assert canonical_dump(store) == expected
    # The copy of a stored document and the update read together with its original: linked,
    # and analysed by no worker.
    copy, original, updated = summary.outcomes[:3]
    assert [o.stored_as for o in (copy, original, updated)] == [
        "near_duplicate",
        "extracted",
        "near_duplicate",
    ]
    assert [o.analysed for o in (copy, original, updated)] == [False, True, False]
    assert [o.analysed for o in summary.outcomes] == analysed_alone
    with store.session() as session:
        documents = {Path(d.source).name: d for d in session.scalars(select(m.Document))}
    assert documents[Path(targets[2]).name].near_duplicate_of == documents[ORIGINAL.name].id
    assert documents[COPY_OF_STORED.name].near_duplicate_of == documents[STORED.name].id


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
