"""One event as told by one document, with the evidence of every field: the shared body of an
event's page and a document's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import joinedload, selectinload

from khabar.store import models as m
from khabar.store.queries.curation import CorrectionItem
from khabar.store.queries.summaries import PlaceInfo, _place_info


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people or things as low/best/high plus the words the source used."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None = None


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
