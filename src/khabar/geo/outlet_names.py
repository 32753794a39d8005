"""A name a report reads as a place but that is a news outlet's, and no place the gazetteer
knows, is the source a citation names: "AFP- Myanmar blames Rohingya militants for border
attack", "BBC (9 January 2004): ...". The model tags such an agency's name as a GPE, and the
geocoder, finding no entry, kept it as an unknown place of precision 6 on the report's page.

Pure function over the extraction, run before geocoding (as `country_site.py`): the name leaves
the reports' places and the extraction's place mentions. A name the gazetteer knows stays
("Irrawaddy" is a region as well as a newspaper's name), so no place is lost to an outlet's,
unless it stands where a citation names its source (`cites_outlet`): heading a line before a
date ("EFE 6 April 2000 …") or, when every reading of it is a town, before a comma, a colon or a
dash ("Xinhua, Death toll rises …"; a region's name heads its own news: "Shan, Kachin …"), in
brackets ("(Xinhua)"), after a dash ending a headline ("… flee - Xinhua"), after "according to",
before a verb of reporting ("Xinhua reported"), before "website" or before a quoted headline
("April 5, Irrawaddy "Karen villagers …""). There the name is the agency's, though the
gazetteer knows a town of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from khabar.extract.types import DocumentExtraction, ExtractedReport
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import lookup_readings
from khabar.geo.outlets import Outlets

PLACE = "place"
_HEAD_AFTER = re.compile(
    r"[ \t]*\(?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ \t]+\d)", re.I
)
"""A date after a name heading a line: "EFE 6 April 2000", "BBC (9 January 2004):"."""
_TOWN_HEAD_AFTER = re.compile(r"[ \t]*[,:–—-]")
"""A comma, colon or dash after a name heading a line: "Xinhua, Death toll rises …"; only for a
name whose every reading is a town, as a region's name heads its own news ("Shan, Kachin …")."""
_IN_BRACKETS = (re.compile(r"\([ \t]*$"), re.compile(r"[ \t]*\)"))
_AFTER_DASH = (re.compile(r"\s[-–—][ \t]*$"), re.compile(r"[ \t.]*(?:$|[\n;,)])"))
_ACCORDING_TO = re.compile(r"\baccording[ \t]+to[ \t]+$", re.IGNORECASE)
_REPORTING = re.compile(
    r"[ \t]*,?[ \t]*(?:[\"“]|(?:reports?|reported|says?|said|quoted|cited|website)\b)",
    re.IGNORECASE,
)


def without_outlet_names(
    extraction: DocumentExtraction, outlets: Outlets, gazetteer: Gazetteer, text: str = ""
) -> DocumentExtraction:
    """`extraction` of `text` without the places that only name an outlet, or name one where a
    citation does; the same object when none does."""
    dropped = {
        (p.evidence.start, p.evidence.end)
        for report in extraction.reports
        for p in report.places
        if outlets.find(p.text) is not None
        and (
            not lookup_readings(gazetteer, p.text)
            or cites_outlet(text, p.evidence.start, p.evidence.end, outlets, gazetteer)
        )
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


def cites_outlet(text: str, start: int, end: int, outlets: Outlets, gazetteer: Gazetteer) -> bool:
    """Whether the name at `start`:`end` of `text` is an outlet's where a citation names its
    source (see the module docstring)."""
    name = text[start:end]
    if not name or outlets.find(name) is None:
        return False
    line = text[text.rfind("\n", 0, start) + 1 : start]
    heads = not line.strip(" \t\"“'(")
    towns = all(e.feature_class == "P" for e in lookup_readings(gazetteer, name))
    return bool(
        (heads and (_HEAD_AFTER.match(text, end) or (towns and _TOWN_HEAD_AFTER.match(text, end))))
        or (_IN_BRACKETS[0].search(line) and _IN_BRACKETS[1].match(text, end))
        or (_AFTER_DASH[0].search(line) and _AFTER_DASH[1].match(text, end))
        or _ACCORDING_TO.search(line)
        or _REPORTING.match(text, end)
    )


def _without(report: ExtractedReport, dropped: set[tuple[int, int]]) -> ExtractedReport:
    places = tuple(p for p in report.places if (p.evidence.start, p.evidence.end) not in dropped)
    return report if len(places) == len(report.places) else replace(report, places=places)
