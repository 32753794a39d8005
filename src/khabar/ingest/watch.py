"""Follow RSS/Atom feeds: poll each politely, store each new entry's page once.

A poll sends the feed's last ETag and Last-Modified, so an unchanged feed costs a 304. Requests
to one host are spaced by `Settings.feed_host_delay`, the entries' pages included. A failing
feed (network, HTTP status, malformed XML, an HTML page instead of a feed) keeps its entries
and validators, records the error, and is polled again after a wait that doubles with each
failure in a row, up to `Settings.feed_max_backoff`.

Every fetch goes through the SSRF-safe `fetch` module. Entries are keyed by GUID (else link)
per feed, so an entry is fetched and stored once whatever the polls; its page goes through the
caller's `Ingest` (the normal pipeline), as a document of source kind `feed`.

A page that could not be downloaded (timeout, connection error, HTTP error status) is stored as
a failed document and tried again at later polls of its feed, after waits that double from the
feed interval, `Settings.feed_page_max_tries` times in all; its `feed_item` counts the tries
(`page_tries`) and says when the next is due (`retry_at`), and the document's error says so to
people ("(try 2 of 4)"). A page that arrives replaces its failed document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from sqlalchemy import select, update

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.feeds import Entry, parse_feed
from khabar.ingest.fetch import HTTPStatusError, Validators, fetch_if_modified, fetch_url
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.settings import Settings
from khabar.store import models as m

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from khabar.store.repository import Store

SOURCE_KIND = "feed"
RETRIED = frozenset({ErrorCode.FETCH_FAILED, ErrorCode.FETCH_TIMEOUT, ErrorCode.HTTP_STATUS})
"""Page failures that may pass; a forbidden address or a page too large stays as it is."""


class Stored(Protocol):
    """What storing one page gave (the pipeline's `Outcome` is one)."""

    @property
    def status(self) -> str: ...

    @property
    def document_id(self) -> int | None: ...

    @property
    def events(self) -> int: ...


Ingest = Callable[[SourceDocument | FailedSource], Stored]


@dataclass(slots=True)
class PollResult:
    feed_id: int
    url: str
    status: str
    """`updated`, `not_modified` or `failed`."""
    new_entries: int = 0
    events: int = 0
    failed_pages: int = 0
    """Pages that could not be stored in this poll, new or tried again."""
    retried_pages: int = 0
    """Pages that had failed before and were tried again."""
    skipped: tuple[str, ...] = ()
    """Why each entry of the feed that cannot be fetched was left out (`Feed.skipped`); kept
    for the report of this poll only, as it comes again with every poll of the feed."""
    error: str | None = None
    """Why the poll failed, or why the feed is malformed although its entries were read."""


@dataclass(slots=True)
class Politeness:
    """Leaves at least `delay` seconds between the end of one request to a host and the start
    of the next."""

    delay: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    last: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def request(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        previous = self.last.get(host)
        if previous is not None:
            remaining = previous + self.delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        try:
            yield
        finally:
            self.last[host] = self.clock()


def add_feed(store: Store, url: str, now: datetime | None = None) -> tuple[m.Feed, bool]:
    """Follow `url` (True) or return the feed already followed there (False)."""
    if not url.startswith(("http://", "https://")):
        raise KhabarError(ErrorCode.BAD_URL, url)
    now = now or datetime.now(UTC)
    with store.session() as session, session.begin():
        found = session.scalar(select(m.Feed).where(m.Feed.url == url))
        if found is not None:
            return found, False
        feed = m.Feed(url=url, added_at=now, next_poll_at=now, failures=0)
        session.add(feed)
    return feed, True


def list_feeds(store: Store) -> Sequence[m.Feed]:
    with store.session() as session:
        return session.scalars(select(m.Feed).order_by(m.Feed.id)).all()


def remove_feed(store: Store, feed: str) -> m.Feed:
    """Stop following a feed, given its id or URL; its stored documents stay."""
    with store.session() as session, session.begin():
        query = select(m.Feed).where(
            m.Feed.id == int(feed) if feed.isdecimal() else m.Feed.url == feed
        )
        found = session.scalar(query)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Feed {feed}")
        session.delete(found)
    return found


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; all stored ones are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Watcher:
    """Polls the store's feeds; `interval` (seconds) is how long a feed that answered well
    waits for its next poll."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        ingest: Ingest,
        *,
        interval: float | None = None,
        politeness: Politeness | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.ingest = ingest
        self.interval = interval if interval is not None else settings.feed_interval
        self.politeness = politeness or Politeness(settings.feed_host_delay)

    def poll_due(self, now: datetime | None = None) -> list[PollResult]:
        """Poll every feed whose next poll time has come, the longest waiting first."""
        now = now or datetime.now(UTC)
        with self.store.session() as session:
            due = session.scalars(
                select(m.Feed.id)
                .where(m.Feed.next_poll_at <= now)
                .order_by(m.Feed.next_poll_at, m.Feed.id)
            ).all()
        return [self.poll(feed_id, now) for feed_id in due]

    def next_due(self) -> datetime | None:
        with self.store.session() as session:
            found = session.scalar(select(m.Feed.next_poll_at).order_by(m.Feed.next_poll_at))
        return _utc(found) if found is not None else None

    def run(self, on_result: Callable[[PollResult], None], *, once: bool = False) -> None:
        """Poll due feeds until interrupted (or once), sleeping until the next is due."""
        while True:
            for result in self.poll_due():
                on_result(result)
            if once:
                return
            upcoming = self.next_due()
            wait = self.interval
            if upcoming is not None:
                wait = (upcoming - datetime.now(UTC)).total_seconds()
            time.sleep(min(max(wait, 1.0), self.interval))

    def poll(self, feed_id: int, now: datetime | None = None) -> PollResult:
        """Poll one feed now, whatever its schedule, store its new entries and try again the
        pages that failed before and are due at `now`."""
        now = now or datetime.now(UTC)
        with self.store.session() as session:
            feed = session.get_one(m.Feed, feed_id)
        result = PollResult(feed.id, feed.url, "updated")
        previous = Validators(feed.etag, feed.last_modified)
        try:
            with self.politeness.request(feed.url):
                fetched = fetch_if_modified(feed.url, self.settings, previous)
            if fetched.document is None:
                # Unchanged since the last good answer: so is any malformation it had.
                result.status = "not_modified"
                self._retry_pages(feed_id, now, result)
                self._succeeded(
                    feed_id, 304, previous, feed.last_error if not feed.failures else None
                )
                return result
            parsed = parse_feed(fetched.document.raw, feed.url, fetched.document.content_type)
        except KhabarError as error:
            status = error.status if isinstance(error, HTTPStatusError) else None
            result.status, result.error = "failed", error.message
            self._failed(feed_id, status, error)
            return result
        for entry in self._new(feed_id, parsed.entries):
            stored = self._store_entry(feed_id, entry)
            result.new_entries += 1
            result.events += stored.events
            result.failed_pages += stored.status == "failed"
        self._retry_pages(feed_id, now, result)
        result.error, result.skipped = parsed.error, parsed.skipped
        self._succeeded(feed_id, 200, fetched.validators, parsed.error, parsed.title)
        return result

    def _new(self, feed_id: int, entries: Sequence[Entry]) -> list[Entry]:
        with self.store.session() as session:
            seen = set(session.scalars(select(m.FeedItem.key).where(m.FeedItem.feed_id == feed_id)))
        return [entry for entry in entries if entry.key not in seen]

    def _store_entry(self, feed_id: int, entry: Entry) -> Stored:
        """Fetch the entry's page, store it through the pipeline, then remember the entry (so
        a crash in between fetches the page again, and the store's idempotency absorbs it)."""
        item: SourceDocument | FailedSource
        tries, retry_at = 0, None
        try:
            with self.politeness.request(entry.link):
                page = fetch_url(entry.link, self.settings)
            item = dataclasses.replace(page, source_kind=SOURCE_KIND)
            key = page.raw
        except KhabarError as error:
            tries, retry_at = 1, self._retry_at(error, 1, datetime.now(UTC))
            item = FailedSource(entry.link, SOURCE_KIND, error.code.value, self._tried(error, 1))
            key = item.identity()
        stored = self.ingest(item)
        with self.store.session() as session, session.begin():
            document_id = _document_id(session, stored, key)
            session.add(
                m.FeedItem(
                    feed_id=feed_id,
                    key=entry.key,
                    guid=entry.guid,
                    link=entry.link,
                    title=entry.title,
                    published_at=entry.published_at,
                    seen_at=datetime.now(UTC),
                    document_id=document_id,
                    page_tries=tries,
                    retry_at=retry_at,
                )
            )
        return stored

    def _tried(self, error: KhabarError, tries: int) -> str:
        """The error as stored on the failed page, saying to people how often the page was
        tried (the count itself is `feed_item.page_tries`)."""
        if error.code not in RETRIED:
            return error.message
        last = "; not tried again" if tries >= self.settings.feed_page_max_tries else ""
        return f"{error.message} (try {tries} of {self.settings.feed_page_max_tries}{last})"

    def _retry_at(self, error: KhabarError, tries: int, failed_at: datetime) -> datetime | None:
        """When a page that failed `tries` times, the last with `error`, is tried again; None
        when it is not: the failure does not pass, or it was the last try."""
        if error.code not in RETRIED or tries >= self.settings.feed_page_max_tries:
            return None
        wait = min(self.interval * 2 ** (tries - 1), self.settings.feed_max_backoff)
        return failed_at + timedelta(seconds=wait)

    def _retry_pages(self, feed_id: int, now: datetime, result: PollResult) -> None:
        """Try again each page of this feed that failed to download and whose wait is over."""
        with self.store.session() as session:
            due = session.execute(
                select(m.FeedItem.link, m.Document.id, m.FeedItem.page_tries)
                .join(m.Document, m.FeedItem.document_id == m.Document.id)
                .where(
                    m.FeedItem.feed_id == feed_id,
                    m.FeedItem.retry_at <= now,
                    m.FeedItem.page_tries < self.settings.feed_page_max_tries,
                    m.Document.status == "failed",
                )
                .order_by(m.FeedItem.id)
            ).all()
        tried: set[int] = set()
        for link, failed_id, tries in due:
            if failed_id in tried:  # two entries of the feed with one link share a page
                continue
            tried.add(failed_id)
            result.retried_pages += 1
            stored = self._retry_page(link, failed_id, tries + 1)
            if stored is None:
                result.failed_pages += 1
            else:
                result.events += stored.events
                result.failed_pages += stored.status == "failed"

    def _retry_page(self, link: str, failed_id: int, tries: int) -> Stored | None:
        """Fetch the page again: stored, it replaces the failed document in every feed item
        that points there; failed again, those items count one more try (None)."""
        try:
            with self.politeness.request(link):
                page = fetch_url(link, self.settings)
        except KhabarError as error:
            failed_at = datetime.now(UTC)
            with self.store.session() as session, session.begin():
                failed = session.get_one(m.Document, failed_id)
                failed.error_code = error.code.value
                failed.error = self._tried(error, tries)
                failed.fetched_at = failed_at
                session.execute(
                    update(m.FeedItem)
                    .where(m.FeedItem.document_id == failed_id)
                    .values(page_tries=tries, retry_at=self._retry_at(error, tries, failed_at))
                )
            return None
        stored = self.ingest(dataclasses.replace(page, source_kind=SOURCE_KIND))
        with self.store.session() as session, session.begin():
            document_id = _document_id(session, stored, page.raw)
            session.execute(
                update(m.FeedItem)
                .where(m.FeedItem.document_id == failed_id)
                .values(document_id=document_id, retry_at=None)
            )
            session.delete(session.get_one(m.Document, failed_id))
        return stored

    def _succeeded(
        self,
        feed_id: int,
        status: int,
        validators: Validators,
        error: str | None,
        title: str | None = None,
    ) -> None:
        now = datetime.now(UTC)
        with self.store.session() as session, session.begin():
            feed = session.get_one(m.Feed, feed_id)
            feed.title = title or feed.title
            feed.etag, feed.last_modified = validators.etag, validators.last_modified
            feed.last_polled_at = now
            feed.next_poll_at = now + timedelta(seconds=self.interval)
            feed.failures = 0
            feed.last_status = status
            feed.last_error_code = ErrorCode.BAD_FEED.value if error else None
            feed.last_error = error

    def _failed(self, feed_id: int, status: int | None, error: KhabarError) -> None:
        """Keep the validators (the next poll must read the whole feed) and back off."""
        now = datetime.now(UTC)
        with self.store.session() as session, session.begin():
            feed = session.get_one(m.Feed, feed_id)
            feed.failures += 1
            wait = min(self.interval * 2**feed.failures, self.settings.feed_max_backoff)
            feed.last_polled_at = now
            feed.next_poll_at = now + timedelta(seconds=wait)
            feed.last_status = status
            feed.last_error_code = error.code.value
            feed.last_error = error.message


def _document_id(session: Session, stored: Stored, identity: bytes) -> int | None:
    """The document a page was stored as, or found stored as already (`stored` then names
    none): the one keyed by `identity`, its bytes or `FailedSource.identity()`."""
    if stored.document_id is not None:
        return stored.document_id
    key = hashlib.sha256(identity).hexdigest()
    return session.scalar(select(m.Document.id).where(m.Document.raw_sha256 == key))
