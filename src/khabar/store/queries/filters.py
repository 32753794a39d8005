"""The event filters shared by the event list, the map, the timeline and exports: user input
parsed once, and applied in SQL the same way everywhere (full-text search on each backend)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Select, String, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from khabar.store import models as m
from khabar.store.queries.common import _Q, HIDDEN_STATUSES, MAX_ID, _refuse

CURATION_STATUSES = ("machine", "reviewed", "corrected", "rejected", "merged")
MAX_TEXT = 200
"""Longest text filter (`actor`, `admin1`, `q`) accepted."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Filters shared by the event list, the map, the timeline and exports; `None` is "any".

    Build them from user input with `parse_filters`, which refuses values that mean nothing.
    """

    event_type: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the event's place, any case."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    """Both ends inclusive; undated events are left out when either is set."""
    status: str | None = None
    """Curation status; by default every event but rejected and merged ones."""
    actor: str | None = None
    """Actor id, name or alias in any role of a report; its sub-groups (registry children,
    transitively) count too."""
    admin1: str | None = None
    """First-level unit of the event's place: its name (any case) or gazetteer code."""
    bbox: tuple[float, float, float, float] | None = None
    """west, south, east, north in degrees; west > east crosses the antimeridian."""
    min_deaths: int | None = None
    """Best killed figure at least this; events with no figure are left out."""
    q: str | None = None
    """Words that must all occur in the title or text of a document reporting the event."""


def parse_filters(
    *,
    event_type: str | None = None,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    status: str | None = None,
    actor: str | None = None,
    admin1: str | None = None,
    bbox: str | None = None,
    min_deaths: str | None = None,
    q: str | None = None,
) -> EventFilters:
    """Filters from user input (URL parameters, CLI options): an empty value means "any", and
    a value that can match nothing by its form is refused, naming the parameter.

    Whether `actor` names a registry entry needs the store: see `unknown_actor`.
    """
    from khabar.extract.triggers import ACLED_EVENT_TYPES

    event_type, country, status = _text(event_type), _text(country), _text(status)
    if event_type is not None and event_type not in ACLED_EVENT_TYPES:
        _refuse(
            f"type={event_type!r} is not an event type; choose one of "
            f"{', '.join(ACLED_EVENT_TYPES)}."
        )
    if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
        _refuse(f"country={country!r} is not an ISO 3166-1 alpha-2 code such as AF.")
    if status is not None and status not in CURATION_STATUSES:
        _refuse(
            f"status={status!r} is not a curation status; choose one of "
            f"{', '.join(CURATION_STATUSES)}."
        )
    start, end = _date("from", date_from), _date("to", date_to)
    if start and end and start > end:
        _refuse(f"from={start} is after to={end}; swap them.")
    least = _text(min_deaths)
    if least is not None and not (least.isascii() and least.isdecimal() and int(least) <= MAX_ID):
        _refuse(f"min_deaths={least!r} is not a whole number of deaths such as 10.")
    words = _text(q)
    if words is not None and (len(words) > MAX_TEXT or not _WORD.search(words)):
        _refuse(f"q={words[:40]!r} must be words to search for, at most {MAX_TEXT} characters.")
    for name, value in (("actor", actor), ("admin1", admin1)):
        if value is not None and len(value) > MAX_TEXT:
            _refuse(f"{name}= is longer than {MAX_TEXT} characters.")
    return EventFilters(
        event_type=event_type,
        country=country,
        date_from=start,
        date_to=end,
        status=status,
        actor=_text(actor),
        admin1=_text(admin1),
        bbox=parse_box("bbox", bbox),
        min_deaths=int(least) if least is not None else None,
        q=words,
    )


def parse_box(name: str, value: str | None) -> tuple[float, float, float, float] | None:
    """`west,south,east,north` in degrees (west > east crosses the antimeridian)."""
    text = _text(value)
    if text is None:
        return None
    problem = f"{name}={text!r} must be west,south,east,north in degrees, such as 60,29,75,38."
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        _refuse(problem)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        _refuse(problem)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        _refuse(f"{problem} Longitudes lie in [-180, 180], latitudes in [-90, 90], south first.")
    return west, south, east, north


def unknown_actor(session: Session, filters: EventFilters) -> bool:
    """Whether `filters.actor` names no actor, so the filter would silently match nothing."""
    if filters.actor is None:
        return False
    return session.execute(_actor_group(filters.actor).limit(1)).first() is None


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _date(name: str, value: str | None) -> dt.date | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _refuse(f"{name}={text!r} is not a YYYY-MM-DD date.")


