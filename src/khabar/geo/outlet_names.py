"""A name a report reads as a place but that is a news outlet's, and no place the gazetteer
knows, is the source a citation names: "AFP- Myanmar blames Rohingya militants for border
attack", "BBC (9 January 2004): ...". The model tags such an agency's name as a GPE, and the
geocoder, finding no entry, kept it as an unknown place of precision 6 on the report's page.

Pure function over the extraction, run before geocoding (as `country_site.py`): the name leaves
the reports' places and the extraction's place mentions. A name the gazetteer knows stays
("Irrawaddy" is a region as well as a newspaper's name), so no place is lost to an outlet's.
"""

from __future__ import annotations

from dataclasses import replace

from khabar.extract.types import DocumentExtraction, ExtractedReport
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import lookup_readings
from khabar.geo.outlets import Outlets

PLACE = "place"


def without_outlet_names(
    extraction: DocumentExtraction, outlets: Outlets, gazetteer: Gazetteer
) -> DocumentExtraction:
    """`extraction` without the places that only name an outlet; the same object when none
    does."""
    dropped = {
        (p.evidence.start, p.evidence.end)
        for report in extraction.reports
        for p in report.places
        if outlets.find(p.text) is not None and not lookup_readings(gazetteer, p.text)
    }
    if not dropped:
        return extraction
    return replace(
        extraction,
        reports=tuple(_without(report, dropped) for report in extraction.reports),
        mentions=tuple(
            m for m in extraction.mentions if m.kind != PLACE or (m.start, m.end) not in dropped
        ),
    )


def _without(report: ExtractedReport, dropped: set[tuple[int, int]]) -> ExtractedReport:
    places = tuple(p for p in report.places if (p.evidence.start, p.evidence.end) not in dropped)
    return report if len(places) == len(report.places) else replace(report, places=places)
