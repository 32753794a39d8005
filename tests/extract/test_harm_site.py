from __future__ import annotations

from datetime import date

from spacy.language import Language

from khabar.extract.events import extract_document
from khabar.extract.harm_site import harm_sites
from khabar.extract.types import Evidence, PlaceMention

PUBLISHED = date(2016, 5, 1)


def roles(nlp: Language, text: str) -> list[list[tuple[str, str]]]:
    reports = extract_document(nlp(text), PUBLISHED).reports
    return [[(p.text, p.role) for p in report.places] for report in reports]


def test_harm_site_keeps_the_site_where_harm_was_told(nlp: Language) -> None:
    assert roles(nlp, "Clashes in Baghdad and two civilians were killed in Mosul") == [
        [("Baghdad", "mentioned"), ("Mosul", "event_site")]
    ]


def test_harm_site_keeps_every_site_when_no_part_or_every_part_tells_harm(
    nlp: Language,
) -> None:
    both = [("Baghdad", "event_site"), ("Mosul", "event_site")]
    assert roles(nlp, "Fighting in Baghdad and shelling in Mosul") == [both]
    assert roles(nlp, "Two killed in Baghdad and three wounded in Mosul") == [both]


def test_harm_site_leaves_places_other_than_sites_alone(nlp: Language) -> None:
    text = "Refugees from Baghdad said two civilians were killed in Mosul"
    doc = nlp(text)
    places = [
        PlaceMention(name, role, Evidence(start, start + len(name), name, "places@4"))
        for name, role in (("Baghdad", "origin"), ("Mosul", "event_site"))
        for start in (text.index(name),)
    ]
    assert harm_sites(doc, places) == places


def test_harm_site_reads_a_part_opening_with_in_as_the_part_before(nlp: Language) -> None:
    assert roles(nlp, "Casualties in Baghdad and in the countryside of Mosul") == [
        [("Baghdad", "event_site"), ("Mosul", "event_site")]
    ]
