"""A name read as a place that only names a news outlet leaves the report's places."""

from __future__ import annotations

from khabar.geo.gazetteer import Gazetteer
from khabar.geo.outlet_names import without_outlet_names
from khabar.geo.outlets import Outlets

from .conftest import mention, one_report


def test_outlet_names_an_agency_in_a_citation_is_no_place(gazetteer: Gazetteer) -> None:
    doc = "AFP- Myanmar blames Rohingya militants for border attack"
    places = (mention(doc, "AFP"), mention(doc, "Myanmar", "mentioned"))
    cleaned = without_outlet_names(one_report(doc, places), Outlets.load(), gazetteer)
    (report,) = cleaned.reports
    assert [p.text for p in report.places] == ["Myanmar"]
    assert [m.text for m in cleaned.mentions] == ["Myanmar"]


def test_outlet_names_a_name_the_gazetteer_knows_stays_a_place(gazetteer: Gazetteer) -> None:
    # "Irrawaddy" names a newspaper and a region: the place is kept, and so is the extraction.
    doc = "Army shells villages in Irrawaddy"
    extraction = one_report(doc, (mention(doc, "Irrawaddy"),))
    assert without_outlet_names(extraction, Outlets.load(), gazetteer) is extraction


def test_outlet_names_an_agency_citing_its_story_is_no_town(gazetteer: Gazetteer) -> None:
    # Xinhua is a Chinese town too; heading a citation it is the agency.
    for doc in (
        "Xinhua, Death toll rises to 13 in renewed riot in Myanmar, 11 August 2012",
        "Death toll rises to 13 in Myanmar (Xinhua)",
        "Death toll rises to 13 in Myanmar - Xinhua",
        "Death toll rises to 13 in Myanmar, Xinhua reported",
        'April 5, Irrawaddy "Death toll rises to 13 in Myanmar"',
    ):
        name = "Xinhua" if "Xinhua" in doc else "Irrawaddy"
        places = (mention(doc, name, "mentioned"), mention(doc, "Myanmar"))
        cleaned = without_outlet_names(one_report(doc, places), Outlets.load(), gazetteer, doc)
        assert [p.text for p in cleaned.reports[0].places] == ["Myanmar"], doc


def test_outlet_names_a_region_heading_its_own_news_stays(gazetteer: Gazetteer) -> None:
    # "Shan" names an agency and a state; a region's name heads its own headlines.
    doc = "Shan, Kachin see more fighting"
    extraction = one_report(doc, (mention(doc, "Shan"), mention(doc, "Kachin")))
    assert without_outlet_names(extraction, Outlets.load(), gazetteer, doc) is extraction
