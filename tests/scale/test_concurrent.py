"""Two `khabar ingest` commands writing to one PostgreSQL database at once, as several users or
machines do (docs/scale.md): overlapping inputs must end with each document stored once, both
commands succeeding, and every report attached to an event."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khabar.store import models as m
from khabar.store.repository import Store

from ..conftest import EXAMPLES

KHABAR = str(Path(sys.executable).with_name("khabar"))
SHARED = ["airstrike.html", "armed-clash.html", "kidnapping.txt", "two-incidents.html"]
"""Given to both commands in the same order, so that they reach each one at about the same
time: the case where both pass the "already stored?" check."""


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_concurrent_ingest_stores_each_document_once(
    store_url: str, store: Store, tmp_path: Path
) -> None:
    batches = [
        [*SHARED, "suicide-bombing.html"],
        [*SHARED, "corrupt.html", "ghazni-blog.html"],
    ]
    runs = []
    for number, batch in enumerate(batches):
        command = [KHABAR, "--db", store_url, "ingest", *(str(EXAMPLES / n) for n in batch)]
        log = (tmp_path / f"run-{number}.log").open("w")
        runs.append((subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), log))
    for process, log in runs:
        process.wait(timeout=600)
        log.close()
    logs = [(tmp_path / f"run-{number}.log").read_text() for number in range(len(runs))]
    assert [process.returncode for process, _ in runs] == [0, 0], logs

    with store.session() as session:
        sources = session.scalars(select(m.Document.source)).all()
        reports_without_event = session.scalars(
            select(func.count()).select_from(m.Report).where(m.Report.event_id.is_(None))
        ).one()
        events_without_report = session.scalars(
            select(func.count())
            .select_from(m.Event)
            .where(m.Event.merged_into_id.is_(None), ~m.Event.reports.any())
        ).one()
        reports = session.scalars(select(func.count()).select_from(m.Report)).one()
    names = sorted(Path(source).name for source in sources)
    assert names == sorted({name for batch in batches for name in batch})
    assert reports >= len(SHARED)
    assert reports_without_event == 0
    assert events_without_report == 0
