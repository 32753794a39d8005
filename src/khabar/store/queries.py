"""Read-side queries shared by the web app and the CLI.

Every function takes an open session and returns plain dataclasses (or a GeoJSON dict) that are
fully built before it returns, so callers can render or serialise them after the session closes.

Lists use keyset pagination rather than OFFSET: a page ends with the id of its last row, and the
next page starts strictly after that row in the list's order. Pages stay stable while new documents
are ingested, and deep pages cost the same as the first. Orders:

- events: newest happening first — `date` descending with undated events last, then `id`
  descending (the tie-breaker that makes the order total);
- documents: most recently stored first — `id` descending.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any, NoReturn, TypeVar

import pycountry
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased, joinedload, selectinload
from sqlalchemy.sql.functions import FunctionElement

from khabar.errors import ErrorCode, KhabarError
from khabar.geo.gazetteer import normalise
from khabar.store import models as m

_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])

KINDS = ("trigger", "actor", "place", "date", "number", "quote")
"""The kinds of span a reader highlights, one colour each; anything else is `other`."""
MAX_LIMIT = 500
MAX_ID = 2**31 - 1
"""Ids are 32-bit on PostgreSQL; a larger one names no row (and must not reach the driver)."""
MAP_LIMIT = 10_000
"""The map draws at most this many events (the newest), to keep the GeoJSON a few MB at most."""
PLACE_EVENTS_LIMIT = 100
"""A place page lists at most this many events of each kind (the newest)."""
HIDDEN_STATUSES = ("rejected", "merged")
"""Curation statuses left out of lists and the map unless asked for by `status`."""
CURATION_STATUSES = ("machine", "reviewed", "corrected", "rejected", "merged")
EVENT_SORTS: dict[str, tuple[Any, bool]] = {
    "newest": (m.Event.date, True),
    "oldest": (m.Event.date, False),
    "deaths": (m.Event.killed_best, True),
}
"""`sort=` of the event list: (key, descending); undated or uncounted events come last."""
DOCUMENT_SORTS: dict[str, tuple[Any, bool]] = {
    "newest": (m.Document.id, True),
    "published": (m.Document.published_at, True),
}
"""`sort=` of the document list: most recently stored, or most recently published."""
PLACE_SORTS: dict[str, tuple[Any, bool]] = {
    "population": (m.Place.population, True),
    "name": (m.Place.name, False),
}
"""`sort=` of the place list: most populous first (unknown populations last), or by name."""
BUCKETS = ("day", "week", "month")
MAX_BARS = 4_000
"""A timeline has at most this many bars (eleven years of days)."""
CELLS_PER_TILE = 4
"""Map clusters are grid cells of a quarter of a 256-pixel tile: about 64 pixels at any zoom."""
MAX_ZOOM = 18
MAX_TEXT = 200
"""Longest text filter (`actor`, `admin1`, `q`) accepted."""
_WORD = re.compile(r"\w+")
COPIES_SHOWN = 100
"""Near-duplicates listed on their original's page; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people or things as low/best/high plus the words the source used."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None = None


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
class EvidenceItem:
    """The span of `document.text` one report field was read from."""

    id: int
    report_id: int
    document_id: int
    field: str
    """`event_type`, `date`, `killed`, `place:<role>`, `actor:<role>`, `detail:<category>`, …"""
    start: int
    end: int
    text: str
    extractor: str
    mention_id: int | None


@dataclass(frozen=True, slots=True)
class ActorItem:
    actor_id: int
    name: str
    """The resolved, canonical name; `text` is what the document wrote."""
    kind: str
    provisional: bool
    role: str
    text: str
    start: int
    end: int
    extractor: str
    evidence_id: int | None


@dataclass(frozen=True, slots=True)
class ReportPlaceItem:
    place: PlaceInfo | None
    text: str
    role: str
    precision: int
    confidence: float
    start: int
    end: int
    extractor: str
    evidence_id: int | None


@dataclass(frozen=True, slots=True)
class CasualtyDetailItem:
    category: str
    manner: str
    victims: str
    count: Count
    included_in_total: bool
    start: int
    end: int
    extractor: str
    evidence_id: int | None


@dataclass(frozen=True, slots=True)
class DamageItem:
    action: str
    object: str
    count: Count
    start: int
    end: int
    extractor: str
    evidence_id: int | None


@dataclass(frozen=True, slots=True)
class ReportDetail:
    """One event as told by one document, with the evidence of every field."""

    id: int
    document_id: int
    document_title: str | None
    event_id: int | None
    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    date: dt.date | None
    date_precision: str | None
    place: PlaceInfo | None
    place_text: str | None
    place_precision: int | None
    place_role: str | None
    killed: Count
    injured: Count
    abducted: Count
    responsibility: str
    confidence: float
    extractor: str
    sentence_start: int
    sentence_end: int
    evidence: list[EvidenceItem]
    actors: list[ActorItem]
    places: list[ReportPlaceItem]
    details: list[CasualtyDetailItem]
    damage: list[DamageItem]
    corrections: list[CorrectionItem] = field(default_factory=list)
    """Analysts' values of the report's fields, each with the machine's value beside it."""

    def correction(self, name: str) -> CorrectionItem | None:
        return next((c for c in self.corrections if c.field == name), None)


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


