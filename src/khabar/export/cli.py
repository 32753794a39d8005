"""`khabar export`: write the stored events to a file in one of the field's layouts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from khabar.errors import KhabarError


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
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only events on or after YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Only events on or before YYYY-MM-DD.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only events of this curation status (machine, reviewed, …)."),
    ] = None,
) -> None:
    """Export events, read and written in batches, so any number fits in memory."""
    from khabar.cli import _fail, _store
    from khabar.export.formats import check_format, write_export
    from khabar.export.rows import ExportFilters, iter_rows, parse_date

    err = Console(stderr=True)
    try:
        check_format(fmt)
        filters = ExportFilters(
            event_type=event_type,
            country=country,
            date_from=parse_date("--from", date_from),
            date_to=parse_date("--to", date_to),
            status=status,
        )
    except KhabarError as error:
        raise _fail(error) from error
    with _store() as store:
        try:
            written = write_export(iter_rows(store, filters), fmt, output)
        except KhabarError as error:
            raise _fail(error) from error
    if written.skipped:
        err.print(f"{written.skipped} events without coordinates were left out of the GeoJSON.")
    err.print(f"Wrote {written.rows} events to {escape(str(output))} ({fmt}).")
