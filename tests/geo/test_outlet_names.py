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
