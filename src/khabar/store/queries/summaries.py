"""The small records every page links to — a place, an actor, an event's list line — and
their builders from rows, shared by the event, place, actor and claim queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from khabar.store import models as m
from khabar.store.queries.common import HIDDEN_STATUSES

PLACE_EVENTS_LIMIT = 100
"""A place page lists at most this many events of each kind (the newest)."""


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    id: int
    gazetteer_id: str
    name: str
    feature_code: str
    country_code: str | None
    country_name: str | None
    admin1_name: str | None
    admin2_name: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class EventSummary:
    id: int
    event_type: str
    sub_event_type: str
    date: dt.date | None
    date_precision: str | None
    place_name: str | None
    country_code: str | None
    place_precision: int | None
    killed_low: int | None
    killed_best: int | None
    killed_high: int | None
    injured_low: int | None
    injured_best: int | None
    injured_high: int | None
    abducted_low: int | None
    abducted_best: int | None
    abducted_high: int | None
    curation_status: str
    report_count: int

    def to_dict(self) -> dict[str, Any]:
        """Flat and JSON-ready but for `date` (callers choose how to write it)."""
        return asdict(self)


def _event_rows(
    session: Session, where: ColumnElement[bool], limit: int = PLACE_EVENTS_LIMIT
) -> list[EventSummary]:
    report_count = (
        select(func.count(m.Report.id)).where(m.Report.event_id == m.Event.id).scalar_subquery()
    )
    rows = session.execute(
        select(m.Event, m.Place, report_count)
        .outerjoin(m.Place, m.Event.place_id == m.Place.id)
        .where(where, m.Event.curation_status.not_in(HIDDEN_STATUSES))
        .order_by(m.Event.date.desc().nulls_last(), m.Event.id.desc())
        .limit(limit)
    ).all()
    return [_event_summary(event, place, count) for event, place, count in rows]


def _place_info(place: m.Place | None) -> PlaceInfo | None:
    return None if place is None else _info(place)


def _info(place: m.Place) -> PlaceInfo:
    return PlaceInfo(
        id=place.id,
        gazetteer_id=place.gazetteer_id,
        name=place.name,
        feature_code=place.feature_code,
        country_code=place.country_code,
        country_name=place.country_name,
        admin1_name=place.admin1_name,
        admin2_name=place.admin2_name,
        lat=place.lat,
        lon=place.lon,
    )


def _event_summary(event: m.Event, place: m.Place | None, report_count: int) -> EventSummary:
    return EventSummary(
        id=event.id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date=event.date,
        date_precision=event.date_precision,
        place_name=place.name if place else None,
        country_code=place.country_code if place else None,
        place_precision=event.place_precision,
        killed_low=event.killed_low,
        killed_best=event.killed_best,
        killed_high=event.killed_high,
        injured_low=event.injured_low,
        injured_best=event.injured_best,
        injured_high=event.injured_high,
        abducted_low=event.abducted_low,
        abducted_best=event.abducted_best,
        abducted_high=event.abducted_high,
        curation_status=event.curation_status,
        report_count=report_count,
    )


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str
    kind: str
    provisional: bool


def _ref(actor: m.Actor | None) -> ActorRef | None:
    if actor is None:
        return None
    return ActorRef(actor.id, actor.name, actor.kind, actor.provisional)
