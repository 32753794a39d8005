"""The gazetteer takes seconds to build, so the geo tests share one per session."""

from __future__ import annotations

import pytest

from khabar.extract.types import Evidence, PlaceMention
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
