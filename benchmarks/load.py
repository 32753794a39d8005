"""Load benchmark: the app under people reading and commenting, on 127.0.0.1 only.

Builds a store of synthetic events, reports, documents and comments (SQLite, or a fresh
PostgreSQL database created and dropped here) with bulk inserts (`COPY` on PostgreSQL), starts
`khabar serve` on a free port of 127.0.0.1, and drives it from one asyncio process with a
minimal HTTP/1.1 client, so the load generator costs little of the cores it shares with the
server.

The clients model people, not a flood:

- a reader loops: open a page or a filtered `events.json` query, then think for a random time
  (exponential, mean `--think` seconds, as in TPC-W's browsing model; each reader starts at a
  random moment of its first think). A page is fetched as a browser does: the map page
  (`/`) and the event list (`/events`) also fetch their map data (`/map/countries.json` and
  `/map.json`, the map page once more after fitting the view); the assets are left out, as a
  browser caches them;
- a commenter opens an event page, thinks, and posts a comment through the JSON twin with the
  page's form token, as the page's script does, then thinks again.

So the offered rate is about (readers + commenters) / think, whatever the server's speed: the
req/s of the main run measure the load, not the capacity. The capacity is measured apart, as a
closed loop of `--saturation-clients` clients with no think time (`saturation` line). A probe
fetches a static file every second during the main run (`baseline` line): its latency is the
server's queueing with no query behind it, the reference for the noise of a shared machine.

Prints, per kind of request, requests/s, p50/p95/p99 latency and errors, the targets (p95 <
200 ms for pages, < 50 ms for filtered `events.json`), the CPU seconds of the server and of the
load generator, and the load average, then a one-line summary for the README's table.

    .venv/bin/python benchmarks/load.py                  # SQLite, 1,000,000 events, 60 s
    .venv/bin/python benchmarks/load.py --store postgresql
    .venv/bin/python benchmarks/load.py --keep /tmp/load-1m.db   # build once, reuse after
    .venv/bin/python benchmarks/load.py --events 50000 --comments 5000 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Awaitable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psycopg
from sqlalchemy import Engine

from khabar.store.db import make_engine, upgrade

COUNTRIES = ["AF", "IQ", "SY", "NG", "ML", "SO", "YE", "PK", "BF", "CD"]
TYPES = [
    ("Battles", "Armed clash", "Armed Assault"),
    ("Explosions/Remote violence", "Air/drone strike", "Bombing/Explosion"),
    ("Violence against civilians", "Attack", "Armed Assault"),
    ("Violence against civilians", "Abduction/forced disappearance", "Hostage Taking"),
]
FILTERS = [
    "country={country}",
    "type=Battles&country={country}",
    "min_deaths=10",
    "from=2024-01-01&to=2024-03-31",
    "country={country}&min_deaths=5&from=2023-06-01",
]
PLACES = 200
COMMENTED_EVENTS = 1000
"""Comments hang under the first events, so a commented event page shows about 100 of them."""
CHUNK = 20_000
PAGES = ("map page", "event list", "event page", "documents")
TARGETS = {"pages (all)": 0.200, "events.json (filtered)": 0.050}
POSTGRES = "postgresql://postgres@127.0.0.1:5432"


# ---------------------------------------------------------------------------- the store


def _rows(events: int, comments: int, seed: int, now: str) -> dict[str, tuple[str, Iterable[Any]]]:
    """Each table's columns and rows (plain values; dates as ISO text), in insertion order."""
    rng = random.Random(seed)
    documents = max(1, events // 10)

    def places() -> Iterator[tuple[Any, ...]]:
        for i in range(PLACES):
            lat, lon = rng.uniform(-10, 40), rng.uniform(-10, 70)
            yield (
                i + 1,
                f"synthetic:{i}",
                f"Town {i}",
                "P",
                "PPL",
                COUNTRIES[i % 10],
                lat,
                lon,
                5000,
            )

    def docs() -> Iterator[tuple[Any, ...]]:
        text = "Gunmen attacked a checkpoint, killing 5 people, officials said."
        for i in range(documents):
            title = f"Synthetic report {i}"
            yield (
                i + 1,
                f"synthetic/{i}.html",
                "file",
                title,
                now,
                now,
                text,
                f"{i:064x}",
                "extracted",
                "en",
            )

    def event_rows() -> Iterator[tuple[Any, ...]]:
        start = date(2023, 1, 1)
        for i in range(events):
            kind = TYPES[i % len(TYPES)]
            killed = rng.choice([None, 0, 1, 3, 5, 12, 30])
            day = (start + timedelta(days=rng.randrange(730))).isoformat()
            place = rng.randrange(PLACES) + 1
            yield (
                i + 1,
                *kind,
                day,
                "day",
                place,
                1,
                killed,
                killed,
                killed,
                "ucdp",
                "machine",
                now,
            )

    def reports() -> Iterator[tuple[Any, ...]]:
        for i in range(events):
            yield (
                i + 1,
                i // 10 + 1,
                i + 1,
                *TYPES[i % len(TYPES)],
                "unknown",
                0.5,
                "synthetic@1",
                0,
                10,
            )

    def comment_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(comments):
            subject = i % max(1, min(events, COMMENTED_EVENTS)) + 1
            key = f"{i:064x}"
            yield (
                "event",
                subject,
                1,
                f"Reader {i}",
                key,
                "Noted.",
                "<p>Noted.</p>",
                "approved",
                key,
                now,
            )

    return {
        "place": (
            "id, gazetteer_id, name, feature_class, feature_code, country_code, lat, lon, "
            "population",
            places(),
        ),
        "document": (
            "id, source, source_kind, title, fetched_at, published_at, text, raw_sha256, status, "
            "language",
            docs(),
        ),
        "event": (
            "id, event_type, sub_event_type, gtd_attack_type, date, date_precision, place_id, "
            "place_precision, killed_low, killed_best, killed_high, merge_rule, curation_status, "
            "created_at",
            event_rows(),
        ),
        "report": (
            "id, document_id, event_id, event_type, sub_event_type, gtd_attack_type, "
            "responsibility, confidence, extractor, sentence_start, sentence_end",
            reports(),
        ),
        "comment": (
            "subject_kind, subject_id, depth, author_name, author_key, body_markdown, "
            "body_html, status, ip_hash, created_at",
            comment_rows(),
        ),
    }


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def build_sqlite(engine: Engine, events: int, comments: int, seed: int) -> None:
    """Driver-level `executemany` in one transaction: ten times SQLAlchemy's bulk insert."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, (columns, rows) in _rows(
            events, comments, seed, "2025-01-01 00:00:00.000000"
        ).items():
            marks = ", ".join("?" for _ in columns.split(","))
            for batch in _batches(rows):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)  # noqa: S608
            print(f"  {table}: done", flush=True)
        raw.commit()
    finally:
        raw.close()


def build_postgresql(url: str, events: int, comments: int, seed: int) -> None:
    """`COPY` each table, then move the id sequences past the copied ids and analyse."""
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        for table, (columns, rows) in _rows(
            events, comments, seed, "2025-01-01 00:00:00+00"
        ).items():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            print(f"  {table}: done", flush=True)
        for table in ("place", "document", "event", "report", "comment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _stored_sizes(engine: Engine) -> tuple[int, int] | None:
    """Events and comments in a kept store, once the comments a previous run posted (as
    "Load") are deleted, so that every run starts from the store as built."""
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM comment WHERE author_name = 'Load'")
            events = conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one()
            comments = conn.exec_driver_sql("SELECT count(*) FROM comment").scalar_one()
    except Exception:  # no such table: an empty or foreign database
        return None
    return int(events), int(comments)


@contextmanager
def store(kind: str, keep: str | None, events: int, comments: int, seed: int) -> Iterator[str]:
    """The URL of a migrated store of the asked size: `keep` (a SQLite file or a PostgreSQL
    database name) is reused when it holds that many events and comments, else (re)built and
    kept; without it, a temporary store is built and removed at the end."""
    with tempfile.TemporaryDirectory(prefix="khabar-load-") as folder:
        if kind == "sqlite":
            path = Path(keep) if keep else Path(folder) / "load.db"
            url = f"sqlite:///{path}"
        else:
            name = keep or f"khabar_load_{os.getpid()}"
            url = f"{POSTGRES}/{name}"
        engine = make_engine(url)
        if keep and kind == "postgresql":
            _create_database(name, drop_first=False)
        if keep and _stored_sizes(engine) == (events, comments):
            upgrade(engine)  # a store kept by an older checkout gets the new migrations
            print(f"Reusing {url}: {events:,} events, {comments:,} comments")
        else:
            engine.dispose()
            if kind == "sqlite":
                for stale in path.parent.glob(path.name + "*"):
                    stale.unlink()
            else:
                _create_database(name, drop_first=True)
            engine = make_engine(url)
            started = time.perf_counter()
            print(f"Building {url}: {events:,} events, {comments:,} comments")
            upgrade(engine)
            if kind == "sqlite":
                build_sqlite(engine, events, comments, seed)
            else:
                build_postgresql(url, events, comments, seed)
            print(f"  built in {time.perf_counter() - started:.0f} s")
        engine.dispose()
        try:
            yield url
        finally:
            if kind == "postgresql" and not keep:
                with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _create_database(name: str, *, drop_first: bool) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit(f"--keep {name!r}: a PostgreSQL database name is lower-case letters, digits, _")
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        if drop_first:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists is None:
            conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------- the clients


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    gzipped: bool

    @property
    def text(self) -> str:
        raw = zlib.decompress(self.body, 16 + zlib.MAX_WBITS) if self.gzipped else self.body
        return raw.decode()


FAILURES = (OSError, EOFError, TimeoutError, ValueError)
"""A refused or reset connection, a cut answer, no answer in time, a malformed one."""


class Client:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: several times cheaper per
    request than httpx, which matters when the clients share the server's cores. Like a
    browser it asks for gzip (the server's middleware compresses pages) and keeps idle
    connections; it lets them go after 4 s, before uvicorn closes them at 5 s (reusing a
    connection being closed fails the request, which a browser would silently retry)."""

    def __init__(self, base: str, timeout: float = 30) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.base, self.timeout = host, int(port), base, timeout
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *_: object) -> None:
        for _reader, writer, _at in self.idle:
            writer.close()
        self.idle.clear()

    async def get(self, path: str, timeout: float | None = None) -> Answer:
        return await self.request("GET", path, b"", timeout)

    async def post(self, path: str, form: dict[str, str]) -> Answer:
        return await self.request("POST", path, urlencode(form).encode(), None)

    async def request(self, method: str, path: str, body: bytes, timeout: float | None) -> Answer:
        return await asyncio.wait_for(self._exchange(method, path, body), timeout or self.timeout)

    async def _exchange(self, method: str, path: str, body: bytes) -> Answer:
        now = time.monotonic()
        while self.idle:
            reader, writer, at = self.idle.pop()
            if now - at < 4:
                break
            writer.close()
        else:
            reader, writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Origin: {self.base}\r\nAccept-Encoding: gzip\r\n"
        )
        if method == "POST":
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
            head += f"Content-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {
            name.strip().lower(): value.strip()
            for name, value in (line.split(":", 1) for line in lines[1:] if ":" in line)
        }
        if headers.get("transfer-encoding") == "chunked":
            parts = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await reader.readexactly(size + 2))
            await reader.readuntil(b"\r\n")
            content = b"".join(part[:-2] for part in parts)
        else:
            content = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            writer.close()
        else:
            self.idle.append((reader, writer, time.monotonic()))
        return Answer(status, content, headers.get("content-encoding") == "gzip")


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Error answers by kind and status, e.g. `event page 500`."""

    async def timed(self, kind: str, request: Awaitable[Answer]) -> Answer | None:
        start = time.perf_counter()
        try:
            response = await request
        except FAILURES as exc:
            self.errors[kind] += 1
            self.statuses[f"{kind} {type(exc).__name__}"] += 1
            return None
        self.latencies[kind].append(time.perf_counter() - start)
        if response.status >= 400:
            self.errors[kind] += 1
            self.statuses[f"{kind} {response.status}"] += 1
            return None
        return response


class Browser:
    """What one person's browser requests for each page, and the think time between pages."""

    def __init__(self, base: str, stats: Stats, events: int, think: float):
        self.client, self.stats, self.events, self.think = Client(base), stats, events, think
        self.rng = random.Random()

    async def pause(self) -> None:
        if self.think > 0:
            await asyncio.sleep(self.rng.expovariate(1 / self.think))

    async def get(self, kind: str, url: str) -> Answer | None:
        return await self.stats.timed(kind, self.client.get(url))

    async def map_data(self, params: str, fit: bool) -> None:
        sep = "&" if params else ""
        await asyncio.gather(
            self.get("map data", f"/map/countries.json?{params}"),
            self.get("map data", f"/map.json?{params}{sep}zoom=2"),
        )
        if fit:  # the map fits the markers, then asks for that view's clusters
            await self.get("map data", f"/map.json?{params}{sep}zoom=4&view=-10,-10,70,40")

    async def read_one(self) -> None:
        """One reader action: a page (with its map data) or a filtered events.json query."""
        rng = self.rng
        country = rng.choice(COUNTRIES)
        pick = rng.random()
        if pick < 0.25:
            query = rng.choice(FILTERS).format(country=country)
            await self.get("events.json (filtered)", f"/events.json?{query}")
        elif pick < 0.45:
            if await self.get("map page", "/"):
                await self.map_data("", fit=True)
        elif pick < 0.60:
            params = f"country={country}" if rng.random() < 0.5 else ""
            if await self.get("event list", f"/events?{params}"):
                await self.map_data(params, fit=False)
        elif pick < 0.90:
            await self.get("event page", f"/events/{rng.randrange(self.events) + 1}")
        else:
            await self.get("documents", "/documents")

    async def reader(self, end: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.think))
        async with self.client:
            while time.monotonic() < end:
                await self.read_one()
                await self.pause()

    async def commenter(self, end: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.think))
        async with self.client:
            await self._comment_until(end)

    async def _comment_until(self, end: float) -> None:
        while time.monotonic() < end:
            event = self.rng.randrange(min(self.events, COMMENTED_EVENTS)) + 1
            page = await self.get("event page", f"/events/{event}")
            await self.pause()
            found = re.search(r'name="form_token" value="([^"]+)"', page.text) if page else None
            if found is None:
                continue
            form = {
                "name": "Load",
                "email": "load@example.org",
                "body": "A comment under load.",
                "form_token": found.group(1),
            }
            url = f"/events/{event}/comments.json"
            await self.stats.timed("comment posts", self.client.post(url, form))
            await self.pause()


