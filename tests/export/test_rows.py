"""Reading events for export: merged fields, actors, sources, filters and batching."""

from __future__ import annotations

import datetime as dt

import pytest

from khabar.export.rows import iter_rows
from khabar.store.queries import EventFilters

from .conftest import SENTENCE, Seeded


def test_rows_carry_place_counts_actors_and_sources(seeded: Seeded) -> None:
    rows = {row.id: row for row in iter_rows(seeded.store, EventFilters())}
    clash, abduction = rows[seeded.ids[0]], rows[seeded.ids[1]]
    assert (clash.place_name, clash.country_code, clash.lat) == ("Kabul", "AF", 34.52813)
    assert (clash.killed.low, clash.killed.best, clash.killed.high) == (7, 7, 9)
    assert clash.killed.qualifier == "at least seven", "from the most credible report"
    assert [a.name for a in clash.actors["perpetrator"]] == ["Taliban"], "merged name resolved"
    assert [a.kind for a in clash.actors["target"]] == ["state_force"]
    assert clash.report_count == 2
    assert [s.outlet for s in clash.sources] == ['The "Daily", Kabul', "Wire"]
    assert clash.notes == SENTENCE
    assert abduction.place_name is None
    assert abduction.abducted.qualifier == "three"
    assert abduction.curation_status == "reviewed"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilters(event_type="Battles"), [0]),
        (EventFilters(country="iq"), [2]),
        (EventFilters(date_from=dt.date(2024, 1, 1)), [0, 1]),
        (EventFilters(date_to=dt.date(2024, 2, 5)), [1, 2]),
        (EventFilters(status="reviewed"), [1]),
        (EventFilters(status="rejected"), []),
    ],
)
def test_rows_filters_match_the_event_list(
    seeded: Seeded, filters: EventFilters, expected: list[int]
) -> None:
    assert [row.id for row in iter_rows(seeded.store, filters)] == sorted(
        seeded.ids[i] for i in expected
    )


def test_rows_batches_by_id_whatever_the_batch_size(seeded: Seeded) -> None:
    for size in (1, 2, 500):
        assert [row.id for row in iter_rows(seeded.store, EventFilters(), size)] == sorted(
            seeded.ids
        )
