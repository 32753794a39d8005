"""Reading events for export: merged fields, actors, sources, filters and batching."""

from __future__ import annotations

import datetime as dt

import pytest

from khabar.errors import KhabarError
from khabar.export.rows import ExportFilters, iter_rows, parse_date

from .conftest import SENTENCE, Seeded


def test_rows_carry_place_counts_actors_and_sources(seeded: Seeded) -> None:
    rows = {row.id: row for row in iter_rows(seeded.store, ExportFilters())}
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
        (ExportFilters(event_type="Battles"), [0]),
        (ExportFilters(country="iq"), [2]),
        (ExportFilters(date_from=dt.date(2024, 1, 1)), [0, 1]),
        (ExportFilters(date_to=dt.date(2024, 2, 5)), [1, 2]),
        (ExportFilters(status="reviewed"), [1]),
        (ExportFilters(status="rejected"), []),
    ],
)
def test_rows_filters_match_the_event_list(
    seeded: Seeded, filters: ExportFilters, expected: list[int]
) -> None:
    assert [row.id for row in iter_rows(seeded.store, filters)] == sorted(
        seeded.ids[i] for i in expected
    )


def test_rows_batches_by_id_whatever_the_batch_size(seeded: Seeded) -> None:
    for size in (1, 2, 500):
        assert [row.id for row in iter_rows(seeded.store, ExportFilters(), size)] == sorted(
            seeded.ids
        )


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ({"event_type": "Battle"}, "--type 'Battle' is not an event type"),
        ({"country": "AFG"}, "alpha-2"),
        ({"status": "approved"}, "curation status"),
        ({"date_from": dt.date(2024, 2, 1), "date_to": dt.date(2024, 1, 1)}, "swap"),
    ],
)
def test_rows_refuse_bad_filter_values(fields: dict[str, object], needle: str) -> None:
    with pytest.raises(KhabarError, match="bad_argument") as caught:
        ExportFilters(**fields)  # type: ignore[arg-type]
    assert needle in caught.value.message


def test_rows_parse_date_says_how_to_write_it() -> None:
    assert parse_date("--from", "2024-03-04") == dt.date(2024, 3, 4)
    assert parse_date("--to", None) is None
    with pytest.raises(KhabarError, match="YYYY-MM-DD"):
        parse_date("--from", "4 March")
