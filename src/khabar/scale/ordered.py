"""Prepares documents on workers in two steps, reading then analysing, in input order, while the
calling process stays the only writer; near-duplicates never reach spaCy.

Workers read a document first (parse, language, prefilter: cheap). Back in this process, in
input order, a document waiting for analysis is compared with the documents stored so far and
with the earlier documents of this batch that are still in flight; only one that copies neither
goes back to a worker for analysis. So two copies in flight at once are told apart by their
order, as one process tells them: the later one is the copy.

A predicted copy is checked once more just before it goes to the writer, when every earlier
document has been written: that check is the one the writer makes, so the store ends as a
one-process run leaves it even where the prediction was wrong (an earlier document whose
analysis failed is stored without text; the copy is then analysed after all). A document
predicted original but found a copy when written loses only its analysis.

One process runs the same flow with `Ready` reads and a `Batch` of analyses, so that spaCy gets
its documents in batches and the store still ends as one document at a time leaves it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from khabar.dedupe import near
from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import FailedSource, SourceDocument

if TYPE_CHECKING:
    from khabar.pipeline import Prepared
    from khabar.settings import Settings

Item = SourceDocument | FailedSource


class Handle(Protocol):
    """A preparation running on a worker: a `concurrent.futures` or a Dask future."""

    def done(self) -> bool: ...

    def result(self) -> Prepared: ...


class Writer(Protocol):
    """What this process knows of the store (`Pipeline`)."""

    settings: Settings

    def is_stored(self, item: SourceDocument) -> bool: ...

    def copies_stored(self, item: SourceDocument, prepared: Prepared) -> bool: ...


@dataclass(slots=True)
class Workers:
    """How preparations are started on workers, and what a lost worker looks like."""

    read: Callable[[SourceDocument], Handle]
    analyse: Callable[[SourceDocument, Prepared], Handle]
    lost: tuple[type[BaseException], ...]
    """Exceptions that mean a worker died; they end the run with `worker_died`."""
    where: str
    """Names the workers in that error."""


class Ready:
    """A preparation already made, in this process."""

    __slots__ = ("prepared",)

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared

    def done(self) -> bool:
        return True

    def result(self) -> Prepared:
        return self.prepared


Pair = tuple[SourceDocument, "Prepared"]


class Batch:
    """Analyses asked for one document at a time and run together (`Analyser.complete_many`),
    in this process: when `size` are waiting, or when the first of their results is wanted,
    which the flow asks only once the window behind that document is full."""

    def __init__(
        self, complete_many: Callable[[Sequence[Pair]], list[Prepared]], size: int
    ) -> None:
        self._complete_many = complete_many
        self._size = size
        self._waiting: list[tuple[SourceDocument, Prepared, _Later]] = []

    def analyse(self, item: SourceDocument, prepared: Prepared) -> Handle:
        later = _Later(self)
        self._waiting.append((item, prepared, later))
        if len(self._waiting) >= self._size:
            self.run()
        return later

    def run(self) -> None:
        waiting, self._waiting = self._waiting, []
        done = self._complete_many([(item, prepared) for item, prepared, _ in waiting])
        for (_, _, later), prepared in zip(waiting, done, strict=True):
            later.prepared = prepared


class _Later:
    """One document's analysis in a `Batch`, run with the batch's."""

    __slots__ = ("batch", "prepared")

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.prepared: Prepared | None = None

    def done(self) -> bool:
        return self.prepared is not None

    def result(self) -> Prepared:
        if self.prepared is None:
            self.batch.run()
        assert self.prepared is not None  # noqa: S101 -- run() fills every waiting one
        return self.prepared


@dataclass(slots=True)
class _Entry:
    item: Item
    reading: Handle | None = None
    prepared: Prepared | None = None
    analysing: Handle | None = None
    copy: bool = False
    """Predicted to near-duplicate a stored or earlier document, so not sent for analysis."""
    grams: frozenset[bytes] | None = None
    """Its shingles, once a later document was compared with it."""


def prepare_ordered(
    items: Iterable[Item], workers: Workers, writer: Writer, window: int
) -> Iterator[tuple[Item, Prepared | None]]:
    """Each item with its preparation (None: a failed read, or already stored or queued with
    the same bytes), in input order; at most `window` documents in flight. The caller writes
    each one before asking for the next."""
    flow = _Flow(workers, writer)
    try:
        for item in items:
            flow.add(item)
            while flow.size >= window:
                yield flow.next()
        while flow.size:
            yield flow.next()
    except workers.lost as exc:
        # A killed worker (the OOM killer, say) fails every pending document alike, so stop
        # with a message instead of a traceback. What was written stays.
        first = flow.first or "the next document"
        detail = f"{workers.where}; nothing from {first} on was stored"
        raise KhabarError(ErrorCode.WORKER_DIED, detail) from exc


class _Flow:
    def __init__(self, workers: Workers, writer: Writer) -> None:
        self.workers = workers
        self.writer = writer
        self.reading: deque[_Entry] = deque()
        """Sent to be read, not yet compared (the comparison follows input order)."""
        self.ready: deque[_Entry] = deque()
        """Compared (and sent for analysis unless a copy), waiting to be written."""
        self.queued: set[bytes] = set()
        """The raw bytes in flight, so that the same bytes twice are prepared once."""

    @property
    def size(self) -> int:
        return len(self.reading) + len(self.ready)

    @property
    def first(self) -> str | None:
        entry = (self.ready or self.reading or [None])[0]
        return entry.item.source if entry is not None else None

    def add(self, item: Item) -> None:
        entry = _Entry(item)
        if isinstance(item, SourceDocument):
            if item.raw not in self.queued and not self.writer.is_stored(item):
                entry.reading = self.workers.read(item)
            self.queued.add(item.raw)
        self.reading.append(entry)
        self._compare(block=False)

    def next(self) -> tuple[Item, Prepared | None]:
        """The first entry, analysed if it must be; it leaves the batch once written, which
        is when the caller asks again."""
        self._compare(block=False)
        while not self.ready:
            self._compare(block=True)
        entry = self.ready[0]
        prepared = entry.prepared
        if entry.analysing is not None:
            prepared = entry.analysing.result()
        elif prepared is not None and entry.copy:
            prepared = self._copy_or_analysed(entry, prepared)
        self.ready.popleft()
        if isinstance(entry.item, SourceDocument):
            self.queued.discard(entry.item.raw)
        return entry.item, prepared

    def _copy_or_analysed(self, entry: _Entry, prepared: Prepared) -> Prepared:
        assert isinstance(entry.item, SourceDocument)  # noqa: S101 -- only documents are read
        if self.writer.copies_stored(entry.item, prepared):
            return replace(prepared, status=near.STATUS, bands=())
        return self.workers.analyse(entry.item, prepared).result()

    def _compare(self, *, block: bool) -> None:
        """Move read entries, in input order, to `ready`, sending each original for analysis;
        with `block`, wait for the first one's reading."""
        while self.reading:
            entry = self.reading[0]
            if entry.reading is not None:
                if not block and not entry.reading.done():
                    return
                entry.prepared = entry.reading.result()
            block = False
            item, prepared = entry.item, entry.prepared
            if isinstance(item, SourceDocument) and prepared is not None and prepared.waiting:
                entry.copy = self._copies_batch(item, prepared) or self.writer.copies_stored(
                    item, prepared
                )
                if not entry.copy:
                    entry.analysing = self.workers.analyse(item, prepared)
            self.reading.popleft()
            self.ready.append(entry)

    def _copies_batch(self, item: SourceDocument, prepared: Prepared) -> bool:
        """Whether the document near-duplicates an earlier one of this batch not yet written,
        as the store's index would find it once written: one waiting for analysis only when
        they share a band (the store looks originals up by band), any other exactly. Failed
        reads are stored without text, so never match."""
        threshold = near.threshold(item, self.writer.settings)
        if threshold is None or prepared.parsed is None:
            return False
        grams = near.shingles(prepared.parsed.text)
        keys = set(prepared.bands)
        for earlier in self.ready:
            if not isinstance(earlier.item, SourceDocument) or earlier.prepared is None:
                continue
            parsed = earlier.prepared.parsed
            if parsed is None or near.threshold(earlier.item, self.writer.settings) is None:
                continue
            if earlier.prepared.waiting and keys.isdisjoint(earlier.prepared.bands):
                continue
            if earlier.grams is None:
                earlier.grams = near.shingles(parsed.text)
            if near.jaccard(grams, earlier.grams) >= threshold:
                return True
        return False
