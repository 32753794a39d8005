"""Gazetteer reads: place search and list, a place's page (hierarchy, names, the events at it
or naming it), and the gazetteer's sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from khabar.geo.gazetteer import COUNTRY_FEATURE, country_id, normalise
from khabar.store import models as m
from khabar.store.queries.common import MAX_ID, _check_limit, _refuse, keyset
from khabar.store.queries.summaries import EventSummary, PlaceInfo, _event_rows, _info

PLACE_SORTS: dict[str, tuple[Any, bool]] = {
    "population": (m.Place.population, True),
    "name": (m.Place.name, False),
}
"""`sort=` of the place list: most populous first (unknown populations last), or by name."""


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    """A place as a search lists it; `id` is `None` for a match from the in-memory gazetteer."""

    id: int | None
    gazetteer_id: str
    name: str
    feature_code: str
    admin1_name: str | None
    country_code: str | None
    country_name: str | None
    lat: float | None
    lon: float | None
    population: int | None
    matched: str
    """The name that matched the search (the main name or an alternate)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PlacePage:
    items: list[PlaceSummary]
    next_after: int | None


@dataclass(frozen=True, slots=True)
class PlaceNameItem:
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class NamedAt:
    """An event one of whose reports names the place in a role other than the event's site."""

    event: EventSummary
    roles: list[str]
    """`origin`, `claimed_territory`, `mentioned` (or `event_site` of a report the event was
    not placed by)."""
    written: list[str]
    """How the reports wrote the place."""


@dataclass(frozen=True, slots=True)
class PlaceDetail:
    """A place, where it sits, what it is called, and the events at it or naming it."""

    place: PlaceInfo
    feature_class: str
    population: int | None
    built_at: dt.datetime | None
    hierarchy: list[PlaceInfo]
    """The units that hold it, outermost first: country, admin1, admin2."""
    members: list[PlaceInfo]
    """For an informal region: the units it is made of."""
    regions: list[PlaceInfo]
    """The informal regions it is a member of."""
    names: list[PlaceNameItem]
    """Its alternate names (the main name left out)."""
    events_at: list[EventSummary]
    """Events placed here (`event.place`), newest first."""
    named_in: list[NamedAt]
    """Other events whose reports name it, newest first."""


@dataclass(frozen=True, slots=True)
class GazetteerSourceItem:
    name: str
    version: str
    licence: str
    description: str
    built_at: dt.datetime


def gazetteer_sources(session: Session) -> list[GazetteerSourceItem]:
    """The inputs of the last `khabar gazetteer build`; empty when it has never run."""
    rows = session.scalars(select(m.GazetteerSource).order_by(m.GazetteerSource.id))
    return [
        GazetteerSourceItem(row.name, row.version, row.licence, row.description, row.built_at)
        for row in rows
    ]


def search_places(session: Session, name: str, limit: int = 20) -> list[PlaceSummary]:
    """Places with a name (main or alternate) equal to or starting with `name`, ignoring case
    and diacritics; exact matches first, then the most populous.

    Reads the names written by `khabar gazetteer build`; before it, finds nothing.
    """
    _check_limit(limit)
    key = normalise(name)
    if not key:
        return []
    exact = func.max(case((m.PlaceName.normalised == key, 1), else_=0))
    query = (
        select(m.Place, exact.label("exact"), func.min(m.PlaceName.name))
        .join(m.PlaceName, m.PlaceName.place_id == m.Place.id)
        .where(_name_starts(key))
        .group_by(m.Place.id)
        .order_by(exact.desc(), m.Place.population.desc().nulls_last(), m.Place.id)
        .limit(limit)
    )
    return [_place_summary(place, matched) for place, _, matched in session.execute(query)]


def list_places(
    session: Session,
    name: str,
    *,
    sort: str = "population",
    after_id: int | None = None,
    limit: int = 50,
) -> PlacePage:
    """One page of the places `search_places` finds, in `sort` order (see `PLACE_SORTS`)
    rather than exact matches first, which no cursor could continue."""
    _check_limit(limit)
    if sort not in PLACE_SORTS:
        _refuse(f"sort={sort!r}: choose one of {', '.join(PLACE_SORTS)}.")
    key = normalise(name)
    if not key:
        return PlacePage([], None)
    query = (
        select(m.Place, func.min(m.PlaceName.name))
        .join(m.PlaceName, m.PlaceName.place_id == m.Place.id)
        .where(_name_starts(key))
        .group_by(m.Place.id)
    )
    column, descending = PLACE_SORTS[sort]
    query = keyset(session, query, column, m.Place.id, descending, after_id, "place")
    rows = session.execute(query.limit(limit + 1)).all()
    items = [_place_summary(place, matched) for place, matched in rows[:limit]]
    return PlacePage(items, items[-1].id if len(rows) > limit else None)


