"""The whole of issue 7 in one sitting, as its users would do it, in headless Chromium.

On the bundled examples served by uvicorn on 127.0.0.1: filter the map, open an event, follow an
evidence link to the reader, log in as an analyst, correct a casualty figure and find it in the
event's history, publish an article, comment on it as a visitor, approve the comment as a
moderator, reply down to depth 6 (stored at depth 5, beside its parent: DESIGN §4), and edit
the reply within its 15 minutes through the signed link. The visitor's posts go through the
page's script, so the test also shows that replying does not reload the page. A screenshot of
each step goes to tests/artifacts/walkthrough/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from .browser_support import ARTIFACTS, PASSWORD, ROOT, add_account, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "walkthrough"
ARTICLE_BODY = (
    "Taliban fighters stormed a police checkpoint in Andar district of Ghazni province on "
    "Friday, killing at least 15 people, officials said.\n\n"
    "Hospital staff later gave a higher figure; the reports below disagree on the toll."
)


@dataclass
class Served:
    url: str
    event_id: int
    """An event with a casualty figure and an evidence link, found through the JSON API."""
    event_type: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    url = f"sqlite:///{tmp_path_factory.mktemp('walkthrough') / 'khabar.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=url, comment_rate_limit=20)
    store = Store.open(url)
    pipeline = Pipeline(store, settings)
    assert pipeline.run([str(ROOT / "examples")]).count("new") > 0
    add_account(store, "ana", "analyst")
    add_account(store, "mod", "moderator")
    with serving(store, settings, pipeline.analyser) as (base, _app):
        event_id, event_type = counted_event(base)
        yield Served(base, event_id, event_type)
    store.engine.dispose()


def counted_event(base: str) -> tuple[int, str]:
    """The first mapped event whose killed count has evidence in a document."""
    features = httpx.get(f"{base}/events.geojson").json()["features"]
    for feature in features:
        detail = httpx.get(f"{base}/events/{feature['id']}.json").json()
        evidence = [
            item
            for report in detail["reports"]
            for item in report["evidence"]
            if item["field"] == "killed"
        ]
        if detail["killed"]["best"] is not None and evidence:
            return int(detail["id"]), str(detail["event_type"])
    pytest.fail("the examples should give a mapped event with a sourced death toll")


class Steps:
    """Numbered screenshots, and the console errors of every page watched."""

    def __init__(self) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()
        self.names: list[str] = []
        self.errors: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def shot(self, page: Page, name: str) -> None:
        self.names.append(f"{len(self.names) + 1:02d}-{name}.png")
        page.screenshot(path=SHOTS / self.names[-1], full_page=True)


def log_in(page: Page, base: str, name: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def filter_by_type(page: Page, base: str, event_type: str) -> None:
    """Use the event-type filter of the home page, or of /events while the home page has
    none; a form that applies itself on change needs no button."""
    form = page.locator("form:has(select[name=type])").first
    if form.count() == 0:
        page.goto(f"{base}/events")
        form = page.locator("form:has(select[name=type])").first
    with page.expect_request(lambda r: r.resource_type in ("fetch", "xhr") and "type=" in r.url):
        form.locator("select[name=type]").select_option(event_type)
        submit = form.locator("button[type=submit], input[type=submit]")
        if submit.count():
            submit.first.click()
    page.wait_for_url(re.compile(r"[?&]type="))
    assert parse_qs(urlsplit(page.url).query)["type"] == [event_type]


def reply(page: Page, parent_id: int, body: str) -> dict[str, Any]:
    """Reply through the parent's own reply form; the script sends it and the answer to that
    request (the JSON twin's) says where the comment was stored."""
    parent = page.locator(f"#comment-{parent_id}")
    details = parent.locator(":scope > details.reply")
    details.locator("summary").click()
    form = details.locator("form.comment-form")
    form.locator("textarea[name=body]").fill(body)
    if not form.locator("input[name=name]").input_value():
        form.locator("input[name=name]").fill("Sana")
        form.locator("input[name=email]").fill("sana@example.org")
    with page.expect_response(lambda r: r.url.endswith("/comments.json")) as answer:
        form.locator("button[type=submit]").click()
    posted: dict[str, Any] = answer.value.json()
    page.locator(f"#comment-{posted['id']}").wait_for()
    return posted


def test_walkthrough_from_map_to_an_edited_reply(served: Served, browser: Browser) -> None:
    from playwright.sync_api import expect

    base, steps = served.url, Steps()
    analyst = steps.watch(browser.new_page(viewport={"width": 1280, "height": 900}))

    analyst.goto(f"{base}/")
    expect(analyst.locator("#map[data-ready]")).to_have_count(1)
    steps.shot(analyst, "map")
    filter_by_type(analyst, base, served.event_type)
    expect(analyst.locator("#map[data-ready]")).to_have_count(1)
    steps.shot(analyst, "map-filtered")

    link = analyst.locator(f"main a[href='/events/{served.event_id}']")
    if link.count():
        link.first.click()
    else:
        analyst.goto(f"{base}/events/{served.event_id}")
    analyst.wait_for_url(f"**/events/{served.event_id}")
    expect(analyst.locator("h2", has_text="Merged fields")).to_be_visible()
    steps.shot(analyst, "event")

    evidence = analyst.locator("table.fields a.ev[href*='#ev-']").first
    href = evidence.get_attribute("href")
    assert href is not None
    evidence.click()
    analyst.wait_for_url(f"**{href}")
    expect(analyst.locator(":target")).to_have_count(1)
    steps.shot(analyst, "reader-evidence")

    log_in(analyst, base, "ana", f"/events/{served.event_id}")
    expect(analyst.locator("#curation + p.muted")).to_contain_text("Logged in as ana (analyst)")
    steps.shot(analyst, "analyst-logged-in")
    form = f"form[action='/events/{served.event_id}/corrections']"
    killed = analyst.locator(f"{form} input[name=killed_best]")
    corrected = int(killed.input_value() or "0") + 3
    analyst.locator(f"details:has({form}) > summary").click()
    killed.fill(str(corrected))
    analyst.fill(f"{form} textarea[name=note]", "Hospital count, two days later")
    analyst.click(f"{form} button[type=submit]")
    analyst.wait_for_url(f"**/events/{served.event_id}#curation")
    history = analyst.locator("h2:text-is('History') + table")
    expect(history).to_contain_text("ana")
    expect(history).to_contain_text(f"→ {corrected}")
    expect(history).to_contain_text("Hospital count, two days later")
    steps.shot(analyst, "casualty-corrected-history")

    analyst.goto(f"{base}/articles/new")
    analyst.fill("input[name=title]", "Ghazni: what the reports agree on")
    analyst.fill("textarea[name=body]", ARTICLE_BODY)
    analyst.click("button[value=save]")
    analyst.wait_for_url(re.compile(r"/articles/\d+$"))
    article_url = analyst.url
    analyst.click("form[action$='/publish'] button")
    analyst.wait_for_url(article_url)
    expect(analyst.locator("section.comments h2")).to_have_text("No replies yet")
    steps.shot(analyst, "article-published")

    visitor = steps.watch(browser.new_page(viewport={"width": 1280, "height": 900}))
    loads: list[str] = []
    visitor.on("load", lambda page: loads.append(page.url))
    visitor.goto(article_url)
    visitor.wait_for_timeout(3500)  # the minimum time a person takes to write (settings: 3 s)
    form = visitor.locator("#respond + form.comment-form")
    form.locator("textarea[name=body]").fill("Does the hospital figure include the wounded?")
    form.locator("input[name=name]").fill("Sana")
    form.locator("input[name=email]").fill("sana@example.org")
    with visitor.expect_response(lambda r: r.url.endswith("/comments.json")) as answer:
        form.locator("button[type=submit]").click()
    first: dict[str, Any] = answer.value.json()
    assert first["status"] == "pending"
    held = visitor.locator(f"#comment-{first['id']}")
    expect(held).to_contain_text("awaiting moderation")
    assert loads == [article_url], "posting with the script does not reload the page"
    assert "sana@example.org" not in visitor.content()
    steps.shot(visitor, "visitor-comment-pending")

    moderator = steps.watch(browser.new_page(viewport={"width": 1280, "height": 900}))
    log_in(moderator, base, "mod", "/moderation")
    queued = moderator.locator(f"article#comment-{first['id']}")
    expect(queued).to_contain_text("Does the hospital figure include the wounded?")
    steps.shot(moderator, "moderation-queue")
    queued.locator("button[value=approve]").click()
    moderator.wait_for_url("**/moderation")
    expect(moderator.locator(f"article#comment-{first['id']}")).to_have_count(0)
    steps.shot(moderator, "moderation-approved")

    visitor.reload()
    expect(visitor.locator("section.comments h2")).to_have_text("1 reply")
    visitor.wait_for_timeout(3500)
    loads.clear()
    chain = [first]
    for depth in range(2, 7):
        chain.append(reply(visitor, chain[-1]["id"], f"Reply at depth {depth}."))
        assert chain[-1]["status"] == "approved", "a known author is not held again"
    assert loads == [], "replying does not reload the page"
    assert [posted["comment"]["depth"] for posted in chain] == [1, 2, 3, 4, 5, 5]
    sixth, fifth, fourth = chain[5], chain[4], chain[3]
    assert sixth["comment"]["parent_id"] == fifth["comment"]["parent_id"] == fourth["id"]
    siblings = visitor.locator(f"#comment-{fourth['id']} > ol.thread > li.comment.depth-5")
    expect(siblings).to_have_count(2)
    expect(visitor.locator("section.comments h2")).to_have_text("6 replies")
    steps.shot(visitor, "replies-to-depth-six")
    thread = httpx.get(f"{article_url}/comments.json").json()
    node = thread["comments"][0]
    for _ in range(3):
        node = node["replies"][0]
    depth_five = [(r["depth"], r["html"]) for r in node["replies"]]
    assert depth_five == [(5, "<p>Reply at depth 5.</p>\n"), (5, "<p>Reply at depth 6.</p>\n")]

    visitor.locator(f"#comment-{sixth['id']} a.manage").click()
    visitor.wait_for_url("**/comments/*/manage?token=*")
    visitor.fill("textarea[name=body]", "Reply at depth 6, corrected within the window.")
    visitor.click("form[action$='/edit'] button[type=submit]")
    visitor.wait_for_url("**/manage?token=*")
    expect(visitor.locator(".comment-body")).to_contain_text("corrected within the window")
    steps.shot(visitor, "comment-edited")
    visitor.goto(f"{article_url}#comment-{sixth['id']}")
    edited = visitor.locator(f"#comment-{sixth['id']}")
    expect(edited).to_contain_text("corrected within the window")
    expect(edited).to_contain_text("(edited)")
    steps.shot(visitor, "discussion")

    for page in (analyst, visitor, moderator):
        page.close()
    assert steps.errors == []
    assert sorted(SHOTS.glob("*.png")) == [SHOTS / name for name in steps.names]
