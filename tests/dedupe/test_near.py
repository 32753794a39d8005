"""Near-duplicate documents: a wire copy is linked to its original and not extracted again,
across runs and on both stores; a different story on the same topic is not linked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from khabar.dedupe.near import band_keys, jaccard, shingles
from khabar.extract.types import DocumentExtraction
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.pipeline import Analyser, Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = FIXTURES / "wire_original.txt"
COPY = FIXTURES / "wire_copy.txt"
SAME_TOPIC = FIXTURES / "same_topic.txt"


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


def _documents(store: Store) -> dict[str, m.Document]:
    with store.session() as session:
        rows = session.scalars(select(m.Document)).all()
    return {Path(row.source).name: row for row in rows}


def _reports(store: Store, document_id: int) -> int:
    with store.session() as session:
        query = select(func.count()).where(m.Report.document_id == document_id)
        return session.scalar(query) or 0


def test_near_wire_copy_shares_bands_and_a_different_story_does_not() -> None:
    original, copy, other = (shingles(p.read_text()) for p in (ORIGINAL, COPY, SAME_TOPIC))
    assert jaccard(original, copy) > 0.7
    assert jaccard(original, other) < 0.05
    assert set(band_keys(original)) & set(band_keys(copy))
    assert not set(band_keys(original)) & set(band_keys(other))


def test_near_wire_copy_is_linked_in_a_later_run_and_not_extracted(
    store_url: str, analyser: Analyser
) -> None:
    first = Store.open(store_url)
    summary = Pipeline(first, Settings(), analyser).run([str(ORIGINAL)])
    first.engine.dispose()
    assert summary.events > 0

    second = Store.open(store_url)
    outcomes = Pipeline(second, Settings(), analyser).run([str(COPY), str(SAME_TOPIC)]).outcomes
    documents = _documents(second)
    original, copy, other = (documents[p.name] for p in (ORIGINAL, COPY, SAME_TOPIC))
    assert [o.stored_as for o in outcomes] == ["near_duplicate", "extracted"]
    assert [o.analysed for o in outcomes] == [False, True], "a copy is found before spaCy runs"
    assert outcomes[0].events == 0
    assert outcomes[0].message.startswith(f"near-duplicate of document {original.id} ")
    assert copy.status == "near_duplicate"
    assert copy.near_duplicate_of == original.id
    similarity = jaccard(shingles(original.text), shingles(copy.text))
    assert copy.near_duplicate_similarity == pytest.approx(similarity)
    assert 0.7 <= similarity < 1.0
    assert outcomes[0].message.endswith(f"(similarity {similarity:.2f})"), "said to people"
    assert other.near_duplicate_similarity is None
    assert _reports(second, copy.id) == 0
    with second.session() as session:
        assert session.scalar(select(func.count()).where(m.Mention.document_id == copy.id)) == 0
    assert other.status == "extracted"
    assert other.near_duplicate_of is None
    assert _reports(second, other.id) > 0
    second.engine.dispose()


def _save(store: Store, analyser: Analyser, name: str, text: str, threshold: float) -> int:
    now = datetime(2026, 3, 3, tzinfo=UTC)
    saved = store.save_document(
        SourceDocument(name, "file", text.encode(), "text/plain", now),
        ParsedDocument(text, None, None, now, None, None, None, "en"),
        DocumentExtraction(reports=(), mentions=()),
        [],
        analyser.registry,
        near_threshold=threshold,
    )
    return saved.document_id


def test_near_copy_of_a_copy_is_linked_to_the_first_original(
    store: Store, analyser: Analyser
) -> None:
    text = ORIGINAL.read_text()
    update = text.replace("killing seven soldiers", "killing nine soldiers")
    later = update.replace("fled on motorcycles", "escaped in pick-up trucks")
    original = _save(store, analyser, "original", text, 0.6)
    _save(store, analyser, "update", update, 0.6)
    _save(store, analyser, "later", later, 0.6)
    documents = _documents(store)
    assert documents["update"].near_duplicate_of == original
    assert documents["later"].near_duplicate_of == original
    assert documents["original"].near_duplicate_of is None


def test_near_threshold_comes_from_settings_and_decides(
    store: Store, analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHABAR_NEAR_DUPLICATE_THRESHOLD", "0.9")
    strict = Settings().near_duplicate_threshold
    assert strict == 0.9
    _save(store, analyser, "original", ORIGINAL.read_text(), strict)
    _save(store, analyser, "copy", COPY.read_text(), strict)
    assert _documents(store)["copy"].near_duplicate_of is None
    assert _documents(store)["copy"].status == "extracted"
    monkeypatch.setenv("KHABAR_NEAR_DUPLICATE_THRESHOLD", "0.3")
    with pytest.raises(ValidationError):
        Settings()
