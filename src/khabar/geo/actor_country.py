"""A report's place inferred when it names none: the document's, else its groups' country, else
the country its outlet monitors.

Headlines often give no place at all ("TNLA and government clashes continue", "Kachin rebels
say …"). The document's other sentences may place it (`document_place.py`: a report that names
no place, or only its country or a nationality, takes the unit holding all the document's
places, or the country of its nationalities when it names no place, unless a group or force
the report names operates elsewhere); failing that, a group that fights in one country only
places the report in that country, and groups that the registry knows to fight in a few
first-level units (`areas`) place it in the one unit they all share, even where the report
names its country. The actor registry knows where each group operates (`countries`, `areas`);
the geo stage may not import it (a stage imports only from stages to its left), so the
pipeline hands over a finder of the registry's groups in a text (`ActorFinder`). Failing both,
a report of a single-country monitor (`outlets.py`: SOHR, The Irrawaddy) is placed in the country
it monitors, and one of a local daily (El Heraldo de Juárez) in its first-level unit, unless it
names a country or a place in or next to that one itself: a general outlet (Reuters, AFP) or a
national one (Dawn) never places anything. A monitor's report that names no place but a
foreign nationality ("Russian warplanes" in SOHR) is not placed by that nationality either: it
tells who, not where, and the nationality then yields to the country (`geocoder`).

Each is kept as a guess, never as a site: the report gets one more place mention, with role
`mentioned` (only `event_site` puts an event on the map, DESIGN §2) and extractor `INFERRED`,
whose context is the entry's gazetteer id; the geocoder resolves it to that entry with a low
confidence (`geocoder.INFERRED_CONFIDENCE`). A group's country is added only when

- no place mention of the report names a gazetteer entry below a country in the groups'
  country or next to it (a place named there is evidence the text gives; the group is not),
  and where one names a country, only the groups' unit is added. A name whose every reading
  lies far away ("KIA … clashed in Manton township", where the gazetteer knows only English
  and American villages) is a namesake of a place the gazetteer lacks: the groups' country is
  added, and the geocoder then reads the far small town as a stray;
- the report's sentence names a non-state group, and the actors of the registry it names
  operate in one and only one country in common. A state's forces fight abroad too ("Russian
  warplanes", "Turkish troops" in Syria), so they place nothing on their own, though they
  may agree with a group ("Burma Army and KIA clash"); a group active in several countries
  (Islamic State) places nothing alone, but where it fights a group of one of them ("clashes
  between SDF and ISIS") the fight lies in that one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from khabar.extract.types import DocumentExtraction, Evidence, ExtractedReport, PlaceMention
from khabar.geo.document_place import (
    DocumentPlace,
    fits,
    inferred_mention,
    needs_document_place,
    read_document,
)
from khabar.geo.gazetteer import COUNTRY_FEATURE, Gazetteer, GazetteerEntry, country_id
from khabar.geo.geocoder import (
    INFERRED,
    STRAY_POPULATION,
    ResolvedPlace,
    lookup_readings,
    names_a_place,
    names_below_country,
    tells_whose,
)
from khabar.geo.outlets import Outlet, subdivision


class ActorHit(NamedTuple):
    """An actor of the registry named in a text."""

    start: int
    end: int
    state: bool
    """A state actor (forces, government), which fights abroad too."""
    countries: tuple[str, ...]
    """ISO codes of the countries where it operates."""
    areas: tuple[str, ...] = ()
    """Gazetteer ids of the first-level units where a group fights, when they are few."""


ActorFinder = Callable[[str], Sequence[ActorHit]]
"""The registry's actors named in a text, in text order."""


def with_actor_countries(
    extraction: DocumentExtraction,
    text: str,
    gazetteer: Gazetteer,
    find_actors: ActorFinder,
    outlet: Outlet | None = None,
) -> DocumentExtraction:
    """`extraction` with a place inferred for each report that qualifies: the document's
    (`document_place.py`), else its groups' country, else the country its `outlet` monitors (see
    the module docstring); the same object when none does."""
    reports = extraction.reports
    monitored = outlet.monitored if outlet is not None else None
    own: Sequence[list[ResolvedPlace] | None] = [None] * len(reports)
    if any(_may_need_place(r, gazetteer) for r in reports):
        own, found = read_document(reports, text, gazetteer, outlet)
        if (
            found is not None
            and found.by_nationality
            and monitored not in (None, found.entry.country_code)
        ):
            found = None  # "Russian warplanes" in SOHR: a foreign force, not the place
        reports = tuple(
            _with_document_place(r, places, found, gazetteer, find_actors)
            for r, places in zip(reports, own, strict=True)
        )
    reports = tuple(_inferred(r, gazetteer, find_actors) for r in reports)
    if outlet is not None:
        reports = tuple(
            _monitored(r, gazetteer, outlet, places) for r, places in zip(reports, own, strict=True)
        )
    if all(new is old for new, old in zip(reports, extraction.reports, strict=True)):
        return extraction
    return replace(extraction, reports=reports)


def _may_need_place(report: ExtractedReport, gazetteer: Gazetteer) -> bool:
    """Whether a report names nothing but countries, nationalities, names the gazetteer lacks and
    small towns, as far as a look-up tells (the geocoder decides): a small town may be a
    namesake of a place the gazetteer lacks ("ANNEX A" is no Ontario town), which the geocoder
    leaves unresolved, and the document may then place the report."""
    return not any(
        e.feature_code != COUNTRY_FEATURE
        and (e.feature_class != "P" or e.population >= STRAY_POPULATION)
        for p in report.places
        for e in lookup_readings(gazetteer, p.text)
    )


