"""The `khabar` command line: ingest, inspect and serve, on SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from khabar.actors.cli import actors_app
from khabar.discuss.cli import users_app
from khabar.errors import ErrorCode, KhabarError
from khabar.eval.cli import eval_command
from khabar.export.cli import export_command
from khabar.geo.cli import gazetteer_app, places_app
from khabar.ingest.cli import feeds_app, watch_command
from khabar.settings import Settings
from khabar.train.cli import train_app

if TYPE_CHECKING:
    from khabar.pipeline import Pipeline, Summary
    from khabar.store.repository import Store

app = typer.Typer(
    help="khabar: conflict reporting in, sourced and geolocated events out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command("eval")(eval_command)
app.command("export")(export_command)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(places_app, name="places")
app.add_typer(actors_app, name="actors")
app.add_typer(users_app, name="users")
app.add_typer(feeds_app, name="feeds")
app.add_typer(train_app, name="train")
app.command("watch")(watch_command)

console = Console()
# Soft wrap: a terminal still folds long lines, but a path in a message stays whole when logged.
err_console = Console(stderr=True, soft_wrap=True)

HIGHLIGHT = {
    "trigger": "bold red",
    "number": "bold magenta",
    "actor": "bold cyan",
    "place": "bold green",
    "date": "bold yellow",
    "quote": "italic",
}


class State:
    settings: Settings = Settings()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///file.db or postgresql://…); default KHABAR_DATABASE_URL.",
        ),
    ] = None,
) -> None:
    State.settings = Settings() if db is None else Settings(database_url=db)


def _fail(error: KhabarError) -> typer.Exit:
    err_console.print(f"[bold red]error[/] {escape(str(error))}")
    return typer.Exit(code=2)


@contextmanager
def _store() -> Iterator[Store]:
    """The configured store, its connections closed when the command ends."""
    from khabar.store.repository import Store

    try:
        store = Store.open(State.settings.database_url)
    except KhabarError as error:
        raise _fail(error) from error
    try:
        yield store
    finally:
        store.engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema (idempotent)."""
    from khabar.store.db import make_engine, safe_url, upgrade

    try:
        engine = make_engine(State.settings.database_url)
        upgrade(engine)
    except KhabarError as error:
        raise _fail(error) from error
    console.print(f"Database [bold]{safe_url(State.settings.database_url)}[/] is up to date.")


@app.command()
def ingest(
    targets: Annotated[
        list[str],
        typer.Argument(
            help="Files (.html .htm .txt .md .warc .warc.gz), directories or http(s) URLs."
        ),
    ],
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes that parse and analyse (each loads spaCy once); this one writes.",
        ),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="local|tcp://HOST:8786",
            help="Analyse on Dask: `local` starts --workers processes here; an address joins "
            "a running cluster. Needs `pip install khabar[dask]`.",
        ),
    ] = None,
) -> None:
    """Read documents, extract events with their evidence, and store them."""
    from sqlalchemy.exc import OperationalError

    from khabar.pipeline import Pipeline
    from khabar.store.db import database_error

    if dask not in (None, "local") and workers > 1:
        detail = "--workers sizes a local cluster; a running Dask cluster has its own workers."
        raise _fail(KhabarError(ErrorCode.BAD_ARGUMENT, detail))
    with _store() as store:
        try:
            pipeline = Pipeline(store, State.settings, workers=workers, dask=dask)
            summary = _run_with_progress(pipeline, targets)
        except KhabarError as error:
            raise _fail(error) from error
        except OperationalError as exc:  # read-only or full disk, server gone mid-batch
            raise _fail(database_error(store.engine.url, exc, writing=True)) from exc
    table = Table(title="Ingest summary")
    columns = ("new", "unchanged", "failed", "not extracted", "not relevant", "events found")
    for column in columns:
        table.add_column(column, justify="right")
    table.add_row(
        str(summary.count("new")),
        str(summary.count("unchanged")),
        str(summary.count("failed")),
        str(summary.not_extracted),
        str(summary.stored_as("not_relevant")),
        str(summary.events),
    )
    console.print(table)
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            console.print(f"[red]failed[/] {escape(outcome.message)}")
        elif outcome.status == "new" and outcome.stored_as == "not_extracted":
            console.print(
                f"[yellow]not extracted[/] {escape(outcome.source)}: {escape(outcome.message)}"
            )


