"""A report sited only in a country takes the places it names inside that country as sites."""

from __future__ import annotations

from khabar.extract.types import (
    DocumentExtraction,
    Evidence,
    PlaceMention,
)
from khabar.geo.country_site import with_country_sites
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import INFERRED, geocode

from .conftest import mention, one_report


def _roles(extraction: DocumentExtraction) -> list[tuple[str, str]]:
    (report,) = extraction.reports
    return [(p.text, p.role) for p in report.places]


def test_country_site_place_inside_the_country_becomes_a_site(gazetteer: Gazetteer) -> None:
    doc = "Two killed in sectarian violence in Myanmar; curfew imposed on Myanmar's Mandalay"
    places = (mention(doc, "Myanmar"), mention(doc, "Mandalay", "mentioned"))
    refined = with_country_sites(one_report(doc, places), gazetteer)
    assert _roles(refined) == [("Myanmar", "event_site"), ("Mandalay", "event_site")]
    assert [(m.text, m.value) for m in refined.mentions] == [
        ("Myanmar", "event_site"),
        ("Mandalay", "event_site"),
    ]
    (report,) = refined.reports
    resolved = geocode(list(report.places), doc, gazetteer)
    best = min((r for r in resolved if r.entry is not None), key=lambda r: r.precision)
    assert best.entry is not None
    assert best.entry.country_code == "MM"
    assert best.entry.admin1_name == "Mandalay"


def test_country_site_a_country_with_namesakes_still_counts(gazetteer: Gazetteer) -> None:
    """ "Ukraine" is also a Spanish village's name; the geocoder reads the country."""
    doc = "Dozens die in Ukraine in street battles, Donetsk shelling"
    places = (mention(doc, "Ukraine"), mention(doc, "Donetsk", "mentioned"))
    assert _roles(with_country_sites(one_report(doc, places), gazetteer))[1] == (
        "Donetsk",
        "event_site",
    )


def test_country_site_leaves_places_abroad_origins_and_guesses(gazetteer: Gazetteer) -> None:
    doc = "Militants from Raqqa killed 5 in Iraq; talks in Paris; Anbar"
    inferred = PlaceMention("Anbar", "mentioned", Evidence(54, 59, "Anbar", INFERRED))
    places = (
        mention(doc, "Raqqa", "origin"),
        mention(doc, "Iraq"),
        mention(doc, "Paris", "mentioned"),
        inferred,
    )
    extraction = one_report(doc, places)
    assert with_country_sites(extraction, gazetteer) is extraction


def test_country_site_a_site_below_country_leaves_the_report(gazetteer: Gazetteer) -> None:
    doc = "Clashes in Aleppo, Syria, and shelling on Idlib"
    places = (mention(doc, "Aleppo"), mention(doc, "Idlib", "mentioned"))
    extraction = one_report(doc, places)
    assert with_country_sites(extraction, gazetteer) is extraction