@dataclass(frozen=True, slots=True)
class EventDetail:
    """An event's merged fields and every report it was merged from."""

    id: int
    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    date: dt.date | None
    date_precision: str | None
    place: PlaceInfo | None
    place_precision: int | None
    killed: Count
    """The merged numbers; `qualifier` is the words of the report that gave `best`."""
    injured: Count
    abducted: Count
    merge_rule: str
    curation_status: str
    created_at: dt.datetime
    reports: list[ReportDetail]
    claims: list[ClaimItem] = field(default_factory=list)
    """Claims of, about or telling the event (who claims it, who blames whom, who denies)."""
    merged_into_id: int | None = None
    """The event an analyst merged this one into (then it has no reports of its own)."""
    corrections: list[CorrectionItem] = field(default_factory=list)
    """Analysts' values of fields, each with the machine's value beside it."""
    history: list[AuditItem] = field(default_factory=list)
    """Every curation change to the event and to its reports, newest first."""

    def correction(self, name: str) -> CorrectionItem | None:
        return next((c for c in self.corrections if c.field == name), None)

    def evidence_for(self, prefix: str) -> list[EvidenceItem]:
        """Evidence of a field across all reports; `place:` matches every place role."""
        return [
            item
            for report in self.reports
            for item in report.evidence
            if item.field == prefix or (prefix.endswith(":") and item.field.startswith(prefix))
        ]

    def actors(self, role: str) -> list[tuple[int, ActorItem]]:
        """(document id, actor) for every report's actors in `role`, for linking evidence."""
        return [(r.document_id, a) for r in self.reports for a in r.actors if a.role == role]

    def details(self) -> list[tuple[int, CasualtyDetailItem]]:
        return [(r.document_id, d) for r in self.reports for d in r.details]

    def damage(self) -> list[tuple[int, DamageItem]]:
        return [(r.document_id, d) for r in self.reports for d in r.damage]


@dataclass(frozen=True, slots=True)
class CorrectionItem:
    field: str
    machine_value: Any
    corrected_value: Any
    who: str
    at: dt.datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class EventPage:
    items: list[EventSummary]
    next_after: int | None
    """Pass as `after_id` for the next page; `None` on the last page."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    title: str | None
    outlet: str | None
    url: str | None
    source: str
    source_kind: str
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    status: str
    error_code: str | None
    report_count: int
    near_duplicate_of: int | None = None
    """The original of a near-duplicate (status `near_duplicate`, never extracted)."""
    similarity: float | None = None
    """Of a near-duplicate to its original (`DocumentCopy.similarity`)."""
    copies: int = 0
    """Near-duplicates linked to this document."""


@dataclass(frozen=True, slots=True)
class DocumentCopy:
    """A near-duplicate and its original (`dedupe/near.py`): one of them, seen from the other."""

    id: int
    title: str | None
    source: str
    similarity: float | None
    """Jaccard similarity of the two texts' word 3-grams, measured when the copy was stored."""


@dataclass(frozen=True, slots=True)
class DocumentPage:
    items: list[DocumentSummary]
    next_after: int | None


@dataclass(frozen=True, slots=True)
class MentionItem:
    id: int
    start: int
    end: int
    kind: str
    text: str
    value: str | None
    extractor: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    """One of `KINDS`, or `other`."""


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A document's text and metadata, every mention, and its reports with their evidence."""

    id: int
    source: str
    source_kind: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    language: str | None
    status: str
    error_code: str | None
    error: str | None
    text: str
    mentions: list[MentionItem]
    reports: list[ReportDetail]
    claims: list[ClaimItem] = field(default_factory=list)
    original: DocumentCopy | None = None
    """What a near-duplicate copies: it has no reports of its own, its original has them."""
    copies: list[DocumentCopy] = field(default_factory=list)
    """Near-duplicates of this document (at most `COPIES_SHOWN`), never extracted."""
    copy_count: int = 0

    @property
    def evidence(self) -> list[EvidenceItem]:
        """Every evidence span of every report, in text order."""
        return sorted(
            (item for report in self.reports for item in report.evidence),
            key=lambda item: (item.start, item.end, item.id),
        )

    @property
    def spans(self) -> list[Span]:
        """Mentions and evidence as kinded spans, for highlighting in a terminal or a page."""
        found = {Span(mention.start, mention.end, mention.kind) for mention in self.mentions}
        found |= {Span(item.start, item.end, field_kind(item.field)) for item in self.evidence}
        return sorted(found, key=lambda span: (span.start, -span.end, span.kind))


@dataclass(frozen=True, slots=True)
class CountryOption:
    code: str
    name: str


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


@dataclass(frozen=True, slots=True)
class Totals:
    events: int
    reports: int
    documents: int
    failed_documents: int


@dataclass(frozen=True, slots=True)
class Admin1Option:
    country_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Facets:
    """The values the event filters can take, for building a filter form."""

    event_types: list[str]
    countries: list[CountryOption]
    admin1: list[Admin1Option] = field(default_factory=list)
    statuses: tuple[str, ...] = ()


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


def field_kind(name: str) -> str:
    """The span kind of a report field: `killed` is a number, `actor:target` an actor."""
    if name == "event_type":
        return "trigger"
    if name in ("killed", "injured", "abducted", "damage") or name.startswith("detail:"):
        return "number"
    head = name.split(":", 1)[0]
    return head if head in KINDS else "other"


