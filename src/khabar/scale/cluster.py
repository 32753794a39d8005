"""Prepares documents on a Dask cluster while the calling process stays the only writer.

The same stage function as the process pool (`Analyser.prepare`) runs as one Dask task per
document. A worker plugin builds each worker's `Analyser` once, when the worker joins, so spaCy
is never loaded per task nor shipped over the network; only the raw source goes out and a small
`Prepared` comes back. Results are yielded in input order, with a bounded window in flight, so
the writer stores exactly what one process would.

`dask[distributed]` is an optional extra: importing this module without it raises a
`KhabarError` that says how to install it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.scale.pool import WINDOW_PER_WORKER

try:
    from distributed import Client, Future, LocalCluster, WorkerPlugin
    from distributed.scheduler import KilledWorker
except ImportError as exc:
    raise KhabarError(ErrorCode.DASK_MISSING) from exc

if TYPE_CHECKING:
    from distributed import Worker

    from khabar.pipeline import Analyser, Prepared
    from khabar.settings import Settings

LOCAL = "local"
"""The `--dask` value that starts a cluster on this machine instead of joining one."""

Item = SourceDocument | FailedSource

_ANALYSER: list[Analyser] = []
"""The worker's analyser, made once by `AnalyserPlugin.setup`."""

_LOCK = threading.Lock()
"""spaCy is not promised thread-safe: a worker started with several threads analyses one
document at a time (start workers with `--nthreads 1` and more processes instead)."""


class AnalyserPlugin(WorkerPlugin):
    """Loads the analyser once on every worker, including workers that join later."""

    name = "khabar-analyser"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Worker) -> None:
        from khabar.pipeline import Analyser

        _ANALYSER[:] = [Analyser(self.settings)]


def _prepare(item: SourceDocument) -> Prepared:
    with _LOCK:
        return _ANALYSER[0].prepare(item)


def prepare_on_dask(
    items: Iterable[Item],
    settings: Settings,
    address: str,
    workers: int,
    is_stored: Callable[[SourceDocument], bool],
) -> Iterator[tuple[Item, Prepared | None]]:
    """Each item with its preparation (None: a failed read, or already stored when queued),
    in input order. `address` is `local` (a cluster of `workers` processes on this machine)
    or a scheduler address such as `tcp://host:8786`. `is_stored` runs in this process only."""
    with _client(address, workers) as client:
        client.register_plugin(AnalyserPlugin(settings))
        size = max(1, len(client.scheduler_info()["workers"]))
        window = size * WINDOW_PER_WORKER
        pending: deque[tuple[Item, Future[Prepared] | None]] = deque()
        try:
            for item in items:
                if isinstance(item, FailedSource) or is_stored(item):
                    pending.append((item, None))
                else:
                    pending.append((item, client.submit(_prepare, item, pure=False)))
                while len(pending) >= window:
                    yield _result(pending[0])
                    pending.popleft()
            while pending:
                yield _result(pending[0])
                pending.popleft()
        except KilledWorker as exc:
            # Dask retries a task whose worker died; one that kills workers again and again
            # is given up, which ends the run as a dead pool worker does.
            detail = f"Dask cluster {address}; nothing from {pending[0][0].source} on was stored"
            raise KhabarError(ErrorCode.WORKER_DIED, detail) from exc


@contextmanager
def _client(address: str, workers: int) -> Iterator[Client]:
    """A client of a new local cluster of `workers` processes, or of a running cluster;
    whatever was started here is closed on leaving."""
    if address == LOCAL:
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            yield client
        return
    try:
        client = Client(address, set_as_default=False, timeout=10)
    except (OSError, ValueError) as exc:
        raise KhabarError(ErrorCode.DASK_UNREACHABLE, address) from exc
    with client:
        yield client


def _result(entry: tuple[Item, Future[Prepared] | None]) -> tuple[Item, Prepared | None]:
    item, future = entry
    return item, None if future is None else future.result()
