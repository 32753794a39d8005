"""The aggregate cache: reused while the store is unchanged, recomputed after a write."""

from __future__ import annotations

from datetime import UTC, date, datetime

from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.cache import Aggregates, store_version

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def add_event(store: Store) -> None:
    with store.session() as session:
        session.add(
            m.Event(
                event_type="Battles",
                sub_event_type="Armed clash",
                gtd_attack_type="Armed Assault",
                date=date(2024, 5, 1),
                merge_rule="single-report",
                curation_status="machine",
                created_at=NOW,
            )
        )
        session.commit()


def count(store: Store, aggregates: Aggregates, calls: list[int]) -> int:
    def compute() -> int:
        calls.append(1)
        with store.session() as session:
            return session.query(m.Event).count()

    with store.session() as session:
        return aggregates.get(session, ("events",), compute)


def test_cache_reuses_until_the_store_changes(store: Store) -> None:
    aggregates, calls = Aggregates(max_age=300), []
    add_event(store)
    assert count(store, aggregates, calls) == 1
    assert count(store, aggregates, calls) == 1
    assert len(calls) == 1
    add_event(store)
    assert count(store, aggregates, calls) == 2
    assert len(calls) == 2


def test_cache_off_recomputes_every_time(store: Store) -> None:
    aggregates, calls = Aggregates(max_age=0), []
    count(store, aggregates, calls)
    count(store, aggregates, calls)
    assert len(calls) == 2


def test_cache_store_version_moves_with_an_audit_entry(store: Store) -> None:
    with store.session() as session:
        before = store_version(session)
    with store.session() as session:
        session.add(m.AuditLog(at=NOW, who="test", action="edit", entity="event", entity_id=1))
        session.commit()
    with store.session() as session:
        assert store_version(session) != before
