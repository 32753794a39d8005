"""Articles over the web on both backends, with the real pipeline: writing, preview,
publishing, who sees drafts, the sanitised page, its events and its discussion."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from khabar.pipeline import Analyser
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.app import create_app

from ..discuss.test_security import EVIL, assert_inert
from .test_curation import log_in
from .web_testclient import TestClient

ATTACK = "A suicide bomber killed 12 people at a market in Ghazni on Monday, police said."
EVIL_BODY = (
    "## Heading\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) "
    '<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>'
)


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


@pytest.fixture
def app_clients(store: Store, analyser: Analyser) -> Iterator[tuple[TestClient, TestClient]]:
    """A signed-in-to-be client and an anonymous one over the same app."""
    app = create_app(store, Settings(comment_min_seconds=0), analyser=analyser)
    with TestClient(app) as analyst, TestClient(app) as anonymous:
        yield analyst, anonymous


def write(client: TestClient, body: str = ATTACK, title: str = "Ghazni market") -> int:
    data = {"title": title, "body": body, "tags": "ghazni, bombing", "intent": "save"}
    response = client.post("/articles/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/articles/(\d+)", response.headers["location"])
    assert found
    return int(found.group(1))


def count(store: Store, table: type[m.Base]) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_articles_create_preview_publish_edit(
    app_clients: tuple[TestClient, TestClient], store: Store
) -> None:
    client, anonymous = app_clients
    assert anonymous.get("/articles/new", follow_redirects=False).status_code == 303
    log_in(client, store)
    assert 'action="/articles/new"' in client.get("/articles/new").text
    preview = client.post(
        "/articles/new", data={"title": "T", "body": "## Sub\n\n*hi*", "intent": "preview"}
    )
    assert preview.status_code == 200
    assert "<h2>Sub</h2>" in preview.text
    assert "<em>hi</em>" in preview.text
    assert count(store, m.Article) == 0
    article_id = write(client)
    page = f"/articles/{article_id}"
    assert "This is a draft" in client.get(page).text
    assert anonymous.get(page).status_code == 404
    assert anonymous.get(f"{page}.json").status_code == 404
    assert anonymous.get("/articles.json").json()["items"] == []
    assert client.post(f"{page}/publish", follow_redirects=False).status_code == 303
    detail = anonymous.get(f"{page}.json").json()
    assert (detail["status"], detail["author"], detail["tags"]) == (
        "published",
        "amira",
        ["ghazni", "bombing"],
    )
    first = detail["document_id"]
    [event] = detail["events"]
    assert event["event_type"] == "Explosions/Remote violence"
    html = anonymous.get(page).text
    assert "<h1>Ghazni market</h1>" in html
    assert f'href="/events/{event["id"]}"' in html
    assert 'name="form_token"' in html
    with store.session() as session:
        document = session.get_one(m.Document, first)
        assert (document.source_kind, document.title, document.author) == (
            "article",
            "Ghazni market",
            "amira",
        )
    client.post(f"{page}/publish")
    assert anonymous.get(f"{page}.json").json()["document_id"] == first
    assert count(store, m.Document) == 1
    edited = {"title": "Ghazni market", "body": ATTACK + " Two were injured.", "intent": "save"}
    assert client.post(f"{page}/edit", data=edited, follow_redirects=False).status_code == 303
    second = anonymous.get(f"{page}.json").json()["document_id"]
    assert second != first
    assert count(store, m.Document) == 2
    assert 'value="Ghazni market"' in client.get(f"{page}/edit").text
    client.post(f"{page}/unpublish")
    assert anonymous.get(page).status_code == 404
    assert anonymous.get(f"{page}/comments.json").status_code == 404


def test_articles_body_renders_inert(
    app_clients: tuple[TestClient, TestClient], store: Store
) -> None:
    client, anonymous = app_clients
    log_in(client, store)
    article_id = write(client, EVIL_BODY)
    client.post(f"/articles/{article_id}/publish")
    html = anonymous.get(f"/articles/{article_id}").text
    assert "<h2>Heading</h2>" in html
    assert 'class="comment-form"' in html
    assert_inert(html)
    assert_inert(anonymous.get(f"/articles/{article_id}.json").json()["html"])


def test_articles_comment_waits_for_moderation(
    app_clients: tuple[TestClient, TestClient], store: Store
) -> None:
    client, anonymous = app_clients
    log_in(client, store, "mod", "moderator")
    article_id = write(client)
    client.post(f"/articles/{article_id}/publish")
    page = f"/articles/{article_id}"
    found = re.search(r'name="form_token" value="([^"]+)"', anonymous.get(page).text)
    assert found
    data = {"name": "R", "email": "r@example.org", "body": "Thanks", "form_token": found[1]}
    posted = anonymous.post(f"{page}/comments.json", data=data)
    assert posted.status_code == 201, posted.text
    assert posted.json()["status"] == "pending"
    [item] = client.get("/moderation.json").json()["items"]
    assert (item["subject_kind"], item["subject_id"]) == ("article", article_id)
    client.post(f"/moderation/{item['id']}", data={"action": "approve"})
    assert anonymous.get(f"{page}/comments.json").json()["count"] == 1
    assert "1 reply" in anonymous.get(page).text


def test_articles_anonymous_and_cross_origin_posts_refused(
    app_clients: tuple[TestClient, TestClient], store: Store
) -> None:
    client, anonymous = app_clients
    log_in(client, store)
    article_id = write(client)
    data = {"title": "X", "body": "Y", "intent": "save"}
    for path in ("/articles/new", f"/articles/{article_id}/edit"):
        assert anonymous.post(path, data=data).status_code == 401
    for action in ("publish", "unpublish"):
        assert anonymous.post(f"/articles/{article_id}/{action}").status_code == 401
    for path in (
        "/articles/new",
        f"/articles/{article_id}/edit",
        f"/articles/{article_id}/publish",
    ):
        response = client.post(path, data=data, headers={"Origin": EVIL})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "cross_origin"
    assert count(store, m.Article) == 1
    assert count(store, m.Document) == 0
    assert client.get(f"/articles/{article_id}.json").json()["title"] == "Ghazni market"


def test_articles_other_analyst_cannot_edit(
    app_clients: tuple[TestClient, TestClient], store: Store
) -> None:
    client, other = app_clients
    log_in(client, store)
    article_id = write(client)
    client.post(f"/articles/{article_id}/publish")
    log_in(other, store, "omar")
    assert other.get(f"/articles/{article_id}/edit").status_code == 403
    assert other.post(f"/articles/{article_id}/unpublish").status_code == 403
    assert "Edit</a>" not in other.get(f"/articles/{article_id}").text
