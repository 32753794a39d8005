"""Writes to the actor tables: seeding from the registry and analysts' merge, split and alias.

The CLI (`khabar actors`) and the web app (`khabar.web.actors`) both curate through here.
Every change appends an `audit_log` entry with the actor before and after. Merging keeps the
merged-away actor as a redirect (`merged_into_id`) rather than deleting it, so that old links
and the audit entries naming it still lead somewhere; its aliases, external names, reports,
children and affiliations move to the actor kept, and its name becomes an alias there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from khabar.actors.registry import ActorEntry, Registry, ResolvedActor, clean_name
from khabar.errors import ErrorCode, KhabarError
from khabar.store import audit
from khabar.store import models as m
from khabar.store.queries import MAX_ID

SEEDER = "registry"
MAX_NAME = 200
"""Longest actor name or alias (the columns' length)."""
CONTAINED = "contained-in-name"
"""`actor_affiliation.source` of a provisional actor linked by the name it was written with."""


@dataclass(frozen=True, slots=True)
class SeedSummary:
    created: int
    updated: int
    unchanged: int


def snapshot(actor: m.Actor) -> dict[str, Any]:
    """The actor as the audit log records it."""
    return {
        "name": actor.name,
        "kind": actor.kind,
        "parent_id": actor.parent_id,
        "provisional": actor.provisional,
        "active_from": actor.active_from,
        "active_to": actor.active_to,
        "countries": list(actor.countries or []),
        "merged_into_id": actor.merged_into_id,
        "aliases": sorted(alias.alias for alias in actor.aliases),
        "external_names": sorted(f"{e.dataset}:{e.name}" for e in actor.externals),
    }


def seed(session: Session, registry: Registry, who: str = SEEDER) -> SeedSummary:
    """Write every registry entry; running it again changes nothing. Aliases an analyst moved
    to another actor, and actors merged away, are left as curated."""
    created = updated = 0
    for entry in _parents_first(registry):
        actor = session.scalar(select(m.Actor).where(m.Actor.name == entry.name))
        if actor is not None and actor.merged_into_id is not None:
            continue
        before = None if actor is None else snapshot(actor)
        actor = upsert_entry(session, registry, entry, actor)
        session.flush()
        after = snapshot(actor)
        if before != after:
            action = "seed:create" if before is None else "seed:update"
            audit.append(
                session, who=who, action=action, entity="actor", entity_id=actor.id,
                before=before, after=after,
            )  # fmt: skip
            created += before is None
            updated += before is not None
    return SeedSummary(created, updated, len(registry.entries) - created - updated)


def upsert_entry(
    session: Session, registry: Registry, entry: ActorEntry, actor: m.Actor | None = None
) -> m.Actor:
    """The actor of a registry entry, created or brought up to date (parents first)."""
    if actor is None:
        actor = m.Actor(name=entry.name, kind=entry.kind, provisional=False)
        session.add(actor)
    actor.kind = entry.kind
    actor.active_from = entry.active_from
    actor.active_to = entry.active_to
    actor.countries = list(entry.countries)
    actor.sources = list(entry.sources)
    if entry.parent is not None and entry.parent in registry.entries:
        actor.parent = entry_actor(session, registry, registry.entries[entry.parent])
    taken = set(session.scalars(select(func.lower(m.ActorAlias.alias))))
    for alias in entry.aliases:
        if alias.lower() not in taken:
            actor.aliases.append(m.ActorAlias(alias=alias, source=SEEDER))
            taken.add(alias.lower())
    known = {
        (d, n) for d, n in session.execute(select(m.ActorExternal.dataset, m.ActorExternal.name))
    }
    for dataset, name in entry.external_names:
        if (dataset, name) not in known:
            actor.externals.append(m.ActorExternal(dataset=dataset, name=name))
    session.flush()
    for link in entry.affiliations:
        other_entry = registry.entries.get(link.actor)
        if other_entry is not None:
            other = entry_actor(session, registry, other_entry)
            _affiliate(session, actor, other, link.relation, link.since, link.until, SEEDER)
    return actor


def entry_actor(session: Session, registry: Registry, entry: ActorEntry) -> m.Actor:
    """The stored actor of an entry, following a merge, creating it when missing."""
    actor = session.scalar(select(m.Actor).where(m.Actor.name == entry.name))
    if actor is None:
        return upsert_entry(session, registry, entry)
    return _followed(actor)


def resolved_actor(session: Session, registry: Registry, resolved: ResolvedActor) -> m.Actor:
    """The stored actor a resolution names; a provisional one is created flagged for review and
    linked to the entry its name contains (`CONTAINED`)."""
    if resolved.entry is not None:
        return entry_actor(session, registry, resolved.entry)
    actor = session.scalar(select(m.Actor).where(m.Actor.name == resolved.name))
    if actor is not None:
        return _followed(actor)
    actor = m.Actor(name=resolved.name, kind=resolved.kind, provisional=True)
    session.add(actor)
    session.flush()
    if resolved.affiliate is not None:
        other = entry_actor(session, registry, resolved.affiliate)
        _affiliate(session, actor, other, "named as affiliated with", None, None, CONTAINED)
    return actor


def find(session: Session, name_or_id: str) -> m.Actor:
    """An actor by id, name, or alias (case-insensitive); a clear error when there is none."""
    actor: m.Actor | None = None
    if name_or_id.isdecimal() and 0 < int(name_or_id) <= MAX_ID:
        actor = session.get(m.Actor, int(name_or_id))
    if actor is None:
        actor = session.scalar(
            select(m.Actor).where(func.lower(m.Actor.name) == name_or_id.lower())
        )
    if actor is None:
        actor = session.scalar(
            select(m.Actor)
            .join(m.ActorAlias)
            .where(func.lower(m.ActorAlias.alias) == name_or_id.lower())
            .limit(1)
        )
    if actor is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Actor {name_or_id!r}")
    return actor


def merge(session: Session, keep: m.Actor, gone: m.Actor, who: str) -> None:
    """Fold `gone` into `keep` (see the module docstring)."""
    if keep.id == gone.id:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"Cannot merge {keep.name!r} into itself.")
    _unmerged(keep)
    _unmerged(gone)
    before_keep, before_gone = snapshot(keep), snapshot(gone)
    have = {alias.alias.lower() for alias in keep.aliases}
    for alias in [*gone.aliases]:
        gone.aliases.remove(alias)
        if alias.alias.lower() not in have:
            keep.aliases.append(
                m.ActorAlias(alias=alias.alias, language=alias.language, source="merge")
            )
            have.add(alias.alias.lower())
    if gone.name.lower() not in have:
        keep.aliases.append(m.ActorAlias(alias=gone.name, source="merge"))
    for external in [*gone.externals]:
        external.actor = keep
    session.flush()
    session.execute(
        update(m.ReportActor).where(m.ReportActor.actor_id == gone.id).values(actor_id=keep.id)
    )
    session.execute(update(m.Actor).where(m.Actor.parent_id == gone.id).values(parent_id=keep.id))
    for column in (m.ActorAffiliation.actor_id, m.ActorAffiliation.other_id):
        for link in session.scalars(select(m.ActorAffiliation).where(column == gone.id)):
            ends = (keep.id if link.actor_id == gone.id else link.actor_id,
                    keep.id if link.other_id == gone.id else link.other_id)  # fmt: skip
            duplicate = session.scalar(
                select(m.ActorAffiliation.id).where(
                    m.ActorAffiliation.actor_id == ends[0],
                    m.ActorAffiliation.other_id == ends[1],
                    m.ActorAffiliation.relation == link.relation,
                )
            )
            if ends[0] == ends[1] or duplicate is not None:
                session.delete(link)
            else:
                link.actor_id, link.other_id = ends
    if keep.parent_id == keep.id:
        keep.parent_id = gone.parent_id
    gone.merged_into = keep
    gone.provisional = False
    session.flush()
    session.expire_all()
    audit.append(
        session, who=who, action="merge", entity="actor", entity_id=keep.id,
        before=before_keep, after=snapshot(keep),
    )  # fmt: skip
    audit.append(
        session, who=who, action="merged_into", entity="actor", entity_id=gone.id,
        before=before_gone, after=snapshot(gone),
    )  # fmt: skip


