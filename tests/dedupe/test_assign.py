"""The dedupe rules applied by ingest, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from khabar.dedupe import assign
from khabar.dedupe.assign import MACHINE_MERGE_RULE, SINGLE_REPORT_RULE
from khabar.pipeline import Analyser, Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

from ..conftest import EXAMPLES

OUTLET_A = EXAMPLES / "outlet-a-border-attack.html"
OUTLET_B = EXAMPLES / "outlet-b-border-attack.html"


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


def _ingest(store: Store, analyser: Analyser, *paths: Path) -> None:
    settings = Settings(database_url=str(store.engine.url))
    Pipeline(store, settings, analyser).run([str(path) for path in paths])


def _events(store: Store) -> list[tuple[m.Event, list[str]]]:
    with store.session() as session:
        events = session.scalars(select(m.Event).order_by(m.Event.id)).all()
        return [(e, [Path(r.document.source).name for r in e.reports]) for e in events]


def test_assign_examples_merge_only_the_two_border_attack_reports(
    store: Store, analyser: Analyser
) -> None:
    _ingest(store, analyser, EXAMPLES)
    events = _events(store)
    with store.session() as session:
        reports = session.scalars(select(m.Report)).all()
    merged = [(e, sources) for e, sources in events if len(sources) > 1]
    assert len(events) == len(reports) - 1
    assert len(merged) == 1
    event, sources = merged[0]
    assert sorted(sources) == [OUTLET_A.name, OUTLET_B.name]
    assert event.merge_rule == MACHINE_MERGE_RULE == "cluster@13+ucdp-style@2"
    # Outlet B (Panjgur) is more precise than A (Balochistan); injured 6 and 7 → low 7, high 7.
    assert event.place_precision == 1
    assert (event.killed_low, event.killed_best, event.killed_high) == (4, 4, 4)
    assert (event.injured_low, event.injured_best, event.injured_high) == (7, 7, 7)
    assert all(e.merge_rule == SINGLE_REPORT_RULE for e, s in events if len(s) == 1)
    two_incidents = [e for e, s in events if s == ["two-incidents.html"]]
    assert len(two_incidents) == 2


def test_assign_reviewed_event_keeps_its_fields_but_gains_provenance(
    store: Store, analyser: Analyser
) -> None:
    _ingest(store, analyser, OUTLET_A)
    with store.session() as session, session.begin():
        event = session.scalars(select(m.Event)).one()
        event.curation_status = "reviewed"
        event.killed_best = 5
    _ingest(store, analyser, OUTLET_B)
    [(event, sources)] = _events(store)
    assert sorted(sources) == [OUTLET_A.name, OUTLET_B.name]
    assert (event.killed_best, event.place_precision) == (5, 4)
    assert event.merge_rule == SINGLE_REPORT_RULE


def test_assign_rejected_event_takes_no_new_reports(store: Store, analyser: Analyser) -> None:
    _ingest(store, analyser, OUTLET_A)
    with store.session() as session, session.begin():
        session.scalars(select(m.Event)).one().curation_status = "rejected"
    _ingest(store, analyser, OUTLET_B)
    assert [sources for _, sources in _events(store)] == [[OUTLET_A.name], [OUTLET_B.name]]


def _text(
    folder: Path,
    name: str,
    title: str,
    body: str,
    day: str = "2026-03-04",
    outlet: str | None = None,
) -> Path:
    path = folder / name
    by = f"outlet: {outlet}\n" if outlet else ""
    path.write_text(f"---\ntitle: {title}\ndate: {day}\n{by}---\n\n{body}\n")
    return path


SITED = (
    "Gunmen killed 12 villagers in Kaura Namoda in Nigeria's Zamfara state on Tuesday, police"
    " said. The attackers arrived on motorcycles and set fire to several houses."
)
PLACELESS = (
    "Bandits killed 12 people on Tuesday, a police spokesman said. Residents said the attackers"
    " came on motorcycles and fled into the forest.\n\n"
)


def test_assign_placeless_report_joins_an_event_in_the_region_its_document_names(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    sited = _text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)
    zamfara = PLACELESS + "The government of Zamfara state ordered schools in the area to close."
    kano = (
        "Twelve people were killed by bandits on Tuesday, according to a local official. Kano"
        " state's governor condemned the killings and promised more police patrols."
    )
    guessed = _text(tmp_path, "b.txt", "Bandits kill 12", zamfara)
    elsewhere = _text(tmp_path, "c.txt", "Bandits kill 12 villagers", kano)
    _ingest(store, analyser, sited, guessed, elsewhere)
    events = _events(store)
    assert sorted(sources for _, sources in events) == [["a.txt", "b.txt"], ["c.txt"]]
    [event] = [e for e, sources in events if len(sources) == 2]
    # The guess joins the event but never becomes its place: Kaura Namoda stays the site.
    assert event.place_precision == 1


ELSEWHERE = (
    "Gunmen killed 12 villagers near Menaka in northern Mali on Tuesday, officials said. The"
    " attackers arrived on motorcycles and burned the market."
)


def test_assign_placeless_report_joins_the_only_event_that_fits_it(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    sited = _text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)
    placeless = _text(tmp_path, "b.txt", "Bandits kill 12", PLACELESS)
    _ingest(store, analyser, sited, placeless)
    assert [sources for _, sources in _events(store)] == [["a.txt", "b.txt"]]


def test_assign_placeless_report_starts_its_own_event_when_several_fit(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    sited = _text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)
    mali = _text(tmp_path, "b.txt", "Gunmen kill 12 villagers in Mali", ELSEWHERE)
    placeless = _text(tmp_path, "c.txt", "Bandits kill 12", PLACELESS)
    _ingest(store, analyser, sited, mali, placeless)
    assert sorted(sources for _, sources in _events(store)) == [["a.txt"], ["b.txt"], ["c.txt"]]


FEWER = (
    "Gunmen killed 10 villagers near Menaka in northern Mali on Tuesday, officials said. The"
    " attackers arrived on motorcycles and burned the market."
)


def test_assign_placeless_report_joins_the_event_that_shares_its_toll(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    """Both killings fit "Bandits kill 12" (10 is close to 12), but only the Zamfara one was
    told with the same toll: the report joins it rather than starting its own event."""
    sited = _text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)
    mali = _text(tmp_path, "b.txt", "Gunmen kill 10 villagers in Mali", FEWER)
    placeless = _text(tmp_path, "c.txt", "Bandits kill 12", PLACELESS)
    _ingest(store, analyser, sited, mali, placeless)
    assert sorted(sources for _, sources in _events(store)) == [["a.txt", "c.txt"], ["b.txt"]]


BOMB = (
    "A roadside bomb wounded three soldiers near Menaka in northern Mali on Tuesday, officials"
    " said. The army sent reinforcements to the area."
)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(200, [["a.txt", "c.txt"], ["b.txt"]]), (1, [["a.txt"], ["b.txt"], ["c.txt"]])],
)
def test_assign_placeless_report_on_a_busy_day_starts_its_own_event(
    store: Store,
    analyser: Analyser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
    expected: list[list[str]],
) -> None:
    """Only the Zamfara killing fits the placeless one, but with more events of its dates than
    `UNPLACED_CANDIDATES` it is not looked for."""
    monkeypatch.setattr(assign, "UNPLACED_CANDIDATES", limit)
    sited = _text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)
    bomb = _text(tmp_path, "b.txt", "Roadside bomb wounds three soldiers in Mali", BOMB)
    placeless = _text(tmp_path, "c.txt", "Bandits kill 12", PLACELESS)
    _ingest(store, analyser, sited, bomb, placeless)
    assert sorted(sources for _, sources in _events(store)) == expected


BORNO = (
    "Gunmen killed 12 villagers near Maiduguri in Nigeria's Borno state on Tuesday, officials"
    " said. The attackers burned the market."
)
NIGERIA = (
    "Twelve villagers died on Tuesday when armed men stormed a village in northern Nigeria, a"
    " local official told reporters."
)


@pytest.mark.parametrize(
    ("borno", "expected"),
    [(False, [["a.txt", "c.txt"]]), (True, [["a.txt"], ["b.txt"], ["c.txt"]])],
)
def test_assign_report_placed_only_by_its_country_joins_only_the_one_event_that_fits(
    store: Store, analyser: Analyser, tmp_path: Path, borno: bool, expected: list[list[str]]
) -> None:
    """ "In northern Nigeria" tells neither the Zamfara nor the Borno killing apart: with both
    stored it starts its own event (`cluster@4` joined the closer)."""
    sited = [_text(tmp_path, "a.txt", "Gunmen kill 12 villagers in Zamfara", SITED)]
    if borno:
        sited.append(_text(tmp_path, "b.txt", "Gunmen kill 12 villagers in Borno", BORNO))
    country = _text(tmp_path, "c.txt", "Gunmen kill 12 villagers in Nigeria", NIGERIA)
    _ingest(store, analyser, *sited, country)
    assert sorted(sources for _, sources in _events(store)) == expected


BORDER = (
    "Myanmar said 47 soldiers were killed on Tuesday in clashes with rebels near the China border."
)
LAUKKAI = (
    "Clashes with rebels killed 47 soldiers in Laukkai in Myanmar's Shan state on Tuesday, the"
    " army said."
)


@pytest.mark.parametrize("border_first", [True, False])
def test_assign_report_near_a_border_joins_the_event_in_a_country_it_names(
    store: Store, analyser: Analyser, tmp_path: Path, border_first: bool
) -> None:
    """Read as sited in China, "near the China border" names Myanmar too, where the event is;
    either may be stored first."""
    border = _text(tmp_path, "a.txt", "Myanmar says 47 soldiers killed near China border", BORDER)
    laukkai = _text(tmp_path, "b.txt", "Clashes kill 47 soldiers in Laukkai", LAUKKAI)
    _ingest(store, analyser, *((border, laukkai) if border_first else (laukkai, border)))
    assert [sorted(sources) for _, sources in _events(store)] == [["a.txt", "b.txt"]]


@pytest.mark.parametrize(("limit", "events"), [(1, 1), (0, 2)])
def test_assign_sited_report_reads_events_placed_only_by_another_country_within_a_bound(
    store: Store,
    analyser: Analyser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
    events: int,
) -> None:
    """The border report is placed only by a country; past `UNPLACED_CANDIDATES` such events
    the Laukkai report, sited in Myanmar, reads none of them and starts its own event."""
    monkeypatch.setattr(assign, "UNPLACED_CANDIDATES", limit)
    border = _text(tmp_path, "a.txt", "Myanmar says 47 soldiers killed near China border", BORDER)
    laukkai = _text(tmp_path, "b.txt", "Clashes kill 47 soldiers in Laukkai", LAUKKAI)
    _ingest(store, analyser, border, laukkai)
    assert len(_events(store)) == events


def test_assign_report_fits_by_every_place_it_names(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    """The roundup's places are read as mentioned, not as event sites; Deir ez-Zor among them
    is where the stored strike was."""
    strike = _text(
        tmp_path,
        "a.txt",
        "Airstrikes kill nine in Deir ez-Zor",
        "Airstrikes killed nine people in the city of Deir ez-Zor on Tuesday, activists said."
        " Warplanes struck a market in the eastern city.",
    )
    roundup = _text(
        tmp_path,
        "b.txt",
        "Bombardment targets Latakia, Hama and Deir ez-Zor",
        "Warplanes bombed Latakia, Hama and Deir ez-Zor on Tuesday, activists said.",
    )
    _ingest(store, analyser, strike, roundup)
    assert [sources for _, sources in _events(store)] == [["a.txt", "b.txt"]]


def test_assign_placeless_report_of_the_same_event_type_joins_the_only_event(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    """A shelling told with no place, toll or country, and the day's only explosion event."""
    bomb = _text(
        tmp_path,
        "a.txt",
        "Car bomb kills nine in Deir ez-Zor",
        "A car bomb killed nine people in the city of Deir ez-Zor on Tuesday, activists said."
        " The blow hit a crowded market.",
    )
    shelling = _text(
        tmp_path,
        "b.txt",
        "Artillery shells rebel positions",
        "Government artillery shelled rebel positions on Tuesday, a monitoring group said."
        " Residents reported heavy explosions through the night.",
    )
    _ingest(store, analyser, bomb, shelling)
    assert [sources for _, sources in _events(store)] == [["a.txt", "b.txt"]]


