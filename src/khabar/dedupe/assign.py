"""Puts each new report into an event in the store, incrementally: a report joins the closest
fitting event or starts one, and nothing stored is re-clustered.

Blocking keeps this sub-quadratic: the only events read are those dated where the report's
window can reach (`rules.candidate_dates`, on the indexed `event.date`) in the report's country
(the indexed `place.country_code`), plus those of that window placed nowhere or only by a
country (`rules.located`), never a scan of all events. A report placed only by a country reads
those of every country it names ("clashes near the China border"). A report with no site reads
every event of its window, of any country, since it may join the only one that fits it
(`rules.fits_unplaced`). A report with no usable date starts its own event.

A report's place for matching is its event site, else (headlines often name only a country)
its most precise geocoded place of any other role, else the first-level region inferred for it
(`geo.actor_country`: the one holding the places its document names, or the one its groups
fight in), so the guess joins only an event in that region that also fits on date, type,
casualties and actors. A country guessed from the groups a report names, or holding places in
several regions, is no site: in a country at war most days see several such events. An event's
place is its own, else the most precise such place of its reports. Only the event site is ever
written to the event.

Curation wins over the machine: an event whose `curation_status` is not `machine` keeps its
fields when a report joins it (the report is still kept as provenance), and a `rejected` one
(or one merged into another by an analyst) takes no new reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from khabar.dedupe import EXTRACTOR
from khabar.dedupe.rules import (
    ADMIN1_PRECISION,
    COUNTRY_PRECISION,
    FINE_KM,
    MERGE_RULE,
    Count,
    Facts,
    Site,
    Told,
    candidate_dates,
    choose,
    merge,
    window,
)
from khabar.geo.gazetteer import normalise
from khabar.geo.geocoder import INFERRED
from khabar.store import models as m

MACHINE = "machine"
REJECTED = "rejected"
MERGED = "merged"
CLOSED = (REJECTED, MERGED)
"""Statuses of events that take no new reports: rejected ones, and those merged into another."""
SINGLE_REPORT_RULE = "single-report"
"""The rule of an event told by one report: its fields are that report's."""
MACHINE_MERGE_RULE = f"{EXTRACTOR}+{MERGE_RULE}"
"""The rule of an event the machine merged: the matching rules that put its reports together,
then how its fields were merged (an analyst's merge records `MERGE_RULE` alone)."""
UNNAMED_KINDS = frozenset({"civilians", "generic"})
"""Registry kinds that name nobody in particular, so they never contradict a perpetrator."""


UNPLACED_CANDIDATES = 200
"""Most events of its dates, in every country, that a report with no site is checked against:
it may join only the one event that fits it (`rules.fits_unplaced`), which among more than these
(a busy news day) is never clear enough to be worth reading them all, so it starts its own. A
sited report reads as many events of its dates placed nowhere or only by another country, or
none of them, so that a firehose day costs a bounded read."""


def assign(session: Session, report: m.Report) -> m.Event:
    """Link `report` (already added to its document) to an event, stored or new, and return it."""
    session.flush()
    candidates = _candidates(session, report)
    outlets = _outlets(session, [report, *(told for event in candidates for told in event.reports)])
    facts = report_facts(report, outlets)
    chosen = choose(facts, [event_facts(event, outlets) for event in candidates])
    if chosen is None:
        event = m.Event(curation_status=MACHINE, created_at=datetime.now(UTC))
        report.event = event
        _apply(event, [report], SINGLE_REPORT_RULE)
        return event
    event = candidates[chosen]
    report.event = event
    if event.curation_status == MACHINE:
        _apply(event, event.reports, MACHINE_MERGE_RULE)
    return event


def _candidates(session: Session, report: m.Report) -> list[m.Event]:
    span = window(report.date, report.date_precision)
    where = report_site(report)
    if span is None:
        return []
    first, last = candidate_dates(span)
    query = (
        select(m.Event)
        .outerjoin(m.Place, m.Event.place_id == m.Place.id)
        .where(m.Event.date.between(first, last), m.Event.curation_status.not_in(CLOSED))
        .order_by(m.Event.id)
    )
    if where is None:
        return _bounded(session, query)
    within = sorted(
        {where.country} | (hinted(report) if where.precision >= COUNTRY_PRECISION else set())
    )
    placed = list(session.scalars(query.where(m.Place.country_code.in_(within))))
    loose = query.where(
        or_(m.Event.place_id.is_(None), m.Event.place_precision >= COUNTRY_PRECISION),
        or_(m.Place.country_code.is_(None), m.Place.country_code.not_in(within)),
    )
    return sorted([*placed, *_bounded(session, loose)], key=lambda event: event.id)


def _outlets(session: Session, reports: list[m.Report]) -> dict[int, str]:
    """The outlet of each report's document that names one, by document id, read in one query
    (loading each document would read its whole text)."""
    ids = {report.document_id for report in reports}
    query = select(m.Document.id, m.Document.outlet).where(
        m.Document.id.in_(ids), m.Document.outlet.is_not(None)
    )
    return {doc_id: outlet for doc_id, outlet in session.execute(query) if outlet}


def _bounded(session: Session, query: Select[m.Event]) -> list[m.Event]:
    """The query's events, or none when there are more than `UNPLACED_CANDIDATES`."""
    found = list(session.scalars(query.limit(UNPLACED_CANDIDATES + 1)))
    return found if len(found) <= UNPLACED_CANDIDATES else []


def site(place: m.Place | None, precision: int | None, text: str | None = None) -> Site | None:
    """Where `place` puts a report, as it was written (`text`: see `rules.Site.namesake`)."""
    if place is None or place.country_code is None or place.lat is None or place.lon is None:
        return None
    if precision is None:
        return None
    return Site(
        place.country_code,
        place.admin1_code,
        place.lat,
        place.lon,
        precision,
        namesake=precision in FINE_KM and text is not None and _names_region(place, text),
    )


