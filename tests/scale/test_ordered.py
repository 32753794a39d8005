"""One process analyses documents in batches (`scale/ordered.py`'s `Batch`) and must store
exactly what one document at a time stores: a document whose analysis fails fails alone, and a
copy of an earlier document of the same batch is found before it is analysed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

import khabar.pipeline
from khabar.extract.house_style import HouseStyle
from khabar.extract.types import DocumentExtraction
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import FailedSource, ParsedDocument
from khabar.pipeline import Analyser, Analysis, Outcome, Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES
from .copies import COPY_OF_STORED, ORIGINAL, STORED, light_update
from .dump import canonical_dump

FAULT = "Kestrelvale"
"""A place name only in the document whose analysis is made to fail."""
FAILING = (
    f"Gunmen killed six people and wounded nine others in an attack on a market in {FAULT} on "
    "Monday, police said. The attackers fled on motorbikes before soldiers arrived, and no "
    "group has claimed responsibility for the killings so far.\n"
)


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


def _one_at_a_time(pipeline: Pipeline, targets: list[str]) -> list[Outcome]:
    """The single-process path as it was: each document prepared, then written, in turn."""
    outcomes = []
    for item in iter_sources(targets, pipeline.settings):
        prepared = None if isinstance(item, FailedSource) else pipeline.prepare(item)
        outcomes.append(pipeline.write(item, prepared))
    return outcomes


def _summary(outcomes: Sequence[Outcome]) -> list[tuple[str, str, str, bool, int]]:
    return [(Path(o.source).name, o.status, o.stored_as, o.analysed, o.events) for o in outcomes]


def test_ordered_batches_in_one_process_store_as_one_at_a_time(
    store: Store, tmp_path: Path, analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = khabar.pipeline.extract_document

    def failing(doc: Doc, published: date | None, style: HouseStyle) -> DocumentExtraction:
        if FAULT in doc.text:
            raise RuntimeError("injected extractor fault")
        return real(doc, published, style)

    monkeypatch.setattr(khabar.pipeline, "extract_document", failing)
    batches: list[int] = []
    analyse_many = analyser.analyse_many

    def counted(batch: Sequence[ParsedDocument]) -> list[Analysis]:
        batches.append(len(batch))
        return analyse_many(batch)

    monkeypatch.setattr(analyser, "analyse_many", counted)
    broken = tmp_path / "broken.txt"
    broken.write_text(FAILING)
    update = light_update(tmp_path)
    targets = [str(COPY_OF_STORED), str(ORIGINAL), str(broken), str(update), str(EXAMPLES)]
    targets.append(str(EXAMPLES / "airstrike.html"))
    settings = Settings()

    engine = make_engine(f"sqlite:///{tmp_path / 'alone.db'}")
    upgrade(engine)
    try:
        alone = Pipeline(Store(engine), settings, analyser)
        alone.run([str(STORED)])
        expected = _summary(_one_at_a_time(alone, targets))
        expected_dump = canonical_dump(alone.store)
    finally:
        engine.dispose()

    Pipeline(store, settings, analyser).run([str(STORED)])
    batches.clear()
    reported: list[Outcome] = []
    summary = Pipeline(store, settings, analyser).run(targets, on_outcome=reported.append)

    assert max(batches) > 1, "documents must reach spaCy together"
    assert reported == summary.outcomes
    assert _summary(summary.outcomes) == expected
    assert canonical_dump(store) == expected_dump
    by_name = {name: rest for name, *rest in expected}
    assert by_name[broken.name][:2] == ["failed", "extracted"]
    assert by_name[update.name] == ["new", "near_duplicate", False, 0]
    assert by_name[COPY_OF_STORED.name] == ["new", "near_duplicate", False, 0]
    assert summary.outcomes[-1].status == "unchanged"
    assert summary.events >= 10
