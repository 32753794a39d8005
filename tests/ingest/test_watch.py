"""`khabar watch` against a real HTTP server on 127.0.0.1 serving fixture feeds, on both stores.

Loopback is reachable only with `fetch_allow_private` (as in test_fetch.py); one test checks
that the default settings refuse it.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from khabar.cli import app
from khabar.ingest.cli import PipelineIngest
from khabar.ingest.watch import Politeness, Watcher, add_feed
from khabar.pipeline import Analyser
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
INTERVAL = 60.0
LOCAL = Settings(
    fetch_allow_private=True, fetch_timeout=5.0, feed_host_delay=0.0, feed_interval=INTERVAL
)
LAST_MODIFIED = "Tue, 03 Mar 2026 09:00:00 GMT"


@dataclass
class Feed:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str = '"v1"'
    failures: int = 0
    """Answer 500 this many times before serving the feed."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    feeds: dict[str, Feed]
    seen: list[Seen]


class _Handler(BaseHTTPRequestHandler):
    """/feeds/NAME serves `server.feeds[NAME]` (304 when If-None-Match matches its ETag);
    /news/SLUG serves fixtures/feeds/pages/SLUG.html; anything else is 404."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append(Seen(self.path, dict(self.headers.items()), time.monotonic()))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(self.path.split("?", 1)[0])

    def _route(self, path: str) -> None:
        name = path.removeprefix("/feeds/")
        page = FEEDS / "pages" / f"{path.removeprefix('/news/')}.html"
        if name in self.server.feeds:
            feed = self.server.feeds[name]
            validators = {"ETag": feed.etag, "Last-Modified": LAST_MODIFIED}
            if feed.failures > 0:
                feed.failures -= 1
                self._send(500, b"internal error", {"Content-Type": "text/plain"})
            elif self.headers.get("If-None-Match") == feed.etag:
                self._send(304, b"", validators)
            else:
                self._send(200, feed.body, {"Content-Type": feed.content_type} | validators)
        elif path.startswith("/news/") and page.is_file():
            self._send(200, page.read_bytes(), {"Content-Type": "text/html; charset=utf-8"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})


@dataclass
class FeedServer:
    base: str
    feeds: dict[str, Feed]
    seen: list[Seen] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"{self.base}/feeds/{name}"

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.feeds, httpd.seen = {}, []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield FeedServer(f"http://127.0.0.1:{httpd.server_address[1]}", httpd.feeds, httpd.seen)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


def _fixture(name: str, **kwargs: Any) -> Feed:
    return Feed((FEEDS / name).read_bytes(), **kwargs)


def _watcher(store: Store, analyser: Analyser, settings: Settings = LOCAL) -> Watcher:
    return Watcher(store, settings, PipelineIngest(store, settings, analyser))


def _feed(store: Store, feed_id: int) -> m.Feed:
    with store.session() as session:
        return session.get_one(m.Feed, feed_id)


def _items(store: Store) -> list[m.FeedItem]:
    with store.session() as session:
        return list(session.scalars(select(m.FeedItem).order_by(m.FeedItem.id)))


def _documents(store: Store) -> list[m.Document]:
    with store.session() as session:
        return list(session.scalars(select(m.Document).order_by(m.Document.id)))


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_watch_stores_each_entry_once_and_polls_conditionally(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["rss"] = _fixture("rss.xml")
    feed, added = add_feed(store, server.url("rss"))
    assert added
    watcher = _watcher(store, analyser)

    [first] = watcher.poll_due()
    assert (first.status, first.new_entries, first.failed_pages) == ("updated", 2, 0)
    assert first.events > 0
    assert first.skipped == ("entry 4 has no link",)
    assert server.paths() == ["/feeds/rss", "/news/gao-bomb", "/news/mopti-attack"]
    documents = _documents(store)
    assert [d.source_kind for d in documents] == ["feed", "feed"]
    assert [d.url for d in documents] == [
        f"{server.base}/news/gao-bomb",
        f"{server.base}/news/mopti-attack",
    ]
    assert {d.status for d in documents} == {"extracted"}
    items = _items(store)
    assert [i.guid for i in items] == ["sahel-wire-1001", "sahel-wire-1002"]
    assert [i.document_id for i in items] == [d.id for d in documents]
    stored = _feed(store, feed.id)
    assert (stored.title, stored.etag, stored.last_modified) == (
        "Sahel Wire",
        '"v1"',
        LAST_MODIFIED,
    )
    assert (stored.last_status, stored.failures, stored.last_error) == (200, 0, None)
    assert _utc(stored.next_poll_at) > datetime.now(UTC) + timedelta(seconds=INTERVAL - 5)

    assert watcher.poll_due() == [], "not due again before the interval"
    second = watcher.poll(feed.id)
    assert (second.status, second.skipped) == ("not_modified", ())
    assert server.seen[-1].headers["If-None-Match"] == '"v1"'
    assert server.seen[-1].headers["If-Modified-Since"] == LAST_MODIFIED
    assert _feed(store, feed.id).last_status == 304

    server.feeds["rss"] = _fixture("rss_updated.xml", etag='"v2"')
    third = watcher.poll(feed.id)
    assert (third.status, third.new_entries) == ("updated", 1)
    assert server.paths()[-2:] == ["/feeds/rss", "/news/kabul-blast"], "old entries not fetched"
    assert len(_items(store)) == 3
    assert len(_documents(store)) == 3
    assert _feed(store, feed.id).etag == '"v2"'


def test_watch_reads_atom_feeds(store: Store, server: FeedServer, analyser: Analyser) -> None:
    server.feeds["atom"] = _fixture("atom.xml", content_type="application/atom+xml")
    add_feed(store, server.url("atom"))
    [result] = _watcher(store, analyser).poll_due()
    assert (result.status, result.new_entries) == ("updated", 1)
    [document] = _documents(store)
    assert document.url == f"{server.base}/news/khyber-checkpoint"
    assert _items(store)[0].guid == "urn:uuid:frontier-2001"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("garbage.xml", "application/xml"), ("not_a_feed.html", "text/html; charset=utf-8")],
)
def test_watch_malformed_feed_records_the_error_and_backs_off(
    store: Store, server: FeedServer, analyser: Analyser, name: str, content_type: str
) -> None:
    server.feeds["rss"] = _fixture("rss.xml")
    feed, _ = add_feed(store, server.url("rss"))
    watcher = _watcher(store, analyser)
    watcher.poll(feed.id)
    server.feeds["rss"] = _fixture(name, content_type=content_type, etag='"broken"')

    result = watcher.poll(feed.id)
    assert result.status == "failed"
    assert result.error is not None
    assert "is not a readable RSS or Atom feed" in result.error
    stored = _feed(store, feed.id)
    assert (stored.failures, stored.last_status, stored.last_error_code) == (1, None, "bad_feed")
    assert stored.last_error == result.error
    assert stored.etag == '"v1"', "the validators of the last good answer are kept"
    assert _utc(stored.next_poll_at) > datetime.now(UTC) + timedelta(seconds=2 * INTERVAL - 5)
    assert len(_items(store)) == 2, "nothing stored before is lost"
    assert len(_documents(store)) == 2


def test_watch_broken_feed_keeps_the_entries_it_could_read(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["broken"] = _fixture("broken.xml", content_type="application/xml")
    feed, _ = add_feed(store, server.url("broken"))
    watcher = _watcher(store, analyser)
    [result] = watcher.poll_due()
    assert (result.status, result.new_entries) == ("updated", 1)
    assert result.error is not None
    assert result.error.startswith("malformed XML at line")
    stored = _feed(store, feed.id)
    assert (stored.failures, stored.last_error_code, stored.last_error) == (
        0,
        "bad_feed",
        result.error,
    )
    assert [d.url for d in _documents(store)] == [f"{server.base}/news/gao-bomb"]
    unchanged = watcher.poll(feed.id)
    assert unchanged.status == "not_modified"
    assert _feed(store, feed.id).last_error == result.error, "still the same malformed feed"


def test_watch_server_error_backs_off_exponentially_then_recovers(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["flaky"] = _fixture("rss.xml", failures=2)
    feed, _ = add_feed(store, server.url("flaky"))
    watcher = _watcher(store, analyser)

    [failed] = watcher.poll_due()
    assert failed.status == "failed"
    assert failed.error is not None
    assert "500 Internal Server Error" in failed.error
    once = _feed(store, feed.id)
    assert (once.failures, once.last_status, once.last_error_code) == (1, 500, "http_status")
    wait = _utc(once.next_poll_at) - _utc(once.last_polled_at or once.added_at)
    assert wait == timedelta(seconds=2 * INTERVAL)
    assert watcher.poll_due() == [], "a failing feed waits"

    [again] = watcher.poll_due(now=_utc(once.next_poll_at))
    assert again.status == "failed"
    twice = _feed(store, feed.id)
    assert twice.failures == 2
    assert _utc(twice.next_poll_at) - _utc(twice.last_polled_at or twice.added_at) == timedelta(
        seconds=4 * INTERVAL
    )

    [recovered] = watcher.poll_due(now=_utc(twice.next_poll_at))
    assert (recovered.status, recovered.new_entries) == ("updated", 2)
    healthy = _feed(store, feed.id)
    assert (healthy.failures, healthy.last_status, healthy.last_error_code) == (0, 200, None)
    assert len(_documents(store)) == 2


def test_watch_backoff_is_capped_by_the_setting(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["down"] = _fixture("rss.xml", failures=10)
    feed, _ = add_feed(store, server.url("down"))
    settings = LOCAL.model_copy(update={"feed_max_backoff": 3 * INTERVAL})
    watcher = _watcher(store, analyser, settings)
    for _ in range(3):
        watcher.poll(feed.id)
    stored = _feed(store, feed.id)
    assert stored.failures == 3
    assert _utc(stored.next_poll_at) - _utc(stored.last_polled_at or stored.added_at) == timedelta(
        seconds=3 * INTERVAL
    )


def test_watch_spaces_requests_to_one_host(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["rss"] = _fixture("rss.xml")
    add_feed(store, server.url("rss"))
    delay = 0.3
    settings = LOCAL.model_copy(update={"feed_host_delay": delay})
    watcher = Watcher(
        store, settings, PipelineIngest(store, settings, analyser), politeness=Politeness(delay)
    )
    watcher.poll_due()
    times = [s.at for s in server.seen]
    assert len(times) == 3
    assert all(b - a >= delay for a, b in itertools.pairwise(times))


def test_watch_refuses_loopback_with_default_settings(
    store: Store, server: FeedServer, analyser: Analyser
) -> None:
    server.feeds["rss"] = _fixture("rss.xml")
    feed, _ = add_feed(store, server.url("rss"))
    [result] = _watcher(store, analyser, Settings(feed_host_delay=0.0)).poll_due()
    assert result.status == "failed"
    assert _feed(store, feed.id).last_error_code == "forbidden_address"
    assert server.seen == []


def test_watch_cli_adds_lists_polls_and_removes_feeds(
    store_url: str, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHABAR_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("KHABAR_FEED_HOST_DELAY", "0")
    server.feeds["rss"] = _fixture("rss.xml")
    runner = CliRunner()
    url = server.url("rss")

    added = runner.invoke(app, ["--db", store_url, "feeds", "add", url])
    assert added.exit_code == 0, added.output
    assert f"Following feed 1: {url}" in added.output
    again = runner.invoke(app, ["--db", store_url, "feeds", "add", url])
    assert "Already following feed 1" in again.output

    watched = runner.invoke(app, ["--db", store_url, "watch", "--once", "--interval", "120"])
    assert watched.exit_code == 0, watched.output
    assert "updated, 2 new entries" in watched.output
    output = " ".join(watched.output.split())
    assert "events, 1 entry skipped" in output
    assert "skipped entry 4 has no link" in output

    listed = runner.invoke(app, ["--db", store_url, "feeds", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert '"last_status": 200' in listed.output
    assert '"title": "Sahel Wire"' in listed.output

    removed = runner.invoke(app, ["--db", store_url, "feeds", "remove", "1"])
    assert removed.exit_code == 0, removed.output
    missing = runner.invoke(app, ["--db", store_url, "feeds", "remove", "1"])
    assert missing.exit_code == 2
    assert "Feed 1 does not exist" in missing.output
    assert "[]" in runner.invoke(app, ["--db", store_url, "feeds", "list", "--json"]).output


def test_watch_cli_says_why_entries_were_skipped_and_stores_nothing_for_them(
    store_url: str, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHABAR_FETCH_ALLOW_PRIVATE", "1")
    links = [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://x.example/a",
        "mailto:a@b",
        "http://[::1",
    ]
    items = "".join(
        f"<item><guid>urn:g{n}</guid><link>{link}</link></item>" for n, link in enumerate(links)
    )
    server.feeds["hostile"] = Feed(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>{items}'
        "</channel></rss>".encode()
    )
    runner = CliRunner()
    assert (
        runner.invoke(app, ["--db", store_url, "feeds", "add", server.url("hostile")]).exit_code
        == 0
    )

    watched = runner.invoke(app, ["--db", store_url, "watch", "--once"])
    assert watched.exit_code == 0, watched.output
    output = " ".join(watched.output.split())
    assert "updated, 0 new entries, 0 events, 5 entries skipped" in output
    bad = "has a link that is not an absolute http(s) URL:"
    assert f"skipped entry 1 {bad} 'javascript:alert(1)'" in output
    assert f"skipped entry 3 {bad} 'ftp://x.example/a'" in output
    assert "mailto" not in output, "three reasons are shown"
    assert "skipped … and 2 more" in output
    assert server.paths() == ["/feeds/hostile"], "no skipped link is fetched"
    store = Store.open(store_url)
    assert (_items(store), _documents(store)) == ([], [])
    store.engine.dispose()
