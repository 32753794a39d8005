"""Re-make the README screenshots (home, event, reader, discussion) from the bundled examples.

Run from the repository root, after `make install`:

    .venv/bin/python docs/images/make_screenshots.py

It builds a throw-away SQLite store the way `make demo` does (gazetteer, actors, examples/),
serves it with `khabar serve` on a free local port, publishes an article and moderates a
reader's comment through the pages' own forms in headless Chromium (Playwright's Python
package driving Debian's /usr/bin/chromium), and writes each page cropped to the viewport,
so that every PNG stays under the README's 300 KB budget.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
KHABAR = Path(sys.executable).with_name("khabar")
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 860}
MAX_BYTES = 300_000
PASSWORD = "screenshots only, thrown away"  # noqa: S105 - an account of a temporary store
ARTICLE_TITLE = "Polio teams under fire again in Pakistan's border districts"
ARTICLE_BODY = """KABUL — The pattern of attacks on polio teams in the border districts is not new,
but its tempo is.

On Monday, gunmen on a motorcycle killed two polio workers and wounded a police constable
in Bajaur district, officials said. No group claimed the attack.

## What to watch

- whether vaccination campaigns in Bajaur and Kunar are suspended again;
- whether local elders broker security guarantees, as they did in 2024.
"""
COMMENT = "Useful summary. Do we know whether the **Kunar** campaign was paused as well?"


def khabar(url: str, *args: str, stdin: str | None = None) -> None:
    subprocess.run(  # noqa: S603 - the project's own CLI, fixed arguments
        [str(KHABAR), "--db", url, *args], input=stdin, text=True, check=True, cwd=ROOT
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("khabar serve stopped while starting")
        try:
            httpx.get(f"{base}/index.json", timeout=2).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    sys.exit("khabar serve did not answer within 60 s")


def shoot(page: Page, name: str) -> None:
    path = HERE / f"{name}.png"
    page.screenshot(path=path)
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {size:,} bytes")
    if size > MAX_BYTES:
        sys.exit(f"{path.name} is over {MAX_BYTES:,} bytes; make the viewport smaller")


def log_in(page: Page, base: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def ghazni_event(base: str) -> tuple[int, int]:
    """The README's example, the Ghazni paragraph of examples/ghazni-blog.html: the event's
    id and its first document's."""
    found = httpx.get(f"{base}/events.json", params={"q": "beheaded"}).json()["items"]
    if not found:
        sys.exit("no event was read from examples/ghazni-blog.html")
    detail = httpx.get(f"{base}/events/{found[0]['id']}.json").json()
    return int(detail["id"]), int(detail["reports"][0]["document_id"])


def discussion(page: Page, visitor: Page, base: str) -> None:
    """Publish an article as the admin, comment on it as a visitor, approve the comment."""
    log_in(page, base, "/articles/new")
    page.fill("input[name=title]", ARTICLE_TITLE)
    page.fill("textarea[name=body]", ARTICLE_BODY)
    page.fill("input[name=tags]", "pakistan, polio, bajaur")
    page.click("button[value=save]")
    page.wait_for_url("**/articles/*")
    article = page.url
    page.click("form[action$='/publish'] button")
    page.wait_for_url(article)
    visitor.goto(article)
    visitor.wait_for_timeout(3500)  # comments sent faster than a person writes are refused
    form = visitor.locator("#respond + form.comment-form")
    form.locator("textarea[name=body]").fill(COMMENT)
    form.locator("input[name=name]").fill("Sana")
    form.locator("input[name=email]").fill("sana@example.org")
    with visitor.expect_response(lambda r: r.url.endswith("/comments.json")):
        form.locator("button[type=submit]").click()
    page.goto(f"{base}/moderation")
    page.locator("button[value=approve]").first.click()
    page.wait_for_url("**/moderation")
    visitor.goto(article)
    expect(visitor.locator("section.comments h2")).to_have_text("1 reply")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="khabar-screenshots-") as folder:
        url = f"sqlite:///{Path(folder) / 'khabar.db'}"
        khabar(url, "db", "upgrade")
        khabar(url, "gazetteer", "build")
        khabar(url, "actors", "seed")
        khabar(url, "ingest", "examples/")
        khabar(url, "users", "add", "admin", "--role", "admin", "--email", "admin@localhost",
               "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "KHABAR_DATABASE_URL": url}
        command = [str(KHABAR), "serve", "--host", "127.0.0.1", "--port", str(port)]
        with subprocess.Popen(command, env=env, cwd=ROOT) as server:  # noqa: S603
            try:
                wait_until_up(base, server)
                shoot_all(base)
            finally:
                server.terminate()


def shoot_all(base: str) -> None:
    event_id, document_id = ghazni_event(base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{base}/")
        expect(page.locator("#map[data-ready]")).to_have_count(1)
        shoot(page, "home")
        page.goto(f"{base}/events/{event_id}")
        shoot(page, "event")
        page.goto(f"{base}/documents/{document_id}")
        shoot(page, "reader")
        visitor = browser.new_page(viewport=VIEWPORT)
        discussion(page, visitor, base)
        shoot(visitor, "discussion")
        browser.close()


if __name__ == "__main__":
    main()