def list_events(
    session: Session,
    filters: EventFilters | None = None,
    *,
    event_type: str | None = None,
    country: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: str | None = None,
    sort: str = "newest",
    after_id: int | None = None,
    limit: int = 50,
) -> EventPage:
    """One page of events in `sort` order (see `EVENT_SORTS`); `filters` replaces the
    single-filter keywords when given."""
    _check_limit(limit)
    if filters is None:
        filters = EventFilters(event_type, country, date_from, date_to, status)
    if sort not in EVENT_SORTS:
        raise KhabarError(
            ErrorCode.BAD_ARGUMENT, f"sort={sort!r}: choose one of {', '.join(EVENT_SORTS)}."
        )
    key, descending = EVENT_SORTS[sort]
    report_count = (
        select(func.count(m.Report.id)).where(m.Report.event_id == m.Event.id).scalar_subquery()
    )
    query = filter_events(
        select(m.Event, m.Place, report_count).outerjoin(m.Place, m.Event.place_id == m.Place.id),
        filters,
        dated_page=key is m.Event.date,
    )
    query = keyset(session, query, key, m.Event.id, descending, after_id, "event")
    rows = session.execute(query.limit(limit + 1)).all()
    items = [_event_summary(event, place, count) for event, place, count in rows[:limit]]
    return EventPage(items, items[-1].id if len(rows) > limit else None)


def latest_events(session: Session, n: int = 10) -> list[EventSummary]:
    """The `n` most recent happenings: the first page of `list_events`."""
    return list_events(session, limit=n).items


def get_event(session: Session, event_id: int) -> EventDetail | None:
    """The event, or `None` when no event has that id."""
    if not 0 < event_id <= MAX_ID:
        return None
    event = session.scalar(
        select(m.Event)
        .where(m.Event.id == event_id)
        .options(joinedload(m.Event.place), _reports_loaded(m.Event.reports))
    )
    if event is None:
        return None
    report_ids = [report.id for report in event.reports]
    corrected = _corrections(session, {"report": report_ids, "event": [event.id]})
    reports = [
        _report_detail(report, corrected.get(("report", report.id), [])) for report in event.reports
    ]
    return EventDetail(
        id=event.id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        gtd_attack_type=event.gtd_attack_type,
        date=event.date,
        date_precision=event.date_precision,
        place=_place_info(event.place),
        place_precision=event.place_precision,
        killed=_merged_count(event, reports, "killed"),
        injured=_merged_count(event, reports, "injured"),
        abducted=_merged_count(event, reports, "abducted"),
        merge_rule=event.merge_rule,
        curation_status=event.curation_status,
        created_at=event.created_at,
        reports=reports,
        claims=claims_of_event(session, event.id),
        merged_into_id=event.merged_into_id,
        corrections=corrected.get(("event", event.id), []),
        history=_audit(session, "event", event.id, report_ids),
    )


def list_documents(
    session: Session,
    *,
    status: str | None = None,
    sort: str = "newest",
    after_id: int | None = None,
    limit: int = 50,
) -> DocumentPage:
    """One page of documents in `sort` order (see `DOCUMENT_SORTS`); `status` is e.g. `failed`."""
    _check_limit(limit)
    if sort not in DOCUMENT_SORTS:
        raise KhabarError(
            ErrorCode.BAD_ARGUMENT, f"sort={sort!r}: choose one of {', '.join(DOCUMENT_SORTS)}."
        )
    key, descending = DOCUMENT_SORTS[sort]
    report_count = (
        select(func.count(m.Report.id))
        .where(m.Report.document_id == m.Document.id)
        .scalar_subquery()
    )
    copy = aliased(m.Document)
    copies = select(func.count(copy.id)).where(copy.near_duplicate_of == m.Document.id)
    query = select(m.Document, report_count, copies.scalar_subquery())
    if status is not None:
        query = query.where(m.Document.status == status)
    query = keyset(session, query, key, m.Document.id, descending, after_id, "document")
    rows = session.execute(query.limit(limit + 1)).all()
    items = [
        DocumentSummary(
            id=doc.id,
            title=doc.title,
            outlet=doc.outlet,
            url=doc.url,
            source=doc.source,
            source_kind=doc.source_kind,
            published_at=doc.published_at,
            fetched_at=doc.fetched_at,
            status=doc.status,
            error_code=doc.error_code,
            report_count=count,
            near_duplicate_of=doc.near_duplicate_of,
            similarity=doc.near_duplicate_similarity if doc.near_duplicate_of else None,
            copies=copied,
        )
        for doc, count, copied in rows[:limit]
    ]
    return DocumentPage(items, items[-1].id if len(rows) > limit else None)


def get_document(session: Session, document_id: int) -> DocumentDetail | None:
    """The document, or `None` when no document has that id."""
    if not 0 < document_id <= MAX_ID:
        return None
    doc = session.scalar(
        select(m.Document)
        .where(m.Document.id == document_id)
        .options(selectinload(m.Document.mentions), _reports_loaded(m.Document.reports))
    )
    if doc is None:
        return None
    corrected = _corrections(session, {"report": [report.id for report in doc.reports]})
    return DocumentDetail(
        id=doc.id,
        source=doc.source,
        source_kind=doc.source_kind,
        url=doc.url,
        canonical_url=doc.canonical_url,
        outlet=doc.outlet,
        title=doc.title,
        author=doc.author,
        published_at=doc.published_at,
        fetched_at=doc.fetched_at,
        language=doc.language,
        status=doc.status,
        error_code=doc.error_code,
        error=doc.error,
        text=doc.text,
        mentions=[
            MentionItem(
                id=mention.id,
                start=mention.start,
                end=mention.end,
                kind=mention.kind,
                text=mention.text,
                value=mention.value,
                extractor=mention.extractor,
            )
            for mention in doc.mentions
        ],
        reports=[
            _report_detail(report, corrected.get(("report", report.id), []))
            for report in doc.reports
        ],
        claims=claims_of_document(session, doc.id),
        original=_original(session, doc),
        copies=[
            DocumentCopy(row.id, row.title, row.source, row.near_duplicate_similarity)
            for row in session.scalars(
                select(m.Document)
                .where(m.Document.near_duplicate_of == doc.id)
                .order_by(m.Document.id)
                .limit(COPIES_SHOWN)
            )
        ],
        copy_count=session.scalar(
            select(func.count(m.Document.id)).where(m.Document.near_duplicate_of == doc.id)
        )
        or 0,
    )


