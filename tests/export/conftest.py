"""A small store of invented events, written directly so the export tests need no NLP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from khabar.store import models as m
from khabar.store.repository import Store

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
TEXT = "Intro. Taliban fighters attacked an army post near Kabul, killing at least seven. End."
SENTENCE = "Taliban fighters attacked an army post near Kabul, killing at least seven."


@dataclass(frozen=True, slots=True)
class Seeded:
    store: Store
    ids: list[int]
    """Event ids: clash in Kabul (two reports), unplaced abduction (reviewed), Mosul bombing."""


def _document(n: int, outlet: str, title: str) -> m.Document:
    return m.Document(
        source=f"https://news{n}.example/story",
        source_kind="url",
        url=f"https://news{n}.example/story",
        outlet=outlet,
        title=title,
        published_at=dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.UTC),
        fetched_at=NOW,
        language="en",
        text=TEXT,
        raw_sha256=f"{n:064d}",
        status="extracted",
    )


def _report(document: m.Document, event: m.Event, confidence: float, **fields: object) -> m.Report:
    start = TEXT.index(SENTENCE)
    return m.Report(
        document=document,
        event=event,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        gtd_attack_type=event.gtd_attack_type,
        confidence=confidence,
        extractor="test@1",
        sentence_start=start,
        sentence_end=start + len(SENTENCE),
        **fields,
    )


def _event(**fields: object) -> m.Event:
    return m.Event(merge_rule="single-report", created_at=NOW, **fields)


@pytest.fixture
def seeded(store: Store) -> Seeded:
    kabul = m.Place(
        gazetteer_id="geonames:1138958", name="Kabul", feature_class="P", feature_code="PPLC",
        country_code="AF", country_name="Afghanistan", admin1_name="Kabul", admin2_name="Kabul",
        lat=34.52813, lon=69.17233,
    )  # fmt: skip
    nineveh = m.Place(
        gazetteer_id="geonames:99062", name="Nineveh", feature_class="A", feature_code="ADM1",
        country_code="IQ", country_name="Iraq", admin1_name="Nineveh", lat=36.0, lon=42.5,
    )  # fmt: skip
    taliban = m.Actor(name="Taliban", kind="armed_group")
    old_name = m.Actor(name="Islamic Emirate fighters", kind="armed_group", merged_into=taliban)
    army = m.Actor(name="Afghan National Army", kind="state_force")
    civilians = m.Actor(name="Civilians", kind="civilians")
    clash = _event(
        event_type="Battles", sub_event_type="Armed clash", gtd_attack_type="Armed Assault",
        date=dt.date(2024, 3, 4), date_precision="day", place=kabul, place_precision=1,
        killed_low=7, killed_best=7, killed_high=9,
    )  # fmt: skip
    abduction = _event(
        event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
        gtd_attack_type="Hostage Taking (Kidnapping)", date=dt.date(2024, 2, 5),
        date_precision="week", abducted_low=3, abducted_best=3, abducted_high=3,
        curation_status="reviewed",
    )  # fmt: skip
    bombing = _event(
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        gtd_attack_type="Bombing/Explosion", date=dt.date(2023, 11, 1), date_precision="month",
        place=nineveh, place_precision=4,
    )  # fmt: skip
    first = _document(1, 'The "Daily", Kabul', "Seven killed, army says")
    second = _document(2, "Wire", "Clash near Kabul")
    third = _document(3, "Wire", "Villagers taken")
    reports = [
        _report(first, clash, 0.9, killed_low=7, killed_best=7, killed_qualifier="at least seven"),
        _report(second, clash, 0.6, killed_low=5, killed_best=5, killed_high=9),
        _report(third, abduction, 0.7, abducted_best=3, abducted_qualifier="three"),
        _report(second, bombing, 0.5),
    ]
    reports[0].actors += [
        m.ReportActor(actor=taliban, role="perpetrator", text="Taliban", start=7, end=14,
                      extractor="test@1"),
        m.ReportActor(actor=army, role="target", text="army", start=33, end=37,
                      extractor="test@1"),
    ]  # fmt: skip
    reports[1].actors += [
        m.ReportActor(actor=old_name, role="perpetrator", text="fighters", start=15, end=23,
                      extractor="test@1"),
    ]  # fmt: skip
    reports[2].actors += [
        m.ReportActor(actor=civilians, role="target", text="villagers", start=0, end=9,
                      extractor="test@1"),
    ]  # fmt: skip
    with store.session() as session, session.begin():
        session.add_all(reports)
    return Seeded(store, [clash.id, abduction.id, bombing.id])