def split(session: Session, actor: m.Actor, alias: str, new_name: str, who: str) -> m.Actor:
    """Move `alias`, and the report mentions written as it, from `actor` to a new actor."""
    _unmerged(actor)
    row = _alias_row(actor, alias)
    new_name = _name(new_name, "The new actor's name")
    if session.scalar(select(m.Actor.id).where(m.Actor.name == new_name)) is not None:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"An actor is already called {new_name!r}.")
    before = snapshot(actor)
    new = m.Actor(
        name=new_name, kind=actor.kind, provisional=False, parent_id=actor.parent_id,
        countries=list(actor.countries or []), sources=[],
    )  # fmt: skip
    session.add(new)
    actor.aliases.remove(row)
    session.flush()
    new.aliases.append(m.ActorAlias(alias=row.alias, language=row.language, source="split"))
    wanted = clean_name(alias).lower()
    for mention in session.scalars(select(m.ReportActor).where(m.ReportActor.actor_id == actor.id)):
        if clean_name(mention.text).lower() == wanted:
            mention.actor_id = new.id
    session.flush()
    audit.append(
        session, who=who, action="split", entity="actor", entity_id=actor.id,
        before=before, after=snapshot(actor),
    )  # fmt: skip
    audit.append(
        session, who=who, action="split:create", entity="actor", entity_id=new.id,
        before=None, after=snapshot(new),
    )  # fmt: skip
    return new


