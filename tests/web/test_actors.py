"""Actor pages over the sample store, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from khabar.actors import curation
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.security import CONTENT_SECURITY_POLICY

from .web_sample import Sample
from .web_testclient import TestClient


def _id(store: Store, name: str) -> int:
    with store.session() as session:
        found = session.scalar(select(m.Actor.id).where(m.Actor.name == name))
    assert found is not None
    return found


def test_app_actor_page_and_json_show_events_hierarchy_and_audit(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban = _id(store, "Taliban")
    with store.session() as session, session.begin():
        curation.add_alias(session, session.get_one(m.Actor, taliban), "Talibs", "analyst")
        haqqani = m.Actor(name="Haqqani Network", kind="armed_group", parent_id=taliban)
        session.add(haqqani)
    response = client.get(f"/actors/{taliban}")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    html = response.text
    assert f'href="/events/{sample.ghazni_event}"' in html
    assert "Haqqani Network</a>" in html
    assert "Talibs" in html
    assert "analyst" in html
    assert "<script>" not in html
    data = client.get(f"/actors/{taliban}.json").json()
    assert data["events"][0]["role"] == "perpetrator"
    assert [e["id"] for e in data["events"][0]["events"]] == [sample.ghazni_event]
    assert [c["name"] for c in data["children"]] == ["Haqqani Network"]
    assert data["audit"][0]["action"] == "alias"


def test_app_actor_list_filters_and_event_page_links_actors(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban = _id(store, "Taliban")
    assert '<a href="/actors">Actors</a>' in client.get("/actors").text
    listed = client.get("/actors.json", params={"q": "tali"}).json()
    assert [a["name"] for a in listed["items"]] == ["Taliban"]
    assert client.get("/actors.json", params={"kind": "civilians"}).json()["items"] == []
    assert (
        f'href="/actors/{taliban}">Taliban</a>' in client.get(f"/events/{sample.ghazni_event}").text
    )


def test_app_merged_actor_redirects_and_unknown_is_404(client: TestClient, store: Store) -> None:
    taliban = _id(store, "Taliban")
    with store.session() as session, session.begin():
        other = m.Actor(name="Taleban fighters", kind="unknown", provisional=True)
        session.add(other)
        session.flush()
        curation.merge(session, session.get_one(m.Actor, taliban), other, "analyst")
        other_id = other.id
    moved = client.get(f"/actors/{other_id}", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == f"/actors/{taliban}"
    assert client.get("/actors/999999").status_code == 404
    assert client.get("/actors/999999.json").json()["error"]["code"] == "not_found"
