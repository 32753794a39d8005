"""The article list and the moderation queue on both backends, paged like every other list:
keyset pages, sorts, and CSV/JSON downloads under the same filters; drafts only for who may
read them, no email anywhere, bad arguments refused before a byte of CSV is sent."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from httpx import Response

from khabar.discuss import articles
from khabar.discuss.articles import ArticleDraft
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.articles import COLUMNS
from khabar.web.security import CONTENT_SECURITY_POLICY

from ..discuss.conftest import EMAIL, START, Site, make_site
from ..discuss.test_articles import PASSWORD, FakeIngest, add_user
from ..discuss.test_comments import log_in
from ..discuss.test_security import assert_inert
from .test_curation import Attributes
from .web_testclient import TestClient

BAD_CURSORS = [{"after": "x"}, {"after": "999999"}]
"""Refused by the pages and twins; a download has no `after`, it is every matching row."""


@pytest.fixture
def site(store: Store) -> Iterator[Site]:
    """Pages of two; every comment waits for a moderator and none is rate-limited."""
    yield from make_site(store, page_size=2, comment_rate_limit=10_000)


def add_articles(store: Store) -> None:
    """amira: "beta" and "Alpha" published, "gamma" a draft; omar: "delta" published,
    "omar's draft" a draft. Each is a day newer than the one before."""
    amira, omar = add_user(store, "amira"), add_user(store, "omar")
    written = [
        (amira, "beta", True),
        (omar, "delta", True),
        (amira, "gamma", False),
        (amira, "Alpha", True),
        (omar, "omar's draft", False),
    ]
    with store.session() as session, session.begin():
        for day, (author_id, title, published) in enumerate(written):
            at = START + timedelta(days=day)
            row = articles.create(
                session, session.get_one(m.User, author_id), ArticleDraft(title, "b"), at
            )
            if published:
                articles.publish(session, row, "t", at, FakeIngest(session))


def assert_strict(response: Response) -> None:
    """Nothing the strict CSP would have to allow: no inline script, style or handler."""
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert_inert(response.text)
    parser = Attributes()
    parser.feed(response.text)
    assert parser.inline == []


def sign_in(client: TestClient, name: str) -> None:
    response = client.post("/login", data={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text


def titles(client: TestClient, url: str) -> list[str]:
    """Every title of the list at `url`, following `next_url` page after page."""
    found: list[str] = []
    next_url: str | None = url
    while next_url is not None:
        page = client.get(next_url).json()
        assert len(page["items"]) <= 2
        found += [item["title"] for item in page["items"]]
        next_url = page["next_url"]
    return found


def rows(client: TestClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_lists_articles_page_sort_and_filter_for_anonymous(site: Site) -> None:
    add_articles(site.store)
    client = site.client
    assert titles(client, "/articles.json") == ["Alpha", "delta", "beta"]
    assert titles(client, "/articles.json?sort=title") == ["Alpha", "beta", "delta"]
    assert titles(client, "/articles.json?sort=published") == ["Alpha", "delta", "beta"]
    assert titles(client, "/articles.json?author=omar") == ["delta"]
    assert titles(client, "/articles.json?status=draft") == []
    first = client.get("/articles.json?sort=title&author=amira&limit=1").json()
    assert (
        first["next_url"] == f"/articles.json?author=amira&sort=title&after={first['next_after']}"
    )
    assert first["download"] == "/articles.csv?author=amira&sort=title"
    response = client.get("/articles?sort=title")
    assert_strict(response)
    html = response.text
    assert 'href="/articles?sort=title&amp;after=' in html
    assert 'href="/articles.csv?sort=title"' in html
    assert 'href="/articles?sort=published"' in html


def test_lists_articles_drafts_only_for_author_and_admins(site: Site) -> None:
    add_articles(site.store)
    client = site.client
    sign_in(client, "amira")
    assert titles(client, "/articles.json") == ["Alpha", "gamma", "delta", "beta"]
    assert titles(client, "/articles.json?status=draft") == ["gamma"]
    assert titles(client, "/articles.json?status=draft&author=omar") == []
    log_in(site, "root", "admin")
    assert titles(client, "/articles.json?status=draft") == ["omar's draft", "gamma"]
    everything = ["Alpha", "delta", "beta", "omar's draft", "gamma"]
    assert titles(client, "/articles.json?sort=published") == everything
    csv_titles = [row["title"] for row in rows(client, "/articles.csv?sort=title")]
    assert csv_titles == ["Alpha", "beta", "delta", "gamma", "omar's draft"]


def test_lists_articles_csv_matches_the_list_without_email(site: Site) -> None:
    add_articles(site.store)
    found = rows(site.client, "/articles.csv?author=amira&sort=title")
    assert [(row["title"], row["author"], row["status"]) for row in found] == [
        ("Alpha", "amira", "published"),
        ("beta", "amira", "published"),
    ]
    assert tuple(found[0]) == COLUMNS
    sign_in(site.client, "amira")
    for url in ("/articles.csv", "/articles.json", "/articles"):
        assert "@example.org" not in site.client.get(url).text


@pytest.mark.parametrize("path", ["/articles", "/articles.json", "/articles.csv"])
def test_lists_articles_bad_arguments_are_refused(site: Site, path: str) -> None:
    cursors = [] if path.endswith(".csv") else BAD_CURSORS
    for params in [{"sort": "loudest"}, {"status": "archived"}, *cursors]:
        response = site.client.get(path, params=params)
        assert response.status_code == 400, (path, params)
        assert "text/csv" not in response.headers["content-type"]
        if path != "/articles":
            assert response.json()["error"]["code"] == "bad_argument"


def post_comments(site: Site) -> list[int]:
    """Three comments under the event, then one under a published article, all pending."""
    ids = [int(str(site.post(f"Comment {n}", wait=5)["id"])) for n in range(3)]
    add_articles(site.store)
    [alpha] = site.client.get("/articles.json?sort=title&limit=1").json()["items"]
    page = f"/articles/{alpha['id']}"
    found = re.search(r'name="form_token" value="([^"]+)"', site.client.get(page).text)
    assert found
    site.clock.advance(5)
    data = {"name": "Reader", "email": EMAIL, "body": "On the article", "form_token": found[1]}
    posted = site.client.post(f"{page}/comments.json", data=data)
    assert posted.status_code == 201, posted.text
    return [*ids, posted.json()["id"]]


def test_lists_moderation_pages_sorts_and_filters(site: Site) -> None:
    ids = post_comments(site)
    log_in(site)
    client = site.client

    def queue(url: str) -> list[int]:
        found: list[int] = []
        next_url: str | None = url
        while next_url is not None:
            page = client.get(next_url).json()
            found += [item["id"] for item in page["items"]]
            next_url = page["next_url"]
        return found

    assert queue("/moderation.json") == ids
    assert queue("/moderation.json?sort=newest") == ids[::-1]
    assert queue("/moderation.json?kind=article") == ids[3:]
    assert queue("/moderation.json?kind=event&sort=newest") == ids[2::-1]
    first = client.get("/moderation.json?kind=event&limit=1").json()
    assert (first["total"], first["next_url"]) == (3, f"/moderation.json?kind=event&after={ids[0]}")
    assert first["download"] == "/moderation.csv?kind=event"
    response = client.get("/moderation?sort=newest")
    assert_strict(response)
    html = response.text
    assert "4 comments awaiting moderation" in html
    assert html.count('class="report"') == 2
    assert 'href="/moderation?sort=newest&amp;after=' in html
    assert 'href="/moderation.csv?sort=newest"' in html
    found = rows(client, "/moderation.csv?kind=event")
    assert [int(row["id"]) for row in found] == ids[:3]
    assert [row["body_markdown"] for row in found] == ["Comment 0", "Comment 1", "Comment 2"]
    assert {row["status"] for row in found} == {"pending"}


def test_lists_moderation_never_includes_commenter_email(site: Site) -> None:
    post_comments(site)
    log_in(site)
    for url in ("/moderation", "/moderation.json", "/moderation.csv", "/moderation.json?limit=1"):
        response = site.client.get(url)
        assert response.status_code == 200
        assert EMAIL not in response.text
        assert EMAIL.split("@")[0] not in response.text


def test_lists_moderation_needs_a_moderator(site: Site) -> None:
    post_comments(site)
    for path in ("/moderation.json", "/moderation.csv"):
        assert site.client.get(path).status_code == 401
    assert site.client.get("/moderation", follow_redirects=False).status_code == 303
    log_in(site, "amira-reader", "analyst")
    for path in ("/moderation", "/moderation.json", "/moderation.csv"):
        response = site.client.get(path)
        assert response.status_code == 403, path
        assert "Comment 0" not in response.text


@pytest.mark.parametrize("path", ["/moderation", "/moderation.json", "/moderation.csv"])
def test_lists_moderation_bad_arguments_are_refused(site: Site, path: str) -> None:
    log_in(site)
    cursors = [] if path.endswith(".csv") else BAD_CURSORS
    for params in [{"sort": "loudest"}, *cursors]:
        response = site.client.get(path, params=params)
        assert response.status_code == 400, (path, params)
        assert "text/csv" not in response.headers["content-type"]
        if path != "/moderation":
            assert response.json()["error"]["code"] == "bad_argument"


def test_lists_new_routes_are_in_the_openapi_description(site: Site) -> None:
    paths = site.client.get("/openapi.json").json()["paths"]
    for path in ("/articles.json", "/articles.csv", "/moderation.json", "/moderation.csv"):
        assert "get" in paths[path], path
    parameters = {p["name"] for p in paths["/articles.json"]["get"]["parameters"]}
    assert {"status", "author", "sort", "after", "limit"} <= parameters
