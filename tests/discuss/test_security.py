"""Cross-site requests, side-effect-free GETs and XSS, checked over every route of the app."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select
from starlette.routing import Mount, Route

from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.security import CspReports

from .conftest import Site, make_site
from .test_comments import log_in

EVIL = "https://evil.example"
TABLES = (
    m.Comment,
    m.LoginSession,
    m.User,
    m.AuditLog,
    m.AppSecret,
    m.Event,
    m.Correction,
    m.Article,
)

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="http://x.example" onclick="alert(1)">x</a>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<base href="javascript:alert(1)//">',
    "<video><source onerror=alert(1)></video>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<!--<img src=--><img src=x onerror=alert(1)//>",
    '[a](http://x.example "title" onmouseover=alert(1))',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
]


OWN_SCRIPT = '<script src="/static/js/'


class Inert(HTMLParser):
    """Records every script element but the app's own files, every event-handler attribute
    and every script URL in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        active = ("iframe", "object", "embed", "base", "style")
        own = tag == "script" and (dict(attrs).get("src") or "").startswith("/static/js/")
        refresh = tag == "meta" and any(name == "http-equiv" for name, _ in attrs)
        if (tag == "script" and not own) or tag in active or refresh:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}=")
            url = re.sub(r"\s", "", value or "").lower()
            if name in ("href", "src", "action", "data", "formaction") and url.startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.bad.append(f"{tag} {name}={value}")


def assert_inert(markup: str) -> None:
    parser = Inert()
    parser.feed(markup)
    assert parser.bad == []
    assert markup.lower().count("<script") == markup.count(OWN_SCRIPT)


def json_html(comments: list[dict[str, Any]]) -> Iterator[str]:
    """The `html` of every comment; names are plain text in JSON, for clients to escape."""
    for comment in comments:
        yield comment["html"]
        yield from json_html(comment["replies"])


@pytest.fixture
def lenient(store: Store) -> Iterator[Site]:
    """No moderation and no rate limit, so every vector is published."""
    yield from make_site(store, moderate_new_authors=False, comment_rate_limit=10_000)


def test_security_xss_vectors_render_inert(lenient: Site) -> None:
    assert len(XSS) >= 30
    for vector in XSS:
        posted = lenient.post(vector, name=vector[:100], wait=5)
        assert posted["status_code"] == 201, (vector, posted)
    client = lenient.client
    page = client.get(lenient.page).text
    assert_inert(page)
    assert page.count('class="comment depth-1"') == len(XSS)
    thread = client.get(f"{lenient.page}/comments.json").json()
    assert sum(1 for _ in json_html(thread["comments"])) == len(XSS)
    for value in json_html(thread["comments"]):
        assert_inert(value)
    feed = client.get(f"{lenient.page}/comments.atom").text
    assert "<script" not in feed.lower()
    for content in re.findall(r'<content type="html">(.*?)</content>', feed, re.S):
        assert_inert(html.unescape(content))
    log_in(lenient)
    assert_inert(client.get("/moderation").text)


def test_security_cross_origin_post_is_refused(open_site: Site) -> None:
    token = open_site.form_token()
    open_site.clock.advance(10)
    data = {"name": "N", "email": "n@example.org", "body": "b", "form_token": token}
    url = f"{open_site.page}/comments.json"
    for headers in (
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://testserver", "Sec-Fetch-Site": "cross-site"},
    ):
        response = open_site.client.post(url, data=data, headers=headers)
        assert response.status_code == 403, headers
        assert response.json()["error"]["code"] == "cross_origin"
    with open_site.store.session() as session:
        assert session.scalars(select(m.Comment)).all() == []
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert open_site.client.post(url, data=data, headers=same).status_code == 201


def routes(site: Site) -> list[APIRoute]:
    """Every API route; anything else must be a plain route or a mount, so a route added in a
    way this enumeration cannot see (an included router, say) fails here instead."""
    found = site.client.app.routes  # type: ignore[attr-defined]
    assert all(isinstance(route, APIRoute | Route | Mount) for route in found), found
    return [route for route in found if isinstance(route, APIRoute)]


