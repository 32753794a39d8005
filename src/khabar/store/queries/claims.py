"""Claims read from documents (who says what, via whom, with which stance), for the document,
event and actor pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from khabar.store import models as m
from khabar.store.queries.common import MAX_LIMIT
from khabar.store.queries.summaries import ActorRef, PlaceInfo, _place_info, _ref


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
