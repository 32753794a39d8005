"""Feed hosts that fail badly: they hang, trickle, reset, redirect in a loop, serve 1 GB, or a
compressed body that inflates to gigabytes.

A real threaded HTTP server on 127.0.0.1 plays each host, for a feed's own address and for an
entry's page. Whatever it does, one `khabar watch --once` run ends within the fetch deadline per
request, records the failure (on the feed, with backoff; on the page, as a failed document tried
again later), and the other feeds and pages of the run are stored as usual.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.cli import PipelineIngest
from khabar.ingest.fetch import fetch_url
from khabar.ingest.watch import Watcher, add_feed
from khabar.pipeline import Analyser
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..store.test_faults import canonical, check_consistent
from ..store.test_store_outage import BATCH, _whole

PAGES = Path(__file__).parent / "fixtures" / "feeds" / "pages"
INTERVAL = 60.0
DEADLINE = 0.5
CAP = 256 * 1024
GIGABYTE = 1 << 30
CHUNK = 64 * 1024
FOREVER = 120.0
"""How long a fault lasts at most, so that a client without its limits fails the test rather
than hanging it."""
ZEROS = bytes(10_000_000)
BOMBS = {
    "/gzip-bomb": ("gzip", gzip.compress(ZEROS, 9)),
    "/deflate-bomb": ("deflate", zlib.compress(ZEROS, 9)),
    "/gzip-twice-bomb": ("gzip, gzip", gzip.compress(gzip.compress(ZEROS, 9), 9)),
}
"""10 MB of zeros in about 10 KB, sent with a Content-Length, in one coding or two."""


def _endless_gzip() -> tuple[bytes, bytes]:
    """A gzip stream's start (its header and a MiB of zeros) and a piece that inflates to one
    more MiB: fully flushed, so that the stream may repeat it as long as it likes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    mebibyte = bytes(1 << 20)
    start = compressor.compress(mebibyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(mebibyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    return start, piece


ENDLESS = _endless_gzip()
ENDLESS_MIB = 4096
"""/gzip-endless inflates to 4 GiB (from about 4 MB sent)."""
BATCH_FILES = {path.name: path for path in BATCH}
"""The store outage tests' batch, big enough to fill SQLite's pages, served as /batch/NAME."""
FAULTS = Settings(
    fetch_allow_private=True,
    fetch_timeout=DEADLINE,
    fetch_max_redirects=3,
    max_document_bytes=CAP,
    feed_host_delay=0.0,
    feed_interval=INTERVAL,
    feed_page_max_tries=3,
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    feeds: dict[str, bytes]
    requests: Counter[str]
    sent: Counter[str]
    finished: set[str]
    failing: Counter[str]
    stop: threading.Event


class _Handler(BaseHTTPRequestHandler):
    """/feeds/NAME serves `server.feeds[NAME]` with an ETag (304 when it matches);
    /news/SLUG a fixture page; /flaky/SLUG answers 503 `server.failing[SLUG]` times, then the
    page; /dead always 503; the faults: /hang, /trickle-headers, /trickle-body, /reset, /loop,
    /gigabyte (no length) and /gigabyte-declared (a Content-Length of 1 GB); compressed:
    `BOMBS`, /gzip-endless (4 GiB inflated, no length), /gzip-broken (not gzip at all) and
    /compressed/CODING/SLUG (a fixture page in gzip, deflate, raw deflate or gzip twice);
    /batch/NAME a document of the store outage tests' batch."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the connection was reset on purpose
            super().finish()

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {"Content-Type": "text/plain"}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.requests[path] += 1
        try:
            with contextlib.suppress(OSError):  # the client gave up, as it should
                self._route(path)
        finally:
            self.server.finished.add(path)

    def _route(self, path: str) -> None:
        name = path.removeprefix("/feeds/")
        slug = path.rsplit("/", 1)[-1]
        if name in self.server.feeds:
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, b"", {"ETag": '"v1"'})
            else:
                headers = {"Content-Type": "application/rss+xml", "ETag": '"v1"'}
                self._send(200, self.server.feeds[name], headers)
        elif path.startswith("/flaky/") and self.server.failing[slug] > 0:
            self.server.failing[slug] -= 1
            self._send(503, b"busy")
        elif path.startswith(("/news/", "/flaky/")) and (PAGES / f"{slug}.html").is_file():
            page = (PAGES / f"{slug}.html").read_bytes()
            self._send(200, page, {"Content-Type": "text/html; charset=utf-8"})
        elif path == "/dead":
            self._send(503, b"down")
        elif path == "/hang":
            self.server.stop.wait(FOREVER)
        elif path in ("/trickle-headers", "/trickle-body"):
            self._trickle(path, headers_done=path == "/trickle-body")
        elif path == "/reset":
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        elif path == "/loop":
            self._send(302, b"", {"Location": "/loop"})
        elif path in ("/gigabyte", "/gigabyte-declared"):
            self._gigabyte(path)
        elif path in BOMBS:
            coding, body = BOMBS[path]
            self._send(200, body, {"Content-Type": "text/html", "Content-Encoding": coding})
        elif path == "/gzip-endless":
            self._endless(path)
        elif path == "/gzip-broken":
            self._send(200, b"not gzip " * 100, {"Content-Encoding": "gzip"})
        elif path.startswith("/batch/") and slug in BATCH_FILES:
            kind = "text/html" if slug.endswith(".html") else "text/plain"
            self._send(200, BATCH_FILES[slug].read_bytes(), {"Content-Type": kind})
        elif path.startswith("/compressed/") and (PAGES / f"{slug}.html").is_file():
            body, coding = _compressed((PAGES / f"{slug}.html").read_bytes(), path.split("/")[2])
            self._send(200, body, {"Content-Type": "text/html", "Content-Encoding": coding})
        else:
            self._send(404, b"not found")

    def _trickle(self, path: str, *, headers_done: bool) -> None:
        """A byte every 50 ms: each read gets something long before any per-read timeout."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        if headers_done:
            self.wfile.write(b"Content-Type: text/html\r\nConnection: close\r\n\r\n")
        self.wfile.flush()
        line = b"x" if headers_done else b"X-Pad: y\r\n"
        started = time.monotonic()
        while not self.server.stop.is_set() and time.monotonic() - started < FOREVER:
            self.wfile.write(line[self.server.sent[path] % len(line) :][:1])
            self.server.sent[path] += 1
            time.sleep(0.05)

    def _gigabyte(self, path: str) -> None:
        """1 GB made on the fly, counted as it is handed to the socket."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if path == "/gigabyte-declared":
            self.send_header("Content-Length", str(GIGABYTE))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"a" * (CHUNK - 3)
        while self.server.sent[path] < GIGABYTE and not self.server.stop.is_set():
            self.wfile.write(chunk)
            self.server.sent[path] += len(chunk)

    def _endless(self, path: str) -> None:
        """`ENDLESS_MIB` MiB of zeros in gzip, sent piece by piece and counted as it goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Connection", "close")
        self.end_headers()
        start, piece = ENDLESS
        self.wfile.write(start)
        self.server.sent[path] += len(start)
        for _ in range(ENDLESS_MIB - 1):
            if self.server.stop.is_set():
                break
            self.wfile.write(piece)
            self.server.sent[path] += len(piece)


def _compressed(page: bytes, coding: str) -> tuple[bytes, str]:
    """`page` in `coding`, and the Content-Encoding it is sent with."""
    if coding == "gzip":
        return gzip.compress(page), "gzip"
    if coding == "deflate":
        return zlib.compress(page), "deflate"
    if coding == "raw-deflate":  # what some servers send as `deflate`
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(page) + compressor.flush(), "deflate"
    return gzip.compress(gzip.compress(page)), "gzip, gzip"


@dataclass
class FaultServer:
    base: str
    httpd: _Server
    feeds: dict[str, bytes] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def add_feed(self, name: str, links: list[str]) -> str:
        items = "".join(
            f"<item><title>{link}</title><link>{link}</link><guid>{name}{link}</guid></item>"
            for link in links
        )
        self.feeds[name] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
            f"{items}</channel></rss>"
        ).encode()
        return self.url(f"/feeds/{name}")

    def sent_when_done(self, path: str) -> int:
        """Bytes the handler of `path` sent, once it has stopped sending."""
        waited = time.monotonic()
        while path not in self.httpd.finished and time.monotonic() - waited < 10:
            time.sleep(0.02)
        assert path in self.httpd.finished, f"{path} is still sending"
        return self.httpd.sent[path]


@pytest.fixture
def hosts() -> Iterator[FaultServer]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.feeds, httpd.requests, httpd.sent = {}, Counter(), Counter()
    httpd.finished, httpd.failing, httpd.stop = set(), Counter(), threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield FaultServer(f"http://127.0.0.1:{httpd.server_address[1]}", httpd, httpd.feeds)
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    opened = Store.open(sqlite_url)
    yield opened
    opened.engine.dispose()


def _watcher(store: Store, analyser: Analyser, settings: Settings = FAULTS) -> Watcher:
    return Watcher(store, settings, PipelineIngest(store, settings, analyser))


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _feed(store: Store, feed_id: int) -> m.Feed:
    with store.session() as session:
        return session.get_one(m.Feed, feed_id)


def _documents(store: Store) -> dict[str, m.Document]:
    with store.session() as session:
        return {d.source: d for d in session.scalars(select(m.Document))}


def _items(store: Store) -> list[m.FeedItem]:
    with store.session() as session:
        return list(session.scalars(select(m.FeedItem).order_by(m.FeedItem.id)))


def _near(moment: datetime, expected: datetime) -> bool:
    """Within the seconds one poll takes on a loaded machine."""
    return abs(moment - expected) < timedelta(seconds=5)


def _tries(store: Store) -> dict[str, tuple[int, datetime]]:
    """Each pending page's tries and when it is due, by link."""
    return {
        i.link: (i.page_tries, _utc(i.retry_at)) for i in _items(store) if i.retry_at is not None
    }


FAULT_CODES = [
    ("/hang", ErrorCode.FETCH_TIMEOUT),
    ("/trickle-headers", ErrorCode.FETCH_TIMEOUT),
    ("/trickle-body", ErrorCode.FETCH_TIMEOUT),
    ("/reset", ErrorCode.FETCH_FAILED),
    ("/loop", ErrorCode.FETCH_FAILED),
    ("/gigabyte", ErrorCode.TOO_LARGE),
    ("/gigabyte-declared", ErrorCode.TOO_LARGE),
    ("/gzip-endless", ErrorCode.TOO_LARGE),
]


@pytest.mark.parametrize(("path", "code"), FAULT_CODES)
def test_feed_faults_fetch_ends_by_its_deadline_and_cap(
    hosts: FaultServer, path: str, code: ErrorCode
) -> None:
    started = time.monotonic()
    with pytest.raises(KhabarError) as caught:
        fetch_url(hosts.url(path), FAULTS)
    elapsed = time.monotonic() - started
    assert caught.value.code is code
    assert hosts.url(path) in caught.value.message
    # One deadline for the whole fetch; the slack is for a loaded machine, far below FOREVER.
    assert elapsed < DEADLINE + 5
    if path == "/loop":
        assert "more than 3 redirects" in caught.value.message
        assert hosts.httpd.requests["/loop"] == 4
    if path.startswith(("/gigabyte", "/gzip")):
        # What was read stops at the cap; what was sent, at the cap plus the sockets' buffers.
        assert hosts.sent_when_done(path) < 64 * 1024 * 1024
    if path.startswith("/trickle"):
        assert hosts.httpd.sent[path] > 1, "bytes kept coming, each well within a read timeout"


@pytest.mark.parametrize(("path", "code"), FAULT_CODES)
def test_feed_faults_bad_host_fails_alone_and_backs_off(
    sqlite_store: Store, hosts: FaultServer, analyser: Analyser, path: str, code: ErrorCode
) -> None:
    """The fault first as a feed's address, then as one entry's page of the next feed."""
    bad, _ = add_feed(sqlite_store, hosts.url(path))
    mixed, _ = add_feed(sqlite_store, hosts.add_feed("mixed", [path, "/news/kabul-blast"]))
    before = datetime.now(UTC)

    started = time.monotonic()
    failed, updated = _watcher(sqlite_store, analyser).poll_due()
    assert time.monotonic() - started < 2 * DEADLINE + 30, "each fault costs one deadline"

    assert (failed.feed_id, failed.status) == (bad.id, "failed")
    stored = _feed(sqlite_store, bad.id)
    assert (stored.failures, stored.last_error_code) == (1, code.value)
    assert stored.last_error == failed.error
    assert stored.last_error is not None
    assert hosts.url(path) in stored.last_error
    assert _utc(stored.next_poll_at) >= before + timedelta(seconds=2 * INTERVAL)

    assert (updated.feed_id, updated.status) == (mixed.id, "updated")
    assert (updated.new_entries, updated.failed_pages) == (2, 1)
    assert updated.events > 0
    documents = _documents(sqlite_store)
    assert documents[hosts.url("/news/kabul-blast")].status == "extracted"
    page = documents[hosts.url(path)]
    assert (page.status, page.error_code) == ("failed", code.value)
    assert page.error is not None
    assert hosts.url(path) in page.error
    retried = code is not ErrorCode.TOO_LARGE  # a page over the cap stays over it
    assert page.error.endswith("(try 1 of 3)") is retried
    assert len(documents) == 2
    items = _items(sqlite_store)
    assert [i.document_id for i in items] == [page.id, documents[hosts.url("/news/kabul-blast")].id]
    assert [i.page_tries for i in items] == [1, 0]
    assert (items[0].retry_at is not None) is retried
    assert items[1].retry_at is None
    healthy = _feed(sqlite_store, mixed.id)
    assert (healthy.failures, healthy.last_status) == (0, 200)


def test_feed_faults_watch_once_cli_finishes_and_reports_each_feed(
    store_url: str, hosts: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "FETCH_ALLOW_PRIVATE": "1",
        "FETCH_TIMEOUT": str(DEADLINE),
        "MAX_DOCUMENT_BYTES": str(CAP),
        "FEED_HOST_DELAY": "0",
    }.items():
        monkeypatch.setenv(f"KHABAR_{name}", value)
    runner = CliRunner()
    for url in (
        hosts.url("/trickle-headers"),
        hosts.add_feed("mixed", ["/gigabyte", "/news/gao-bomb"]),
    ):
        assert runner.invoke(app, ["--db", store_url, "feeds", "add", url]).exit_code == 0

    watched = runner.invoke(app, ["--db", store_url, "watch", "--once"])
    assert watched.exit_code == 0, watched.output
    output = " ".join(watched.output.split())
    assert "failed" in output
    assert "/trickle-headers timed out (KHABAR_FETCH_TIMEOUT)" in output
    assert "updated, 2 new entries" in output
    assert "1 pages failed" in output
    assert hosts.sent_when_done("/gigabyte") < 64 * 1024 * 1024
    listed = runner.invoke(app, ["--db", store_url, "feeds", "list", "--json"])
    assert '"last_error_code": "fetch_timeout"' in listed.output
    assert '"failures": 1' in listed.output


def test_feed_faults_failed_pages_are_tried_again_with_backoff_then_given_up(
    store: Store, hosts: FaultServer, analyser: Analyser
) -> None:
    hosts.httpd.failing["kabul-blast"] = 2
    feed, _ = add_feed(store, hosts.add_feed("rss", ["/flaky/kabul-blast", "/dead"]))
    watcher = _watcher(store, analyser)
    flaky, dead = hosts.url("/flaky/kabul-blast"), hosts.url("/dead")

    first = watcher.poll(feed.id)
    assert (first.new_entries, first.failed_pages, first.retried_pages) == (2, 2, 0)
    documents = _documents(store)
    assert documents[flaky].error is not None
    assert documents[flaky].error.endswith("(try 1 of 3)"), "said to people"
    assert documents[flaky].error_code == "http_status"
    t0 = _utc(documents[flaky].fetched_at)
    due = t0 + timedelta(seconds=INTERVAL)
    pending = {link: (tries, _near(at, due)) for link, (tries, at) in _tries(store).items()}
    assert pending == {flaky: (1, True), dead: (1, True)}

    early = watcher.poll(feed.id, now=t0 + timedelta(seconds=INTERVAL / 2))
    assert (early.status, early.retried_pages) == ("not_modified", 0), "not due yet"
    assert hosts.httpd.requests["/dead"] == 1

    second = watcher.poll(feed.id, now=t0 + timedelta(seconds=INTERVAL + 1))
    assert (second.status, second.retried_pages, second.failed_pages) == ("not_modified", 2, 2)
    documents = _documents(store)
    assert documents[flaky].error is not None
    assert documents[flaky].error.endswith("(try 2 of 3)")
    t1 = _utc(documents[flaky].fetched_at)
    assert _tries(store)[flaky] == (2, t1 + timedelta(seconds=2 * INTERVAL)), "twice the wait"
    assert _tries(store)[dead][0] == 2

    assert watcher.poll(feed.id, now=t1 + timedelta(seconds=INTERVAL + 1)).retried_pages == 0, (
        "the second wait is twice the first"
    )
    third = watcher.poll(feed.id, now=t1 + timedelta(seconds=2 * INTERVAL + 1))
    assert (third.retried_pages, third.failed_pages) == (2, 1)
    assert third.events > 0
    documents = _documents(store)
    assert documents[flaky].status == "extracted"
    assert documents[dead].error is not None
    assert documents[dead].error.endswith("(try 3 of 3; not tried again)")
    assert len(documents) == 2, "the page replaced its failed document"
    items = _items(store)
    assert [i.document_id for i in items] == [documents[flaky].id, documents[dead].id]
    assert [(i.page_tries, i.retry_at) for i in items] == [(2, None), (3, None)]

    later = watcher.poll(feed.id, now=datetime.now(UTC) + timedelta(days=30))
    assert later.retried_pages == 0
    assert hosts.httpd.requests["/dead"] == 3
    assert hosts.httpd.requests["/flaky/kabul-blast"] == 3
    assert len(_documents(store)) == 2
    assert len(_items(store)) == 2


@pytest.mark.parametrize("path", [*BOMBS, "/gzip-endless"])
def test_feed_faults_compressed_bomb_stops_at_the_cap_in_little_memory(
    hosts: FaultServer, path: str
) -> None:
    """The cap (256 KiB here) holds on the inflated bytes as they grow: inflating one network
    chunk whole, as httpx does, takes 10 MB for the bombs and 64 MB for /gzip-endless."""
    tracemalloc.start()
    try:
        with pytest.raises(KhabarError) as caught:
            fetch_url(hosts.url(path), FAULTS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code is ErrorCode.TOO_LARGE
    assert hosts.url(path) in caught.value.message
    assert peak < 8 * CAP + (2 << 20)
    if path == "/gzip-endless":
        assert hosts.sent_when_done(path) < 64 * 1024 * 1024


@pytest.mark.parametrize("path", list(BOMBS))
def test_feed_faults_compressed_body_under_the_cap_is_read_whole(
    hosts: FaultServer, path: str
) -> None:
    roomy = FAULTS.model_copy(update={"max_document_bytes": 16 << 20})
    assert fetch_url(hosts.url(path), roomy).raw == ZEROS


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "gzip-twice"])
def test_feed_faults_compressed_pages_are_inflated(hosts: FaultServer, coding: str) -> None:
    document = fetch_url(hosts.url(f"/compressed/{coding}/kabul-blast"), FAULTS)
    assert document.raw == (PAGES / "kabul-blast.html").read_bytes()


def test_feed_faults_broken_compressed_body_fails_clearly(hosts: FaultServer) -> None:
    with pytest.raises(KhabarError) as caught:
        fetch_url(hosts.url("/gzip-broken"), FAULTS)
    assert caught.value.code is ErrorCode.FETCH_FAILED
    assert f"{hosts.url('/gzip-broken')} (bad gzip body" in caught.value.message


def _watch_once(url: str) -> tuple[int, str]:
    """`khabar watch --once` in this process: its exit code and its output on one line."""
    result = CliRunner().invoke(app, ["--db", url, "watch", "--once"])
    return result.exit_code, " ".join(result.output.split())


def _page_count(engine: Engine) -> int:
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return int(conn.execute(text("PRAGMA page_count")).scalar_one())


def test_feed_faults_watch_once_stops_clearly_when_sqlite_fills_and_resumes(
    sqlite_url: str, tmp_path: Path, hosts: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite held to half of what one run needs, by `PRAGMA max_page_count` on each new
    connection, as in tests/store/test_store_outage.py: the run stops with `database_full`,
    keeps only whole documents and feed items, and the next run ends as one never stopped."""
    monkeypatch.setenv("KHABAR_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("KHABAR_FEED_HOST_DELAY", "0")
    feed = hosts.add_feed("batch", [f"/batch/{name}" for name in BATCH_FILES])
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    upgrade(make_engine(reference_url))
    for url in (reference_url, sqlite_url):
        added = CliRunner().invoke(app, ["--db", url, "feeds", "add", feed])
        assert added.exit_code == 0, added.output
    reference = make_engine(reference_url)
    empty = _page_count(reference)
    code, output = _watch_once(reference_url)
    assert code == 0, output
    full = _page_count(reference)
    expected, expected_whole = canonical(reference), _whole(reference)
    reference.dispose()
    assert len(expected_whole) == len(BATCH)

    def limit_size(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {empty + (full - empty) // 2}")

    event.listen(Engine, "connect", limit_size)
    try:
        code, output = _watch_once(sqlite_url)
    finally:
        event.remove(Engine, "connect", limit_size)
    assert code == 2, output
    assert "Traceback" not in output
    assert "[database_full]" in output
    assert "database or disk is full" in output
    assert "run the same command again" in output

    engine = make_engine(sqlite_url)
    try:
        check_consistent(engine)
        whole = _whole(engine)
        assert 0 < len(whole) < len(expected_whole), "the store filled mid-run"
        assert whole.items() <= expected_whole.items(), "each stored document is whole"
        with engine.connect() as conn:
            items = conn.execute(select(m.FeedItem.document_id)).scalars().all()
            stopped = conn.execute(select(m.Feed.failures, m.Feed.last_status)).one()
        assert None not in items
        assert len(items) <= len(whole)
        assert tuple(stopped) == (0, None), "the stopped poll is neither a success nor a failure"

        code, output = _watch_once(sqlite_url)
        assert code == 0, output
        check_consistent(engine)
        assert canonical(engine) == expected
    finally:
        engine.dispose()