def _original(session: Session, doc: m.Document) -> DocumentCopy | None:
    if doc.near_duplicate_of is None:
        return None
    original = session.get(m.Document, doc.near_duplicate_of)
    if original is None:
        return None
    return DocumentCopy(original.id, original.title, original.source, doc.near_duplicate_similarity)


def map_events(session: Session, filters: EventFilters | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events whose place has coordinates."""
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
            {
                "type": "Feature",
                "id": event.id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "id": event.id,
                    "event_type": event.event_type,
                    "sub_event_type": event.sub_event_type,
                    "date": event.date.isoformat() if event.date else None,
                    "killed_best": event.killed_best,
                    "place_name": place.name,
                    "country_code": place.country_code,
                    "place_precision": event.place_precision,
                },
            }
            for event, place in rows
        ],
    }


@dataclass(frozen=True, slots=True)
class TimelineBar:
    start: dt.date
    end: dt.date
    """The bar's last day, inclusive."""
    events: int
    deaths: int
    """Sum of the events' best killed figures (an unknown figure counts as 0)."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events and deaths per day, week (from Monday) or month, with no gaps between bars."""

    bucket: str
    bars: list[TimelineBar]
    events: int
    deaths: int
    undated: int
    """Matching events without a date, in the totals but in no bar."""


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
    if least is not None and not (least.isascii() and least.isdigit() and int(least) <= MAX_ID):
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


def _refuse(message: str) -> NoReturn:
    raise KhabarError(ErrorCode.BAD_ARGUMENT, message)


def timeline(session: Session, filters: EventFilters, bucket: str | None = None) -> Timeline:
    """Matching events and deaths per `bucket`; by default the bucket fits the dates found
    (days up to three months, weeks up to three years, months beyond)."""
    if bucket is not None and bucket not in BUCKETS:
        _refuse(f"bucket={bucket!r}: choose one of {', '.join(BUCKETS)}.")
    deaths = func.coalesce(func.sum(m.Event.killed_best), 0)
    query = select(m.Event.date, func.count(m.Event.id), deaths).select_from(m.Event)
    if filters.country or filters.admin1 or filters.bbox:
        # Joined only when a filter reads the place: a million lookups otherwise.
        query = query.outerjoin(m.Place, m.Event.place_id == m.Place.id)
    query = filter_events(query, filters).group_by(m.Event.date)
    days: dict[dt.date | None, tuple[int, int]] = {
        day: (n, int(dead or 0)) for day, n, dead in session.execute(query)
    }
    undated, undated_deaths = days.pop(None, (0, 0))
    total = sum(n for n, _ in days.values()) + undated
    dead_total = sum(d for _, d in days.values()) + undated_deaths
    dated = sorted(day for day in days if day is not None)
    if not dated:
        return Timeline(bucket or "day", [], total, dead_total, undated)
    first, last = dated[0], dated[-1]
    if bucket is None:
        span = (last - first).days
        bucket = "day" if span <= 92 else "week" if span <= 3 * 366 else "month"
    count = _bar_count(first, last, bucket)
    if count > MAX_BARS:
        _refuse(
            f"bucket={bucket} gives {count} bars from {first} to {last}; at most {MAX_BARS} "
            "fit: choose a longer bucket or a shorter range."
        )
    sums: dict[dt.date, tuple[int, int]] = {}
    for day in dated:
        start = _bar_start(day, bucket)
        n, dead = sums.get(start, (0, 0))
        sums[start] = (n + days[day][0], dead + days[day][1])
    bars = []
    start = _bar_start(first, bucket)
    for _ in range(count):
        following = _next_bar(start, bucket)
        n, dead = sums.get(start, (0, 0))
        bars.append(TimelineBar(start, following - dt.timedelta(days=1), n, dead))
        start = following
    return Timeline(bucket, bars, total, dead_total, undated)


def _bar_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next_bar(start: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return start + dt.timedelta(days=7)
    if bucket == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def _bar_count(first: dt.date, last: dt.date, bucket: str) -> int:
    if bucket == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if bucket == "week":
        return (_bar_start(last, "week") - _bar_start(first, "week")).days // 7 + 1
    return (last - first).days + 1


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


def event_facets(session: Session) -> Facets:
    types = session.scalars(select(m.Event.event_type).distinct().order_by(m.Event.event_type))
    # Places with an event: one index probe per place, not a read of every event.
    placed = select(m.Event.id).where(m.Event.place_id == m.Place.id).exists()
    countries = session.execute(
        select(m.Place.country_code, func.max(m.Place.country_name))
        .where(m.Place.country_code.is_not(None), placed)
        .group_by(m.Place.country_code)
        .order_by(m.Place.country_code)
    ).all()
    admin1 = session.execute(
        select(m.Place.country_code, m.Place.admin1_name)
        .where(m.Place.country_code.is_not(None), m.Place.admin1_name.is_not(None), placed)
        .distinct()
        .order_by(m.Place.country_code, m.Place.admin1_name)
    ).all()
    return Facets(
        event_types=list(types),
        countries=[CountryOption(code, name or code) for code, name in countries if code],
        admin1=[Admin1Option(code, name) for code, name in admin1 if code and name],
        statuses=CURATION_STATUSES,
    )


def totals(session: Session) -> Totals:
    def count(query: Select[int]) -> int:
        return session.scalar(query) or 0

    return Totals(
        events=count(select(func.count(m.Event.id))),
        reports=count(select(func.count(m.Report.id))),
        documents=count(select(func.count(m.Document.id))),
        failed_documents=count(
            select(func.count(m.Document.id)).where(m.Document.status == "failed")
        ),
    )


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
    if place.feature_code == "PCLI" or not place.country_code:
        return []
    wanted = [f"country:{place.country_code}"]
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


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"limit must be between 1 and {MAX_LIMIT}.")


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
    if key.isdigit() and 0 < int(key) <= MAX_ID:
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


def keyset(
    session: Session,
    query: _Q,
    key: Any,
    row_id: Any,
    descending: bool,
    after_id: int | None,
    what: str,
) -> _Q:
    """Order by `key` (nulls last) then `row_id`, both one way, and start strictly after the
    row `after_id`: the cursor's own key is read back, so a cursor is just an id."""
    if descending:
        query = query.order_by(key.desc().nulls_last(), row_id.desc())
    else:
        query = query.order_by(key.asc().nulls_last(), row_id.asc())
    if after_id is None:
        return query
    cursor = None
    if 0 < after_id <= MAX_ID:
        cursor = session.execute(select(key).where(row_id == after_id)).one_or_none()
    if cursor is None:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"No {what} {after_id} to page after.")
    (value,) = cursor
    beyond = row_id < after_id if descending else row_id > after_id
    if value is None:
        return query.where(key.is_(None), beyond)
    further = key < value if descending else key > value
    return query.where(or_(further, and_(key == value, beyond), key.is_(None)))