async def probe(base: str, stats: Stats, end: float) -> None:
    """The baseline: a static file once a second, no query behind it."""
    async with Client(base) as client:
        while time.monotonic() < end:
            await stats.timed("baseline (static file)", client.get("/static/favicon.svg"))
            await asyncio.sleep(1)


async def drive(base: str, args: argparse.Namespace) -> Stats:
    stats = Stats()
    end = time.monotonic() + args.duration
    people = [Browser(base, stats, args.events, args.think) for _ in range(args.readers)]
    writers = [Browser(base, stats, args.events, args.think) for _ in range(args.commenters)]
    await asyncio.gather(
        probe(base, stats, end),
        *(person.reader(end) for person in people),
        *(person.commenter(end) for person in writers),
    )
    return stats


async def warm_up(base: str) -> tuple[int, float]:
    """Every aggregate the readers ask for, four times over two connections, so that each
    worker has computed (and cached) it before anything is measured; returns the requests and
    seconds it took, the price of a store that has just changed."""
    paths = ["/", "/events", "/map/countries.json", "/map.json?zoom=2"]
    paths.append("/map.json?zoom=4&view=-10,-10,70,40")
    for country in COUNTRIES:
        paths += [f"/events?country={country}", f"/map/countries.json?country={country}"]
        paths.append(f"/map.json?country={country}&zoom=2")
    queue = [path for path in paths for _ in range(4)]
    started = time.perf_counter()

    async def fetch() -> None:
        async with Client(base) as client:
            while queue:
                await client.get(queue.pop(0), timeout=600)

    await asyncio.gather(fetch(), fetch())
    return len(paths) * 4, time.perf_counter() - started


