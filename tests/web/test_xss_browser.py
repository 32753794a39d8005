"""Stored XSS, checked where it would run: in Chromium, on every page the text appears on.

Each vector of `data/xss_vectors.txt` (OWASP filter-evasion style) is posted as a comment's
body, name and website, written as an article's title and body, given to actors as a name and
an alias (the curation code path), and stored as documents' titles and texts. Chromium then
opens every page showing them and checks that no dialog opened, that the `xss()` marker the
vectors call never ran, that the parsed DOM holds no handler attribute, script URL or foreign
script (mutation XSS would show there, not in the server's string), that nothing was fetched
from elsewhere, that every page sent the strict CSP, and that the app's own pages caused no
CSP report. A second test proves the CSP is a real second wall: the raw vectors are put into a
live page, as if escaping had failed, and still nothing runs, and Chromium's violation reports
reach `/csp-report`.

Vectors are batched (many per page) so the whole corpus takes about a minute.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import update

from khabar.actors.curation import add_alias
from khabar.errors import KhabarError
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store
from khabar.web.security import CONTENT_SECURITY_POLICY, CspReports

from .browser_support import PASSWORD, add_account, serving
from .web_sample import NOW, document

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

VECTORS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_vectors.txt").read_text().splitlines()
    if line.strip() and not line.startswith("# ")
]
MARKER = "window.xss = () => { window.__xssRan = (window.__xssRan || 0) + 1; };"
INERT = """() => {
    const bad = [];
    const urls = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background',
                  'dynsrc', 'lowsrc', 'srcdoc', 'poster'];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
            const script = /^(javascript|vbscript|data:text)/.test(value)
                || (el.tagName !== 'IMG' && value.startsWith('data:image/svg'));
            if (urls.includes(name) && script) bad.push(`${el.tagName} ${name}=${attr.value}`);
        }
    }
    for (const script of document.scripts) {
        if (!script.src.startsWith(`${location.origin}/static/`)) bad.push(`script ${script.src}`);
    }
    const active = 'iframe, frame, object, embed, base, style, meta[http-equiv], link[rel=import]';
    for (const el of document.querySelectorAll(active)) bad.push(el.tagName);
    return {bad, ran: window.__xssRan || 0};
}"""
INJECT = """(vectors) => {
    const box = document.createElement('div');
    document.body.append(box);
    for (const vector of vectors) {
        box.append(document.createRange().createContextualFragment(vector));
    }
}"""


def chunks(limit: int) -> list[list[str]]:
    """The vectors in consecutive groups whose space-joined length stays within `limit` (a
    longer vector is a group of its own, cut to `limit`)."""
    groups: list[list[str]] = [[]]
    for vector in VECTORS:
        if groups[-1] and len(" ".join([*groups[-1], vector])) > limit:
            groups.append([])
        groups[-1].append(vector[:limit])
    return groups


@dataclass
class Corpus:
    url: str
    reports: CspReports
    store: Store
    comment_event: int
    report_event: int
    documents: list[int]
    actors: list[int]
    articles: list[int]
    manage_urls: list[str]


def store_documents_and_actors(store: Store) -> tuple[int, list[int], list[int]]:
    """One event whose reports come from documents titled with the vectors and name actors
    called by them; the actors also get each vector as an alias through `add_alias`."""
    with store.session() as session, session.begin():
        event = m.Event(
            event_type="Battles",
            sub_event_type="Armed clash",
            gtd_attack_type="Armed Assault",
            merge_rule="single-report",
            curation_status="machine",
            created_at=NOW,
        )
        session.add(event)
        actors = []
        for group in chunks(200):
            actor = m.Actor(name=" ".join(group), kind="armed group")
            session.add(actor)
            session.flush()
            for vector in group:
                with suppress(KhabarError):  # the corpus has spellings differing only in case
                    add_alias(session, actor, vector, "xss test")
            actors.append(actor)
        documents = []
        for n, group in enumerate(chunks(300)):
            text = "\n\n".join(group)
            doc = document(" ".join(group), text, f"{n:08x}")
            actor = actors[n % len(actors)]
            doc.reports.append(
                m.Report(
                    event=event,
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    gtd_attack_type="Armed Assault",
                    confidence=0.5,
                    extractor="xss-test",
                    sentence_start=0,
                    sentence_end=len(text),
                    actors=[
                        m.ReportActor(
                            actor=actor,
                            role="perpetrator",
                            text=actor.name,
                            start=0,
                            end=len(group[0]),
                            extractor="xss-test",
                        )
                    ],
                )
            )
            session.add(doc)
            documents.append(doc)
        session.flush()
        return event.id, [d.id for d in documents], [a.id for a in actors]


def post_comments(url: str, event_id: int) -> list[str]:
    """Every vector as a comment's body and name, and as its website where the address check
    lets it through; all held for moderation (each from a new author)."""
    manage: list[str] = []
    with httpx.Client(base_url=url) as client:
        page = client.get(f"/events/{event_id}").text
        found = re.search(r'name="form_token" value="([^"]+)"', page)
        assert found, "the event page has a comment form"
        token = found.group(1)
        for n, vector in enumerate(VECTORS):
            data = {"body": vector, "name": vector[:100], "email": f"r{n}@example.org"}
            posted = client.post(
                f"/events/{event_id}/comments.json", data={**data, "form_token": token}
            )
            assert posted.status_code == 201, (vector, posted.text)
            manage.append(posted.json()["manage_url"])
        websites = 0
        for n, vector in enumerate(VECTORS):
            data = {"body": f"Site {n}", "name": f"Site {n}", "email": f"w{n}@example.org"}
            posted = client.post(
                f"/events/{event_id}/comments.json",
                data={**data, "website": vector, "form_token": token},
            )
            assert posted.status_code in (201, 400), (vector, posted.text)
            websites += posted.status_code == 201
        assert websites >= 4, "the website-shaped vectors pass the address check"
    return manage


def write_articles(url: str) -> list[int]:
    """Drafts by an analyst, through the article form: vectors as titles and as the body."""
    ids = []
    with httpx.Client(base_url=url) as client:
        login = client.post("/login", data={"name": "ana", "password": PASSWORD})
        assert login.status_code == 303, login.text
        for group in chunks(300):
            form = {"title": " ".join(group), "body": "\n\n".join(group), "intent": "save"}
            saved = client.post("/articles/new", data=form, follow_redirects=False)
            assert saved.status_code == 303, (group, saved.text)
            ids.append(int(saved.headers["location"].rsplit("/", 1)[1]))
    return ids


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    url = f"sqlite:///{tmp_path_factory.mktemp('xss') / 'khabar.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    store = Store.open(url)
    settings = Settings(
        database_url=url, comment_min_seconds=0, comment_rate_limit=100_000, page_size=500
    )
    with store.session() as session, session.begin():
        comment_event = m.Event(
            event_type="Riots",
            sub_event_type="Mob violence",
            gtd_attack_type="Unknown",
            merge_rule="single-report",
            curation_status="machine",
            created_at=NOW,
        )
        session.add(comment_event)
        session.flush()
        comment_event_id = comment_event.id
    report_event, documents, actors = store_documents_and_actors(store)
    add_account(store, "ana", "analyst")
    add_account(store, "mod", "moderator")
    with serving(store, settings) as (base, app):
        yield Corpus(
            url=base,
            reports=app.state.csp_reports,
            store=store,
            comment_event=comment_event_id,
            report_event=report_event,
            documents=documents,
            actors=actors,
            articles=write_articles(base),
            manage_urls=post_comments(base, comment_event_id),
        )
    store.engine.dispose()


def outside(url: str) -> bool:
    """For another host: anything but this server and inline `data:`."""
    return urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")


class Watch:
    """A browser context that records dialogs, requests for other hosts, and what became of
    them (Chromium reports a request the CSP stopped as failed with `csp`)."""

    def __init__(self, browser: Browser) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.stopped: dict[str, str] = {}
        self.context: BrowserContext = browser.new_context()
        self.context.add_init_script(MARKER)
        self.context.on("request", self._request)
        self.context.on("requestfailed", self._failed)
        self.page: Page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        if outside(request.url):
            self.outside.append(request.url)

    def _failed(self, request: Any) -> None:
        if outside(request.url):
            self.stopped[request.url] = request.failure

    def log_in(self, base: str, name: str) -> None:
        self.page.goto(f"{base}/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form[action='/login'] button[type=submit]")
        self.page.wait_for_load_state()

    def check(self, url: str) -> None:
        """Open `url` and assert the page is inert and sent the strict CSP."""
        response = self.page.goto(url)
        assert response is not None
        assert response.status == 200, url
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        found = self.page.evaluate(INERT)
        assert found == {"bad": [], "ran": 0}, url


def test_xss_corpus_executes_nothing_on_any_page(corpus: Corpus, browser: Browser) -> None:
    assert len(VECTORS) >= 100
    base = corpus.url
    anonymous, analyst, moderator = Watch(browser), Watch(browser), Watch(browser)
    analyst.log_in(base, "ana")
    moderator.log_in(base, "mod")

    moderator.check(f"{base}/moderation")
    assert moderator.page.locator("article.report").count() >= len(VECTORS)
    for manage in corpus.manage_urls:
        anonymous.check(f"{base}{manage}")
    with corpus.store.session() as session, session.begin():
        session.execute(update(m.Comment).values(status="approved"))
    anonymous.check(f"{base}/events/{corpus.comment_event}")
    shown = anonymous.page.locator("li.comment").count()
    assert shown >= len(VECTORS) + 4
    assert VECTORS[0] in anonymous.page.locator("section.comments").inner_text()

    for path in ["/", "/events", "/documents", "/actors", f"/events/{corpus.report_event}"]:
        anonymous.check(f"{base}{path}")
    assert VECTORS[0] in anonymous.page.locator("main").inner_text()
    for document_id in corpus.documents:
        anonymous.check(f"{base}/documents/{document_id}")
    for actor_id in corpus.actors:
        anonymous.check(f"{base}/actors/{actor_id}")
    assert VECTORS[-1] in anonymous.page.locator("main").inner_text()

    analyst.check(f"{base}/articles")
    analyst.check(f"{base}/events/{corpus.report_event}")
    for article_id in corpus.articles:
        analyst.check(f"{base}/articles/{article_id}")
        analyst.check(f"{base}/articles/{article_id}/edit")
    assert VECTORS[-1] in analyst.page.locator("textarea[name=body]").input_value()

    time.sleep(1)  # a violation report would be on its way by now
    for watch in (anonymous, analyst, moderator):
        assert watch.dialogs == []
        assert watch.outside == []
        watch.context.close()
    assert corpus.reports.total == 0, corpus.reports.counts


def test_xss_csp_blocks_and_reports_vectors_that_escape_the_markup(
    corpus: Corpus, browser: Browser
) -> None:
    """Put the raw vectors into a live page, as a broken template would: the CSP still stops
    every one, and Chromium's violation reports arrive at /csp-report. Vectors that navigate
    or re-base the page (meta refresh, base) are left out: they do not run script here."""
    watch = Watch(browser)
    page_path = f"/events/{corpus.comment_event}"
    watch.check(f"{corpus.url}{page_path}")
    raw = [v for v in VECTORS if not re.search(r"http-equiv|<base", v, re.IGNORECASE)]
    before = corpus.reports.total
    watch.page.evaluate(INJECT, raw)
    deadline = time.monotonic() + 10
    while not {"script-src-elem", "script-src-attr"} <= {
        directive for directive, _, _ in corpus.reports.counts
    }:
        assert time.monotonic() < deadline, corpus.reports.counts
        time.sleep(0.1)
    assert watch.page.evaluate("() => window.__xssRan || 0") == 0
    assert watch.dialogs == []
    remote = {url for url in watch.outside if url.startswith("http")}
    assert remote, "the corpus tries to load scripts from elsewhere"
    assert {watch.stopped.get(url) for url in remote} == {"csp"}
    assert corpus.reports.total > before
    assert corpus.reports.counts[("script-src-elem", "inline", page_path)] >= 1
    assert corpus.reports.counts[("script-src-attr", "inline", page_path)] >= 1
    watch.context.close()
