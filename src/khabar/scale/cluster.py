"""Prepares documents on a Dask cluster while the calling process stays the only writer.

The same stage functions as the process pool (`Analyser.read`, then `Analyser.complete` for a
document that copies nothing, `scale/ordered.py`) run as Dask tasks. A worker plugin builds
each worker's `Analyser` once, when the worker joins, so spaCy is never loaded per task nor
shipped over the network; only the raw source goes out and a small `Prepared` comes back.
Results are yielded in input order, with a bounded window in flight, so the writer stores
exactly what one process would.

`dask[distributed]` is an optional extra: importing this module without it raises a
`KhabarError` that says how to install it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.scale.ordered import Workers, Writer, prepare_ordered
from khabar.scale.pool import WINDOW_PER_WORKER

try:
    from distributed import Client, LocalCluster, WorkerPlugin
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


def _read(item: SourceDocument) -> Prepared:
    with _LOCK:
        return _ANALYSER[0].read(item)


def _complete(item: SourceDocument, prepared: Prepared) -> Prepared:
    with _LOCK:
        return _ANALYSER[0].complete(item, prepared)


def prepare_on_dask(
    items: Iterable[Item], settings: Settings, address: str, workers: int, writer: Writer
) -> Iterator[tuple[Item, Prepared | None]]:
    """Each item with its preparation (None: a failed read, or already stored when queued),
    in input order. `address` is `local` (a cluster of `workers` processes on this machine)
    or a scheduler address such as `tcp://host:8786`. `writer` is asked in this process only."""
    with _client(address, workers) as client:
        client.register_plugin(AnalyserPlugin(settings))
        size = max(1, len(client.scheduler_info()["workers"]))
        # Dask retries a task whose worker died; one that kills workers again and again is
        # given up, which ends the run as a dead pool worker does.
        on_dask = Workers(
            read=lambda item: client.submit(_read, item, pure=False),
            analyse=lambda item, prepared: client.submit(_complete, item, prepared, pure=False),
            lost=(KilledWorker,),
            where=f"Dask cluster {address}",
        )
        yield from prepare_ordered(items, on_dask, writer, size * WINDOW_PER_WORKER)


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