async def saturate(base: str, args: argparse.Namespace) -> Stats:
    """Closed loop, no think time: the most the server answers with a few clients."""
    stats = Stats()
    end = time.monotonic() + args.saturation_duration

    async def loop() -> None:
        person = Browser(base, stats, args.events, 0)
        async with person.client:
            while time.monotonic() < end:
                await person.read_one()

    await asyncio.gather(*(loop() for _ in range(args.saturation_clients)))
    return stats


# ---------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port: int = probe_socket.getsockname()[1]
        return port


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"khabar serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/static/favicon.svg", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("khabar serve did not answer within 180 s")


def _cpu_seconds(root: int) -> float:
    """User + system CPU seconds of a process and its descendants (uvicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {root}, [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.update(frontier)
    return sum(used.get(pid, 0.0) for pid in tree)


@contextmanager
def serve(url: str, workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # Commenters all come from 127.0.0.1: the per-address limit and the time-to-submit check
    # would refuse them, which is their job but not what is measured here.
    env = {
        **os.environ,
        "KHABAR_COMMENT_RATE_LIMIT": "1000000000",
        "KHABAR_COMMENT_MIN_SECONDS": "0",
    }
    khabar = str(Path(sys.executable).with_name("khabar"))
    command = [khabar, "--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    # The server's own log is not shown: the errors are counted by status below.
    server = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_up(base, server)
        yield base, server
    finally:
        server.terminate()  # uvicorn finishes the requests in flight, then exits
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---------------------------------------------------------------------------- the report


def _cuts(times: list[float]) -> tuple[float, float, float]:
    if len(times) < 2:
        value = times[0] if times else 0.0
        return value, value, value
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(stats: Stats, seconds: float) -> dict[str, tuple[int, float, float, float, int]]:
    """Print the table; return count, p50, p95, p99 and errors by kind."""
    rows: dict[str, tuple[int, float, float, float, int]] = {}
    kinds = sorted(stats.latencies.keys() | stats.errors.keys())
    pages = [t for kind in PAGES for t in stats.latencies.get(kind, [])]
    groups = [(kind, stats.latencies.get(kind, []), stats.errors.get(kind, 0)) for kind in kinds]
    groups.append(("pages (all)", pages, sum(stats.errors.get(kind, 0) for kind in PAGES)))
    print(
        f"\n{'requests':<26}{'count':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}{'errors':>7}  target p95"
    )
    for kind, times, errors in groups:
        p50, p95, p99 = _cuts(times)
        rows[kind] = (len(times), p50, p95, p99, errors)
        target = TARGETS.get(kind)
        verdict = ""
        if target is not None:
            verdict = f"< {target * 1000:.0f} ms: {'met' if p95 < target else 'NOT met'}"
        print(
            f"{kind:<26}{len(times):>7}{len(times) / seconds:>8.1f}{p50 * 1000:>8.0f}"
            f"{p95 * 1000:>8.0f}{p99 * 1000:>8.0f}{errors:>7}  {verdict}"
        )
    for what, count in sorted(stats.statuses.items()):
        print(f"  errors: {what}: {count}")
    return rows


def _load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--keep",
        metavar="FILE_OR_DB",
        help="SQLite file or PostgreSQL database name to build once and reuse (default: a "
        "temporary store, removed at the end)",
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--commenters", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean think time between pages, in seconds"
    )
    parser.add_argument("--workers", type=int, default=2, help="`khabar serve --workers`")
    parser.add_argument("--saturation-clients", type=int, default=4)
    parser.add_argument(
        "--saturation-duration", type=float, default=15.0, help="seconds; 0 skips it"
    )
    parser.add_argument("--build-only", action="store_true", help="build (or check) and exit")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with store(args.store, args.keep, args.events, args.comments, args.seed) as url:
        if args.build_only:
            return
        with serve(url, args.workers) as (base, server):
            requests, seconds = asyncio.run(warm_up(base))
            print(
                f"Warm-up (every aggregate computed once per worker): {requests} requests "
                f"in {seconds:.0f} s"
            )
            saturation: tuple[float, float] | None = None
            if args.saturation_duration > 0:
                print(
                    f"Saturation: {args.saturation_clients} clients, no think time, "
                    f"{args.saturation_duration:g} s"
                )
                found = asyncio.run(saturate(base, args))
                times = [t for kind in found.latencies.values() for t in kind]
                saturation = (len(times) / args.saturation_duration, _cuts(times)[1])
                print(f"  {saturation[0]:.1f} req/s, p95 {saturation[1] * 1000:.0f} ms")
            print(
                f"Driving {base}: {args.readers} readers and {args.commenters} commenters, "
                f"think time mean {args.think:g} s, {args.duration:g} s"
            )
            load_before = _load()
            server_cpu, own_cpu = _cpu_seconds(server.pid), time.process_time()
            stats = asyncio.run(drive(base, args))
            server_cpu = _cpu_seconds(server.pid) - server_cpu
            own_cpu = time.process_time() - own_cpu
            load_after = _load()
        rows = report(stats, args.duration)
    print(
        f"CPU seconds during the run: server {server_cpu:.0f}, load generator {own_cpu:.0f} "
        f"(of {2 * args.duration:.0f} on 2 cores); load average {load_before} before, "
        f"{load_after} after"
    )
    pages, filtered = rows["pages (all)"], rows.get("events.json (filtered)", (0, 0, 0, 0, 0))
    errors = sum(row[4] for kind, row in rows.items() if kind != "pages (all)")
    total = sum(row[0] for kind, row in rows.items() if kind != "pages (all)")
    capacity = f"saturation {saturation[0]:.0f} req/s" if saturation else "no saturation run"
    baseline = rows.get("baseline (static file)", (0, 0, 0, 0, 0))
    print(
        f"\nSUMMARY | {args.store} | {args.events:,} events, {args.comments:,} comments | "
        f"{args.readers}+{args.commenters} clients, think {args.think:g} s, {args.duration:g} s, "
        f"{args.workers} workers | {total / args.duration:.1f} req/s, {errors} errors | pages "
        f"p50/p95/p99 {pages[1] * 1000:.0f}/{pages[2] * 1000:.0f}/{pages[3] * 1000:.0f} ms | "
        f"events.json {filtered[1] * 1000:.0f}/{filtered[2] * 1000:.0f}/"
        f"{filtered[3] * 1000:.0f} ms | baseline p95 {baseline[2] * 1000:.0f} ms | {capacity} | "
        f"load {load_before} → {load_after}"
    )


if __name__ == "__main__":
    main()
