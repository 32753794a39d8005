"""The event list, an event's page, and the facets and totals the home page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store.queries.claims import ClaimItem, claims_of_event
from khabar.store.queries.common import MAX_ID, _check_limit, keyset
from khabar.store.queries.curation import AuditItem, CorrectionItem, _audit, _corrections
from khabar.store.queries.filters import CURATION_STATUSES, EventFilters, filter_events
from khabar.store.queries.merged import merged_count, most_credible_first
from khabar.store.queries.reports import (
    ActorItem,
    CasualtyDetailItem,
    Count,
    DamageItem,
    EvidenceItem,
    ReportDetail,
    _report_detail,
    _reports_loaded,
)
from khabar.store.queries.summaries import EventSummary, PlaceInfo, _event_summary, _place_info

EVENT_SORTS: dict[str, tuple[Any, bool]] = {
    "newest": (m.Event.date, True),
    "oldest": (m.Event.date, False),
    "deaths": (m.Event.killed_best, True),
}
"""`sort=` of the event list: (key, descending); undated or uncounted events come last."""


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
class EventPage:
    items: list[EventSummary]
    next_after: int | None
    """Pass as `after_id` for the next page; `None` on the last page."""


@dataclass(frozen=True, slots=True)
class CountryOption:
    code: str
    name: str


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
    ranked = most_credible_first(event.reports)
    return EventDetail(
        id=event.id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        gtd_attack_type=event.gtd_attack_type,
        date=event.date,
        date_precision=event.date_precision,
        place=_place_info(event.place),
        place_precision=event.place_precision,
        killed=merged_count(event, ranked, "killed"),
        injured=merged_count(event, ranked, "injured"),
        abducted=merged_count(event, ranked, "abducted"),
        merge_rule=event.merge_rule,
        curation_status=event.curation_status,
        created_at=event.created_at,
        reports=reports,
        claims=claims_of_event(session, event.id),
        merged_into_id=event.merged_into_id,
        corrections=corrected.get(("event", event.id), []),
        history=_audit(session, "event", event.id, report_ids),
    )


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
