"""The document page, its JSON twin and the document list say why a document has no events:
a near-duplicate links to its original with their similarity, the original lists its copies,
and a document in another language is marked not extracted, on both stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from khabar.actors.registry import Registry
from khabar.extract.types import DocumentExtraction
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

from .web_testclient import TestClient

FIXTURES = Path(__file__).resolve().parent.parent / "dedupe" / "fixtures"
NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)


def _save(
    store: Store, name: str, text: str, language: str = "en", status: str = "extracted"
) -> int:
    saved = store.save_document(
        SourceDocument(f"feeds/{name}.txt", "file", text.encode(), "text/plain", NOW),
        ParsedDocument(text, name.title(), None, NOW, None, None, None, language),
        DocumentExtraction(reports=(), mentions=()),
        [],
        Registry.load(),
        status=status,
        error="language fr: extraction supports English only" if language != "en" else None,
        near_threshold=Settings().near_duplicate_threshold,
    )
    return saved.document_id


def test_documents_near_duplicate_links_its_original_and_the_original_its_copies(
    store: Store, client: TestClient
) -> None:
    original = _save(store, "original", (FIXTURES / "wire_original.txt").read_text())
    copy = _save(store, "copy", (FIXTURES / "wire_copy.txt").read_text())

    data = client.get(f"/documents/{copy}.json").json()
    assert data["status"] == "near_duplicate"
    assert data["reports"] == []
    assert data["original"]["id"] == original
    similarity = data["original"]["similarity"]
    assert 0.7 <= similarity <= 1.0
    html = client.get(f"/documents/{copy}").text
    assert "Not extracted: near-duplicate" in html
    assert f'<a href="/documents/{original}">document #{original} (Original)</a>' in html
    assert f"Jaccard similarity {similarity:.2f}" in html
    assert "None: a near-duplicate is not extracted" in html

    data = client.get(f"/documents/{original}.json").json()
    assert data["original"] is None
    assert data["copy_count"] == 1
    assert [(c["id"], c["similarity"]) for c in data["copies"]] == [(copy, similarity)]
    html = client.get(f"/documents/{original}").text
    assert "Near-duplicates (1)" in html
    assert f'<a href="/documents/{copy}">#{copy} Copy</a> · similarity {similarity:.2f}' in html

    rows = {row["id"]: row for row in client.get("/documents.json?limit=500").json()["items"]}
    assert (rows[copy]["near_duplicate_of"], rows[copy]["similarity"]) == (original, similarity)
    assert rows[original]["copies"] == 1
    listed = client.get("/documents?status=near_duplicate").text
    link = f'of <a href="/documents/{original}">#{original}</a>'
    assert f"{link} (similarity {similarity:.2f})" in listed
    assert '<option value="near_duplicate" selected>' in listed
    assert f'href="/documents/{original}">1 near-duplicate</a>' in client.get("/documents").text


def test_documents_similarity_is_read_from_its_column_not_from_the_message(
    store: Store, client: TestClient
) -> None:
    original = _save(store, "original", (FIXTURES / "wire_original.txt").read_text())
    copy = _save(store, "copy", (FIXTURES / "wire_copy.txt").read_text())
    with store.session() as session, session.begin():
        stored = session.get_one(m.Document, copy).near_duplicate_similarity
        session.execute(
            update(m.Document).where(m.Document.id == copy).values(error="reworded by hand")
        )
    assert stored is not None

    assert client.get(f"/documents/{copy}.json").json()["original"]["similarity"] == stored
    assert client.get(f"/documents/{original}.json").json()["copies"][0]["similarity"] == stored
    rows = {row["id"]: row for row in client.get("/documents.json?limit=500").json()["items"]}
    assert rows[copy]["similarity"] == stored
    assert f"Jaccard similarity {stored:.2f}" in client.get(f"/documents/{copy}").text


def test_documents_other_language_is_marked_not_extracted(store: Store, client: TestClient) -> None:
    french = _save(store, "french", "Des hommes armés ont tué sept soldats.", "fr", "not_extracted")
    data = client.get(f"/documents/{french}.json").json()
    assert (data["status"], data["original"], data["copies"]) == ("not_extracted", None, [])
    html = client.get(f"/documents/{french}").text
    assert "Not extracted: language" in html
    assert "language fr: extraction supports English only" in html
    assert "None: this document was not extracted" in html
