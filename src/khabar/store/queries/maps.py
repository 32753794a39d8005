"""The map's reads: events as GeoJSON, clusters grouped in SQL on a grid sized to the zoom,
and events per country for the choropleth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pycountry
from sqlalchemy import Integer, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from khabar.store import models as m
from khabar.store.queries.common import _refuse
from khabar.store.queries.filters import EventFilters, _in_box, filter_events

MAP_LIMIT = 10_000
"""The map draws at most this many events (the newest), to keep the GeoJSON a few MB at most."""
CELLS_PER_TILE = 4
"""Map clusters are grid cells of a quarter of a 256-pixel tile: about 64 pixels at any zoom."""
MAX_ZOOM = 18


def point_feature(
    event_id: int, lon: float, lat: float, properties: dict[str, Any]
) -> dict[str, Any]:
    """One event as an RFC 7946 Feature: a Point at [longitude, latitude] (WGS 84), the event
    id as the feature id; the map's GeoJSON and the GeoJSON export both build theirs here."""
    return {
        "type": "Feature",
        "id": event_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def map_events(session: Session, filters: EventFilters | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events whose place has coordinates: the newest
    `MAP_LIMIT`, with the few properties the map shows (the export's GeoJSON has them all)."""
    query = filter_events(
        select(m.Event, m.Place)
        .join(m.Place, m.Event.place_id == m.Place.id)
        .where(m.Place.lat.is_not(None), m.Place.lon.is_not(None)),
        filters or EventFilters(),
    )
    rows = session.execute(
        query.order_by(m.Event.date.desc().nulls_last(), m.Event.id.desc()).limit(MAP_LIMIT)
    ).all()
    return {
        "type": "FeatureCollection",
        "features": [
            point_feature(
                event.id,
                cast(float, place.lon),  # the query keeps only events placed at a point
                cast(float, place.lat),
                {
                    "id": event.id,
                    "event_type": event.event_type,
                    "sub_event_type": event.sub_event_type,
                    "date": event.date.isoformat() if event.date else None,
                    "killed_best": event.killed_best,
                    "place_name": place.name,
                    "country_code": place.country_code,
                    "place_precision": event.place_precision,
                },
            )
            for event, place in rows
        ],
    }


@dataclass(frozen=True, slots=True)
class MapCluster:
    """The events of one grid cell of one type mix, drawn as one marker."""

    lat: float
    lon: float
    """The mean position of its events."""
    events: int
    deaths: int
    event_type: str
    """Its most frequent event type (ties: the first by name), which colours the marker."""
    types: dict[str, int]
    event_id: int | None
    """The event, when the cluster holds just one."""
    first_id: int
    """Its lowest event id, so a cluster's popup can open one of its events."""


@dataclass(frozen=True, slots=True)
class MapClusters:
    zoom: int
    cell: float
    """Width and height of a grid cell, in degrees."""
    events: int
    clusters: list[MapCluster]


@dataclass(frozen=True, slots=True)
class CountryCount:
    code: str
    numeric: str | None
    """ISO 3166-1 numeric code: the id of the country's shape in world-atlas."""
    name: str
    events: int
    deaths: int


class _CellIndex(FunctionElement[int]):
    """floor() of a non-negative number, on SQLite without its optional math functions."""

    type = Integer()
    name = "cell_index"
    inherit_cache = True


@compiles(_CellIndex)
def _cell_index(element: _CellIndex, compiler: Any, **kw: Any) -> str:
    return f"CAST(FLOOR({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(_CellIndex, "sqlite")
def _cell_index_sqlite(element: _CellIndex, compiler: Any, **kw: Any) -> str:
    # CAST truncates toward zero, which is floor() for the shifted, non-negative coordinates.
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


def map_clusters(
    session: Session,
    filters: EventFilters,
    zoom: int,
    view: tuple[float, float, float, float] | None = None,
) -> MapClusters:
    """The matching events with coordinates, grouped in SQL on a grid whose cells are about 64
    pixels wide at `zoom` (Web Mercator tiles), inside `view` when given; one cluster per
    cell, so the answer stays small whatever the number of events."""
    if not 0 <= zoom <= MAX_ZOOM:
        _refuse(f"zoom={zoom} must be between 0 and {MAX_ZOOM}.")
    cell = 360.0 / (2**zoom * CELLS_PER_TILE)
    # Events are counted per place and type first, which reads the covering index
    # `ix_event_place_type` place by place; only those few rows are then put on the grid.
    per_place = filter_events(
        select(
            m.Place.lat,
            m.Place.lon,
            m.Event.event_type,
            func.count(m.Event.id).label("n"),
            func.coalesce(func.sum(m.Event.killed_best), 0).label("dead"),
            func.min(m.Event.id).label("first_id"),
        )
        .select_from(m.Event)
        .join(m.Place, m.Event.place_id == m.Place.id)
        .where(m.Place.lat.is_not(None), m.Place.lon.is_not(None)),
        filters,
    )
    if view is not None:
        per_place = _in_box(per_place, view)
    places = per_place.group_by(m.Place.id, m.Place.lat, m.Place.lon, m.Event.event_type).subquery()
    cells = select(
        _CellIndex((places.c.lon + 180.0) / cell).label("gx"),
        _CellIndex((places.c.lat + 90.0) / cell).label("gy"),
        places,
    ).subquery()
    rows = session.execute(
        select(
            cells.c.gx,
            cells.c.gy,
            cells.c.event_type,
            func.sum(cells.c.n),
            func.sum(cells.c.dead),
            func.sum(cells.c.lat * cells.c.n) / func.sum(cells.c.n),
            func.sum(cells.c.lon * cells.c.n) / func.sum(cells.c.n),
            func.min(cells.c.first_id),
        ).group_by(cells.c.gx, cells.c.gy, cells.c.event_type)
    ).all()
    grouped: dict[tuple[int, int], list[Any]] = {}
    for gx, gy, kind, n, dead, lat, lon, first_id in rows:
        grouped.setdefault((int(gx), int(gy)), []).append(
            (kind, int(n), int(dead), lat, lon, first_id)
        )
    clusters = []
    for key in sorted(grouped):
        parts = grouped[key]
        n = sum(part[1] for part in parts)
        types = {kind: count for kind, count, *_ in sorted(parts)}
        clusters.append(
            MapCluster(
                lat=round(sum(p[3] * p[1] for p in parts) / n, 5),
                lon=round(sum(p[4] * p[1] for p in parts) / n, 5),
                events=n,
                deaths=sum(p[2] for p in parts),
                event_type=min(types, key=lambda kind: (-types[kind], kind)),
                types=types,
                event_id=parts[0][5] if n == 1 else None,
                first_id=min(p[5] for p in parts),
            )
        )
    return MapClusters(zoom, cell, sum(c.events for c in clusters), clusters)


def country_counts(session: Session, filters: EventFilters) -> list[CountryCount]:
    """Matching events and deaths per country of the event's place, for a choropleth."""
    # Per place first (the covering index `ix_event_place_type`, place by place), then per
    # country over those few rows.
    places = (
        filter_events(
            select(
                m.Place.country_code,
                m.Place.country_name,
                func.count(m.Event.id).label("n"),
                func.coalesce(func.sum(m.Event.killed_best), 0).label("dead"),
            )
            .select_from(m.Event)
            .join(m.Place, m.Event.place_id == m.Place.id)
            .where(m.Place.country_code.is_not(None)),
            filters,
        )
        .group_by(m.Place.id, m.Place.country_code, m.Place.country_name)
        .subquery()
    )
    rows = session.execute(
        select(
            places.c.country_code,
            func.max(places.c.country_name),
            func.sum(places.c.n),
            func.sum(places.c.dead),
        )
        .group_by(places.c.country_code)
        .order_by(places.c.country_code)
    ).all()
    found = []
    for code, name, n, dead in rows:
        country = pycountry.countries.get(alpha_2=code)
        numeric = country.numeric if country is not None else None
        found.append(CountryCount(str(code), numeric, name or str(code), int(n), int(dead or 0)))
    return found
