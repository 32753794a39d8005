"""`roles@1`: the trained role tagger's phrases (`nlp/roles.py`), each attached to a report.

A phrase belongs to the report whose sentence holds it; otherwise to the nearest report before
it (a follow-up sentence names the weapon or the victims of the attack just told), else to the
first report. With no report the phrase stays on the document: the rules saw no incident there,
and the tagger's reading is kept without placing an event on the map. When the classifier reads
the document as telling no incident, no phrase is kept: the tagger learnt its roles only from
incident reports, and outside them it mistakes speakers for victims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from khabar.extract.types import DocumentExtraction, Evidence, ExtractedReport, RoleFiller
from khabar.nlp.roles import NAME, RoleReading, tells_incident

ROLE_OF_LABEL = {
    "PERP_IND": "perpetrator_individual",
    "PERP_ORG": "perpetrator_organisation",
    "TARGET": "physical_target",
    "VICTIM": "victim",
    "WEAPON": "weapon",
}


def report_of(start: int, reports: Sequence[ExtractedReport]) -> int | None:
    if not reports:
        return None
    for index, report in enumerate(reports):
        if report.sentence.start <= start < report.sentence.end:
            return index
    before = [(r.sentence.start, i) for i, r in enumerate(reports) if r.sentence.start <= start]
    return max(before)[1] if before else 0


def attach_roles(extraction: DocumentExtraction, reading: RoleReading) -> DocumentExtraction:
    incidents = tuple(sorted(reading.incidents.items(), key=lambda item: -item[1]))
    if not tells_incident(reading.incidents):
        return replace(extraction, incident_types=incidents)
    fillers = tuple(
        RoleFiller(
            ROLE_OF_LABEL[span.label],
            Evidence(span.start, span.end, span.text, NAME),
            report_of(span.start, extraction.reports),
        )
        for span in reading.spans
        if span.label in ROLE_OF_LABEL and span.text.strip()
    )
    return replace(extraction, fillers=fillers, incident_types=incidents)