def _reports_loaded(relationship: Any) -> Any:
    """Load a report list with everything `_report_detail` reads, in a fixed number of queries:
    the rows each report points to come joined (one query fewer each), its lists selected."""
    reports = selectinload(relationship)
    return reports.options(
        joinedload(m.Report.document),
        joinedload(m.Report.place),
        selectinload(m.Report.evidence),
        selectinload(m.Report.actors).joinedload(m.ReportActor.actor),
        selectinload(m.Report.places).joinedload(m.ReportPlace.place),
        selectinload(m.Report.details),
        selectinload(m.Report.damage),
    )


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


def _merged_count(event: m.Event, reports: list[ReportDetail], category: str) -> Count:
    best: int | None = getattr(event, f"{category}_best")
    qualifier = next(
        (
            getattr(report, category).qualifier
            for report in reports
            if best is not None and getattr(report, category).best == best
        ),
        None,
    )
    return Count(
        getattr(event, f"{category}_low"), best, getattr(event, f"{category}_high"), qualifier
    )


def _corrections(
    session: Session, ids: dict[str, list[int]]
) -> dict[tuple[str, int], list[CorrectionItem]]:
    """The corrections of the rows with these ids, per entity, by (entity, row id), in one
    query however many entities are asked for."""
    found: dict[tuple[str, int], list[CorrectionItem]] = {}
    wanted = [
        and_(m.Correction.entity == entity, m.Correction.entity_id.in_(rows))
        for entity, rows in ids.items()
    ]
    for c in session.scalars(select(m.Correction).where(or_(*wanted)).order_by(m.Correction.id)):
        item = CorrectionItem(c.field, c.machine_value, c.corrected_value, c.who, c.at, c.note)
        found.setdefault((c.entity, c.entity_id), []).append(item)
    return found


def _report_detail(report: m.Report, corrections: list[CorrectionItem]) -> ReportDetail:
    evidence_ids = {(ev.field, ev.start, ev.end): ev.id for ev in report.evidence}
    return ReportDetail(
        id=report.id,
        document_id=report.document_id,
        document_title=report.document.title,
        event_id=report.event_id,
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        gtd_attack_type=report.gtd_attack_type,
        date=report.date,
        date_precision=report.date_precision,
        place=_place_info(report.place),
        place_text=report.place_text,
        place_precision=report.place_precision,
        place_role=report.place_role,
        killed=Count(
            report.killed_low, report.killed_best, report.killed_high, report.killed_qualifier
        ),
        injured=Count(
            report.injured_low, report.injured_best, report.injured_high, report.injured_qualifier
        ),
        abducted=Count(
            report.abducted_low,
            report.abducted_best,
            report.abducted_high,
            report.abducted_qualifier,
        ),
        responsibility=report.responsibility,
        confidence=report.confidence,
        extractor=report.extractor,
        sentence_start=report.sentence_start,
        sentence_end=report.sentence_end,
        evidence=[
            EvidenceItem(
                id=ev.id,
                report_id=report.id,
                document_id=report.document_id,
                field=ev.field,
                start=ev.start,
                end=ev.end,
                text=ev.text,
                extractor=ev.extractor,
                mention_id=ev.mention_id,
            )
            for ev in report.evidence
        ],
        actors=[
            ActorItem(
                actor_id=row.actor_id,
                name=row.actor.name,
                kind=row.actor.kind,
                provisional=row.actor.provisional,
                role=row.role,
                text=row.text,
                start=row.start,
                end=row.end,
                extractor=row.extractor,
                evidence_id=evidence_ids.get((f"actor:{row.role}", row.start, row.end)),
            )
            for row in report.actors
        ],
        places=[
            ReportPlaceItem(
                place=_place_info(row.place),
                text=row.text,
                role=row.role,
                precision=row.precision,
                confidence=row.confidence,
                start=row.start,
                end=row.end,
                extractor=row.extractor,
                evidence_id=evidence_ids.get((f"place:{row.role}", row.start, row.end)),
            )
            for row in report.places
        ],
        details=[
            CasualtyDetailItem(
                category=row.category,
                manner=row.manner,
                victims=row.victims,
                count=Count(row.low, row.best, row.high, row.qualifier),
                included_in_total=row.included_in_total,
                start=row.start,
                end=row.end,
                extractor=row.extractor,
                evidence_id=evidence_ids.get((f"detail:{row.category}", row.start, row.end)),
            )
            for row in report.details
        ],
        damage=[
            DamageItem(
                action=row.action,
                object=row.object,
                count=Count(row.low, row.best, row.high, row.qualifier),
                start=row.start,
                end=row.end,
                extractor=row.extractor,
                evidence_id=evidence_ids.get(("damage", row.start, row.end)),
            )
            for row in report.damage
        ],
        corrections=corrections,
    )


