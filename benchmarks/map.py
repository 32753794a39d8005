"""Latency of the map's endpoints over 100,000 events, against a `SELECT count(*)` baseline.

A temporary SQLite store is filled with synthetic events (fixed seed) on 2,000 places spread
over four regions, then each endpoint is requested through the app (in-process, no network)
and its median latency printed with its ratio to the median of a plain `SELECT count(*) FROM
event` timed in the same run, so the ratios hold across machines. Filling the store happens
before any clock starts.

    .venv/bin/python benchmarks/map.py [--events 100000] [--repeat 7] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store
from khabar.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
REGIONS = (  # (country, lat, lon) centres; places scatter a few degrees around them
    ("AF", 34.0, 66.0),
    ("IQ", 33.5, 43.5),
    ("SY", 35.0, 38.5),
    ("ML", 15.0, -2.0),
)
PLACES = 2_000
START = date(2023, 1, 1)
DAYS = 730
BATCH = 10_000


def fill(url: str, events: int, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(url)
    now = datetime.now(UTC)
    with store.session() as session, session.begin():
        place_rows = []
        for i in range(PLACES):
            code, lat, lon = REGIONS[i % len(REGIONS)]
            place_rows.append(
                {
                    "gazetteer_id": f"bench:{i}",
                    "name": f"Place {i}",
                    "feature_class": "P",
                    "feature_code": "PPL",
                    "country_code": code,
                    "country_name": code,
                    "admin1_name": f"Province {i % 40}",
                    "lat": lat + rng.uniform(-4, 4),
                    "lon": lon + rng.uniform(-4, 4),
                }
            )
        session.execute(insert(m.Place), place_rows)
        ids = list(session.scalars(select(m.Place.id)))
        for first in range(0, events, BATCH):
            rows = []
            for _ in range(min(BATCH, events - first)):
                killed = rng.choice((None, 0, 1, 2, 3, 5, 8, 13, 40))
                rows.append(
                    {
                        "event_type": rng.choice(TYPES),
                        "sub_event_type": "Armed clash",
                        "gtd_attack_type": "Armed Assault",
                        "date": START + timedelta(days=rng.randrange(DAYS)),
                        "date_precision": "day",
                        "place_id": rng.choice(ids),
                        "place_precision": 1,
                        "killed_low": killed,
                        "killed_best": killed,
                        "killed_high": killed,
                        "merge_rule": "single-report",
                        "curation_status": "machine",
                        "created_at": now,
                    }
                )
            session.execute(insert(m.Event), rows)
    store.engine.dispose()


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches and the app's first-request work
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        fill(url, args.events, args.seed)
        store = Store.open(url)

        def count() -> object:
            with store.session() as session:
                return session.scalar(select(func.count(m.Event.id)))

        baseline = median_ms(count, args.repeat)
        with TestClient(create_app(store, Settings())) as client:
            last_page = client.get("/events.json?limit=50").json()["next_after"]
            targets = {
                "/map.json?zoom=3 (world)": "/map.json?zoom=3",
                "/map.json?zoom=7&view=… (one region)": "/map.json?zoom=7&view=62,30,70,38",
                "/map.json?zoom=3&type=Battles&min_deaths=5": (
                    "/map.json?zoom=3&type=Battles&min_deaths=5"
                ),
                "/map/countries.json": "/map/countries.json",
                "/timeline.json": "/timeline.json",
                "/events.json (first page of 50)": "/events.json?limit=50",
                "/events.json (second page, keyset)": f"/events.json?limit=50&after={last_page}",
                "/events.geojson (10,000 newest)": "/events.geojson",
            }
            print(f"{args.events:,} events; baseline SELECT count(*): {baseline:.1f} ms")
            print(f"{'endpoint':<46} {'median ms':>10} {'× baseline':>11} {'answer':>10}")
            for name, path in targets.items():
                size = len(client.get(path).content)
                took = median_ms(lambda path=path: client.get(path), args.repeat)
                print(f"{name:<46} {took:>10.1f} {took / baseline:>11.1f} {size:>9,}B")
        store.engine.dispose()


if __name__ == "__main__":
    main()
