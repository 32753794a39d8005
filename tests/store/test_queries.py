"""The read-side queries on both backends: keyset pages, filters, and the detail views."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store import queries
from khabar.store.repository import Store

NOW = datetime(2024, 6, 1, tzinfo=UTC)
# (event type, date, country) — duplicate dates and undated events test the keyset tie-breaks.
ROWS = [
    ("Battles", date(2024, 3, 1), "AF"),
    ("Battles", date(2024, 5, 1), "IQ"),
    ("Protests", None, None),
    ("Riots", date(2024, 5, 1), "AF"),
    ("Battles", date(2024, 4, 15), "AF"),
    ("Protests", None, "IQ"),
    ("Riots", date(2024, 5, 1), None),
]


def place(code: str, lat: float | None) -> m.Place:
    return m.Place(
        gazetteer_id=f"test:{code}:{lat}",
        name=f"Town in {code}",
        feature_class="P",
        feature_code="PPL",
        country_code=code,
        country_name={"AF": "Afghanistan", "IQ": "Iraq"}[code],
        lat=lat,
        lon=None if lat is None else 60.0,
    )


def event(kind: str, day: date | None, where: m.Place | None, killed: int | None = None) -> m.Event:
    return m.Event(
        event_type=kind,
        sub_event_type="Armed clash",
        gtd_attack_type="Armed Assault",
        date=day,
        date_precision="day" if day else None,
        place=where,
        place_precision=1 if where else None,
        killed_low=killed,
        killed_best=killed,
        killed_high=killed,
        merge_rule="single-report",
        curation_status="machine",
        created_at=NOW,
    )


def document(n: int, status: str = "extracted") -> m.Document:
    return m.Document(
        source=f"doc-{n}.html",
        source_kind="file",
        title=f"Document {n}",
        fetched_at=NOW,
        text="Gunmen killed 4 people in the town.",
        raw_sha256=f"{n:064d}",
        status=status,
    )


@pytest.fixture
def events(store: Store) -> list[int]:
    """The ROWS as events, in insertion order of their ids."""
    with store.session() as session, session.begin():
        places = {"AF": place("AF", 33.0), "IQ": place("IQ", 36.0)}
        rows = [
            event(kind, day, places.get(code or ""), killed=i)
            for i, (kind, day, code) in enumerate(ROWS)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def expected_order(ids: list[int]) -> list[int]:
    """Date descending, undated last, then id descending: the documented event order."""
    dated = sorted(
        (i for i, row in zip(ids, ROWS, strict=True) if row[1] is not None),
        key=lambda i: (ROWS[ids.index(i)][1], i),
        reverse=True,
    )
    undated = sorted((i for i, row in zip(ids, ROWS, strict=True) if row[1] is None), reverse=True)
    return dated + undated


def all_pages(store: Store, limit: int, **filters: object) -> list[list[int]]:
    pages: list[list[int]] = []
    after: int | None = None
    with store.session() as session:
        while True:
            page = queries.list_events(session, after_id=after, limit=limit, **filters)  # type: ignore[arg-type]
            pages.append([item.id for item in page.items])
            if page.next_after is None:
                return pages
            after = page.next_after


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 50])
def test_queries_list_events_keyset_pages_cover_every_event_once_in_order(
    store: Store, events: list[int], limit: int
) -> None:
    pages = all_pages(store, limit)
    assert [item for page in pages for item in page] == expected_order(events)
    assert all(0 < len(page) <= limit for page in pages)
    assert len(pages) == -(-len(events) // limit)


def test_queries_list_events_filters_by_type_country_and_dates(
    store: Store, events: list[int]
) -> None:
    def ids(**filters: object) -> set[int]:
        return {i for page in all_pages(store, 2, **filters) for i in page}

    by_row = dict(zip(range(len(ROWS)), events, strict=True))
    assert ids(event_type="Battles") == {by_row[0], by_row[1], by_row[4]}
    assert ids(country="af") == {by_row[0], by_row[3], by_row[4]}
    assert ids(date_from=date(2024, 4, 15), date_to=date(2024, 5, 1)) == {
        by_row[1],
        by_row[3],
        by_row[4],
        by_row[6],
    }
    assert ids(event_type="Riots", country="AF", date_from=date(2024, 5, 1)) == {by_row[3]}
    assert ids(event_type="Nothing") == set()


def test_queries_list_events_rejects_unknown_cursor_and_bad_limit(
    store: Store, events: list[int]
) -> None:
    with store.session() as session:
        with pytest.raises(KhabarError) as unknown:
            queries.list_events(session, after_id=max(events) + 100)
        with pytest.raises(KhabarError) as too_many:
            queries.list_events(session, limit=queries.MAX_LIMIT + 1)
    assert unknown.value.code is ErrorCode.BAD_ARGUMENT
    assert too_many.value.code is ErrorCode.BAD_ARGUMENT


def test_queries_latest_events_is_the_first_page(store: Store, events: list[int]) -> None:
    with store.session() as session:
        latest = queries.latest_events(session, 3)
    assert [item.id for item in latest] == expected_order(events)[:3]


def test_queries_map_events_has_only_events_with_coordinates(
    store: Store, events: list[int]
) -> None:
    with store.session() as session:
        collection = queries.map_events(session, queries.EventFilters(country="IQ"))
    features = collection["features"]
    assert collection["type"] == "FeatureCollection"
    assert {f["id"] for f in features} == {events[1], events[5]}
    assert all(f["geometry"]["coordinates"] == [60.0, 36.0] for f in features)
    assert {f["properties"]["killed_best"] for f in features} == {1, 5}


def test_queries_event_facets_and_totals(store: Store, events: list[int]) -> None:
    with store.session() as session:
        facets = queries.event_facets(session)
        totals = queries.totals(session)
    assert facets.event_types == ["Battles", "Protests", "Riots"]
    assert [(c.code, c.name) for c in facets.countries] == [("AF", "Afghanistan"), ("IQ", "Iraq")]
    assert totals == queries.Totals(events=len(events), reports=0, documents=0, failed_documents=0)


def test_queries_list_documents_keyset_and_status(store: Store) -> None:
    with store.session() as session, session.begin():
        session.add_all([document(n, "failed" if n % 3 == 0 else "extracted") for n in range(8)])
    with store.session() as session:
        seen: list[int] = []
        after: int | None = None
        while True:
            page = queries.list_documents(session, after_id=after, limit=3)
            seen.extend(item.id for item in page.items)
            if page.next_after is None:
                break
            after = page.next_after
        failed = queries.list_documents(session, status="failed")
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 8
    assert [item.status for item in failed.items] == ["failed"] * 3
    assert failed.next_after is None


def test_queries_get_event_and_document_resolve_evidence_and_actors(store: Store) -> None:
    text = "Gunmen killed 4 people in the town."
    with store.session() as session, session.begin():
        doc = document(1)
        gunmen = m.Actor(name="Unidentified gunmen", kind="armed group")
        report = m.Report(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            gtd_attack_type="Armed Assault",
            killed_low=4,
            killed_best=4,
            killed_high=4,
            killed_qualifier="4",
            confidence=0.6,
            extractor="events@1",
            sentence_start=0,
            sentence_end=len(text),
            evidence=[
                m.Evidence(
                    field="actor:perpetrator", start=0, end=6, text="Gunmen", extractor="actors@1"
                ),
                m.Evidence(
                    field="killed", start=7, end=22, text="killed 4 people", extractor="numbers@1"
                ),
            ],
            actors=[
                m.ReportActor(
                    actor=gunmen,
                    role="perpetrator",
                    text="Gunmen",
                    start=0,
                    end=6,
                    extractor="actors@1",
                )
            ],
        )
        doc.mentions.append(
            m.Mention(start=14, end=15, kind="number", text="4", value="4", extractor="p@1")
        )
        doc.reports.append(report)
        report.event = event("Violence against civilians", None, None, killed=4)
        session.add(doc)
        session.flush()
        event_id, document_id = report.event.id, doc.id
    with store.session() as session:
        found = queries.get_event(session, event_id)
        read = queries.get_document(session, document_id)
        assert queries.get_event(session, event_id + 1) is None
        assert queries.get_document(session, document_id + 1) is None
        assert queries.get_document(session, 2**40) is None
    assert found is not None
    assert read is not None
    assert found.killed == queries.Count(4, 4, 4, "4")
    (detail,) = found.reports
    actor_evidence = next(ev for ev in detail.evidence if ev.field == "actor:perpetrator")
    assert detail.actors[0].name == "Unidentified gunmen"
    assert detail.actors[0].evidence_id == actor_evidence.id
    assert [ev.text for ev in found.evidence_for("killed")] == ["killed 4 people"]
    assert [(p, a.name) for p, a in found.actors("perpetrator")] == [
        (document_id, "Unidentified gunmen")
    ]
    assert read.text == text
    assert [mention.text for mention in read.mentions] == ["4"]
    assert [ev.field for ev in read.evidence] == ["actor:perpetrator", "killed"]
    assert read.spans == [
        queries.Span(0, 6, "actor"),
        queries.Span(7, 22, "number"),
        queries.Span(14, 15, "number"),
    ]


def test_queries_field_kind_maps_report_fields_to_span_kinds() -> None:
    assert queries.field_kind("event_type") == "trigger"
    assert queries.field_kind("killed") == "number"
    assert queries.field_kind("detail:killed") == "number"
    assert queries.field_kind("damage") == "number"
    assert queries.field_kind("place:event_site") == "place"
    assert queries.field_kind("actor:perpetrator") == "actor"
    assert queries.field_kind("date") == "date"
    assert queries.field_kind("claim") == "other"


def test_queries_event_summary_to_dict_is_flat(store: Store, events: list[int]) -> None:
    with store.session() as session:
        (first,) = queries.list_events(session, limit=1).items
    row = first.to_dict()
    assert row["id"] == first.id
    assert {"killed_low", "killed_best", "killed_high", "place_name", "date"} <= row.keys()
