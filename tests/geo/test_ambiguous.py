"""The ambiguous-name set (`data/ambiguous.jsonl`): every case must resolve as written there.

Each line: `text`, `mention` (its first occurrence in the text), optional `role` and `context`,
`expected` (a `gazetteer_id`, or `country` + `admin1` + `feature`, or `null` for a mention
that must stay unresolved), `precision`, and a `note` saying what the case is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import geocode

from .conftest import mention

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "ambiguous.jsonl").read_text().splitlines()
    if line.strip()
]


def test_ambiguous_set_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        assert case["mention"] in case["text"], case["note"]
        expected = case["expected"]
        assert expected is None or set(expected) in (
            {"gazetteer_id"},
            {"country", "admin1", "feature"},
        )
        assert case["precision"] in range(1, 7)


@pytest.mark.parametrize("case", CASES, ids=[case["note"] for case in CASES])
def test_ambiguous_name_resolves_as_expected(gazetteer: Gazetteer, case: dict[str, Any]) -> None:
    place = mention(
        case["text"],
        case["mention"],
        case.get("role", "event_site"),
        tuple(case.get("context", ())),
    )
    (resolved,) = geocode([place], case["text"], gazetteer)
    entry, expected = resolved.entry, case["expected"]
    if expected is None:
        assert entry is None, entry
    elif "gazetteer_id" in expected:
        assert entry is not None
        assert entry.gazetteer_id == expected["gazetteer_id"], entry
    else:
        assert entry is not None
        found = (entry.country_code, entry.admin1_code, entry.feature_code)
        assert found == (expected["country"], expected["admin1"], expected["feature"]), entry
    assert resolved.precision == case["precision"]
