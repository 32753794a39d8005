"""End to end in a real browser: ingest the bundled examples, serve the app, and read it.

Runs Debian's Chromium (never a downloaded browser) through Playwright against uvicorn on
127.0.0.1. It checks what only a browser can: the map draws its markers, an evidence link lands
on its highlighted span, the strict CSP breaks nothing (a violation is a console error), and no
request leaves the machine. Screenshots go to tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from .browser_support import ARTIFACTS, PASSWORD, ROOT, add_account, serving

EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The examples ingested into a fresh SQLite store, served on a free local port."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'khabar.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=url)
    store = Store.open(url)
    summary = Pipeline(store, settings).run([str(EXAMPLES)])
    assert summary.count("new") > 0, "the examples should ingest"
    add_account(store, "mod", "moderator")
    with serving(store, settings) as (base, _app):
        yield base
    store.engine.dispose()


def test_browser_map_event_and_evidence_reader(served: str, browser: object) -> None:
    from playwright.sync_api import Browser, ConsoleMessage, Request, Response, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    features = httpx.get(f"{served}/events.geojson").json()["features"]
    assert features, "the examples should give at least one event with coordinates"

    errors: list[str] = []
    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_request(request: Request) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith("data:"):
            outside.append(request.url)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", on_request)
    page.on("response", on_response)

    page.goto(f"{served}/")
    expect(page.locator("#map[data-ready]")).to_have_attribute("data-ready", str(len(features)))
    markers = page.locator("#map path.leaflet-interactive")
    expect(markers.first).to_be_visible()
    assert markers.count() <= len(features), "nearby events are clustered"
    assert page.locator("#map path").count() > len(features), "country borders are drawn"
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)

    markers.first.click(force=True)
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_be_visible()
    popup_link.click()
    page.wait_for_url("**/events/*")
    expect(page.locator("h2", has_text="Merged fields")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "event.png", full_page=True)

    evidence = page.locator("table.fields a.ev[href*='#ev-']").first
    href = evidence.get_attribute("href")
    assert href is not None
    anchor = href.split("#", 1)[1]
    evidence.click()
    page.wait_for_url(f"**{href}")
    target = page.evaluate(
        """() => {
            const target = document.querySelector(':target');
            const mark = target && target.closest('mark.hl');
            const box = mark && mark.getBoundingClientRect();
            return target && {
                id: target.id,
                marked: !!mark,
                visible: box.top >= 0 && box.bottom <= window.innerHeight,
                outline: getComputedStyle(mark).outlineStyle,
            };
        }"""
    )
    assert target == {"id": anchor, "marked": True, "visible": True, "outline": "solid"}
    page.screenshot(path=ARTIFACTS / "reader.png")

    page.goto(f"{served}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("khabar")
    expect(page.locator(".opblock").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "docs.png")
    page.close()

    assert errors == []
    assert outside == []


def test_browser_forms_post_from_the_page(served: str, browser: object) -> None:
    """The app's own forms pass its same-origin check in a real browser (login, comment). The
    visitor has JavaScript off: the comment form works without the page's script (with it,
    see test_walkthrough.py)."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    visitor = browser.new_context(java_script_enabled=False).new_page()
    visitor.goto(f"{served}/events/1")
    visitor.wait_for_timeout(3500)
    form = visitor.locator("form.comment-form").last
    form.locator("textarea[name=body]").fill("Was the toll confirmed by the hospital?")
    form.locator("input[name=name]").fill("Sana")
    form.locator("input[name=email]").fill("sana@example.org")
    form.locator("button[type=submit]").click()
    visitor.wait_for_load_state()
    assert "/comments/" in visitor.url, visitor.content()[:500]
    assert "sana@example.org" not in visitor.content()

    moderator = browser.new_page()
    moderator.goto(f"{served}/login")
    moderator.fill("input[name=name]", "mod")
    moderator.fill("input[name=password]", PASSWORD)
    moderator.click("form[action='/login'] button[type=submit]")
    moderator.wait_for_load_state()
    moderator.goto(f"{served}/moderation")
    moderator.click("button[value=approve]")
    moderator.wait_for_load_state()
    visitor.goto(f"{served}/events/1")
    expect(visitor.locator("body")).to_contain_text("Was the toll confirmed by the hospital?")
    visitor.screenshot(path=ARTIFACTS / "discussion.png", full_page=True)
    visitor.close()
    moderator.close()
