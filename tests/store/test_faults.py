"""Faults during ingest: `khabar ingest` killed mid-batch, and a store it may not write.

A batch of thousands of documents will be interrupted (out of memory, a reboot, Ctrl+C twice).
Each document is one transaction, so a SIGKILL at any moment must leave a consistent store that
keeps every document committed before it, and running the same batch again must end in exactly
the state of a run that was never interrupted (compared row by row, ids and times aside).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, select, text

from khabar.store import models as m
from khabar.store.db import make_engine, upgrade

from ..conftest import EXAMPLES

KHABAR = str(Path(sys.executable).with_name("khabar"))
SKIPPED_TABLES = {"alembic_version", "app_secret"}
DOCUMENT_ID = re.compile(r"document \d+")
INCIDENTS = Path(__file__).resolve().parent.parent / "eval" / "data" / "gtd_invented.jsonl"
"""Incident summaries the project wrote: distinct documents, each analysed by spaCy, so the batch
lasts long enough for every kill to land in it (near-duplicates are stored without analysis, in
bursts too quick to aim at)."""


def _start(url: str, batch: Path) -> subprocess.Popen[bytes]:
    """A batch to kill; its output is not read, so it goes nowhere (a full pipe would stall it)."""
    command = [KHABAR, "--db", url, "ingest", str(batch)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run(url: str, batch: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """A batch run to its end, with its messages."""
    command = [*prefix, KHABAR, "--db", url, "ingest", str(batch)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def _documents(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(m.Document.raw_sha256)))


def canonical(engine: Engine) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of every table, ids replaced by the referenced row's own content, times left
    out: two stores with the same data give equal dumps whatever ids their sequences handed out.
    """
    tables = [t for t in m.Base.metadata.sorted_tables if t.name not in SKIPPED_TABLES]
    with engine.connect() as conn:
        rows = {
            t.name: {
                r._mapping.get("id", i): r._mapping for i, r in enumerate(conn.execute(select(t)))
            }
            for t in tables
        }
    memo: dict[tuple[str, Any], tuple[Any, ...]] = {}

    def key(table: Any, row: Any) -> tuple[Any, ...]:
        parts = []
        for column in table.columns:
            value = row[column.name]
            if column.name == "id" or isinstance(column.type, DateTime | m.UTCDateTime):
                continue
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None and value is not None:
                target = foreign.column.table
                cached = (target.name, value)
                if cached not in memo:
                    memo[cached] = key(target, rows[target.name][value])
                value = memo[cached]
            elif isinstance(value, list | dict):  # JSON columns
                value = json.dumps(value, sort_keys=True)
            elif table.name == "document" and column.name == "error" and value:
                # A copy's message names its original's id ("near-duplicate of document 6"),
                # which PostgreSQL's sequences, never rolled back, number differently after a
                # kill; `near_duplicate_of` compares the original itself.
                value = DOCUMENT_ID.sub("document #", value)
            parts.append((column.name, value))
        return tuple(parts)

    return {t.name: Counter(key(t, row) for row in rows[t.name].values()) for t in tables}


def check_consistent(engine: Engine) -> None:
    """SQLite's own integrity check, then no row pointing at a row that is not there."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        for table in m.Base.metadata.sorted_tables:
            for foreign in table.foreign_keys:
                child, parent = foreign.parent, foreign.column
                orphans = conn.execute(
                    select(child).where(
                        child.is_not(None), child.not_in(select(parent).scalar_subquery())
                    )
                ).all()
                assert orphans == [], f"{table.name}.{child.name} points at missing rows"


def _kill_mid_batch(url: str, batch: Path, rng: random.Random, engine: Engine) -> bool:
    """Start a batch, SIGKILL it after one to three more committed documents plus a random
    delay (so kills land inside transactions too), then check nothing committed was lost.
    Whether the batch was still writing when it was killed."""
    total = sum(1 for _ in batch.iterdir())
    stored = len(_documents(engine))
    target = stored + rng.randint(1, 3)
    process = _start(url, batch)
    while process.poll() is None and len(_documents(engine)) < target:
        time.sleep(0.05)
    time.sleep(rng.uniform(0, 0.1))
    committed = _documents(engine)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert committed <= _documents(engine)
    check_consistent(engine)
    return len(committed) < total


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example documents, a copy of each (its bytes differ by a trailing blank line, as an
    agency's story is printed by several sites: stored as a near-duplicate of the first), then
    one text file per incident summary."""
    folder = tmp_path_factory.mktemp("batch")
    for path in sorted(EXAMPLES.iterdir()):
        (folder / f"a-{path.name}").write_bytes(path.read_bytes())
        (folder / f"b-{path.name}").write_bytes(path.read_bytes() + b"\n")
    for line in INCIDENTS.read_text(encoding="utf-8").splitlines():
        incident = json.loads(line)
        (folder / f"c-{incident['id']}.txt").write_text(incident["summary"], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def uninterrupted(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The dump of a SQLite store after one uninterrupted run of the batch."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'k.db'}"
    engine = make_engine(url)
    upgrade(engine)
    run = _run(url, batch)
    assert run.returncode == 0, run.stderr
    dump = canonical(engine)
    engine.dispose()
    assert dump["report"], "the batch gives reports, so the comparison means something"
    return dump


@pytest.mark.parametrize(
    ("backend", "kills"),
    [("sqlite", 20), ("postgresql", 20)],
)
@pytest.mark.slow  # each start loads spaCy and the gazetteer: about 15 s a run on two cores
@pytest.mark.timeout(1800)  # 21 starts and 172 documents: 8 to 10 minutes on two busy cores
def test_faults_killed_ingest_loses_nothing_and_resumes_to_the_same_state(
    request: pytest.FixtureRequest,
    batch: Path,
    uninterrupted: dict[str, Any],
    backend: str,
    kills: int,
) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")
    engine = make_engine(url)
    if backend == "postgresql":
        from khabar.store.repository import all_tables

        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(all_tables())} RESTART IDENTITY CASCADE"))
    rng = random.Random(9)
    try:
        mid_batch = sum(_kill_mid_batch(url, batch, rng, engine) for _ in range(kills))
        assert mid_batch == kills, "some kills found the batch done: make it longer"
        rerun = _run(url, batch)
        assert rerun.returncode == 0, rerun.stderr
        check_consistent(engine)
        assert canonical(engine) == uninterrupted
    finally:
        engine.dispose()


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own are private to their owner), for a store that
    another user opens."""
    folder = Path(tempfile.mkdtemp(prefix="khabar-faults-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_faults_read_only_sqlite_is_a_clear_error_and_writes_nothing(open_folder: Path) -> None:
    database = open_folder / "k.db"
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    upgrade(engine)
    before = canonical(engine)
    engine.dispose()
    database.chmod(0o444)
    open_folder.chmod(0o555)
    # root writes through file modes, so the batch runs as nobody where the test runs as root
    nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    try:
        run = _run(url, EXAMPLES / "kidnapping.txt", nobody if os.geteuid() == 0 else ())
    finally:
        open_folder.chmod(0o755)
        database.chmod(0o644)
    message = " ".join(run.stderr.split())
    assert run.returncode == 2, message
    assert "database_read_only" in message
    assert "Traceback" not in message
    engine = make_engine(url)
    assert canonical(engine) == before
    check_consistent(engine)
    engine.dispose()
