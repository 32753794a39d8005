"""The relational data model of DESIGN §2, shared by SQLite and PostgreSQL.

Reports keep what one document says; events are what khabar believes happened, merged from
reports. Every extracted value is traceable: its `evidence` row gives the span of
`document.text` it came from and the extractor (`name@version`) that read it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import event as orm_event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp with time zone that reads back as aware UTC on both backends.

    SQLite keeps no offset, so its values came back naive, and the JSON twins then sent
    timestamps without one (not RFC 3339 `date-time`, as the OpenAPI description promises).
    Every value khabar writes is UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(300))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    raw_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    error_code: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    near_duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    """The original this document copies (status `near_duplicate`, not extracted); see
    `dedupe/near.py`."""
    near_duplicate_similarity: Mapped[float | None] = mapped_column(Float)
    """Jaccard similarity of its word 3-grams to the original's, measured when it was stored."""

    mentions: Mapped[list[Mention]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Mention.start"
    )
    reports: Mapped[list[Report]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Report.id"
    )
    claims: Mapped[list[Claim]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Claim.quote_start"
    )


class Mention(Base):
    __tablename__ = "mention"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String(40))

    document: Mapped[Document] = relationship(back_populates="mentions")


class Place(Base):
    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    gazetteer_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    feature_class: Mapped[str] = mapped_column(String(4))
    feature_code: Mapped[str] = mapped_column(String(10))
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    country_name: Mapped[str | None] = mapped_column(String(100))
    admin1_code: Mapped[str | None] = mapped_column(String(20))
    admin1_name: Mapped[str | None] = mapped_column(String(200))
    admin2_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When `khabar gazetteer build` last wrote the row; `None` for a place stored by ingest
    before any build. A rebuild deletes older rows that nothing refers to."""

    names: Mapped[list[PlaceName]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="PlaceName.id"
    )


NORMALISED = String(400).with_variant(String(400, collation="C"), "postgresql")
"""A folded lookup key. On PostgreSQL it sorts by code point, so that a prefix search is an
index range scan (`normalised >= 'kab' AND normalised < 'kac'`), as it is on SQLite."""


class PlaceName(Base):
    """Every name of a place, its main name included, folded for case/diacritic-free search."""

    __tablename__ = "place_name"
    __table_args__ = (UniqueConstraint("place_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(400))
    normalised: Mapped[str] = mapped_column(NORMALISED, index=True)
    """`khabar.geo.gazetteer.normalise(name)`."""
    source: Mapped[str] = mapped_column(String(40))
    """The `gazetteer_source.name` the name comes from."""

    place: Mapped[Place] = relationship(back_populates="names")


class PlaceMember(Base):
    """A unit an informal region is made of (Khurasan → Afghanistan, Khyber Pakhtunkhwa)."""

    __tablename__ = "place_member"

    region_id: Mapped[int] = mapped_column(
        ForeignKey("place.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("place.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class GazetteerSource(Base):
    """One input of the last gazetteer build, with the version and licence it was built from."""

    __tablename__ = "gazetteer_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    version: Mapped[str] = mapped_column(String(40))
    licence: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Actor(Base):
    """A group, force, government, person or generic kind; `provisional` ones await review.

    A merged actor stays as a redirect (`merged_into_id`) so that links and audit entries that
    name it keep resolving; it has no aliases or reports of its own any more.
    """

    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"))
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    active_from: Mapped[int | None] = mapped_column(Integer)
    active_to: Mapped[int | None] = mapped_column(Integer)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    """ISO 3166-1 alpha-2 codes of where it operates."""
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Public references for the entry ("Wikipedia: Taliban", "UCDP actor: Taleban")."""
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAlias.id"
    )
    externals: Mapped[list[ActorExternal]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorExternal.id"
    )
    affiliations: Mapped[list[ActorAffiliation]] = relationship(
        back_populates="actor",
        cascade="all, delete-orphan",
        foreign_keys="ActorAffiliation.actor_id",
        order_by="ActorAffiliation.id",
    )
    parent: Mapped[Actor | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    merged_into: Mapped[Actor | None] = relationship(
        remote_side=[id], foreign_keys=[merged_into_id]
    )


class ActorAlias(Base):
    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    source: Mapped[str] = mapped_column(String(40), default="registry")
    """`registry` when seeded, else who added it (`merge`, `split`, `alias`)."""

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class ActorExternal(Base):
    """A name another dataset gives the actor (GTD `gname`, UCDP `side_a`/`side_b`)."""

    __tablename__ = "actor_external"
    __table_args__ = (UniqueConstraint("dataset", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    dataset: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))

    actor: Mapped[Actor] = relationship(back_populates="externals")


class ActorAffiliation(Base):
    """A dated link between two actors other than the parent (successor of, pledged to,
    aligned with); `source` says who asserted it (the registry, or a resolver rule)."""

    __tablename__ = "actor_affiliation"
    __table_args__ = (UniqueConstraint("actor_id", "other_id", "relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(80))
    since: Mapped[int | None] = mapped_column(Integer)
    until: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(80))

    actor: Mapped[Actor] = relationship(back_populates="affiliations", foreign_keys=[actor_id])
    other: Mapped[Actor] = relationship(foreign_keys=[other_id])


class AuditLog(Base):
    """Every change analysts or seeding make to curated data; append-only (DESIGN §2): the
    mapper refuses updates and deletes, and no code path issues them."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def _append_only(_mapper: Any, _connection: Any, target: AuditLog) -> None:
    raise PermissionError(f"audit_log is append-only (entry {target.id})")


orm_event.listen(AuditLog, "before_update", _append_only)
orm_event.listen(AuditLog, "before_delete", _append_only)


class Event(Base):
    """A happening, merged from the reports that tell it (UCDP-style low/best/high)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(80))
    gtd_attack_type: Mapped[str] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    place_precision: Mapped[int | None] = mapped_column(Integer)
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    abducted_low: Mapped[int | None] = mapped_column(Integer)
    abducted_best: Mapped[int | None] = mapped_column(Integer)
    abducted_high: Mapped[int | None] = mapped_column(Integer)
    merge_rule: Mapped[str] = mapped_column(String(60))
    curation_status: Mapped[str] = mapped_column(String(16), default="machine", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    """Set when an analyst merged this event into another: it stays as a redirect (status
    `merged`, no reports) so that links, comments and audit entries naming it keep resolving."""

    place: Mapped[Place | None] = relationship()
    reports: Mapped[list[Report]] = relationship(back_populates="event", order_by="Report.id")


class Correction(Base):
    """An analyst's value for one field of a row, beside the value the machine had computed.

    The row itself holds the corrected value (so every reader and export sees it); this table
    keeps the machine's value for comparison. There is one row per field: a later correction
    replaces the corrected value, and `audit_log` keeps the full history.
    """

    __tablename__ = "correction"
    __table_args__ = (UniqueConstraint("entity", "entity_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    machine_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    """The value the machine computed from the reports; kept current when they change."""
    corrected_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)


class Report(Base):
    """One event as told by one document; one column per field, one `evidence` row per field."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(80))
    gtd_attack_type: Mapped[str] = mapped_column(String(60))
    date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    place_text: Mapped[str | None] = mapped_column(String(300))
    place_precision: Mapped[int | None] = mapped_column(Integer)
    place_role: Mapped[str | None] = mapped_column(String(24))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    killed_qualifier: Mapped[str | None] = mapped_column(String(120))
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    injured_qualifier: Mapped[str | None] = mapped_column(String(120))
    abducted_low: Mapped[int | None] = mapped_column(Integer)
    abducted_best: Mapped[int | None] = mapped_column(Integer)
    abducted_high: Mapped[int | None] = mapped_column(Integer)
    abducted_qualifier: Mapped[str | None] = mapped_column(String(120))
    responsibility: Mapped[str] = mapped_column(String(16), default="unknown")
    confidence: Mapped[float] = mapped_column(Float)
    extractor: Mapped[str] = mapped_column(String(40))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="reports")
    event: Mapped[Event | None] = relationship(back_populates="reports")
    place: Mapped[Place | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Evidence.start"
    )
    actors: Mapped[list[ReportActor]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportActor.start"
    )
    places: Mapped[list[ReportPlace]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportPlace.start"
    )
    details: Mapped[list[CasualtyDetail]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="CasualtyDetail.start"
    )
    damage: Mapped[list[PropertyDamage]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="PropertyDamage.start"
    )


class Evidence(Base):
    """Which span of the document a report field was read from, and by which extractor."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mention.id", ondelete="SET NULL"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String(40))

    report: Mapped[Report] = relationship(back_populates="evidence")


class ReportActor(Base):
    __tablename__ = "report_actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(String(40))

    report: Mapped[Report] = relationship(back_populates="actors")
    actor: Mapped[Actor] = relationship()


class ReportPlace(Base):
    """Every place a report names, with its role; only `event_site` puts the event on the map."""

    __tablename__ = "report_place"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(24))
    precision: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(String(40))

    report: Mapped[Report] = relationship(back_populates="places")
    place: Mapped[Place | None] = relationship()


class CasualtyDetail(Base):
    __tablename__ = "casualty_detail"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    manner: Mapped[str] = mapped_column(String(60))
    victims: Mapped[str] = mapped_column(String(300))
    low: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(120))
    included_in_total: Mapped[bool] = mapped_column(Boolean)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(String(40))

    report: Mapped[Report] = relationship(back_populates="details")


class PropertyDamage(Base):
    __tablename__ = "property_damage"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object: Mapped[str] = mapped_column(String(200))
    low: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(120))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(String(40))

    report: Mapped[Report] = relationship(back_populates="damage")


class Claim(Base):
    """Who says what about whom, as one document relays it (DESIGN §2 `claim`).

    The speaker is kept as written (`speaker_text`, `speaker_name`, `speaker_role`,
    `organisation`) and linked to an actor only where the registry knows it; `via_outlet` and
    `intermediary` are who relayed it inside the document, which is itself the outlet it came
    through. A report's responsibility rows are its claims of stance `claim_responsibility`,
    `attribute` and `deny`, so disagreeing ones are all kept. `spans` maps each field to its
    [start, end] in `document.text`.
    """

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("report.id", ondelete="SET NULL"), index=True
    )
    stance: Mapped[str] = mapped_column(String(24), index=True)
    verb: Mapped[str] = mapped_column(String(80))
    speaker_text: Mapped[str] = mapped_column(String(300))
    speaker_name: Mapped[str] = mapped_column(String(300))
    speaker_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    speaker_role: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(300))
    via_outlet: Mapped[str | None] = mapped_column(String(300))
    intermediary: Mapped[str | None] = mapped_column(String(300))
    subject_text: Mapped[str | None] = mapped_column(String(300))
    subject_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    predicate: Mapped[str] = mapped_column(String(80))
    object_kind: Mapped[str] = mapped_column(String(16))
    object_text: Mapped[str | None] = mapped_column(Text)
    object_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    quote_text: Mapped[str] = mapped_column(Text)
    said_on: Mapped[date | None] = mapped_column(Date)
    said_precision: Mapped[str | None] = mapped_column(String(16))
    spans: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    extractor: Mapped[str] = mapped_column(String(40))

    document: Mapped[Document] = relationship(back_populates="claims")
    report: Mapped[Report | None] = relationship()
    speaker_actor: Mapped[Actor | None] = relationship(foreign_keys=[speaker_actor_id])
    subject_actor: Mapped[Actor | None] = relationship(foreign_keys=[subject_actor_id])
    object_event: Mapped[Event | None] = relationship()
    places: Mapped[list[ClaimPlace]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimPlace.start"
    )


class ClaimPlace(Base):
    """A place a presence or territorial claim names (role `mentioned` or `claimed_territory`)."""

    __tablename__ = "claim_place"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(24))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    claim: Mapped[Claim] = relationship(back_populates="places")
    place: Mapped[Place | None] = relationship()


class AppSecret(Base):
    """Keys the app generates for itself when `KHABAR_SECRET_KEY` is unset, so every process
    serving one database signs and verifies with the same key."""

    __tablename__ = "app_secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class User(Base):
    """An analyst, moderator or admin account (`user` is reserved in PostgreSQL, hence the name).
    Only the argon2 hash of the password is kept."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginSession(Base):
    """A signed-in browser; the cookie carries only the signed id, so logging out ends it."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed login, counted under a truncated keyed hash of its address and again under
    one of its name (`discuss/throttle.py`); never the address or the name. A row per failure,
    so workers failing at once each add theirs; rows past the login window are deleted."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Comment(Base):
    """A reader's comment on a subject (`kind` + id: an event now, an article later).

    The email address is not stored: `author_key` is a keyed hash of it, enough to recognise a
    returning author and draw an avatar, useless for contacting or publishing anyone.
    """

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    depth: Mapped[int] = mapped_column(Integer)
    author_name: Mapped[str] = mapped_column(String(100))
    author_key: Mapped[str] = mapped_column(String(64), index=True)
    website: Mapped[str | None] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    ip_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Article(Base):
    """An analyst's article, written in Markdown (DESIGN §4). Publishing ingests it like any
    document; `document_id` names the version of it that was ingested last, so the events and
    claims read from the published text can be shown beside it."""

    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User] = relationship()


Index("ix_event_type_date", Event.event_type, Event.date)
Index("ix_report_place_role", ReportPlace.role, ReportPlace.place_id)
Index("ix_audit_log_entity", AuditLog.entity, AuditLog.entity_id)
Index("ix_comment_subject", Comment.subject_kind, Comment.subject_id, Comment.status)
Index("ix_comment_ip_time", Comment.ip_hash, Comment.created_at)
# What the map clusters, per-country counts and timeline read of each event (`queries/`).
Index(
    "ix_event_place_type",
    Event.place_id,
    Event.event_type,
    Event.curation_status,
    Event.killed_best,
)
Index("ix_event_timeline", Event.date, Event.curation_status, Event.killed_best)
# The lists' sort orders (`queries.EVENT_SORTS`, `DOCUMENT_SORTS`): `DESC NULLS LAST`, then id, is
# a SQLite index's own descending order, but needs an index declared that way on PostgreSQL.
Index("ix_event_killed_best", Event.killed_best).ddl_if(dialect="sqlite")
Index("ix_document_published_at", Document.published_at).ddl_if(dialect="sqlite")
Index("ix_event_date_desc", Event.date.desc().nulls_last(), Event.id.desc()).ddl_if(
    dialect="postgresql"
)
Index(
    "ix_event_type_date_desc", Event.event_type, Event.date.desc().nulls_last(), Event.id.desc()
).ddl_if(dialect="postgresql")
Index("ix_event_killed_best_desc", Event.killed_best.desc().nulls_last(), Event.id.desc()).ddl_if(
    dialect="postgresql"
)
Index(
    "ix_document_published_at_desc", Document.published_at.desc().nulls_last(), Document.id.desc()
).ddl_if(dialect="postgresql")


class MinhashBand(Base):
    """One LSH band of a document's MinHash signature, kept so that later runs find it as an
    original (`dedupe/near.py`): documents sharing a `key` are near-duplicate candidates, found
    by an indexed lookup instead of a scan."""

    __tablename__ = "minhash_band"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Feed(Base):
    """An RSS or Atom feed that `khabar watch` polls, with what it needs to poll politely:
    the cache validators of the last answer and the state of its backoff."""

    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    """Failed polls in a row; the backoff doubles with each."""
    last_status: Mapped[int | None] = mapped_column(Integer)
    """The HTTP status of the last answer (304 included); None when none came."""
    last_error_code: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedItem(Base):
    """One entry of a feed, stored once (by its GUID, else its link) whatever the polls."""

    __tablename__ = "feed_item"
    __table_args__ = (
        UniqueConstraint("feed_id", "key"),
        Index("ix_feed_item_retry", "feed_id", "retry_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    """sha256 of the GUID (or of the link when there is none)."""
    guid: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    """The document its page was stored as (a failed one when the page could not be read)."""
    page_tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How often its page failed to download; 0 when it came at the first try."""
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When a poll of its feed tries the failed page again; None when none will."""