def filter_events(
    query: _Q,
    filters: EventFilters,
    hidden: tuple[str, ...] = HIDDEN_STATUSES,
    *,
    dated_page: bool = False,
) -> _Q:
    """Apply the filters; the query must already join `Place` when a country, admin-1 unit or
    box is asked for.

    Without a status filter, events whose status is in `hidden` are left out. `dated_page`
    says the query is one page in date order (see `_Unindexed`).
    """
    if filters.status:
        query = query.where(m.Event.curation_status == filters.status)
    else:
        query = query.where(m.Event.curation_status.not_in(hidden))
    if filters.event_type:
        query = query.where(m.Event.event_type == filters.event_type)
    if filters.country:
        code = _Unindexed(m.Place.country_code) if dated_page else m.Place.country_code
        query = query.where(code == filters.country.upper())
    if filters.admin1:
        query = query.where(
            or_(
                func.lower(m.Place.admin1_name) == filters.admin1.lower(),
                m.Place.admin1_code == filters.admin1,
            )
        )
    if filters.bbox is not None:
        query = _in_box(query, filters.bbox)
    if filters.date_from is not None:
        query = query.where(m.Event.date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(m.Event.date <= filters.date_to)
    if filters.min_deaths is not None:
        query = query.where(m.Event.killed_best >= filters.min_deaths)
    if filters.actor:
        involved = (
            select(m.Report.event_id)
            .join(m.ReportActor, m.ReportActor.report_id == m.Report.id)
            .where(m.ReportActor.actor_id.in_(_actor_group(filters.actor)))
        )
        query = query.where(m.Event.id.in_(involved))
    if filters.q:
        documents = select(m.Document.id).where(_DocumentMatches(fts_query(filters.q)))
        reported = select(m.Report.event_id).where(m.Report.document_id.in_(documents))
        query = query.where(m.Event.id.in_(reported))
    return query


def _in_box(query: _Q, box: tuple[float, float, float, float]) -> _Q:
    west, south, east, north = box
    query = query.where(m.Place.lat.between(south, north))
    if west <= east:
        return query.where(m.Place.lon.between(west, east))
    return query.where(or_(m.Place.lon >= west, m.Place.lon <= east))


def _actor_group(actor: str) -> Select[tuple[int]]:
    """Ids of the actors named `actor` (id, name or alias, any case) and of their
    sub-groups: a recursive walk down `actor.parent_id`, in SQL so every list shares it."""
    key = actor.strip().lower()
    named = [
        func.lower(m.Actor.name) == key,
        m.Actor.id.in_(select(m.ActorAlias.actor_id).where(func.lower(m.ActorAlias.alias) == key)),
    ]
    if key.isdecimal() and 0 < int(key) <= MAX_ID:
        named.append(m.Actor.id == int(key))
    group = select(m.Actor.id).where(or_(*named)).cte("actor_group", recursive=True)
    group = group.union(select(m.Actor.id).where(m.Actor.parent_id == group.c.id))
    return select(group.c.id)


def fts_query(text: str) -> str:
    """`text` as a query every backend reads the same way: each word quoted, all required.

    FTS5 reads `"a" "b"` as a AND b and never sees its operators (NEAR, *, -) in user text;
    PostgreSQL's `plainto_tsquery` drops the quotes and ANDs the words (stemmed, in English).
    """
    return " ".join(f'"{word}"' for word in _WORD.findall(text))


class _Unindexed(FunctionElement[str]):
    """A column SQLite must not look up by its index (`+column`, SQLite's own idiom).

    For a page of a country's events in date order, SQLite otherwise reads every event of the
    country's places and sorts them (a second at a million events); walking the date index and
    checking each event's place stops after a page. PostgreSQL plans this from its statistics.
    """

    type = String()
    name = "unindexed"
    inherit_cache = True


@compiles(_Unindexed)
def _unindexed(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


class _DocumentMatches(FunctionElement[bool]):
    """True for the rows of an unaliased `document` whose title or text holds every word of
    the `fts_query` argument, through the full-text index each backend was migrated with."""

    type = Boolean()
    name = "document_matches"
    inherit_cache = True


@compiles(_DocumentMatches, "sqlite")
def _document_matches_sqlite(element: _DocumentMatches, compiler: Any, **kw: Any) -> str:
    words = compiler.process(element.clauses, **kw)
    # `words` is a bound parameter's placeholder, never the user's text.
    return f"document.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH {words})"  # noqa: S608


@compiles(_DocumentMatches, "postgresql")
def _document_matches_postgresql(element: _DocumentMatches, compiler: Any, **kw: Any) -> str:
    words = compiler.process(element.clauses, **kw)
    # The same expression as the GIN index `ix_document_fts`, so PostgreSQL uses it.
    return (
        "to_tsvector('english', coalesce(document.title, '') || ' ' || document.text) "
        f"@@ plainto_tsquery('english', {words})"
    )
