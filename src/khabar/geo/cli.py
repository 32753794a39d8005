"""`khabar gazetteer build` and `khabar places search`, registered by `khabar.cli`.

Heavy modules (the gazetteer, the store) are imported inside the commands, as in `khabar.cli`,
so that `khabar --help` stays fast; so is `khabar.cli` itself, which imports this module.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from khabar.store.queries import PlaceSummary

gazetteer_app = typer.Typer(help="Build the place tables from the gazetteer.", no_args_is_help=True)
places_app = typer.Typer(help="Look up places.", no_args_is_help=True)


@gazetteer_app.command("build")
def build() -> None:
    """Write every gazetteer entry, its names and region members into the store (idempotent)."""
    from khabar.cli import _progress, _store, console
    from khabar.geo.build import build_places
    from khabar.geo.gazetteer import Gazetteer

    with _store() as store:
        progress = _progress()
        with progress:
            task = progress.add_task("Loading the gazetteer", total=None)
            entries = list(Gazetteer.load())
            # Each entry is written twice: its place row, then its names.
            progress.update(task, total=2 * len(entries))

            def advance(stage: str, n: int) -> None:
                progress.update(task, advance=n, description=stage)

            summary = build_places(store.engine, entries, advance)
            progress.update(task, description="Built")
    table = Table(title=f"Gazetteer built in {summary.seconds:.1f} s")
    for column in ("places", "names", "region members", "removed", "kept (referenced)"):
        table.add_column(column, justify="right")
    table.add_row(
        *map(
            str,
            (summary.places, summary.names, summary.members, summary.removed, summary.kept),
        )
    )
    console.print(table)


@places_app.command("search")
def search(
    name: Annotated[str, typer.Argument(help="A place name or its beginning, any case/accents.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many places at most.")] = 20,
) -> None:
    """Find places by name or alternate name, exact matches first, then the most populous."""
    from khabar.cli import _store, console, err_console
    from khabar.store.queries import gazetteer_sources, search_places

    with _store() as store, store.session() as session:
        built = bool(gazetteer_sources(session))
        found = search_places(session, name, limit) if built else []
    if not built:
        err_console.print(
            "[yellow]The place table has not been built: run `khabar gazetteer build`.[/] "
            "Exact matches from the in-memory gazetteer follow (they have no place id yet)."
        )
        found = _in_memory(name, limit)
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in found], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Places matching {escape(name)!r} ({len(found)})")
    for column in ("id", "name", "feature", "admin1", "country", "coordinates", "population"):
        table.add_column(column, justify="right" if column == "population" else "left")
    for place in found:
        label = Text(place.name)
        if place.matched != place.name:
            label.append(f" ({place.matched})", style="dim")
        table.add_row(
            str(place.id) if place.id is not None else place.gazetteer_id,
            label,
            place.feature_code,
            Text(place.admin1_name or ""),
            place.country_code or "",
            f"{place.lat:.4f}, {place.lon:.4f}" if place.lat is not None else "",
            f"{place.population:,}" if place.population else "",
        )
    console.print(table)


def _in_memory(name: str, limit: int) -> list[PlaceSummary]:
    """Exact name matches from the in-memory gazetteer, the most populous first."""
    from khabar.geo.gazetteer import Gazetteer, normalise
    from khabar.store.queries import PlaceSummary

    key = normalise(name)
    entries = sorted(Gazetteer.load().lookup(name), key=lambda e: (-e.population, e.gazetteer_id))
    return [
        PlaceSummary(
            id=None,
            gazetteer_id=e.gazetteer_id,
            name=e.name,
            feature_code=e.feature_code,
            admin1_name=e.admin1_name or None,
            country_code=e.country_code or None,
            country_name=e.country_name or None,
            lat=e.lat,
            lon=e.lon,
            population=e.population,
            matched=next(n for n in (e.name, *e.alternate_names) if normalise(n) == key),
        )
        for e in entries[:limit]
    ]
