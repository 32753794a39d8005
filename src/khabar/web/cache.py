"""Reuse of the app's aggregates (map clusters, per-country counts, timeline, filter values,
totals) while the store has not changed.

At a million events each of them reads every matching event (seconds on SQLite), yet every
visitor of the map page asks for the same few. A result is kept, per worker process, with the
store's version: the newest id of the tables whose writes can change an aggregate. Ingest adds
documents, events or reports, curation and merges add audit entries, a gazetteer build adds
sources; any of these moves the version, and the next request recomputes. `max_age` bounds the
reuse in any case.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from khabar.store import models as m

T = TypeVar("T")

VERSIONED = (
    m.Event,
    m.Report,
    m.Document,
    m.AuditLog,
    m.Correction,
    m.Place,
    m.GazetteerSource,
)
"""Tables whose newest id marks a change that can move an aggregate."""


def store_version(session: Session) -> tuple[Any, ...]:
    """The newest ids of `VERSIONED`, read once per session (one primary-key lookup each)."""
    found = session.info.get("store_version")
    if found is None:
        row = session.execute(
            select(*(select(func.max(table.id)).scalar_subquery() for table in VERSIONED))
        ).one()
        found = session.info["store_version"] = tuple(row)
    return tuple(found)


class Aggregates:
    """At most `size` results, each reused while the store's version is unchanged and for at
    most `max_age` seconds (0 turns reuse off); concurrent requests for a missing result wait
    for the one computing it rather than all reading the store."""

    def __init__(self, max_age: float, size: int = 256) -> None:
        self.max_age = max_age
        self.size = size
        self._found: OrderedDict[Hashable, tuple[tuple[Any, ...], float, Any]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        if self.max_age <= 0:
            return compute()
        version = store_version(session)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._fresh(key, version)
            if hit is not None:
                value: T = hit[0]
                return value
            value = compute()
            with self._guard:
                self._found[key] = (version, time.monotonic(), value)
                self._found.move_to_end(key)
                while len(self._found) > self.size:
                    old, _ = self._found.popitem(last=False)
                    self._locks.pop(old, None)
            return value

    def _fresh(self, key: Hashable, version: tuple[Any, ...]) -> tuple[Any] | None:
        with self._guard:
            found = self._found.get(key)
            if found is None:
                return None
            stored_version, at, value = found
            if stored_version != version or time.monotonic() - at > self.max_age:
                return None
            self._found.move_to_end(key)
            return (value,)
