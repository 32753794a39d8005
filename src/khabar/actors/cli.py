"""`khabar actors …`: seed the registry into the store, look actors up, and curate them.

Registered by `khabar.cli`; heavy modules are imported inside the commands, as there. Every
change is written to `audit_log` under `--by` (default: the OS user).
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

actors_app = typer.Typer(help="Look up and curate actors.", no_args_is_help=True)

By = Annotated[
    str | None, typer.Option("--by", help="Who makes the change, for the audit log (OS user).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except OSError:
        return "unknown"


@actors_app.command("seed")
def seed_command(
    by: Annotated[str | None, typer.Option("--by", help="Who seeds, for the audit log.")] = None,
) -> None:
    """Write the actor registry into the store (idempotent; curated changes are kept)."""
    from khabar.actors.curation import seed
    from khabar.actors.registry import Registry
    from khabar.cli import _store, console

    with _store() as store, store.session() as session, session.begin():
        summary = seed(session, Registry.load(), by or "registry")
    console.print(
        f"Actors seeded: {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged."
    )


@actors_app.command("list")
def list_command(
    as_json: AsJson = False,
    kind: Annotated[str | None, typer.Option("--kind", help="e.g. armed_group.")] = None,
    query: Annotated[str | None, typer.Option("--query", help="Part of a name or alias.")] = None,
) -> None:
    """List actors by name."""
    from khabar.cli import _store, console
    from khabar.store.queries import list_actors

    with _store() as store, store.session() as session:
        items = list_actors(session, kind=kind, query=query)
    if as_json:
        typer.echo(json.dumps([i.to_dict() for i in items], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Actors ({len(items)})")
    for column in ("id", "name", "kind", "parent", "countries", "reports"):
        table.add_column(column)
    for item in items:
        flag = " (provisional)" if item.provisional else ""
        table.add_row(
            str(item.id),
            Text(item.name + flag),
            item.kind,
            Text(item.parent.name if item.parent else ""),
            " ".join(item.countries),
            str(item.report_count),
        )
    console.print(table)


@actors_app.command("show")
def show_command(
    name_or_id: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    as_json: AsJson = False,
) -> None:
    """Show one actor: names, hierarchy, affiliations, events and audit log."""
    from dataclasses import asdict

    from khabar.actors.curation import find
    from khabar.cli import _fail, _store, console
    from khabar.errors import ErrorCode, KhabarError
    from khabar.store.queries import get_actor

    with _store() as store, store.session() as session:
        try:
            detail = get_actor(session, find(session, name_or_id).id)
        except KhabarError as error:
            raise _fail(error) from error
    if detail is None:  # deleted between the two reads
        raise _fail(KhabarError(ErrorCode.NOT_FOUND, f"Actor {name_or_id!r}"))
    if as_json:
        typer.echo(json.dumps(asdict(detail), indent=2, ensure_ascii=False, default=str))
        return
    console.rule(escape(f"{detail.name} · {detail.kind}"))
    if detail.merged_into:
        console.print(f"Merged into {escape(detail.merged_into.name)} ({detail.merged_into.id})")
    lines = [
        ("aliases", "; ".join(detail.aliases)),
        ("external names", "; ".join(detail.external_names)),
        ("within", " → ".join(a.name for a in detail.ancestors)),
        ("children", "; ".join(c.name for c in detail.children)),
        ("countries", " ".join(detail.countries)),
        ("sources", "; ".join(detail.sources)),
    ]
    for label, value in lines:
        if value:
            console.print(f"[bold]{label}[/] {escape(value)}")
    for group in detail.events:
        if group.events:
            console.print(
                f"[bold]{group.role}[/] in events {' '.join(str(e.id) for e in group.events)}"
            )
    for entry in detail.audit:
        console.print(f"[dim]{entry.at:%Y-%m-%d %H:%M} {escape(entry.who)} {entry.action}[/]")


@actors_app.command("merge")
def merge_command(
    keep: Annotated[str, typer.Argument(help="The actor kept (id, name or alias).")],
    gone: Annotated[str, typer.Argument(help="The actor folded into it; it stays a redirect.")],
    by: By = None,
) -> None:
    """Move B's aliases, external names and reports to A; B stays as a redirect to A."""
    from khabar.actors.curation import find, merge
    from khabar.cli import _fail, _store, console
    from khabar.errors import KhabarError

    with _store() as store, store.session() as session:
        try:
            with session.begin():
                kept, merged = find(session, keep), find(session, gone)
                merge(session, kept, merged, _who(by))
                names = (kept.name, merged.name)
        except KhabarError as error:
            raise _fail(error) from error
    console.print(f"Merged {escape(names[1])} into {escape(names[0])}.")


@actors_app.command("split")
def split_command(
    actor: Annotated[str, typer.Argument(help="The actor to split (id, name or alias).")],
    alias: Annotated[str, typer.Argument(help="The alias that names someone else.")],
    new_name: Annotated[str, typer.Argument(help="The new actor's name.")],
    by: By = None,
) -> None:
    """Move ALIAS, and the report mentions written as it, to a new actor NEW_NAME."""
    from khabar.actors.curation import find, split
    from khabar.cli import _fail, _store, console
    from khabar.errors import KhabarError

    with _store() as store, store.session() as session:
        try:
            with session.begin():
                new = split(session, find(session, actor), alias, new_name, _who(by))
                new_id = new.id
        except KhabarError as error:
            raise _fail(error) from error
    console.print(f"Split {escape(alias)!r} off into {escape(new_name)} ({new_id}).")


@actors_app.command("alias")
def alias_command(
    actor: Annotated[str, typer.Argument(help="The actor (id, name or alias).")],
    alias: Annotated[str, typer.Argument(help="The new alias.")],
    by: By = None,
) -> None:
    """Add an alias to an actor."""
    from khabar.actors.curation import add_alias, find
    from khabar.cli import _fail, _store, console
    from khabar.errors import KhabarError

    with _store() as store, store.session() as session:
        try:
            with session.begin():
                found = find(session, actor)
                add_alias(session, found, alias, _who(by))
                name = found.name
        except KhabarError as error:
            raise _fail(error) from error
    console.print(f"{escape(name)} is now also called {escape(alias)}.")
