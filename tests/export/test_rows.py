"""Reading events for export: merged fields, actors, sources, filters and batching."""

from __future__ import annotations

import datetime as dt

import pytest

from khabar.export.rows import iter_rows
from khabar.store.queries import EventFilters, get_event
from khabar.store.repository import Store

from .conftest import SENTENCE, Seeded, _document, _event, _report


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


def test_rows_counts_carry_the_words_of_the_report_that_gave_best(store: Store) -> None:
    """Two equally confident reports give the same toll in different words: the merge takes
    the later-published one's best (`dedupe.rules.credibility`), so its words go with it, in
    the export and on the event's page alike (both once took the first stored report's)."""
    event = _event(
        event_type="Battles", sub_event_type="Armed clash", gtd_attack_type="Armed Assault",
        killed_low=5, killed_best=5, killed_high=5,
    )  # fmt: skip
    early, late = _document(1, "Wire", "Early"), _document(2, "Daily", "Late")
    early.published_at = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    late.published_at = dt.datetime(2024, 3, 2, tzinfo=dt.UTC)
    with store.session() as session, session.begin():
        session.add(_report(early, event, 0.8, killed_best=5, killed_qualifier="at least five"))
        session.flush()
        session.add(_report(late, event, 0.8, killed_best=5, killed_qualifier="five"))
    (row,) = iter_rows(store, EventFilters())
    with store.session() as session:
        detail = get_event(session, row.id)
    assert detail is not None
    assert row.killed.qualifier == detail.killed.qualifier == "five"
