"""`khabar users …`: create accounts and change their passwords and roles.

Registered by `khabar.cli`. Passwords are prompted for (hidden, asked twice) or read from
stdin with `--password-stdin`, never taken as an argument that would land in shell history.
"""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer

from khabar.actors.cli import By, _who

users_app = typer.Typer(help="Manage analyst, moderator and admin accounts.", no_args_is_help=True)

Stdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first stdin line.")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Login name, shown as the author.")],
    role: Annotated[str, typer.Option("--role", help="analyst, moderator or admin.")],
    email: Annotated[str, typer.Option("--email", help="Contact address (never published).")],
    password_stdin: Stdin = False,
    generate_password: Annotated[
        bool,
        typer.Option(
            "--generate-password", help="Make up a strong password and print it, this once only."
        ),
    ] = False,
    exists_ok: Annotated[
        bool, typer.Option("--exists-ok", help="Do nothing if the name is already taken.")
    ] = False,
    by: By = None,
) -> None:
    """Create an account."""
    from sqlalchemy import select

    from khabar.cli import _fail, _store, console
    from khabar.discuss.users import add_user
    from khabar.errors import KhabarError
    from khabar.store import models as m

    with _store() as store, store.session() as session:
        if exists_ok and session.scalar(select(m.User.id).where(m.User.name == name.strip())):
            console.print(f"The account {name} already exists; left unchanged.", markup=False)
            return
        password = secrets.token_urlsafe(12) if generate_password else _password(password_stdin)
        try:
            add_user(session, name=name, email=email, role=role, password=password, who=_who(by))
        except KhabarError as error:
            raise _fail(error) from error
        session.commit()
    console.print(f"Added {role} {name}.", markup=False, highlight=False)
    if generate_password:
        console.print(
            f"Password for {name} (shown once, not stored in clear): {password}",
            markup=False,
            highlight=False,
        )


@users_app.command("passwd")
def passwd_command(
    name: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: Stdin = False,
    by: By = None,
) -> None:
    """Set a new password (signs the user out everywhere)."""
    from khabar.cli import _fail, _store, console
    from khabar.discuss.users import set_password
    from khabar.errors import KhabarError

    password = _password(password_stdin)
    with _store() as store, store.session() as session:
        try:
            set_password(session, name, password, _who(by))
        except KhabarError as error:
            raise _fail(error) from error
        session.commit()
    console.print("Password changed.")


@users_app.command("role")
def role_command(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Argument(help="analyst, moderator or admin.")],
    by: By = None,
) -> None:
    """Change what the user may do."""
    from khabar.cli import _fail, _store, console
    from khabar.discuss.users import set_role
    from khabar.errors import KhabarError

    with _store() as store, store.session() as session:
        try:
            set_role(session, name, role, _who(by))
        except KhabarError as error:
            raise _fail(error) from error
        session.commit()
    console.print(f"{name} is now {role}.", markup=False, highlight=False)