def _name_starts(key: str) -> ColumnElement[bool]:
    """A place name equal to or starting with the normalised `key`, as an index range: every
    string that starts with `key` sorts in [key, key with its last character bumped)."""
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    return (m.PlaceName.normalised >= key) & (m.PlaceName.normalised < upper)


def _place_summary(place: m.Place, matched: str) -> PlaceSummary:
    return PlaceSummary(
        id=place.id,
        gazetteer_id=place.gazetteer_id,
        name=place.name,
        feature_code=place.feature_code,
        admin1_name=place.admin1_name,
        country_code=place.country_code,
        country_name=place.country_name,
        lat=place.lat,
        lon=place.lon,
        population=place.population,
        matched=matched,
    )


def get_place(session: Session, place_id: int) -> PlaceDetail | None:
    """The place, or `None` when no place has that id."""
    if not 0 < place_id <= MAX_ID:
        return None
    place = session.get(m.Place, place_id)
    if place is None:
        return None
    names = session.scalars(
        select(m.PlaceName).where(m.PlaceName.place_id == place_id).order_by(m.PlaceName.id)
    )
    members = select(m.PlaceMember.member_id).where(m.PlaceMember.region_id == place_id)
    regions = select(m.PlaceMember.region_id).where(m.PlaceMember.member_id == place_id)
    return PlaceDetail(
        place=_info(place),
        feature_class=place.feature_class,
        population=place.population,
        built_at=place.built_at,
        hierarchy=_hierarchy(session, place),
        members=_places_in(session, members),
        regions=_places_in(session, regions),
        names=[PlaceNameItem(n.name, n.source) for n in names if n.name != place.name],
        events_at=_events_at(session, place_id),
        named_in=_named_in(session, place_id),
    )


def _hierarchy(session: Session, place: m.Place) -> list[PlaceInfo]:
    """Country, admin1 and admin2 units holding `place`, found by the gazetteer's id scheme."""
    if place.feature_code == COUNTRY_FEATURE or not place.country_code:
        return []
    wanted = [country_id(place.country_code)]
    if place.admin1_code and place.feature_code != "ADM1":
        wanted.append(f"admin1:{place.country_code}.{place.admin1_code}")
    found = {
        row.gazetteer_id: row
        for row in session.scalars(select(m.Place).where(m.Place.gazetteer_id.in_(wanted)))
    }
    units = [found[gid] for gid in wanted if gid in found]
    if place.admin2_name and place.feature_code not in ("ADM1", "ADM2"):
        admin2 = session.scalars(
            select(m.Place)
            .where(
                m.Place.feature_code == "ADM2",
                m.Place.country_code == place.country_code,
                m.Place.admin1_code == place.admin1_code,
                m.Place.name == place.admin2_name,
            )
            .limit(1)
        ).first()
        if admin2 is not None:
            units.append(admin2)
    return [_info(unit) for unit in units]


def _places_in(session: Session, ids: Select[int]) -> list[PlaceInfo]:
    rows = session.scalars(select(m.Place).where(m.Place.id.in_(ids)).order_by(m.Place.name))
    return [_info(row) for row in rows]


def _events_at(session: Session, place_id: int) -> list[EventSummary]:
    return _event_rows(session, m.Event.place_id == place_id)


def _named_in(session: Session, place_id: int) -> list[NamedAt]:
    naming = (
        select(m.Report.event_id)
        .join(m.ReportPlace, m.ReportPlace.report_id == m.Report.id)
        .where(m.ReportPlace.place_id == place_id)
    )
    events = _event_rows(
        session,
        and_(
            m.Event.id.in_(naming),
            or_(m.Event.place_id.is_(None), m.Event.place_id != place_id),
        ),
    )
    if not events:
        return []
    rows = session.execute(
        select(m.Report.event_id, m.ReportPlace.role, m.ReportPlace.text)
        .join(m.ReportPlace, m.ReportPlace.report_id == m.Report.id)
        .where(
            m.ReportPlace.place_id == place_id,
            m.Report.event_id.in_([event.id for event in events]),
        )
        .order_by(m.ReportPlace.id)
    ).all()
    roles: dict[int | None, list[str]] = {}
    written: dict[int | None, list[str]] = {}
    for event_id, role, text in rows:
        if role not in roles.setdefault(event_id, []):
            roles[event_id].append(role)
        if text not in written.setdefault(event_id, []):
            written[event_id].append(text)
    return [NamedAt(e, roles.get(e.id, []), written.get(e.id, [])) for e in events]
