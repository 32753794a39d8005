"""`khabar eval SET FILE`: score the whole pipeline on an evaluation file (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from khabar.errors import KhabarError
from khabar.eval.ucdp_dedupe import SET_NAME

SKIPPED_SHOWN = 20
"""Skipped lines listed one by one on stderr; the rest are only counted."""


def eval_command(
    set_name: Annotated[
        str,
        typer.Argument(
            metavar="SET",
            help="Evaluation set: gtd, ucdp, ucdp-dedupe, muc4, wikievents or claims.",
        ),
    ],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON Lines file in that set's layout.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout instead of a table.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N records (after --split).")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes, each loading the pipeline once.")
    ] = 1,
    split: Annotated[str, typer.Option(help="muc4 only: which split to score.")] = "dev",
) -> None:
    """Run the whole pipeline on each record of FILE and score it against the gold annotation."""
    from khabar.cli import State, _fail, err_console
    from khabar.eval.runner import prepare, score

    if set_name.lower() == SET_NAME:
        _dedupe(file, as_json=as_json, limit=limit)
        return
    progress = Progress(
        TextColumn("Scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
    )
    try:
        prepared = prepare(set_name, file, limit=limit, split=split)
        task = progress.add_task("scoring", total=len(prepared.golds))
        with progress:
            run = score(
                prepared,
                State.settings,
                workers=workers,
                on_record=lambda done, _: progress.update(task, completed=done),
            )
    except KhabarError as error:
        raise _fail(error) from error
    for warning in run.skipped[:SKIPPED_SHOWN]:
        err_console.print(f"[yellow]warning[/] {escape(str(warning))}")
    if len(run.skipped) > SKIPPED_SHOWN:
        err_console.print(
            f"[yellow]warning[/] … and {len(run.skipped) - SKIPPED_SHOWN} more lines skipped"
        )
    for failure in run.failures:
        err_console.print(f"[red]analysis failed[/] {escape(failure)} (scored as finding nothing)")
    _print(run.result, file, as_json=as_json)


def _dedupe(file: Path, *, as_json: bool, limit: int | None) -> None:
    """`ucdp-dedupe` scores the clustering of a whole file, not one record at a time."""
    from khabar.cli import State, _fail, err_console
    from khabar.eval.ucdp_dedupe import run

    err_console.print("Analysing and clustering headlines …")
    try:
        result, skipped = run(file, State.settings, limit=limit)
    except KhabarError as error:
        raise _fail(error) from error
    if skipped:
        err_console.print(f"[yellow]warning[/] {skipped} lines skipped")
    _print(result, file, as_json=as_json)


def _print(result: dict[str, Any], file: Path, *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    table = Table(title=f"khabar eval {result['set']} — {escape(str(file))}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in _flatten(result):
        table.add_row(key, _show(key, value))
    Console().print(table)


def _flatten(values: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in values.items():
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{prefix}{key}."))
        else:
            rows.append((f"{prefix}{key}", value))
    return rows


def _show(key: str, value: Any) -> str:
    """F1 (0-100) and seconds to one decimal, fractions to three, unknown as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}" if key.endswith(("f1", "seconds")) else f"{value:.3f}"
    return str(value)