ACTOR_EVENTS_LIMIT = 100
"""An actor page lists at most this many events of each role (the newest)."""


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str
    kind: str
    provisional: bool


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: int
    name: str
    kind: str
    provisional: bool
    parent: ActorRef | None
    countries: list[str]
    aliases: list[str]
    report_count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AffiliationItem:
    other: ActorRef
    relation: str
    direction: str
    """`to` when this actor is the one affiliated, `from` when another is affiliated to it."""
    since: int | None
    until: int | None
    source: str


@dataclass(frozen=True, slots=True)
class AuditItem:
    id: int
    at: dt.datetime
    who: str
    action: str
    entity: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ActorEvents:
    role: str
    """`perpetrator`, `target` or `ally`: the role the actor has in the events' reports."""
    events: list[EventSummary]


@dataclass(frozen=True, slots=True)
class ActorDetail:
    """An actor, its names, where it sits in the hierarchy, its events by role, its history."""

    id: int
    name: str
    kind: str
    provisional: bool
    active_from: int | None
    active_to: int | None
    countries: list[str]
    sources: list[str]
    merged_into: ActorRef | None
    aliases: list[str]
    external_names: list[str]
    """`dataset: name`, e.g. `ucdp: Taleban`."""
    parent: ActorRef | None
    ancestors: list[ActorRef]
    """Parent, grandparent, … outermost last."""
    children: list[ActorRef]
    affiliations: list[AffiliationItem]
    events: list[ActorEvents]
    claims_made: list[ClaimItem]
    """Claims the actor's spokespeople or statements make."""
    claims_about: list[ClaimItem]
    """Claims whose subject is the actor: who says it did, denies, is present."""
    audit: list[AuditItem]


def _ref(actor: m.Actor | None) -> ActorRef | None:
    if actor is None:
        return None
    return ActorRef(actor.id, actor.name, actor.kind, actor.provisional)


ACTOR_SORTS = ("name", "reports")
"""`sort=` of the actor list: by name, or most reported first."""


def list_actors(
    session: Session,
    *,
    kind: str | None = None,
    query: str | None = None,
    sort: str = "name",
    after_id: int | None = None,
    limit: int = MAX_LIMIT,
) -> list[ActorSummary]:
    """Actors (merged-away ones left out) in `sort` order, keyset-paged after `after_id`;
    `query` matches a name or alias, any case."""
    _check_limit(limit)
    if sort not in ACTOR_SORTS:
        _refuse(f"sort={sort!r}: choose one of {', '.join(ACTOR_SORTS)}.")
    report_count = (
        select(func.count(m.ReportActor.id))
        .where(m.ReportActor.actor_id == m.Actor.id)
        .scalar_subquery()
    )
    stmt = (
        select(m.Actor, report_count)
        .where(m.Actor.merged_into_id.is_(None))
        .options(selectinload(m.Actor.aliases), selectinload(m.Actor.parent))
    )
    if kind:
        stmt = stmt.where(m.Actor.kind == kind)
    if query:
        pattern = f"%{query.lower()}%"
        aliased = select(m.ActorAlias.actor_id).where(func.lower(m.ActorAlias.alias).like(pattern))
        stmt = stmt.where(or_(func.lower(m.Actor.name).like(pattern), m.Actor.id.in_(aliased)))
    if sort == "reports":
        stmt = keyset(session, stmt, report_count, m.Actor.id, True, after_id, "actor")
    else:
        stmt = keyset(session, stmt, m.Actor.name, m.Actor.id, False, after_id, "actor")
    rows = session.execute(stmt.limit(limit)).all()
    return [
        ActorSummary(
            id=actor.id,
            name=actor.name,
            kind=actor.kind,
            provisional=actor.provisional,
            parent=_ref(actor.parent),
            countries=list(actor.countries or []),
            aliases=[alias.alias for alias in actor.aliases],
            report_count=count,
        )
        for actor, count in rows
    ]


def get_actor(session: Session, actor_id: int) -> ActorDetail | None:
    """The actor, or `None` when no actor has that id."""
    if not 0 < actor_id <= MAX_ID:
        return None
    actor = session.get(m.Actor, actor_id)
    if actor is None:
        return None
    ancestors: list[ActorRef] = []
    up = actor.parent
    while up is not None and len(ancestors) < 10:
        ancestors.append(ActorRef(up.id, up.name, up.kind, up.provisional))
        up = up.parent
    children = session.scalars(
        select(m.Actor)
        .where(m.Actor.parent_id == actor_id, m.Actor.merged_into_id.is_(None))
        .order_by(m.Actor.name)
    )
    links = session.scalars(
        select(m.ActorAffiliation)
        .where(
            or_(m.ActorAffiliation.actor_id == actor_id, m.ActorAffiliation.other_id == actor_id)
        )
        .options(selectinload(m.ActorAffiliation.actor), selectinload(m.ActorAffiliation.other))
        .order_by(m.ActorAffiliation.id)
    )
    return ActorDetail(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        provisional=actor.provisional,
        active_from=actor.active_from,
        active_to=actor.active_to,
        countries=list(actor.countries or []),
        sources=list(actor.sources or []),
        merged_into=_ref(actor.merged_into),
        aliases=[alias.alias for alias in actor.aliases],
        external_names=[f"{e.dataset}: {e.name}" for e in actor.externals],
        parent=ancestors[0] if ancestors else None,
        ancestors=ancestors,
        children=[ActorRef(c.id, c.name, c.kind, c.provisional) for c in children],
        affiliations=[_affiliation(link, actor_id) for link in links],
        events=[
            ActorEvents(role, _actor_events(session, actor_id, role))
            for role in ("perpetrator", "target", "ally")
        ],
        claims_made=claims_of_actor(session, m.Claim.speaker_actor_id == actor_id),
        claims_about=claims_of_actor(session, m.Claim.subject_actor_id == actor_id),
        audit=_audit(session, "actor", actor_id),
    )


