"""An actor's presence timeline in a place: its presence claims, and the events it did or is
said to have done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store.queries.claims import ClaimItem, _claim_item, _claims_query, claims_of_event
from khabar.store.queries.common import MAX_ID
from khabar.store.queries.summaries import (
    ActorRef,
    EventSummary,
    PlaceInfo,
    _event_summary,
    _place_info,
)

PRESENCE_KINDS = {"assert": "asserted", "deny": "denied", "territorial": "territorial"}
_RESPONSIBILITY = ("claim_responsibility", "attribute", "deny")


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
    if name_or_id.isdecimal() and 0 < int(name_or_id) <= MAX_ID:
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
