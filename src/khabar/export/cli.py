"""`khabar export`: write the stored events to a file in one of the field's layouts.

The filters are read by `queries.parse_filters`, the parser behind the web's event list, so an
export holds exactly the events `/events` lists under the same values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from khabar.errors import ErrorCode, KhabarError


def export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="csv, jsonl, geojson, parquet, acled or ucdp (docs/exports.md)."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (replaced whole).")],
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this event type, e.g. Battles.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Only events in this country (ISO 3166-1 alpha-2).")
    ] = None,
    admin1: Annotated[
        str | None,
        typer.Option(help="Only events in this first-level unit (name or gazetteer code)."),
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(
            help="Only events inside west,south,east,north (degrees; write --bbox=-10,… "
            "when west is negative)."
        ),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only events on or after YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Only events on or before YYYY-MM-DD.")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(help="Only events involving this actor (id, name or alias) or a sub-group."),
    ] = None,
    min_deaths: Annotated[
        str | None, typer.Option(help="Only events whose best killed figure is at least this.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only events of this curation status (machine, reviewed, …)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "--q", help="Only events reported by a document with all words."),
    ] = None,
) -> None:
    """Export events, read and written in batches, so any number fits in memory."""
    from khabar.cli import _fail, _store, err_console
    from khabar.export.formats import check_format, write_export
    from khabar.export.rows import iter_rows
    from khabar.store import queries

    try:
        check_format(fmt)
        filters = queries.parse_filters(
            event_type=event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            status=status,
            actor=actor,
            admin1=admin1,
            bbox=bbox,
            min_deaths=min_deaths,
            q=search,
        )
    except KhabarError as error:
        raise _fail(error) from error
    with _store() as store:
        try:
            with store.session() as session:
                if queries.unknown_actor(session, filters):
                    # An unknown name would silently export nothing: say so instead.
                    raise KhabarError(
                        ErrorCode.BAD_ARGUMENT,
                        f"--actor {filters.actor!r} is in no actor's names; look it up with "
                        "`khabar actors list --query NAME`.",
                    )
            written = write_export(iter_rows(store, filters), fmt, output)
        except KhabarError as error:
            raise _fail(error) from error
    if written.skipped:
        err_console.print(
            f"{written.skipped} events without coordinates were left out of the GeoJSON."
        )
    err_console.print(f"Wrote {written.rows} events to {escape(str(output))} ({fmt}).")