def _audit(
    session: Session, entity: str, entity_id: int, report_ids: list[int] | None = None
) -> list[AuditItem]:
    """The audit entries of one row, and of the reports with these ids, newest first."""
    where = and_(m.AuditLog.entity == entity, m.AuditLog.entity_id == entity_id)
    if report_ids:
        where = or_(
            where, and_(m.AuditLog.entity == "report", m.AuditLog.entity_id.in_(report_ids))
        )
    rows = session.scalars(select(m.AuditLog).where(where).order_by(m.AuditLog.id.desc()))
    return [
        AuditItem(a.id, a.at, a.who, a.action, a.entity, a.entity_id, a.before, a.after)
        for a in rows
    ]


def _affiliation(link: m.ActorAffiliation, actor_id: int) -> AffiliationItem:
    outgoing = link.actor_id == actor_id
    other = link.other if outgoing else link.actor
    return AffiliationItem(
        other=ActorRef(other.id, other.name, other.kind, other.provisional),
        relation=link.relation,
        direction="to" if outgoing else "from",
        since=link.since,
        until=link.until,
        source=link.source,
    )


def _actor_events(session: Session, actor_id: int, role: str) -> list[EventSummary]:
    naming = (
        select(m.Report.event_id)
        .join(m.ReportActor, m.ReportActor.report_id == m.Report.id)
        .where(m.ReportActor.actor_id == actor_id, m.ReportActor.role == role)
    )
    return _event_rows(session, m.Event.id.in_(naming), ACTOR_EVENTS_LIMIT)


@dataclass(frozen=True, slots=True)
class ClaimPlaceItem:
    text: str
    role: str
    """`mentioned` (a presence asserted or denied) or `claimed_territory`."""
    place: PlaceInfo | None


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """One claim with its source: the document it was read from and the spans it rests on."""

    id: int
    document_id: int
    document_title: str | None
    outlet: str | None
    """The document's outlet; `via_outlet` is who it relays, when it says so."""
    report_id: int | None
    event_id: int | None
    stance: str
    verb: str
    speaker: str
    speaker_name: str
    speaker_role: str | None
    organisation: str | None
    speaker_actor: ActorRef | None
    via_outlet: str | None
    intermediary: str | None
    subject: str | None
    subject_actor: ActorRef | None
    predicate: str
    object_kind: str
    object_text: str | None
    quote: str
    quote_start: int
    quote_end: int
    said_on: dt.date | None
    said_precision: str | None
    places: list[ClaimPlaceItem]
    extractor: str


@dataclass(frozen=True, slots=True)
class PresenceEntry:
    """A line of the presence timeline: a presence claim, or an event the actor did or is
    said (claimed, blamed) to have done."""

    kind: str
    """`asserted`, `denied`, `territorial` or `event`."""
    date: dt.date | None
    claim: ClaimItem | None
    event: EventSummary | None
    responsibility: list[ClaimItem]
    """For an event: the claims of or about responsibility for it."""


@dataclass(frozen=True, slots=True)
class PresenceView:
    actor: ActorRef
    actors: list[ActorRef]
    """The actor and its sub-groups and named affiliates, whose claims and events count."""
    place: PlaceInfo | None
    entries: list[PresenceEntry]


PRESENCE_KINDS = {"assert": "asserted", "deny": "denied", "territorial": "territorial"}
_RESPONSIBILITY = ("claim_responsibility", "attribute", "deny")


def claims_of_document(session: Session, document_id: int) -> list[ClaimItem]:
    rows = session.scalars(
        _claims_query().where(m.Claim.document_id == document_id).order_by(m.Claim.quote_start)
    )
    return [_claim_item(row) for row in rows]


def claims_of_actor(
    session: Session, condition: ColumnElement[bool], limit: int = MAX_LIMIT
) -> list[ClaimItem]:
    """An actor's claims (made or about it, by `condition`), newest said first."""
    rows = session.scalars(
        _claims_query()
        .where(condition)
        .order_by(m.Claim.said_on.desc().nulls_last(), m.Claim.id.desc())
        .limit(limit)
    )
    return [_claim_item(row) for row in rows]


def claims_of_event(session: Session, event_id: int) -> list[ClaimItem]:
    rows = session.scalars(
        _claims_query()
        .where(m.Claim.object_event_id == event_id)
        .order_by(m.Claim.document_id, m.Claim.quote_start)
    )
    return [_claim_item(row) for row in rows]


