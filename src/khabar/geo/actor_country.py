"""A report's country read from the armed groups it names, when it names no place.

Headlines often give no place at all ("TNLA and government clashes continue", "Kachin rebels
say …"), yet a group that fights in one country only places the report in that country. The
actor registry knows where each group operates (`countries`); the geo stage may not import it
(a stage imports only from stages to its left), so the pipeline hands over a finder of the
registry's groups in a text (`ActorFinder`).

The country is kept as a guess, never as a site: the report gets one more place mention whose
text and evidence are the group's name, with role `mentioned` (only `event_site` puts an event
on the map, DESIGN §2) and extractor `INFERRED`; the geocoder resolves it to the country at
precision 5 with a low confidence (`geocoder.INFERRED_CONFIDENCE`). It is added only when

- no place mention of the report names a gazetteer entry (a named place, even a foreign one,
  is evidence the text gives; the group is not);
- the report's sentence names a non-state group, and every actor of the registry it names
  operates in one and the same country. A state's forces fight abroad too ("Russian
  warplanes", "Turkish troops" in Syria), so they place nothing on their own, though they
  may agree with a group ("Burma Army and KIA clash"); a group active in several countries
  (Islamic State) places nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from khabar.extract.types import DocumentExtraction, Evidence, ExtractedReport, PlaceMention
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import INFERRED, names_a_place

ActorFinder = Callable[[str], Sequence[tuple[int, int, bool, tuple[str, ...]]]]
"""The registry's actors named in a text: (start, end, is a state actor, ISO codes of the
countries where it operates), in text order."""


def with_actor_countries(
    extraction: DocumentExtraction, gazetteer: Gazetteer, find_actors: ActorFinder
) -> DocumentExtraction:
    """`extraction` with a country mention inferred for each report that qualifies (see the
    module docstring); the same object when none does."""
    reports = tuple(_inferred(r, gazetteer, find_actors) for r in extraction.reports)
    if all(new is old for new, old in zip(reports, extraction.reports, strict=True)):
        return extraction
    return replace(extraction, reports=reports)


def _inferred(
    report: ExtractedReport, gazetteer: Gazetteer, find_actors: ActorFinder
) -> ExtractedReport:
    if any(names_a_place(gazetteer, place.text) for place in report.places):
        return report
    sentence = report.sentence
    found = find_actors(sentence.text)
    groups = [(start, end) for start, end, state, _ in found if not state]
    countries = {cc for _, _, _, codes in found for cc in codes}
    if not groups or len(countries) != 1 or not all(codes for _, _, _, codes in found):
        return report
    code = countries.pop()
    if gazetteer.get(f"country:{code}") is None:
        return report
    start, end = groups[0]
    text = sentence.text[start:end]
    evidence = Evidence(sentence.start + start, sentence.start + end, text, INFERRED)
    mention = PlaceMention(text, "mentioned", evidence, (code,))
    return replace(report, places=(*report.places, mention))
