"""A report that names no place of its own takes the unit holding the document's places."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from khabar.extract.types import (
    DocumentExtraction,
    EventTypeValue,
    Evidence,
    ExtractedReport,
    PlaceMention,
)
from khabar.geo.actor_country import with_actor_countries
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import INFERRED, INFERRED_CONFIDENCE, geocode

from .conftest import mention


def _no_actors(text: str) -> Sequence[tuple[int, int, bool, tuple[str, ...]]]:
    return []


def _report(doc: str, sentence: str, places: Sequence[str] = ()) -> ExtractedReport:
    """A report of the first `sentence` in `doc`, naming `places` (event sites) in it."""
    start = doc.index(sentence)
    kind = EventTypeValue(
        "Battles", "Armed clash", "Armed Assault", Evidence(start, start + 1, "x", "t")
    )
    mentions = tuple(
        PlaceMention(name, "event_site", Evidence(i, i + len(name), name, "places@1"))
        for name in places
        for i in [doc.index(name, start)]
    )
    return ExtractedReport(
        kind, Evidence(start, start + len(sentence), sentence, "events@1"), places=mentions
    )


def _inferred(gazetteer: Gazetteer, doc: str, *reports: ExtractedReport) -> list[list[str]]:
    """Each report's inferred places, as the gazetteer ids they resolve to."""
    extraction = with_actor_countries(DocumentExtraction(reports, ()), doc, gazetteer, _no_actors)
    found = []
    for report in extraction.reports:
        inferred = [p for p in report.places if p.evidence.extractor == INFERRED]
        resolved = geocode(inferred, doc, gazetteer)
        found.append([p.entry.gazetteer_id for p in resolved if p.entry is not None])
    return found


def test_document_place_placeless_headline_takes_the_unit_of_the_others(
    gazetteer: Gazetteer,
) -> None:
    doc = "Warplanes kill nine civilians; Clashes continue in Saraqib and Idlib city"
    first = _report(doc, "Warplanes kill nine civilians")
    second = _report(doc, "Clashes continue in Saraqib and Idlib city", ["Saraqib", "Idlib"])
    assert _inferred(gazetteer, doc, first, second) == [["admin1:SY.12"], []]
    extraction = with_actor_countries(
        DocumentExtraction((first, second), ()), doc, gazetteer, _no_actors
    )
    (place,) = extraction.reports[0].places
    assert (place.text, place.role, place.context) == ("Saraqib", "mentioned", ("admin1:SY.12",))
    (resolved,) = geocode([place], doc, gazetteer)
    assert (resolved.precision, resolved.confidence) == (4, INFERRED_CONFIDENCE)


def test_document_place_several_units_of_one_country_give_the_country(
    gazetteer: Gazetteer,
) -> None:
    doc = "Shelling kills five; Clashes in Aleppo and Idlib"
    first = _report(doc, "Shelling kills five")
    second = _report(doc, "Clashes in Aleppo and Idlib", ["Aleppo", "Idlib"])
    assert _inferred(gazetteer, doc, first, second) == [["country:SY"], []]


def test_document_place_several_countries_place_nothing(gazetteer: Gazetteer) -> None:
    doc = "Shelling kills five; Clashes in Aleppo and Mandalay"
    first = _report(doc, "Shelling kills five")
    second = _report(doc, "Clashes in Aleppo and Mandalay", ["Aleppo", "Mandalay"])
    assert _inferred(gazetteer, doc, first, second) == [[], []]


def test_document_place_narrows_a_country_down(gazetteer: Gazetteer) -> None:
    doc = "Two killed in sectarian violence in Myanmar; Curfew imposed on Mandalay as riots erupt"
    first = _report(doc, "Two killed in sectarian violence in Myanmar", ["Myanmar"])
    second = _report(doc, "Curfew imposed on Mandalay as riots erupt", ["Mandalay"])
    assert _inferred(gazetteer, doc, first, second) == [["admin1:MM.08"], []]


def test_document_place_a_report_with_its_own_place_keeps_it(gazetteer: Gazetteer) -> None:
    doc = "Shelling kills five in Saraqib; Clashes in Aleppo"
    first = _report(doc, "Shelling kills five in Saraqib", ["Saraqib"])
    second = _report(doc, "Clashes in Aleppo", ["Aleppo"])
    assert _inferred(gazetteer, doc, first, second) == [[], []]


def test_document_place_a_name_in_a_sentence_counts_without_a_mention(
    gazetteer: Gazetteer,
) -> None:
    doc = "Burma Army attacked three times in a day"
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [["country:MM"]]


def test_document_place_a_towns_other_name_is_no_place(gazetteer: Gazetteer) -> None:
    # geonames lists "Dam" among the names of Dome, Ghana.
    doc = "Members killed in the vicinity of the Dam"
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [[]]


