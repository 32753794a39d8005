"""Prepares documents in a process pool while the calling process stays the only writer.

Each worker builds its own `Analyser` once, in the pool's initializer (spawned, so spaCy is
loaded in the worker and never pickled or half-inherited); only the raw source goes out and a
small `Prepared` comes back. Documents are read, checked for copies and analysed as
`scale/ordered.py` lays out, results come back in input order and at most `WINDOW_PER_WORKER`
documents per worker are in flight, so memory stays bounded on a million-document batch and
the writer stores exactly what one process would.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from khabar.ingest.types import FailedSource, SourceDocument
from khabar.scale.ordered import Workers, Writer, prepare_ordered

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


def _read(item: SourceDocument) -> Prepared:
    return _ANALYSER[0].read(item)


def _complete(item: SourceDocument, prepared: Prepared) -> Prepared:
    return _ANALYSER[0].complete(item, prepared)


def prepare_in_pool(
    items: Iterable[Item], settings: Settings, workers: int, writer: Writer
) -> Iterator[tuple[Item, Prepared | None]]:
    """Each item with its preparation (None: a failed read, or already stored when queued),
    in input order. `writer` is asked in this process only."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        on_pool = Workers(
            read=lambda item: pool.submit(_read, item),
            analyse=lambda item, prepared: pool.submit(_complete, item, prepared),
            lost=(BrokenProcessPool,),
            where=f"{workers} workers",
        )
        yield from prepare_ordered(items, on_pool, writer, max(1, workers * WINDOW_PER_WORKER))
