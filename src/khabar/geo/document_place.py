"""A report's place read from the rest of its document, when the report itself names none.

A text of several headlines often names the place in one of them only ("Aerial bombardment on
Khan Toman kills 13; 14 dead in Khan Tuman, rural south Aleppo"), and a headline names its
country in a group's or an army's name ("Burma Army attacked three times in a day"). When all
the places the document's reports name, and all the prominent gazetteer names in its text (also
in sentences that tell no report: "Warplanes target an oil well in Deir Ezzor city; 56 persons
were killed yesterday"; not the end of a group's name, "Ahrar al-Sham", as the toponym pass
reads it), lie in one first-level unit, a report that names no place of its own, or only its
country or a nationality, is taken to lie in that unit; when they lie in one country only, in
that country. Several countries place nothing: the document then tells of more than
one place. A document that names no place but nationalities, all of one country ("Algerian
Troops Kill 22 Islamist Militants", "19 DIE IN PHILIPPINE GUNBATTLE", words the tagger labels
no nationality), is placed in that country, as the geocoder reads a nationality when nothing
else places it.

A name written after "pro-" or "anti-" is a side taken, not a place ("the pro-Turkey
factions"), nor is a source's in a citation ("Source: TRT TV, Ankara, in Turkish 1800 gmt", as
`extract.places` reads it), nor an agency's where a citation names it ("March 19, Irrawaddy
"Karen villagers …"": `outlet_names.cites_outlet`), and a country's border counts as a
nationality does ("near the China border": whose border, not on which side).

As with a country read from groups (`actor_country.py`), the result is a guess, never a site:
the report gets one more place mention, with role `mentioned` and extractor `INFERRED`, whose
evidence is the first name that supports it and whose context is the unit's gazetteer id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from khabar.extract.places import in_citation
from khabar.extract.types import Evidence, ExtractedReport, PlaceMention
from khabar.geo.gazetteer import (
    COUNTRY_FEATURE,
    Gazetteer,
    GazetteerEntry,
    country_id,
    normalise,
    reviewed_alternates,
)
from khabar.geo.geocoder import INFERRED, ResolvedPlace, geocode, tells_whose
from khabar.geo.outlet_names import cites_outlet
from khabar.geo.outlets import Outlet, Outlets
from khabar.nlp.compass import is_direction
from khabar.nlp.toponyms import ends_a_name

COUNTRY_LEVEL = frozenset({COUNTRY_FEATURE})
"""Feature codes of a report's own place that the document may still narrow down."""


@dataclass(frozen=True, slots=True)
class DocumentPlace:
    """The unit holding every place of a document, and the name that first supports it."""

    entry: GazetteerEntry
    evidence: Evidence
    by_nationality: bool = False
    """Read from nationalities alone (the document names no place)."""


@functools.cache
def _outlets() -> Outlets:
    """The bundled outlets, read once per process: `read_document` runs for every document."""
    return Outlets.load()


def read_document(
    reports: Sequence[ExtractedReport],
    text: str,
    gazetteer: Gazetteer,
    outlet: Outlet | None = None,
) -> tuple[list[list[ResolvedPlace]], DocumentPlace | None]:
    """Each report's own places, resolved (from `outlet`, as `geocode`), and the
    first-level unit, else the country, that holds every place the document names (None when it
    names none, or places in several countries); when it names no place but nationalities, their
    one country."""
    own = [p for r in reports for p in r.places if p.evidence.extractor != INFERRED]
    outlets = _outlets()
    extra = [
        _found(text, start, end)
        for start, end, surface in gazetteer.find_in_text(text)
        if (gazetteer.is_demonym(surface) or _names_an_area(gazetteer, surface))
        and not ends_a_name(text, start, surface)
        and not _STANCE.search(text, max(0, start - 5), start)
        and not in_citation(text, start, end)
        and not cites_outlet(text, start, end, outlets, gazetteer)
    ]
    resolved = geocode([*own, *extra], text, gazetteer, outlet)
    by_report: list[list[ResolvedPlace]] = []
    position = 0
    for report in reports:
        count = sum(p.evidence.extractor != INFERRED for p in report.places)
        by_report.append(resolved[position : position + count])
        position += count
    found = [p for p in resolved if p.entry is not None]
    places = [p for p in found if not tells_whose(gazetteer, p.mention.text)]
    if places:
        return by_report, _holding(places, gazetteer)
    held = _holding(found, gazetteer)
    return by_report, None if held is None else replace(held, by_nationality=True)


