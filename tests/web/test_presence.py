"""The presence view and claims on pages, over the Ghazni example ingested by the pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.app import create_app

from ..conftest import EXAMPLES
from .web_testclient import TestClient


@pytest.fixture
def ghazni(store: Store) -> Iterator[TestClient]:
    Pipeline(store, Settings(database_url=str(store.engine.url))).run(
        [str(EXAMPLES / "ghazni-blog.html")]
    )
    with TestClient(create_app(store, Settings())) as client:
        yield client


def _presence(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/presence.json", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_presence_ghazni_shows_asserted_territorial_denied_and_the_event(
    ghazni: TestClient,
) -> None:
    body = _presence(ghazni, actor="Islamic State", place="Afghanistan")
    kinds = [e["kind"] for e in body["entries"]]
    assert {"asserted", "territorial", "denied", "event"} <= set(kinds)
    (asserted,) = [e["claim"] for e in body["entries"] if e["kind"] == "asserted"]
    assert asserted["speaker_name"] == "Michael Coulombe"
    assert asserted["via_outlet"] == "CBC News"
    assert [p["text"] for p in asserted["places"]] == ["Libya", "Pakistan", "Afghanistan"]
    (territory,) = [e["claim"] for e in body["entries"] if e["kind"] == "territorial"]
    assert {"Kunar", "Nuristan", "Malakand"} <= {p["text"] for p in territory["places"]}
    denied = [e["claim"] for e in body["entries"] if e["kind"] == "denied"]
    assert denied
    assert all(c["speaker_name"] == "leadership" for c in denied)
    (event,) = [e["event"] for e in body["entries"] if e["kind"] == "event"]
    assert event["place_name"] == "Ghazni"


def test_presence_place_filter_leaves_out_other_countries(ghazni: TestClient) -> None:
    body = _presence(ghazni, actor="Islamic State", place="Libya")
    assert [e["kind"] for e in body["entries"]] == ["asserted"]


def test_presence_page_and_claims_render_on_event_and_document_pages(ghazni: TestClient) -> None:
    page = ghazni.get("/presence", params={"actor": "Islamic State", "place": "Afghanistan"})
    assert page.status_code == 200
    assert "Michael Coulombe" in page.text
    assert "<script>" not in page.text
    document = ghazni.get("/documents/1")
    assert 'id="claim-' in document.text
    event = ghazni.get("/events/1.json").json()
    assert any(c["speaker_name"] == "Michael Coulombe" for c in event["claims"])


def test_presence_unknown_actor_is_not_found(ghazni: TestClient) -> None:
    assert ghazni.get("/presence.json", params={"actor": "No Such Group"}).status_code == 404
    assert ghazni.get("/presence.json", params={"actor": " "}).status_code == 400


def test_presence_actor_page_lists_claims_about_it(ghazni: TestClient) -> None:
    actors = ghazni.get("/actors.json", params={"q": "Islamic State"}).json()
    found = [a for a in actors["items"] if a["name"] == "Islamic State"]
    assert found, actors
    actor_id = found[0]["id"]
    data = ghazni.get(f"/actors/{actor_id}.json").json()
    stances = {c["stance"] for c in data["claims_about"]}
    assert {"assert", "deny"} <= stances
    assert all(c["subject_actor"]["id"] == actor_id for c in data["claims_about"])
    html = ghazni.get(f"/actors/{actor_id}").text
    assert "Claims about it" in html
    assert "Claims it makes" in html
    assert f'href="/documents/{data["claims_about"][0]["document_id"]}#claim-' in html