def _names_region(place: m.Place, text: str) -> bool:
    """Whether `text`, the name a town was written by, is also its first-level region's name
    ("Idlib", "Deir Ezzor" for Deir ez-Zor; not "Idlib city")."""
    region = place.admin1_name
    return region is not None and _squeezed(text) == _squeezed(region)


def _squeezed(name: str) -> str:
    return normalise(name).replace(" ", "")


def report_site(report: m.Report) -> Site | None:
    """Where matching puts a report (see the module docstring)."""
    found = site(report.place, report.place_precision, report.place_text)
    if found is not None:
        return found
    told = [p for p in report.places if p.place is not None and p.extractor != INFERRED]
    best = min(told, key=lambda p: p.precision, default=None)
    if best is not None:
        return site(best.place, best.precision, best.text)
    regions = [p for p in report.places if p.place is not None and p.precision <= ADMIN1_PRECISION]
    region = regions[0] if regions else None
    return site(region.place, ADMIN1_PRECISION) if region is not None else None


def event_site(event: m.Event) -> Site | None:
    """The event's own place, as the report it came from wrote it, else its reports' best."""
    texts = (r.place_text for r in event.reports if r.place_id == event.place_id)
    found = site(event.place, event.place_precision, next(texts, None))
    if found is not None:
        return found
    told = [s for s in (report_site(report) for report in event.reports) if s is not None]
    return min(told, key=lambda s: s.precision, default=None)


def _counts(row: m.Report | m.Event, name: str) -> Count:
    return Count(
        getattr(row, f"{name}_low"), getattr(row, f"{name}_best"), getattr(row, f"{name}_high")
    )


def perpetrators(report: m.Report) -> frozenset[int]:
    """The named perpetrators' actor ids, with their parents (a wing matches its movement)."""
    ids: set[int] = set()
    for link in report.actors:
        actor = link.actor
        if link.role == "perpetrator" and not actor.provisional and actor.kind not in UNNAMED_KINDS:
            ids.add(actor.merged_into_id or actor.id)
            if actor.parent_id is not None:
                ids.add(actor.parent_id)
    return frozenset(ids)


def report_facts(report: m.Report, outlets: Mapping[int, str]) -> Facts:
    return Facts(
        documents=frozenset({report.document_id}),
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        day=report.date,
        date_precision=report.date_precision,
        site=report_site(report),
        killed=_counts(report, "killed"),
        injured=_counts(report, "injured"),
        abducted=_counts(report, "abducted"),
        perpetrators=perpetrators(report),
        countries=hinted(report),
        sites=named_sites(report),
        outlets=frozenset(filter(None, [outlets.get(report.document_id)])),
    )


def event_facts(event: m.Event, outlets: Mapping[int, str]) -> Facts:
    tellings = tuple(report_facts(report, outlets) for report in event.reports)
    return Facts(
        documents=frozenset().union(*(told.documents for told in tellings)),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        day=event.date,
        date_precision=event.date_precision,
        site=event_site(event),
        killed=_counts(event, "killed"),
        injured=_counts(event, "injured"),
        abducted=_counts(event, "abducted"),
        perpetrators=frozenset().union(*(told.perpetrators for told in tellings)),
        countries=frozenset().union(*(told.countries for told in tellings)),
        sites=tuple(s for told in tellings for s in told.sites),
        tellings=tellings,
        outlets=frozenset().union(*(told.outlets for told in tellings)),
    )


NAMED_ROLES = frozenset({"event_site", "mentioned"})
"""Roles of the places a report may be matched by: a headline's list of places ("Bombardment
targets Lattakia, Hama and Der-Ezzor") tells where things happened even where the extractor
read no event site; a group's origin and claimed territory do not."""


def named_sites(report: m.Report) -> tuple[Site, ...]:
    """Every place the report tells of (`NAMED_ROLES`; "clashes in Homs and Idlib"), not only
    its first; never one inferred for it."""
    found = (
        site(p.place, p.precision, p.text)
        for p in report.places
        if p.role in NAMED_ROLES and p.extractor != INFERRED
    )
    return tuple(s for s in found if s is not None)


def hinted(report: m.Report) -> frozenset[str]:
    """The countries of all its places, inferred ones included (`rules.fits_unplaced`)."""
    return frozenset(
        p.place.country_code
        for p in report.places
        if p.place is not None and p.place.country_code is not None
    )


def told(report: m.Report) -> Told:
    return Told(
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        gtd_attack_type=report.gtd_attack_type,
        day=report.date,
        date_precision=report.date_precision,
        place=report.place_id,
        place_precision=report.place_precision,
        killed=_counts(report, "killed"),
        injured=_counts(report, "injured"),
        abducted=_counts(report, "abducted"),
        confidence=report.confidence,
        published=report.document.published_at,
        order=report.id,
    )


def _apply(event: m.Event, reports: Sequence[m.Report], rule: str) -> None:
    """Rewrite a machine event's fields from all its reports."""
    merged = merge([told(report) for report in reports])
    places = {report.place_id: report.place for report in reports}
    event.event_type = merged.event_type
    event.sub_event_type = merged.sub_event_type
    event.gtd_attack_type = merged.gtd_attack_type
    event.date = merged.day
    event.date_precision = merged.date_precision
    event.place = places.get(merged.place)
    event.place_precision = merged.place_precision
    for name in ("killed", "injured", "abducted"):
        count: Count = getattr(merged, name)
        setattr(event, f"{name}_low", count.low)
        setattr(event, f"{name}_best", count.best)
        setattr(event, f"{name}_high", count.high)
    event.merge_rule = rule