def test_document_place_a_foreign_nationality_gives_way(gazetteer: Gazetteer) -> None:
    doc = "Russian warplanes kill 16 civilians; Clashes in Saraqib and Idlib city"
    russian = mention(doc, "Russian", role="mentioned")
    first = _report(doc, "Russian warplanes kill 16 civilians")
    first = ExtractedReport(first.event_type, first.sentence, places=(russian,))
    second = _report(doc, "Clashes in Saraqib and Idlib city", ["Saraqib", "Idlib"])
    extraction = with_actor_countries(
        DocumentExtraction((first, second), ()), doc, gazetteer, _no_actors
    )
    places = extraction.reports[0].places
    resolved = geocode(places, doc, gazetteer)
    assert [(p.mention.text, p.entry.gazetteer_id if p.entry else None) for p in resolved] == [
        ("Russian", None),
        ("Saraqib", "admin1:SY.12"),
    ]


def test_document_place_the_end_of_a_groups_name_is_no_place(gazetteer: Gazetteer) -> None:
    # "al-Sham" alone would be Damascus, and Aleppo and Damascus two units of Syria.
    doc = "Clashes in the western countryside of Aleppo between Zenki and Ahrar al-Sham"
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [["admin1:SY.09"]]


def test_document_place_a_sentence_without_a_report_still_places(gazetteer: Gazetteer) -> None:
    doc = "Warplanes target an oil well in Deir Ezzor city; 56 persons were killed yesterday"
    report = _report(doc, "56 persons were killed yesterday")
    assert _inferred(gazetteer, doc, report) == [["admin1:SY.07"]]


@pytest.mark.parametrize(
    "doc",
    [
        # Ghana and Zambia have regions called Northern and Eastern.
        "NORTHERN BORDER SKIRMISHES - attacks were by junta allies",
        # Cameroon's South-West region, written as the compass point is with a hyphen.
        "SOUTH-WEST BORDER SKIRMISHES - attacks were by junta allies",
    ],
)
def test_document_place_a_direction_is_no_place(gazetteer: Gazetteer, doc: str) -> None:
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [[]]


def test_document_place_nationalities_alone_give_their_country(gazetteer: Gazetteer) -> None:
    # The tagger labels no nationality in a Title-Case or capitals headline.
    doc = "Algerian Troops Kill 22 Islamist Militants"
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [["country:DZ"]]
    caps = "19 DIE IN PHILIPPINE GUNBATTLE"
    assert _inferred(gazetteer, caps, _report(caps, caps)) == [["country:PH"]]


def test_document_place_a_nationality_does_not_place_a_named_site(gazetteer: Gazetteer) -> None:
    # Hamouriyah is a town the gazetteer lacks: the text says where, "Russian" says who.
    doc = "Russian airstrikes kill dozens of civilians in Hamouriyah"
    assert _inferred(gazetteer, doc, _report(doc, doc, ["Hamouriyah"])) == [[]]


def test_document_place_a_small_namesake_leaves_room_for_the_document(
    gazetteer: Gazetteer,
) -> None:
    # "ANNEX" is an Ontario town's name; the geocoder reads it as no place, and Tigray places it.
    doc = "Incident 236; ANNEX A – Chronological overview of the massacres in the Tigray War"
    report = _report(doc, doc, ["ANNEX"])
    assert _inferred(gazetteer, doc, report) == [["admin1:ET.53"]]


def test_document_place_a_side_taken_is_no_place(gazetteer: Gazetteer) -> None:
    doc = "The pro-Turkey factions withdraw from the areas they advanced into"
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [[]]
    home = "The factions withdraw from the areas they advanced into in Turkey"
    assert _inferred(gazetteer, home, _report(home, home)) == [["country:TR"]]


def test_document_place_a_country_border_gives_way_to_the_country_named(
    gazetteer: Gazetteer,
) -> None:
    doc = "Myanmar says 24 rebels killed in clashes near China border"
    assert _inferred(gazetteer, doc, _report(doc, doc, ["China border"])) == [["country:MM"]]
    # A border alone is its country's, as the geocoder reads it: nothing is inferred.
    alone = "Clashes near the China border killed four soldiers"
    assert _inferred(gazetteer, alone, _report(alone, alone, ["China border"])) == [[]]


def test_document_place_a_citations_town_is_no_place(gazetteer: Gazetteer) -> None:
    # The broadcaster's town in a monitoring citation is where it was aired, not the story:
    # only the language's nationality is left.
    doc = (
        'BBC 2/15/1994 TWO "TERRORISTS" KILLED IN CLASHES WITH SECURITY FORCES. Source: TRT TV, '
        "Ankara, in Turkish 1800 gmt 12 Feb 94"
    )
    assert _inferred(gazetteer, doc, _report(doc, doc)) == [["country:TR"]]
    told = "Two killed in clashes near Ankara on Monday"
    assert _inferred(gazetteer, told, _report(told, told)) == [["admin1:TR.68"]]