def _with_document_place(
    report: ExtractedReport,
    own: list[ResolvedPlace],
    found: DocumentPlace | None,
    gazetteer: Gazetteer,
    find_actors: ActorFinder,
) -> ExtractedReport:
    if found is None or not needs_document_place(own, gazetteer) or not fits(found, own, gazetteer):
        return report
    if found.by_nationality and not _actors_operate_in(report, found, find_actors):
        return report  # "KIA fighters and Russian warplanes": a foreign force, not the place
    named = {p.entry.gazetteer_id for p in own if p.entry is not None}
    if found.entry.gazetteer_id in named:
        return report  # "Myanmar" already, and the document says no more
    return replace(report, places=(*report.places, inferred_mention(found)))


def _actors_operate_in(
    report: ExtractedReport, found: DocumentPlace, find_actors: ActorFinder
) -> bool:
    """Whether every actor of the registry that the report's sentence names, and whose
    countries the registry knows, operates in the country of `found`."""
    code = found.entry.country_code
    return all(code in hit.countries for hit in find_actors(report.sentence.text) if hit.countries)


def _inferred(
    report: ExtractedReport, gazetteer: Gazetteer, find_actors: ActorFinder
) -> ExtractedReport:
    if any(
        p.evidence.extractor == INFERRED and names_below_country(gazetteer, p.text)
        for p in report.places
    ):
        return report  # placed in a unit from the document already
    sentence = report.sentence
    found = find_actors(sentence.text)
    groups = [hit for hit in found if not hit.state]
    if not groups or not all(hit.countries for hit in found):
        return report  # most reports: no group to infer from, so no place looked up
    named = [
        place.text
        for place in report.places
        if names_a_place(gazetteer, place.text) and not tells_whose(gazetteer, place.text)
    ]
    countries = set.intersection(*(set(hit.countries) for hit in found))
    if len(countries) != 1:
        return report
    code = countries.pop()
    below = [name for name in named if names_below_country(gazetteer, name)]
    if below and any(_near(gazetteer, name, code) for name in below):
        return report  # the report names a place that may be where its groups fight
    unit = _unit(groups, code, gazetteer)
    if named and not below and unit is None:
        return report  # the report names its country; the groups say no more
    gid = unit or country_id(code)
    if gazetteer.get(gid) is None:
        return report
    start, end = groups[0].start, groups[0].end
    text = sentence.text[start:end]
    evidence = Evidence(sentence.start + start, sentence.start + end, text, INFERRED)
    mention = PlaceMention(text, "mentioned", evidence, (gid,))
    return replace(report, places=(*report.places, mention))


def _monitored(
    report: ExtractedReport,
    gazetteer: Gazetteer,
    outlet: Outlet,
    own: list[ResolvedPlace] | None,
) -> ExtractedReport:
    """The report with the country its outlet monitors, if any, when nothing else placed it and
    it names no country, nor a place in or next to that one (a far namesake, "al-Marj" in a
    Syrian monitor's report, is a place the gazetteer lacks, which the geocoder then reads as a
    stray). Where the report's places were geocoded in the document (`own`), a name the
    geocoder left unresolved names nothing ("the truce of the Caesar and the Sultan" is no
    Turkish village); otherwise every reading of a name counts. The guess has no words in the
    text: its mention is the outlet's name, its evidence the empty span at the start of the
    document."""
    code = outlet.monitored
    if code is None or any(p.evidence.extractor == INFERRED for p in report.places):
        return report
    readings = (
        [
            entry
            for place in report.places
            if not tells_whose(gazetteer, place.text)
            for entry in lookup_readings(gazetteer, place.text)
        ]
        if own is None
        else [
            p.entry
            for p in own
            if p.entry is not None and not tells_whose(gazetteer, p.mention.text)
        ]
    )
    near = {code} | gazetteer.neighbours_of({code})
    if any(e.feature_code == COUNTRY_FEATURE or e.country_code in near for e in readings):
        return report  # the text names a country, or a place that may be where the outlet reports
    unit = local_unit(gazetteer, outlet.unit) if outlet.unit else None
    gid = unit.gazetteer_id if unit is not None else country_id(code)
    if gazetteer.get(gid) is None:
        return report
    mention = PlaceMention(outlet.name, "mentioned", Evidence(0, 0, "", INFERRED), (gid,))
    return replace(report, places=(*report.places, mention))


def local_unit(gazetteer: Gazetteer, code: str) -> GazetteerEntry | None:
    """The first-level unit of the gazetteer that ISO 3166-2 `code` names: by its ISO name, or
    the longest run of its first words that names a unit of that country, as the gazetteer
    gives Mexico's states their short names ("Michoacán de Ocampo" is Michoacán)."""
    found = subdivision(code)
    if found is None:
        return None
    country, name = found
    words = name.split()
    for size in range(len(words), 0, -1):
        units = [
            e
            for e in gazetteer.lookup(" ".join(words[:size]))
            if e.feature_code == "ADM1" and e.country_code == country
        ]
        if len(units) == 1:
            return units[0]
    return None


def _near(gazetteer: Gazetteer, name: str, code: str) -> bool:
    """Whether a reading of a place name lies in country `code` or a neighbour of it."""
    near = {code} | gazetteer.neighbours_of({code})
    return any(e.country_code in near for e in lookup_readings(gazetteer, name))


def _unit(groups: Sequence[ActorHit], code: str, gazetteer: Gazetteer) -> str | None:
    """The one first-level unit of country `code` where every group that the registry knows
    the units of fights ("TNLA" alone: Shan State; "KIA and TNLA": Shan State, though the KIA
    fights in Kachin State too); None when they know none or several."""
    known = [
        {a for a in hit.areas if (e := gazetteer.get(a)) is not None and e.country_code == code}
        for hit in groups
        if hit.areas
    ]
    units = set.intersection(*known) if known else set()
    return units.pop() if len(units) == 1 else None
