"""Corrections survive ingest: the same documents again change nothing, a new report that joins
a corrected event adds provenance without overwriting the analyst's values, and one that joins
the machine event of a corrected report is merged with that report's corrected values."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from khabar.curate import service
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


def test_reingest_keeps_corrections(store: Store, analyser: Analyser) -> None:
    _ingest(store, analyser, OUTLET_A)
    with store.session() as session, session.begin():
        event = session.scalars(select(m.Event)).one()
        machine = event.killed_best
        service.correct(
            session, event.id, {"killed_low": "1", "killed_best": "1", "killed_high": "1"}, "a"
        )
    _ingest(store, analyser, OUTLET_A)
    _ingest(store, analyser, OUTLET_B)
    with store.session() as session:
        [event] = session.scalars(select(m.Event)).all()
        sources = sorted(Path(report.document.source).name for report in event.reports)
        corrections = session.scalars(select(m.Correction).order_by(m.Correction.id)).all()
    assert sources == [OUTLET_A.name, OUTLET_B.name]
    assert (event.killed_low, event.killed_best, event.killed_high) == (1, 1, 1)
    assert event.curation_status == "corrected"
    assert [(c.field, c.corrected_value) for c in corrections] == [
        ("killed_low", 1),
        ("killed_best", 1),
        ("killed_high", 1),
    ]
    assert corrections[1].machine_value == machine


def test_reingest_keeps_report_corrections(store: Store, analyser: Analyser) -> None:
    """A corrected report is kept as corrected, and a report joining its machine event later is
    merged with the analyst's values, not the machine's."""
    _ingest(store, analyser, OUTLET_A)
    with store.session() as session, session.begin():
        report = session.scalars(select(m.Report)).one()
        report_id, machine = report.id, report.killed_high
        event_id = service.correct_report(session, report_id, {"killed_high": "5"}, "a").id
    _ingest(store, analyser, OUTLET_A)
    _ingest(store, analyser, OUTLET_B)
    with store.session() as session:
        report = session.get_one(m.Report, report_id)
        [event] = session.scalars(select(m.Event)).all()
        corrections = session.scalars(select(m.Correction).order_by(m.Correction.id)).all()
        reports = len(event.reports)
    assert (event.id, reports) == (event_id, 2)
    assert (report.killed_high, event.killed_high, event.curation_status) == (5, 5, "machine")
    assert [(c.entity, c.entity_id, c.field, c.corrected_value) for c in corrections] == [
        ("report", report_id, "killed_high", 5)
    ]
    assert machine is None  # the machine read no upper bound
    assert corrections[0].machine_value is None