def presence(session: Session, actor: str, place: str | None) -> PresenceView:
    """The presence timeline of `actor` (id or name, with its sub-groups) in `place` (id or
    name; a country or province holds its units, an informal region its members)."""
    from khabar.actors.curation import find

    found = find(session, actor)
    group = _with_subgroups(session, found)
    ids = {a.id for a in group}
    region = _find_place(session, place) if place else None
    inside = (lambda p: _within(session, p, region)) if region is not None else None
    entries: list[PresenceEntry] = []
    claims = session.scalars(
        _claims_query().where(
            m.Claim.predicate == "presence",
            or_(m.Claim.subject_actor_id.in_(ids), m.Claim.speaker_actor_id.in_(ids)),
        )
    ).all()
    for row in claims:
        if row.stance not in PRESENCE_KINDS or row.subject_actor_id not in ids:
            continue
        if inside is not None and not any(p.place and inside(p.place) for p in row.places):
            continue
        entries.append(
            PresenceEntry(PRESENCE_KINDS[row.stance], row.said_on, _claim_item(row), None, [])
        )
    done_by = (
        select(m.Report.event_id)
        .join(m.ReportActor)
        .where(m.ReportActor.actor_id.in_(ids), m.ReportActor.role == "perpetrator")
    )
    said_of = select(m.Claim.object_event_id).where(
        m.Claim.subject_actor_id.in_(ids), m.Claim.stance.in_(_RESPONSIBILITY)
    )
    events = session.scalars(
        select(m.Event)
        .where(or_(m.Event.id.in_(done_by), m.Event.id.in_(said_of)))
        .options(selectinload(m.Event.place), selectinload(m.Event.reports))
        .order_by(m.Event.id)
    ).all()
    for event in events:
        if inside is not None and (event.place is None or not inside(event.place)):
            continue
        about = [c for c in claims_of_event(session, event.id) if c.stance in _RESPONSIBILITY]
        summary = _event_summary(event, event.place, len(event.reports))
        entries.append(PresenceEntry("event", event.date, None, summary, about))
    entries.sort(key=lambda e: (e.date or dt.date.max, e.kind == "event"))
    return PresenceView(
        actor=ActorRef(found.id, found.name, found.kind, found.provisional),
        actors=[ActorRef(a.id, a.name, a.kind, a.provisional) for a in group],
        place=_place_info(region),
        entries=entries,
    )


def _with_subgroups(session: Session, actor: m.Actor) -> list[m.Actor]:
    """The actor, its children (transitively) and actors named as affiliated with any of them."""
    found = {actor.id: actor}
    frontier = [actor.id]
    while frontier:
        children = session.scalars(select(m.Actor).where(m.Actor.parent_id.in_(frontier))).all()
        affiliates = session.scalars(
            select(m.Actor)
            .join(m.ActorAffiliation, m.ActorAffiliation.actor_id == m.Actor.id)
            .where(m.ActorAffiliation.other_id.in_(frontier), m.Actor.provisional.is_(True))
        ).all()
        frontier = [a.id for a in (*children, *affiliates) if a.id not in found]
        found |= {a.id: a for a in (*children, *affiliates)}
    return sorted(found.values(), key=lambda a: a.id)


def _find_place(session: Session, name_or_id: str) -> m.Place:
    place: m.Place | None = None
    if name_or_id.isdigit() and 0 < int(name_or_id) <= MAX_ID:
        place = session.get(m.Place, int(name_or_id))
    if place is None:
        candidates = session.scalars(
            select(m.Place)
            .where(func.lower(m.Place.name) == name_or_id.strip().lower())
            .order_by(m.Place.population.desc().nulls_last(), m.Place.id)
        ).all()
        place = candidates[0] if candidates else None
    if place is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Place {name_or_id!r}")
    return place


def _within(session: Session, place: m.Place, region: m.Place) -> bool:
    """`place` is `region`, lies in it (a country's or a province's units), or is one of an
    informal region's members or lies in one."""
    if place.id == region.id:
        return True
    if region.feature_code.startswith("PCL"):
        return place.country_code == region.country_code
    if region.feature_code == "ADM1":
        return (place.country_code, place.admin1_code) == (region.country_code, region.admin1_code)
    members = session.scalars(
        select(m.Place)
        .join(m.PlaceMember, m.PlaceMember.member_id == m.Place.id)
        .where(m.PlaceMember.region_id == region.id)
    ).all()
    return any(member.id != region.id and _within(session, place, member) for member in members)


def _claims_query() -> Select[m.Claim]:
    return select(m.Claim).options(
        joinedload(m.Claim.document),
        joinedload(m.Claim.report),
        joinedload(m.Claim.speaker_actor),
        joinedload(m.Claim.subject_actor),
        selectinload(m.Claim.places).joinedload(m.ClaimPlace.place),
    )


def _claim_item(row: m.Claim) -> ClaimItem:
    return ClaimItem(
        id=row.id,
        document_id=row.document_id,
        document_title=row.document.title,
        outlet=row.document.outlet,
        report_id=row.report_id,
        event_id=row.object_event_id,
        stance=row.stance,
        verb=row.verb,
        speaker=row.speaker_text,
        speaker_name=row.speaker_name,
        speaker_role=row.speaker_role,
        organisation=row.organisation,
        speaker_actor=_ref(row.speaker_actor),
        via_outlet=row.via_outlet,
        intermediary=row.intermediary,
        subject=row.subject_text,
        subject_actor=_ref(row.subject_actor),
        predicate=row.predicate,
        object_kind=row.object_kind,
        object_text=row.object_text,
        quote=row.quote_text,
        quote_start=row.quote_start,
        quote_end=row.quote_end,
        said_on=row.said_on,
        said_precision=row.said_precision,
        places=[ClaimPlaceItem(p.text, p.role, _place_info(p.place)) for p in row.places],
        extractor=row.extractor,
    )
