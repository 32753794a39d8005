"""A report whose event site is only a country takes the places it names in that country as
sites too.

A headline's "in Myanmar" or "in east DR Congo" says where an event happened only as far as
the country; the same report often names the town or unit in a phrase no preposition marks as
the site ("UPDATE 2-Two killed in sectarian violence in Myanmar's second city; Curfew imposed
on Myanmar's Mandalay", "Dozens die in Ukraine in street battles, Donetsk shelling"). A place
inside the country the site names cannot contradict it, and is the finer reading of where it
happened, so such a `mentioned` place of the report becomes an `event_site` too (the report's
place is its most precise site). Only `mentioned` places count: a place of origin ("militants
from X") or a claimed territory is not where the event was, and neither is a nationality or a
place inferred for the report (`actor_country.py`), which no words of the report name as a
place. Every site the gazetteer knows must read as a country (the geocoder reads a name that
is a country's as the country before any namesake); a site it does not know ("the east bank")
says nothing either way, nor does a country's border ("clashes near the China border"), which
tells whose border, not on which side (`geocoder.tells_whose`).

Pure function over the extraction (run before geocoding, like `actor_country.py`): the report's
place mentions and the extraction's place mentions get the new role; the geocoder then reads
the place as it would any site.
"""

from __future__ import annotations

from dataclasses import replace

from khabar.extract.types import DocumentExtraction, ExtractedReport, Mention, PlaceMention
from khabar.geo.gazetteer import COUNTRY_FEATURE as COUNTRY
from khabar.geo.gazetteer import Gazetteer, GazetteerEntry
from khabar.geo.geocoder import INFERRED, lookup_readings, tells_whose

SITE = "event_site"
MENTIONED = "mentioned"


def with_country_sites(extraction: DocumentExtraction, gazetteer: Gazetteer) -> DocumentExtraction:
    """`extraction` with the places each report names inside its only-country sites made sites
    (see the module docstring); the same object when no report has any."""
    reports = tuple(_refined(report, gazetteer) for report in extraction.reports)
    if all(new is old for new, old in zip(reports, extraction.reports, strict=True)):
        return extraction
    promoted = {
        (p.evidence.start, p.evidence.end)
        for new, old in zip(reports, extraction.reports, strict=True)
        if new is not old
        for p, was in zip(new.places, old.places, strict=True)
        if p.role != was.role
    }
    mentions = tuple(_as_site(m) if _key(m) in promoted else m for m in extraction.mentions)
    return replace(extraction, reports=reports, mentions=mentions)


def _refined(report: ExtractedReport, gazetteer: Gazetteer) -> ExtractedReport:
    readings = [
        lookup_readings(gazetteer, p.text)
        for p in report.places
        if p.role == SITE
        and p.evidence.extractor != INFERRED
        and not tells_whose(gazetteer, p.text)
    ]
    known = [found for found in readings if found]
    if not known or not all(_a_country(found) for found in known):
        return report
    countries = {e.country_code for found in known for e in found if e.feature_code == COUNTRY}
    places = tuple(
        replace(p, role=SITE) if _inside(gazetteer, p, countries) else p for p in report.places
    )
    if places == report.places:
        return report
    return replace(report, places=places)


def _a_country(readings: list[GazetteerEntry]) -> bool:
    """Whether a site's name reads as a country ("Ukraine", though a Spanish village is called
    so too: the geocoder reads the country before any namesake)."""
    return any(e.feature_code == COUNTRY for e in readings)


def _inside(gazetteer: Gazetteer, place: PlaceMention, countries: set[str]) -> bool:
    """Whether a mentioned place of the report has a reading below country level in one of
    `countries`."""
    return (
        place.role == MENTIONED
        and place.evidence.extractor != INFERRED
        and not tells_whose(gazetteer, place.text)
        and any(
            e.feature_code != COUNTRY and e.country_code in countries
            for e in lookup_readings(gazetteer, place.text)
        )
    )


def _key(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _as_site(mention: Mention) -> Mention:
    return replace(mention, value=SITE) if mention.kind == "place" else mention