def concrete(path: str, site: Site, comment_id: int) -> str:
    path = re.sub(r"\{comment_id(:int)?\}", str(comment_id), path)
    return re.sub(r"\{\w+(:\w+)?\}", str(site.event_id), path)


def snapshot(store: Store) -> list[list[tuple[Any, ...]]]:
    with store.session() as session:
        return [
            [
                tuple(getattr(row, column.key) for column in table.__table__.columns)
                for row in session.scalars(select(table))
            ]
            for table in TABLES
        ]


def test_security_every_mutating_route_checks_origin(site: Site) -> None:
    posted = site.post("Target")
    log_in(site)
    before = snapshot(site.store)
    mutating = [
        (method, route.path)
        for route in routes(site)
        for method in sorted(route.methods)
        if method not in ("GET", "HEAD", "OPTIONS")
    ]
    assert len(mutating) >= 7
    assert ("POST", "/csp-report") in mutating
    for method, path in mutating:
        url = concrete(path, site, int(str(posted["id"])))
        form = {"action": "approve", "body": "x", "token": str(posted["token"])}
        response = site.client.request(method, url, data=form, headers={"Origin": EVIL})
        assert response.status_code == 403, (method, path)
    assert snapshot(site.store) == before


def test_security_get_routes_never_change_state(site: Site) -> None:
    posted = site.post("Waiting for a moderator")
    log_in(site)
    before = snapshot(site.store)
    gets = [route.path for route in routes(site) if "GET" in route.methods]
    assert len(gets) >= 20
    for path in gets:
        url = concrete(path, site, int(str(posted["id"])))
        query = {"token": str(posted["token"]), "actor": "x", "next": "/"}
        response = site.client.get(url, params=query)
        assert response.status_code < 500, (path, response.text[:200])
    site.client.get(f"{site.page}/comments.json")
    assert snapshot(site.store) == before
    queue = site.client.get("/moderation.json").json()["items"]
    assert [item["status"] for item in queue] == ["pending"]


def test_security_csp_reports_are_counted_without_personal_data(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """Both report formats are counted by directive, kind of blocked thing and page path;
    the query (an edit token), the code sample and the reporter's address are not kept."""
    caplog.set_level(logging.DEBUG)
    client = site.client
    assert "report-uri /csp-report" in client.get(site.page).headers["content-security-policy"]
    legacy = {
        "csp-report": {
            "document-uri": "http://testserver/comments/3/manage?token=SECRET-TOKEN",
            "effective-directive": "script-src-elem",
            "blocked-uri": "inline",
            "script-sample": "alert('secret.person')",
        }
    }
    modern = [
        {
            "type": "csp-violation",
            "url": "http://testserver/events/1",
            "body": {
                "documentURL": "http://testserver/events/1?q=x",
                "effectiveDirective": "img-src",
                "blockedURL": "https://user:pw@evil.example/track.gif?who=SECRET-TOKEN",
            },
        },
        {"type": "deprecation", "body": {}},
    ]
    sent = [
        client.post(
            "/csp-report",
            content=json.dumps(legacy),
            headers={"Content-Type": "application/csp-report"},
        ),
        client.post(
            "/csp-report",
            content=json.dumps(modern),
            headers={"Content-Type": "application/reports+json"},
        ),
    ]
    assert [response.status_code for response in sent] == [204, 204]
    reports: CspReports = client.app.state.csp_reports  # type: ignore[attr-defined]
    assert dict(reports.counts) == {
        ("script-src-elem", "inline", "/comments/3/manage"): 1,
        ("img-src", "https://evil.example", "/events/1"): 1,
    }
    logged = caplog.text
    assert "inline (script-src-elem) on /comments/3/manage" in logged
    for secret in ("SECRET-TOKEN", "secret.person", "pw@", "testclient"):
        assert secret not in logged
        assert secret not in str(reports.counts)
    for body in (b"not json", b"{}", b"[" + b" " * 70_000 + b"]"):
        refused = client.post("/csp-report", content=body)
        assert refused.status_code == 400
    assert reports.total == 2
