"""`khabar feeds add|list|remove` and `khabar watch`, registered by `khabar.cli`.

Heavy modules (the pipeline, the store) are imported inside the commands, as in `khabar.cli`,
so that `khabar --help` stays fast.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from khabar.ingest.types import FailedSource, SourceDocument
    from khabar.ingest.watch import PollResult
    from khabar.pipeline import Analyser, Outcome, Pipeline
    from khabar.settings import Settings
    from khabar.store.repository import Store

feeds_app = typer.Typer(help="Follow RSS and Atom feeds (`khabar watch` polls them).")
SKIPPED_SHOWN = 3
"""Reasons for skipped entries printed per poll; a hostile feed may have thousands."""


class PipelineIngest:
    """Stores one fetched page through the normal pipeline; spaCy is loaded when the first
    page comes, so a poll that finds nothing new stays cheap."""

    def __init__(self, store: Store, settings: Settings, analyser: Analyser | None = None) -> None:
        self.store = store
        self.settings = settings
        self.analyser = analyser
        self.ready: tuple[Pipeline, Analyser] | None = None

    def __call__(self, item: SourceDocument | FailedSource) -> Outcome:
        from khabar.ingest.types import FailedSource
        from khabar.store.repository import sha256

        pipeline, _ = self._pipeline()
        if isinstance(item, FailedSource) or self.store.has_document(sha256(item.raw)):
            return pipeline.write(item, None)
        return pipeline.write(item, pipeline.prepare(item))

    def _pipeline(self) -> tuple[Pipeline, Analyser]:
        if self.ready is None:
            from khabar.pipeline import Analyser, Pipeline

            analyser = self.analyser or Analyser(self.settings)
            self.ready = (Pipeline(self.store, self.settings, analyser), analyser)
        return self.ready


@feeds_app.command("add")
def add(url: Annotated[str, typer.Argument(help="The feed's http(s) address.")]) -> None:
    """Follow a feed; it is polled at the next `khabar watch`."""
    from khabar.cli import _fail, _store, console
    from khabar.errors import KhabarError
    from khabar.ingest.watch import add_feed

    with _store() as store:
        try:
            feed, added = add_feed(store, url)
        except KhabarError as error:
            raise _fail(error) from error
    verb = "Following" if added else "Already following"
    console.print(f"{verb} feed {feed.id}: {escape(feed.url)}")


@feeds_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The followed feeds with their state: last answer, failures, next poll and last error."""
    from khabar.cli import _store, console
    from khabar.ingest.watch import list_feeds

    with _store() as store:
        feeds = list_feeds(store)
    rows = [
        {
            "id": feed.id,
            "url": feed.url,
            "title": feed.title,
            "last_polled_at": feed.last_polled_at,
            "last_status": feed.last_status,
            "failures": feed.failures,
            "next_poll_at": feed.next_poll_at,
            "last_error_code": feed.last_error_code,
            "last_error": feed.last_error,
        }
        for feed in feeds
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    table = Table(title=f"Feeds ({len(rows)})")
    for column in ("id", "feed", "last poll", "status", "failures", "next poll", "last error"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            Text(f"{row['title'] or ''}\n{row['url']}".strip()),
            _when(row["last_polled_at"]),
            str(row["last_status"] or ""),
            str(row["failures"]),
            _when(row["next_poll_at"]),
            Text(str(row["last_error"] or ""), style="red"),
        )
    console.print(table)


@feeds_app.command("remove")
def remove(
    feed: Annotated[str, typer.Argument(help="The feed's id or URL.")],
) -> None:
    """Stop following a feed; the documents read from it stay."""
    from khabar.cli import _fail, _store, console
    from khabar.errors import KhabarError
    from khabar.ingest.watch import remove_feed

    with _store() as store:
        try:
            removed = remove_feed(store, feed)
        except KhabarError as error:
            raise _fail(error) from error
    console.print(f"No longer following feed {removed.id}: {escape(removed.url)}")


def watch_command(
    once: Annotated[
        bool, typer.Option("--once", help="Poll the feeds that are due once, then stop.")
    ] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            min=1.0,
            help="Seconds between two polls of a feed that answers well; "
            "default KHABAR_FEED_INTERVAL.",
        ),
    ] = None,
) -> None:
    """Poll the followed feeds and store each new entry's page through the pipeline."""
    from sqlalchemy.exc import OperationalError

    from khabar.cli import State, _fail, _store, console
    from khabar.ingest.watch import Watcher
    from khabar.store.db import database_error

    def show(result: PollResult) -> None:
        if result.status == "failed":
            console.print(f"[red]failed[/] {escape(result.url)}: {escape(result.error or '')}")
            return
        line = (
            f"{escape(result.url)}: {result.status.replace('_', ' ')}, "
            f"{result.new_entries} new entries, {result.events} events"
        )
        if result.retried_pages:
            line += f", {result.retried_pages} failed pages tried again"
        if result.failed_pages:
            line += f", [red]{result.failed_pages} pages failed[/]"
        if result.skipped:
            count = len(result.skipped)
            line += f", [yellow]{count} entr{'y' if count == 1 else 'ies'} skipped[/]"
        console.print(line)
        if result.error:
            console.print(f"  [yellow]malformed[/] {escape(result.error)}")
        for reason in result.skipped[:SKIPPED_SHOWN]:
            console.print(f"  [yellow]skipped[/] {escape(reason)}")
        if len(result.skipped) > SKIPPED_SHOWN:
            console.print(f"  [yellow]skipped[/] … and {len(result.skipped) - SKIPPED_SHOWN} more")

    with _store() as store:
        watcher = Watcher(
            store, State.settings, PipelineIngest(store, State.settings), interval=interval
        )
        try:
            watcher.run(show, once=once)
        except KeyboardInterrupt:
            console.print("Stopped.")
        except OperationalError as exc:  # the store went away or filled up: stop, resumable
            raise _fail(database_error(store.engine.url, exc, writing=True)) from exc


def _when(moment: object) -> str:
    return str(moment)[:19] if moment else ""