def test_assign_placeless_tolls_of_consecutive_days_stay_apart(
    store: Store, analyser: Analyser, tmp_path: Path
) -> None:
    """Two days' national tolls: with no place, a day apart is two happenings."""
    monday = _text(
        tmp_path,
        "a.txt",
        "52 people killed yesterday",
        "52 people were killed yesterday, including 15 soldiers and 20 civilians, a monitoring"
        " group said.",
    )
    tuesday = _text(
        tmp_path,
        "b.txt",
        "69 people killed yesterday",
        "69 people were killed yesterday, including 13 soldiers and 30 civilians, a monitoring"
        " group said.",
        day="2026-03-05",
    )
    _ingest(store, analyser, monday, tuesday)
    assert [sources for _, sources in _events(store)] == [["a.txt"], ["b.txt"]]


SHELLING = (
    "Government shelling killed three people in Douma, activists said. Rescue workers pulled"
    " survivors from the rubble of two houses."
)


@pytest.mark.parametrize(
    ("second_outlet", "expected"),
    [("Monitor A", [["a.txt"], ["b.txt"]]), ("Monitor B", [["a.txt", "b.txt"]])],
)
def test_assign_undated_reports_of_one_outlet_a_day_apart_stay_apart(
    store: Store,
    analyser: Analyser,
    tmp_path: Path,
    second_outlet: str,
    expected: list[list[str]],
) -> None:
    """Neither tells its day; published a day apart by one outlet they are two days' shelling,
    by two outlets they may be one."""
    first = _text(tmp_path, "a.txt", "Shelling kills 3 in Douma", SHELLING, outlet="Monitor A")
    second = _text(
        tmp_path,
        "b.txt",
        "Shelling kills 3 in Douma",
        SHELLING.replace("Rescue workers", "Medics"),
        day="2026-03-05",
        outlet=second_outlet,
    )
    _ingest(store, analyser, first, second)
    assert sorted(sources for _, sources in _events(store)) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("in Aleppo city", [["a.txt", "b.txt"]]),
        ("in the countryside of Hama", [["a.txt"], ["b.txt"]]),
    ],
)
def test_assign_tolls_told_in_parts_join_in_one_town_not_in_one_province(
    store: Store, analyser: Analyser, tmp_path: Path, where: str, expected: list[list[str]]
) -> None:
    """Twelve killed by shells and four children killed by shells in one town on one day are one
    shelling told in parts; in a whole province they may be two."""
    twelve = _text(
        tmp_path,
        "a.txt",
        f"Shells kill 12 civilians {where}",
        f"Shells fired by rebels killed 12 civilians {where} on Tuesday, a monitoring group said.",
        outlet="Monitor A",
    )
    four = _text(
        tmp_path,
        "b.txt",
        f"Shells kill four children {where}",
        f"Shells fired by rebels killed four children {where} on Tuesday, the monitor said.",
        outlet="Monitor B",
    )
    _ingest(store, analyser, twelve, four)
    assert sorted(sources for _, sources in _events(store)) == expected


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("in Idlib", [["a.txt", "b.txt"]]),
        ("in Idlib city", [["a.txt"], ["b.txt"]]),
    ],
)
def test_assign_town_written_by_its_provinces_name_joins_an_event_elsewhere_in_the_province(
    store: Store, analyser: Analyser, tmp_path: Path, where: str, expected: list[list[str]]
) -> None:
    """ "Losses in Idlib" may mean the province, where Khan Shaykhun lies (55 km from Idlib
    city); "Idlib city" means the city."""
    town = _text(
        tmp_path,
        "a.txt",
        "Air strikes kill seven in Khan Shaykhun",
        "Air strikes killed seven people in Khan Shaykhun on Tuesday, a monitoring group said.",
        outlet="Monitor A",
    )
    province = _text(
        tmp_path,
        "b.txt",
        f"More human losses {where}",
        f"Air strikes killed more people {where} on Tuesday, the monitor said.",
        outlet="Monitor B",
    )
    _ingest(store, analyser, town, province)
    assert sorted(sources for _, sources in _events(store)) == expected


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        ("74 people were killed across Syria yesterday", [["a.txt", "b.txt"]]),
        ("A monitor said one person was killed in Syria yesterday", [["a.txt"], ["b.txt"]]),
    ],
)
def test_assign_a_countrys_daily_toll_joins_the_one_event_it_may_tally(
    store: Store, analyser: Analyser, tmp_path: Path, tally: str, expected: list[list[str]]
) -> None:
    """A toll told for a whole country counts the day's events there, so it fits one with fewer
    dead (still only as the one event that fits, `rules.fits_unplaced`); a smaller one does not
    hold the event's."""
    clash = _text(
        tmp_path,
        "a.txt",
        "Clashes in Daraa countryside kill 12 fighters",
        "Clashes between rebels and government forces killed 12 fighters in the countryside of"
        " Daraa on Monday, a monitoring group said.",
        day="2026-03-03",
        outlet="Monitor A",
    )
    toll = _text(tmp_path, "b.txt", tally, f"{tally}, the monitor said.", outlet="Monitor B")
    _ingest(store, analyser, clash, toll)
    assert sorted(sources for _, sources in _events(store)) == expected
