"""Events read for export in batches, keyset-paged by id, so memory does not grow with the store.

Each batch is read in one session whose objects are dropped before the next batch, and is
turned into plain `EventRow`s that carry everything any layout needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from khabar.store import models as m
from khabar.store.queries import (
    Count,
    EventFilters,
    filter_events,
    merged_count,
    most_credible_first,
)
from khabar.store.repository import Store

BATCH_SIZE = 500
MERGED = "merged"
"""The status of an event an analyst merged into another (see `khabar.curate`)."""
ROLES = ("perpetrator", "target", "ally")


@dataclass(frozen=True, slots=True)
class ExportActor:
    name: str
    """The registry's canonical name (a merged actor's successor)."""
    kind: str


@dataclass(frozen=True, slots=True)
class ExportSource:
    outlet: str | None
    url: str | None
    title: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event with its place, merged counts, actors and sources, ready for any layout."""

    id: int
    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    date: dt.date | None
    date_precision: str | None
    place_name: str | None
    admin1: str | None
    admin2: str | None
    country_code: str | None
    country_name: str | None
    lat: float | None
    lon: float | None
    place_precision: int | None
    killed: Count
    """Merged low/best/high; `qualifier` is the words of the most credible report giving best."""
    injured: Count
    abducted: Count
    actors: dict[str, tuple[ExportActor, ...]]
    """By role (`perpetrator`, `target`, `ally`), each actor once, in report order."""
    report_count: int
    sources: tuple[ExportSource, ...]
    """One per document, in report order."""
    notes: str | None
    """The sentence the most credible report was read from."""
    curation_status: str
    merge_rule: str
    created_at: dt.datetime


def iter_rows(
    store: Store,
    filters: EventFilters,
    batch_size: int = BATCH_SIZE,
    hidden: tuple[str, ...] = (MERGED,),
) -> Iterator[EventRow]:
    """Every matching event in id order, `batch_size` at a time; without a status filter,
    events whose status is in `hidden` are left out (the web's downloads hide what its
    lists hide)."""
    after = 0
    while True:
        with store.session() as session:
            events = session.scalars(_batch(filters, after, batch_size, hidden)).all()
            if not events:
                return
            notes = _sentences(session, [r for e in events for r in e.reports])
            rows = [_row(event, notes) for event in events]
        yield from rows
        after = rows[-1].id


def _batch(
    filters: EventFilters, after: int, size: int, hidden: tuple[str, ...]
) -> Select[m.Event]:
    query = (
        select(m.Event)
        .outerjoin(m.Place, m.Event.place_id == m.Place.id)
        .where(m.Event.id > after)
        .options(
            selectinload(m.Event.place),
            selectinload(m.Event.reports).options(
                selectinload(m.Report.document).load_only(
                    m.Document.outlet,
                    m.Document.url,
                    m.Document.canonical_url,
                    m.Document.source,
                    m.Document.title,
                    m.Document.published_at,
                ),
                selectinload(m.Report.actors)
                .selectinload(m.ReportActor.actor)
                .selectinload(m.Actor.merged_into),
            ),
        )
    )
    # A merged event is only a redirect now: its reports are exported with the event kept.
    # Rejected events stay in a CLI export (with their status); the lists hide them.
    query = filter_events(query, filters, hidden=hidden)
    return query.order_by(m.Event.id).limit(size)


def _sentences(session: Session, reports: list[m.Report]) -> dict[int, str]:
    """Each report's sentence, cut from the document in the database (texts stay unloaded)."""
    if not reports:
        return {}
    length = m.Report.sentence_end - m.Report.sentence_start
    rows = session.execute(
        select(m.Report.id, func.substr(m.Document.text, m.Report.sentence_start + 1, length))
        .join(m.Document, m.Document.id == m.Report.document_id)
        .where(m.Report.id.in_([report.id for report in reports]))
    ).all()
    return {report_id: " ".join(text.split()) for report_id, text in rows if text}


def _actors(reports: list[m.Report], role: str) -> tuple[ExportActor, ...]:
    found: dict[str, ExportActor] = {}
    for report in reports:
        for row in report.actors:
            if row.role != role:
                continue
            actor = row.actor.merged_into or row.actor
            found.setdefault(actor.name, ExportActor(actor.name, actor.kind))
    return tuple(found.values())


def _sources(reports: list[m.Report]) -> tuple[ExportSource, ...]:
    found: dict[int, ExportSource] = {}
    for report in reports:
        document = report.document
        found.setdefault(
            document.id,
            ExportSource(
                outlet=document.outlet,
                url=document.canonical_url or document.url or document.source,
                title=document.title,
                published=document.published_at.date() if document.published_at else None,
            ),
        )
    return tuple(found.values())


def _row(event: m.Event, notes: dict[int, str]) -> EventRow:
    place = event.place
    credible = most_credible_first(event.reports)
    return EventRow(
        id=event.id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        gtd_attack_type=event.gtd_attack_type,
        date=event.date,
        date_precision=event.date_precision,
        place_name=place.name if place else None,
        admin1=place.admin1_name if place else None,
        admin2=place.admin2_name if place else None,
        country_code=place.country_code if place else None,
        country_name=place.country_name if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        place_precision=event.place_precision,
        killed=merged_count(event, credible, "killed"),
        injured=merged_count(event, credible, "injured"),
        abducted=merged_count(event, credible, "abducted"),
        actors={role: _actors(list(event.reports), role) for role in ROLES},
        report_count=len(event.reports),
        sources=_sources(list(event.reports)),
        notes=next((notes[r.id] for r in credible if r.id in notes), None),
        curation_status=event.curation_status,
        merge_rule=event.merge_rule,
        created_at=event.created_at,
    )