@app.command()
def events(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many events.")] = 50,
) -> None:
    """List stored events, newest first."""
    from khabar.store.queries import list_events

    with _store() as store, store.session() as session:
        page = list_events(session, limit=limit)
    items = [item.to_dict() for item in page.items]
    if as_json:
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False, default=str))
        return
    table = Table(title=f"Events ({len(items)})")
    for column in ("id", "date", "type", "place", "killed", "injured", "abducted"):
        table.add_column(column)
    for item in items:
        table.add_row(
            str(item["id"]),
            str(item["date"] or ""),
            Text(f"{item['event_type']} / {item['sub_event_type']}"),
            Text(str(item["place_name"] or "")),
            _range(item, "killed"),
            _range(item, "injured"),
            _range(item, "abducted"),
        )
    console.print(table)


@app.command("show-document")
def show_document(document_id: Annotated[int, typer.Argument(help="Document id.")]) -> None:
    """Print a document's text with every evidence span marked."""
    from khabar.store.queries import get_document

    with _store() as store, store.session() as session:
        document = get_document(session, document_id)
    if document is None:
        raise _fail(KhabarError(ErrorCode.NOT_FOUND, f"Document {document_id}"))
    console.rule(escape(document.title or f"Document {document_id}"))
    console.print(
        f"[dim]{document.outlet or ''} {document.published_at or ''} {document.url or ''}"
    )
    if document.status == "failed":
        console.print(f"[red]failed[/] {escape(document.error or '')}")
        return
    text = Text(document.text)
    for span in document.spans:
        text.stylize(HIGHLIGHT.get(span.kind, "underline"), span.start, span.end)
    console.print(text)
    table = Table(title="Evidence")
    for column in ("report", "field", "span", "text", "extractor"):
        table.add_column(column)
    for evidence in document.evidence:
        table.add_row(
            str(evidence.report_id),
            evidence.field,
            f"{evidence.start}–{evidence.end}",
            Text(evidence.text),
            evidence.extractor,
        )
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes; default KHABAR_SERVE_WORKERS or 1."),
    ] = None,
) -> None:
    """Serve the web app and its JSON API."""
    import gc
    import os

    import uvicorn

    from khabar.discuss.signing import stored_secret
    from khabar.web.app import create_app
    from khabar.web.protocol import BoundedHttpToolsProtocol

    settings = State.settings
    bind_host = host or settings.host
    bind_port = port or settings.port
    processes = workers or settings.serve_workers
    with _store() as store:
        console.print(
            f"khabar is serving at [bold]http://{bind_host}:{bind_port}[/] (Ctrl+C stops)"
        )
        if processes == 1:
            app = create_app(store, settings)
            gc.freeze()  # as `served_app` does: no long collector pauses over the app's objects
            uvicorn.run(
                app,
                host=bind_host,
                port=bind_port,
                http=BoundedHttpToolsProtocol,
                log_level="warning",
            )
            return
        if settings.secret_key is None:
            with store.session() as session:
                stored_secret(session)  # made once here, not raced for by the workers
    # Each worker builds its own app from the environment (see `khabar.web.app.served_app`).
    os.environ["KHABAR_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "khabar.web.app:served_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=processes,
        http=BoundedHttpToolsProtocol,
        log_level="warning",
    )


def _progress() -> Progress:
    """A progress bar on stderr, counted in items done, for the commands that run long."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
    )


def _run_with_progress(pipeline: Pipeline, targets: list[str]) -> Summary:
    from khabar.pipeline import Outcome

    progress = _progress()
    with progress:
        task = progress.add_task("Ingesting", total=None)

        def advance(outcome: Outcome) -> None:
            progress.update(
                task, advance=1, description=f"Ingesting {escape(_short(outcome.source))}"
            )

        summary = pipeline.run(targets, on_outcome=advance)
        progress.update(task, total=len(summary.outcomes), description="Ingested")
    return summary


def _short(source: str) -> str:
    return source if len(source) <= 60 else "…" + source[-59:]


def _range(item: dict[str, object], prefix: str) -> str:
    low, best, high = (item.get(f"{prefix}_{part}") for part in ("low", "best", "high"))
    if best is None and low is None and high is None:
        return ""
    return f"{best} ({low if low is not None else '?'}–{high if high is not None else '?'})"


if __name__ == "__main__":
    app()
