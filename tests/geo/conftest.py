"""The gazetteer takes seconds to build, so the geo tests share one per session."""

from __future__ import annotations

import pytest

from khabar.extract.types import (
    DocumentExtraction,
    EventTypeValue,
    Evidence,
    ExtractedReport,
    Mention,
    PlaceMention,
)
from khabar.geo.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def mention(
    doc: str, text: str, role: str = "event_site", context: tuple[str, ...] = ()
) -> PlaceMention:
    """A place mention of the first `text` in `doc`, as the places extractor would write it."""
    start = doc.index(text)
    evidence = Evidence(start, start + len(text), text, "places@1")
    return PlaceMention(text=text, role=role, evidence=evidence, context=context)


def one_report(doc: str, places: tuple[PlaceMention, ...]) -> DocumentExtraction:
    """One report of `doc` naming `places`, with their mentions, as the events stage gives it."""
    kind = EventTypeValue("Battles", "Armed clash", "Armed Assault", Evidence(0, 1, doc[0], "t"))
    report = ExtractedReport(kind, Evidence(0, len(doc), doc, "events@1"), places=places)
    mentions = tuple(
        Mention("place", p.evidence.start, p.evidence.end, p.text, p.role, p.evidence.extractor)
        for p in places
    )
    return DocumentExtraction((report,), mentions)