def add_alias(session: Session, actor: m.Actor, alias: str, who: str) -> None:
    """Give `actor` another name; refused when another actor already has it."""
    _unmerged(actor)
    alias = _name(alias, "An alias")
    owner = session.scalar(
        select(m.Actor)
        .join(m.ActorAlias)
        .where(func.lower(m.ActorAlias.alias) == alias.lower())
        .limit(1)
    )
    if owner is not None:
        message = f"{alias!r} is already an alias of {owner.name!r} (actor {owner.id})."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message)
    before = snapshot(actor)
    actor.aliases.append(m.ActorAlias(alias=alias, source="alias"))
    session.flush()
    audit.append(
        session, who=who, action="alias", entity="actor", entity_id=actor.id,
        before=before, after=snapshot(actor),
    )  # fmt: skip


def remove_alias(session: Session, actor: m.Actor, alias: str, who: str) -> None:
    """Take a wrong name off `actor`. Report mentions already linked stay linked (split the
    alias off instead to move them); later ingests no longer resolve the name to it."""
    _unmerged(actor)
    row = _alias_row(actor, alias)
    before = snapshot(actor)
    actor.aliases.remove(row)
    session.flush()
    audit.append(
        session, who=who, action="unalias", entity="actor", entity_id=actor.id,
        before=before, after=snapshot(actor),
    )  # fmt: skip


def _unmerged(actor: m.Actor) -> None:
    """Refuse to curate an actor merged away: its names and reports live at the one kept."""
    if actor.merged_into_id is not None:
        message = f"{actor.name!r} was already merged into actor {actor.merged_into_id}."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message)


def _alias_row(actor: m.Actor, alias: str) -> m.ActorAlias:
    wanted = " ".join(alias.split()).lower()
    row = next((a for a in actor.aliases if a.alias.lower() == wanted), None)
    if row is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Alias {alias!r} of actor {actor.name!r}")
    return row


def _name(text: str, what: str) -> str:
    """`text` with its whitespace collapsed; refused when empty or longer than the column."""
    name = " ".join(text.split())
    if not name:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"{what} cannot be empty.")
    if len(name) > MAX_NAME:
        message = f"{what} is at most {MAX_NAME} characters; {len(name)} were given."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message)
    return name


def _followed(actor: m.Actor) -> m.Actor:
    while actor.merged_into is not None:
        actor = actor.merged_into
    return actor


def _affiliate(
    session: Session,
    actor: m.Actor,
    other: m.Actor,
    relation: str,
    since: int | None,
    until: int | None,
    source: str,
) -> None:
    exists = session.scalar(
        select(m.ActorAffiliation.id).where(
            m.ActorAffiliation.actor_id == actor.id,
            m.ActorAffiliation.other_id == other.id,
            m.ActorAffiliation.relation == relation,
        )
    )
    if exists is None:
        session.add(
            m.ActorAffiliation(
                actor_id=actor.id,
                other_id=other.id,
                relation=relation,
                since=since,
                until=until,
                source=source,
            )
        )


def _parents_first(registry: Registry) -> list[ActorEntry]:
    ordered: dict[str, ActorEntry] = {}

    def visit(entry: ActorEntry) -> None:
        parent = registry.entries.get(entry.parent or "")
        if parent is not None and parent.name not in ordered:
            visit(parent)
        ordered.setdefault(entry.name, entry)

    for entry in registry.entries.values():
        visit(entry)
    return list(ordered.values())