_STANCE = re.compile(r"\b(?:pro|anti)-$", re.I)
"""A prefix that makes a name a side taken, not a place ("the pro-Turkey factions")."""
_BORDER_AFTER = re.compile(r"[ \t]+borders?\b", re.I)


def _found(text: str, start: int, end: int) -> PlaceMention:
    """A name found in the text as a mention, with the "border" written after it ("near the
    China |border|"), which makes a country's name tell whose border, not where."""
    border = _BORDER_AFTER.match(text, end)
    end = border.end() if border is not None else end
    return PlaceMention(text[start:end], "mentioned", Evidence(start, end, text[start:end], ""))


def _holding(resolved: list[ResolvedPlace], gazetteer: Gazetteer) -> DocumentPlace | None:
    countries = {p.entry.country_code for p in resolved if p.entry is not None}
    if len(countries) != 1 or "" in countries:
        return None
    (code,) = countries
    inner = [
        p for p in resolved if p.entry is not None and p.entry.feature_code not in COUNTRY_LEVEL
    ]
    units = {p.entry.admin1_code for p in inner if p.entry is not None}
    unit = gazetteer.get(f"admin1:{code}.{units.pop()}") if len(units) == 1 else None
    if unit is not None:
        return DocumentPlace(unit, min(inner, key=_start).mention.evidence)
    country = gazetteer.get(country_id(code))
    if country is None:
        return None
    return DocumentPlace(country, min(resolved, key=_start).mention.evidence)


def _names_an_area(gazetteer: Gazetteer, name: str) -> bool:
    """Whether a name found in the text, but in no place mention, reads as a country, a unit, a
    region, a capital or a town by a reviewed name: a town's other names are too often words or
    people's names ("Shells Hit", "Abu Rasin", "Ramadan" for Turabah), and so are the regions
    named by a direction ("NORTHERN BORDER SKIRMISHES", "the South-West")."""
    key = normalise(name)
    return (
        not gazetteer.is_demonym(name)
        and not is_direction(key)
        and any(
            e.feature_class != "P" or e.feature_code == "PPLC" or key in _reviewed_names(e)
            for e in gazetteer.lookup(name)
        )
    )


def _reviewed_names(entry: GazetteerEntry) -> set[str]:
    """The keys of a town's names that come from the reviewed files (`towns.tsv`, spellings of
    `alternate_names.tsv`)."""
    names = [entry.name] if entry.name_source == "khabar" else []
    return {normalise(n) for n in [*names, *reviewed_alternates(entry)]}


def _start(place: ResolvedPlace) -> int:
    return place.mention.evidence.start


def needs_document_place(own: Sequence[ResolvedPlace], gazetteer: Gazetteer) -> bool:
    """Whether a report's own places leave room for the document's: it names none the
    gazetteer resolves, or only countries and nationalities."""
    return all(
        p.entry is None
        or p.entry.feature_code in COUNTRY_LEVEL
        or tells_whose(gazetteer, p.mention.text)
        for p in own
    )


def fits(place: DocumentPlace, own: Sequence[ResolvedPlace], gazetteer: Gazetteer) -> bool:
    """Whether the document's place agrees with the countries the report names itself (a
    nationality may be a foreign force's and agrees with anything). A country read from
    nationalities fits no report that names a site of its own, even one the gazetteer lacks:
    "Russian airstrikes … in Zamalka" tells where, and the nationality who."""
    if place.by_nationality and any(p.mention.role == "event_site" for p in own):
        return False
    countries = {
        p.entry.country_code
        for p in own
        if p.entry is not None and not tells_whose(gazetteer, p.mention.text)
    }
    return not countries or countries == {place.entry.country_code}


def inferred_mention(place: DocumentPlace) -> PlaceMention:
    """The guess as a `mentioned` place of the report (see the module docstring)."""
    evidence = place.evidence
    return PlaceMention(
        evidence.text,
        "mentioned",
        Evidence(evidence.start, evidence.end, evidence.text, INFERRED),
        (place.entry.gazetteer_id,),
    )
