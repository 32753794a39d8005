"""Prepares documents in a process pool while the calling process stays the only writer.

Each worker builds its own `Analyser` once, in the pool's initializer (spawned, so spaCy is
loaded in the worker and never pickled or half-inherited); only the raw source goes out and a
small `Prepared` comes back. Results are yielded in input order and at most `WINDOW_PER_WORKER`
documents per worker are in flight, so memory stays bounded on a million-document batch and
the writer stores exactly what one process would.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import FailedSource, SourceDocument

if TYPE_CHECKING:
    from khabar.pipeline import Analyser, Prepared
    from khabar.settings import Settings

WINDOW_PER_WORKER = 8
"""Documents queued per worker: enough to keep it busy while the writer commits."""

Item = SourceDocument | FailedSource

_ANALYSER: list[Analyser] = []
"""The worker's analyser, made once by `_init_worker`."""


def _init_worker(settings: Settings) -> None:
    from khabar.pipeline import Analyser

    _ANALYSER.append(Analyser(settings))


def _prepare(item: SourceDocument) -> Prepared:
    return _ANALYSER[0].prepare(item)


def prepare_in_pool(
    items: Iterable[Item],
    settings: Settings,
    workers: int,
    is_stored: Callable[[SourceDocument], bool],
) -> Iterator[tuple[Item, Prepared | None]]:
    """Each item with its preparation (None: a failed read, or already stored when queued),
    in input order. `is_stored` is called in this process only."""
    context = multiprocessing.get_context("spawn")
    window = max(1, workers * WINDOW_PER_WORKER)
    pending: deque[tuple[Item, Future[Prepared] | None]] = deque()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(settings,)
        ) as pool:
            for item in items:
                if isinstance(item, FailedSource) or is_stored(item):
                    pending.append((item, None))
                else:
                    pending.append((item, pool.submit(_prepare, item)))
                while len(pending) >= window:
                    yield _result(pending[0])
                    pending.popleft()
            while pending:
                yield _result(pending[0])
                pending.popleft()
    except BrokenProcessPool as exc:
        # A killed worker (the OOM killer, say) breaks the whole pool: every pending document
        # fails alike, so stop with a message instead of a traceback. What was written stays.
        first = pending[0][0].source if pending else "the next document"
        detail = f"{workers} workers; nothing from {first} on was stored"
        raise KhabarError(ErrorCode.WORKER_DIED, detail) from exc


def _result(entry: tuple[Item, Future[Prepared] | None]) -> tuple[Item, Prepared | None]:
    item, future = entry
    return item, None if future is None else future.result()
