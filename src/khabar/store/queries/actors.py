"""The actor registry as pages show it: the actor list, and an actor's page (hierarchy,
affiliations, events by role, claims, history)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from khabar.store import models as m
from khabar.store.queries.claims import ClaimItem, claims_of_actor
from khabar.store.queries.common import MAX_ID, MAX_LIMIT, _check_limit, _refuse, keyset
from khabar.store.queries.curation import AuditItem, _audit
from khabar.store.queries.summaries import ActorRef, EventSummary, _event_rows, _ref

ACTOR_EVENTS_LIMIT = 100
"""An actor page lists at most this many events of each role (the newest)."""
ACTOR_SORTS = ("name", "reports")
"""`sort=` of the actor list: by name, or most reported first."""


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
