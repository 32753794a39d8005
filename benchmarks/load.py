"""Load benchmark: the app under concurrent readers and commenters, on 127.0.0.1 only.

Builds a SQLite store of synthetic events, reports, documents and comments with bulk inserts,
starts `khabar serve` on a free port of 127.0.0.1, and drives it with a bounded number of
concurrent clients for a bounded time: readers fetch pages (map, event list, event pages,
documents) and filtered `events.json` queries; commenters load an event page and post a comment
through the JSON twin, as the page's own script does. Prints requests/s, p50/p95/p99 latency and
errors for each kind of request.

    .venv/bin/python benchmarks/load.py                          # 1,000,000 events, 60 s
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
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from khabar.store import models as m
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
CHUNK = 20_000
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _chunks(engine: Any, table: Any, rows: Any, total: int) -> None:
    """Bulk-insert `total` rows from the generator `rows`, CHUNK at a time."""
    with engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
    print(f"  {table.name}: {total:,} rows", flush=True)


def build_store(url: str, events: int, comments: int, seed: int) -> None:
    """A migrated store with `events` events (one report and document each, 10 per document)
    spread over 200 places in 10 countries, and `comments` comments on the first events."""
    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine)
    places = 200
    documents = max(1, events // 10)
    _chunks(
        engine,
        m.Place.__table__,
        (
            {
                "id": i + 1,
                "gazetteer_id": f"synthetic:{i}",
                "name": f"Town {i}",
                "feature_class": "P",
                "feature_code": "PPL",
                "country_code": COUNTRIES[i % 10],
                "lat": rng.uniform(-10, 40),
                "lon": rng.uniform(-10, 70),
                "population": 5000,
            }
            for i in range(places)
        ),
        places,
    )
    _chunks(
        engine,
        m.Document.__table__,
        (
            {
                "id": i + 1,
                "source": f"synthetic/{i}.html",
                "source_kind": "file",
                "title": f"Synthetic report {i}",
                "fetched_at": NOW,
                "published_at": NOW,
                "text": "Gunmen attacked a checkpoint, killing 5 people, officials said.",
                "raw_sha256": f"{i:064x}",
                "status": "extracted",
                "language": "en",
            }
            for i in range(documents)
        ),
        documents,
    )

    def event_rows() -> Any:
        for i in range(events):
            kind = TYPES[i % len(TYPES)]
            killed = rng.choice([None, 0, 1, 3, 5, 12, 30])
            yield {
                "id": i + 1,
                "event_type": kind[0],
                "sub_event_type": kind[1],
                "gtd_attack_type": kind[2],
                "date": date(2023, 1, 1) + timedelta(days=rng.randrange(730)),
                "date_precision": "day",
                "place_id": rng.randrange(places) + 1,
                "place_precision": 1,
                "killed_low": killed,
                "killed_best": killed,
                "killed_high": killed,
                "merge_rule": "ucdp",
                "curation_status": "machine",
                "created_at": NOW,
            }

    _chunks(engine, m.Event.__table__, event_rows(), events)
    _chunks(
        engine,
        m.Report.__table__,
        (
            {
                "id": i + 1,
                "document_id": i // 10 + 1,
                "event_id": i + 1,
                "event_type": TYPES[i % len(TYPES)][0],
                "sub_event_type": TYPES[i % len(TYPES)][1],
                "gtd_attack_type": TYPES[i % len(TYPES)][2],
                "confidence": 0.5,
                "extractor": "synthetic@1",
                "sentence_start": 0,
                "sentence_end": 10,
            }
            for i in range(events)
        ),
        events,
    )
    _chunks(
        engine,
        m.Comment.__table__,
        (
            {
                "subject_kind": "event",
                "subject_id": i % max(1, min(events, 1000)) + 1,
                "depth": 1,
                "author_name": f"Reader {i}",
                "author_key": f"{i:064x}",
                "body_markdown": "Noted.",
                "body_html": "<p>Noted.</p>",
                "status": "approved",
                "ip_hash": f"{i:064x}",
                "created_at": NOW,
            }
            for i in range(comments)
        ),
        comments,
    )
    engine.dispose()


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[str, int] = defaultdict(int)
        """Error answers by kind and status, e.g. `pages 500`."""

    async def timed(self, kind: str, request: Any) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response: httpx.Response = await request
        except httpx.HTTPError as exc:
            self.errors[kind] += 1
            self.statuses[f"{kind} {type(exc).__name__}"] += 1
            return None
        self.latencies[kind].append(time.perf_counter() - start)
        if response.status_code >= 400:
            self.errors[kind] += 1
            self.statuses[f"{kind} {response.status_code}"] += 1
        return response


async def reader(client: httpx.AsyncClient, stats: Stats, events: int, end: float) -> None:
    rng = random.Random()
    while time.monotonic() < end:
        if rng.random() < 0.5:
            query = rng.choice(FILTERS).format(country=rng.choice(COUNTRIES))
            await stats.timed("events.json (filtered)", client.get(f"/events.json?{query}"))
        else:
            page = rng.choice(
                ["/", "/events", f"/events/{rng.randrange(events) + 1}", "/documents"]
            )
            await stats.timed("pages", client.get(page))


async def commenter(client: httpx.AsyncClient, stats: Stats, events: int, end: float) -> None:
    rng = random.Random()
    while time.monotonic() < end:
        event = rng.randrange(min(events, 1000)) + 1
        page = await stats.timed("pages", client.get(f"/events/{event}"))
        found = re.search(r'name="form_token" value="([^"]+)"', page.text) if page else None
        if found is None:
            continue
        form = {
            "name": "Load",
            "email": "load@example.org",
            "body": "A comment under load.",
            "form_token": found.group(1),
        }
        await stats.timed("comment posts", client.post(f"/events/{event}/comments.json", data=form))


async def drive(base: str, events: int, readers: int, commenters: int, seconds: float) -> Stats:
    stats = Stats()
    limits = httpx.Limits(max_connections=readers + commenters)
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=limits, headers={"Origin": base}
    ) as client:
        end = time.monotonic() + seconds
        await asyncio.gather(
            *(reader(client, stats, events, end) for _ in range(readers)),
            *(commenter(client, stats, events, end) for _ in range(commenters)),
        )
    return stats


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"khabar serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/index.json", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("khabar serve did not answer within 120 s")


def report(stats: Stats, seconds: float) -> None:
    print(
        f"\n{'requests':<24}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'errors':>8}"
    )
    for kind in sorted(stats.latencies.keys() | stats.errors.keys()):
        times = sorted(stats.latencies[kind])
        cuts = statistics.quantiles(times, n=100) if len(times) >= 2 else times * 99 or [0] * 99
        print(
            f"{kind:<24}{len(times):>8}{len(times) / seconds:>9.1f}{cuts[49] * 1000:>9.0f}"
            f"{cuts[94] * 1000:>9.0f}{cuts[98] * 1000:>9.0f}{stats.errors[kind]:>8}"
        )
    for what, count in sorted(stats.statuses.items()):
        print(f"  errors: {what}: {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--commenters", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="khabar-load-") as folder:
        url = f"sqlite:///{Path(folder) / 'load.db'}"
        started = time.perf_counter()
        print(f"Building a store of {args.events:,} events and {args.comments:,} comments")
        build_store(url, args.events, args.comments, args.seed)
        print(f"  built in {time.perf_counter() - started:.1f} s")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        # Commenters all come from 127.0.0.1: the per-address limit and the time-to-submit
        # check would refuse them, which is their job but not what is measured here.
        env = {
            **os.environ,
            "KHABAR_COMMENT_RATE_LIMIT": "1000000000",
            "KHABAR_COMMENT_MIN_SECONDS": "0",
        }
        khabar = str(Path(sys.executable).with_name("khabar"))
        command = [khabar, "--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)]
        # The server's own log is not shown: the errors are counted by status below.
        server = subprocess.Popen(  # noqa: S603
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_until_up(base, server)
            print(
                f"Driving {base} with {args.readers} readers and {args.commenters} "
                f"commenters for {args.duration:g} s"
            )
            stats = asyncio.run(
                drive(base, args.events, args.readers, args.commenters, args.duration)
            )
        finally:
            server.terminate()  # uvicorn finishes the requests in flight, then exits
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        report(stats, args.duration)


if __name__ == "__main__":
    main()
