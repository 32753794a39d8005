"""A worker killed mid-batch (as the OOM killer does) ends `--workers N` with a clear error,
not a BrokenProcessPool traceback, and keeps what was already stored."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from sqlalchemy import func, select

from khabar.errors import ErrorCode, KhabarError
from khabar.pipeline import Outcome, Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

from ..conftest import EXAMPLES


@pytest.mark.timeout(300)
def test_pool_killed_worker_is_a_clear_error(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    written: list[Outcome] = []

    def kill_a_worker_once(outcome: Outcome) -> None:
        # Killed once the first document is back, when every worker has been started: the
        # case of a worker that runs out of memory on a document.
        written.append(outcome)
        if len(written) == 1:
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid or 0, signal.SIGKILL)

    with pytest.raises(KhabarError) as raised:
        Pipeline(store, Settings(), workers=2).run([str(EXAMPLES)], on_outcome=kill_a_worker_once)
    error = raised.value
    assert error.code is ErrorCode.WORKER_DIED
    assert error.detail.startswith("2 workers; nothing from ")
    assert "Run the same command again with fewer --workers" in error.message
    with store.session() as session:
        stored = session.scalar(select(func.count()).select_from(m.Document))
    assert stored == len(written) >= 1, "what was written before the death stays"
    store.engine.dispose()
