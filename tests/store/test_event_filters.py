"""The event filters shared by list, map, timeline and export, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.export.rows import iter_rows
from khabar.store import models as m
from khabar.store import queries
from khabar.store.queries import EventFilters
from khabar.store.repository import Store

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class World:
    events: dict[str, int]
    actors: dict[str, int]


def _place(key: str, code: str, admin1: str, lat: float, lon: float) -> m.Place:
    return m.Place(
        gazetteer_id=f"test:{key}",
        name=key.title(),
        feature_class="P",
        feature_code="PPL",
        country_code=code,
        country_name=code,
        admin1_code="01",
        admin1_name=admin1,
        lat=lat,
        lon=lon,
    )


@pytest.fixture
def world(store: Store) -> World:
    """Seven events across an actor hierarchy, four countries (two either side of the
    antimeridian), three documents, one rejected event and one without date or place."""
    with store.session() as session, session.begin():
        places = {
            "ghazni": _place("ghazni", "AF", "Ghazni", 33.55, 68.42),
            "kabul": _place("kabul", "AF", "Kabul", 34.53, 69.17),
            "mosul": _place("mosul", "IQ", "Nineveh", 36.34, 43.12),
            "suva": _place("suva", "FJ", "Central", -18.1, 179.5),
            "apia": _place("apia", "WS", "Tuamasaga", -13.8, -179.5),
        }
        taliban = m.Actor(name="Taliban", kind="armed_group")
        haqqani = m.Actor(name="Haqqani Network", kind="armed_group", parent=taliban)
        cell = m.Actor(name="Haqqani Cell", kind="armed_group", parent=haqqani)
        isis = m.Actor(
            name="Islamic State", kind="armed_group", aliases=[m.ActorAlias(alias="Daesh")]
        )
        docs = {
            "storm": "Taliban fighters stormed a checkpoint in Ghazni.",
            "bomb": "A car bomb exploded in the Mosul market.",
            "march": "Protesters gathered in Kabul.",
        }
        documents = {
            key: m.Document(
                source=f"{key}.html",
                source_kind="file",
                title=key,
                fetched_at=NOW,
                text=text,
                raw_sha256=key.ljust(64, "0"),
                status="extracted",
            )
            for key, text in docs.items()
        }
        rows = {
            "e1": ("Battles", date(2024, 1, 10), "ghazni", 5, cell, "storm", "machine"),
            "e2": (
                "Explosions/Remote violence",
                date(2024, 1, 20),
                "mosul",
                12,
                isis,
                "bomb",
                "machine",
            ),
            "e3": ("Protests", date(2024, 3, 5), "kabul", None, None, "march", "machine"),
            "e4": ("Battles", date(2024, 3, 6), "kabul", 1, taliban, "storm", "rejected"),
            "e5": ("Riots", None, None, 2, None, "march", "machine"),
            "e6": ("Battles", date(2024, 2, 1), "suva", 0, None, "bomb", "machine"),
            "e7": ("Battles", date(2024, 2, 2), "apia", 3, None, "bomb", "machine"),
        }
        events: dict[str, m.Event] = {}
        for key, (kind, day, where, killed, actor, doc, status) in rows.items():
            event = m.Event(
                event_type=kind,
                sub_event_type="Armed clash",
                gtd_attack_type="Armed Assault",
                date=day,
                date_precision="day" if day else None,
                place=places[where] if where else None,
                place_precision=1 if where else None,
                killed_low=killed,
                killed_best=killed,
                killed_high=killed,
                merge_rule="single-report",
                curation_status=status,
                created_at=NOW,
            )
            report = m.Report(
                document=documents[doc],
                event=event,
                event_type=kind,
                sub_event_type="Armed clash",
                gtd_attack_type="Armed Assault",
                date=day,
                confidence=0.9,
                extractor="events@1",
                sentence_start=0,
                sentence_end=10,
                actors=[]
                if actor is None
                else [
                    m.ReportActor(
                        actor=actor, role="perpetrator", text="x", start=0, end=1, extractor="a"
                    )
                ],
            )
            session.add(report)
            events[key] = event
        session.flush()
        return World(
            events={key: event.id for key, event in events.items()},
            actors={"taliban": taliban.id, "haqqani": haqqani.id, "isis": isis.id},
        )


def matching(store: Store, world: World, filters: EventFilters) -> set[str]:
    """The keys of the events the event list finds, all pages."""
    names = {event_id: key for key, event_id in world.events.items()}
    with store.session() as session:
        page = queries.list_events(session, filters, limit=queries.MAX_LIMIT)
    assert page.next_after is None
    return {names[item.id] for item in page.items}


def test_event_filters_actor_counts_its_subgroups(store: Store, world: World) -> None:
    assert matching(store, world, EventFilters(actor="Taliban")) == {"e1"}
    assert matching(store, world, EventFilters(actor="taliban", status="rejected")) == {"e4"}
    assert matching(store, world, EventFilters(actor=str(world.actors["haqqani"]))) == {"e1"}
    assert matching(store, world, EventFilters(actor="HAQQANI CELL")) == {"e1"}
    assert matching(store, world, EventFilters(actor="Daesh")) == {"e2"}
    with store.session() as session:
        assert queries.unknown_actor(session, EventFilters(actor="Nobody"))
        assert not queries.unknown_actor(session, EventFilters(actor="daesh"))


def test_event_filters_place_box_deaths_and_words(store: Store, world: World) -> None:
    assert matching(store, world, EventFilters(admin1="ghazni")) == {"e1"}
    assert matching(store, world, EventFilters(country="af", admin1="Kabul")) == {"e3"}
    assert matching(store, world, EventFilters(bbox=(60, 30, 75, 38))) == {"e1", "e3"}
    across = EventFilters(bbox=(179, -20, -179, -10))
    assert matching(store, world, across) == {"e6", "e7"}
    assert matching(store, world, EventFilters(min_deaths=3)) == {"e1", "e2", "e7"}
    assert "e3" not in matching(store, world, EventFilters(min_deaths=0))
    bomb = EventFilters(q="car bomb")
    assert matching(store, world, bomb) == {"e2", "e6", "e7"}
    assert matching(store, world, EventFilters(q="stormed, Ghazni!")) == {"e1"}
    assert matching(store, world, EventFilters(q="checkpoint Mosul")) == set()


def test_event_filters_one_function_behind_list_map_timeline_and_export(
    store: Store, world: World
) -> None:
    filters = EventFilters(event_type="Battles", date_from=date(2024, 1, 1), min_deaths=1)
    listed = matching(store, world, filters)
    assert listed == {"e1", "e7"}
    with store.session() as session:
        clusters = queries.map_clusters(session, filters, zoom=6)
        timeline = queries.timeline(session, filters)
        countries = queries.country_counts(session, filters)
    assert sorted(c.event_id for c in clusters.clusters) == sorted(
        world.events[key] for key in listed
    )
    assert timeline.events == clusters.events == sum(c.events for c in countries) == 2
    exported = {row.id for row in iter_rows(store, filters, hidden=queries.HIDDEN_STATUSES)}
    assert exported == {world.events[key] for key in listed}


def test_event_filters_timeline_buckets_fill_gaps(store: Store, world: World) -> None:
    with store.session() as session:
        auto = queries.timeline(session, EventFilters())
        months = queries.timeline(session, EventFilters(), "month")
        weeks = queries.timeline(session, EventFilters(), "week")
    assert auto.bucket == "day"
    assert len(auto.bars) == 56, "2024-01-10 to 2024-03-05, empty days included"
    assert [(b.start, b.end, b.events, b.deaths) for b in months.bars] == [
        (date(2024, 1, 1), date(2024, 1, 31), 2, 17),
        (date(2024, 2, 1), date(2024, 2, 29), 2, 3),
        (date(2024, 3, 1), date(2024, 3, 31), 1, 0),
    ]
    assert (months.events, months.deaths, months.undated) == (6, 22, 1)
    assert weeks.bars[0].start == date(2024, 1, 8), "weeks start on Monday"
    assert len(weeks.bars) == 9
    assert sum(b.events for b in weeks.bars) == 5


def test_event_filters_map_clusters_follow_the_zoom(store: Store, world: World) -> None:
    with store.session() as session:
        world_view = queries.map_clusters(session, EventFilters(), zoom=0)
        close = queries.map_clusters(session, EventFilters(), zoom=6)
        framed = queries.map_clusters(session, EventFilters(), zoom=6, view=(60, 30, 75, 38))
        countries = queries.country_counts(session, EventFilters())
    assert world_view.cell == 90.0
    assert sorted(c.events for c in world_view.clusters) == [1, 1, 3]
    (middle_east,) = [c for c in world_view.clusters if c.events == 3]
    assert middle_east.event_id is None
    assert middle_east.deaths == 17
    assert middle_east.types == {"Battles": 1, "Explosions/Remote violence": 1, "Protests": 1}
    assert middle_east.event_type == "Battles", "a tie goes to the first type by name"
    assert all(c.event_id is not None for c in close.clusters)
    assert close.events == 5
    assert {c.event_id for c in framed.clusters} == {world.events["e1"], world.events["e3"]}
    assert [(c.code, c.numeric, c.events, c.deaths) for c in countries] == [
        ("AF", "004", 2, 5),
        ("FJ", "242", 1, 0),
        ("IQ", "368", 1, 12),
        ("WS", "882", 1, 3),
    ]


@pytest.mark.parametrize("sort", ["newest", "oldest", "deaths"])
def test_event_filters_sorted_keyset_pages_cover_every_event_once(
    store: Store, world: World, sort: str
) -> None:
    seen: list[queries.EventSummary] = []
    after = None
    with store.session() as session:
        while True:
            page = queries.list_events(session, EventFilters(), sort=sort, after_id=after, limit=2)
            seen.extend(page.items)
            if page.next_after is None:
                break
            after = page.next_after
        whole = queries.list_events(session, EventFilters(), sort=sort).items
    assert [e.id for e in seen] == [e.id for e in whole]
    assert len(seen) == 6
    if sort == "deaths":
        assert [e.killed_best for e in seen] == [12, 5, 3, 2, 0, None]
    if sort == "oldest":
        assert [e.date for e in seen][:2] == [date(2024, 1, 10), date(2024, 1, 20)]
        assert seen[-1].date is None


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"event_type": "Skirmish"}, "type="),
        ({"country": "AFG"}, "country="),
        ({"status": "approved"}, "status="),
        ({"date_from": "2024-13-01"}, "from="),
        ({"date_from": "2024-05-02", "date_to": "2024-05-01"}, "swap"),
        ({"min_deaths": "-1"}, "min_deaths="),
        ({"min_deaths": "ten"}, "min_deaths="),
        ({"bbox": "1,2,3"}, "bbox="),
        ({"bbox": "1,50,3,40"}, "bbox="),
        ({"bbox": "nan,1,2,3"}, "bbox="),
        ({"bbox": "-200,1,2,3"}, "bbox="),
        ({"q": "!!!"}, "q="),
        ({"actor": "x" * 201}, "actor="),
    ],
)
def test_event_filters_parse_refuses_values_that_mean_nothing(
    given: dict[str, str], named: str
) -> None:
    with pytest.raises(KhabarError) as raised:
        queries.parse_filters(**given)
    assert raised.value.code is ErrorCode.BAD_ARGUMENT
    assert named in raised.value.message


def test_event_filters_parse_reads_every_filter() -> None:
    parsed = queries.parse_filters(
        event_type="Battles",
        country=" af ",
        date_from="2024-01-01",
        date_to="",
        status="reviewed",
        actor=" Taliban ",
        admin1="Ghazni",
        bbox="60,29.5,75,38",
        min_deaths="10",
        q="car bomb",
    )
    assert parsed == EventFilters(
        "Battles", "af", date(2024, 1, 1), None, "reviewed", "Taliban", "Ghazni",
        (60.0, 29.5, 75.0, 38.0), 10, "car bomb",
    )  # fmt: skip


def test_event_filters_bad_timeline_and_map_arguments(store: Store, world: World) -> None:
    with store.session() as session:
        with pytest.raises(KhabarError) as bucket:
            queries.timeline(session, EventFilters(), "year")
        with pytest.raises(KhabarError) as zoom:
            queries.map_clusters(session, EventFilters(), zoom=queries.MAX_ZOOM + 1)
    assert bucket.value.code is zoom.value.code is ErrorCode.BAD_ARGUMENT
