"""The prefilter must never cost an event the extractor would find in a bundled example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.actors.registry import Registry
from khabar.errors import KhabarError
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import SourceDocument
from khabar.scale.prefilter import Prefilter, Verdict, trigger_words
from khabar.settings import Settings

from ..conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture(scope="module")
def prefilter() -> Prefilter:
    return Prefilter(Registry.load())


def _text(path: Path) -> str | None:
    (source,) = list(iter_sources([str(path)], Settings()))
    assert isinstance(source, SourceDocument)
    try:
        return parse_document(source, Settings()).text
    except KhabarError:
        return None


def test_prefilter_keeps_every_example_whose_golden_has_reports(prefilter: Prefilter) -> None:
    with_reports = [
        EXAMPLES / golden.name.removesuffix(".json")
        for golden in sorted(GOLDEN.glob("*.json"))
        if json.loads(golden.read_text("utf-8")).get("reports")
    ]
    assert len(with_reports) >= 12
    for path in with_reports:
        text = _text(path)
        assert text is not None
        assert prefilter.check(text) == Verdict(True), path.name


def test_prefilter_rejects_the_political_talks_example(prefilter: Prefilter) -> None:
    golden = json.loads((GOLDEN / "political-talks.html.json").read_text("utf-8"))
    assert golden["reports"] == []
    text = _text(EXAMPLES / "political-talks.html")
    assert text is not None
    assert prefilter.check(text) == Verdict(False, "no casualty word or actor")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The central bank held rates steady; markets were calm.", "no violence trigger word"),
        ("Shares rallied in March as investors cheered the results.", "no casualty word or actor"),
        ("Her skills in the kitchen impressed the judges.", "no violence trigger word"),
    ],
)
def test_prefilter_names_the_missing_signal(prefilter: Prefilter, text: str, reason: str) -> None:
    assert prefilter.check(text) == Verdict(False, reason)


def test_prefilter_finds_inflections_and_irregular_forms(prefilter: Prefilter) -> None:
    assert prefilter.check("Gunmen executed two villagers.").relevant
    assert prefilter.check("Three soldiers were shot near the border.").relevant
    assert "execut" in trigger_words()


def test_prefilter_matches_acronyms_as_written(prefilter: Prefilter) -> None:
    assert prefilter.check("The offensive against IS began on Monday.").relevant
    assert not prefilter.check("The offensive is what the coach is planning.").relevant
