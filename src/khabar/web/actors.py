"""Routes of actor curation: add or remove an alias, merge an actor into another, split an
alias off into a new actor. The rules are `khabar.actors.curation`'s, shared with the CLI.

As for events (`khabar.web.curation`): each action has a form route (POST, then 303 to an
actor page; an anonymous browser is sent to /login) and a JSON twin at the same path plus
`.json` answering with the actor as `/actors/{id}.json` shows it (401 anonymous, 403 for a
role that may not curate). Every POST passes `SameOrigin` first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from khabar.actors import curation
from khabar.curate.service import CURATORS
from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store import queries
from khabar.web.discussion import CurrentUser, Db

WHAT = "edit actors"
Alias = Annotated[str, Form(description="One of the actor's names")]
Into = Annotated[str, Form(description="The actor kept: its id, name or an alias")]
NewName = Annotated[str, Form(description="Name of the new actor")]
Action = Callable[[Session, m.Actor, m.User], int]
"""Applies a change to an actor for a user and returns the id of the actor to show afterwards."""


def editor(user: CurrentUser) -> m.User:
    if user is None:
        raise KhabarError(ErrorCode.LOGIN_REQUIRED, WHAT)
    if user.role not in CURATORS:
        raise KhabarError(ErrorCode.FORBIDDEN, WHAT)
    return user


Editor = Annotated[m.User, Depends(editor)]


def _actor(session: Session, actor_id: int) -> m.Actor:
    found = session.get(m.Actor, actor_id) if 0 < actor_id <= queries.MAX_ID else None
    if found is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Actor {actor_id}")
    return found


def _form(session: Session, user: m.User | None, actor_id: int, action: Action) -> Response:
    """Run a form's action, then show the actor it names (POST-redirect-GET)."""
    if user is None:
        return RedirectResponse(f"/login?next=/actors/{actor_id}", status_code=303)
    allowed = editor(user)
    shown = action(session, _actor(session, actor_id), allowed)
    session.commit()
    return RedirectResponse(f"/actors/{shown}#curation", status_code=303)


def _json(session: Session, user: m.User, actor_id: int, action: Action) -> queries.ActorDetail:
    """Run a JSON twin's action, commit, and answer with the actor it names."""
    shown = action(session, _actor(session, actor_id), user)
    session.commit()
    session.expire_all()
    found = queries.get_actor(session, shown)
    if found is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Actor {shown}")
    return found


def _add(alias: str) -> Action:
    def act(session: Session, actor: m.Actor, user: m.User) -> int:
        curation.add_alias(session, actor, alias, user.name)
        return actor.id

    return act


def _remove(alias: str) -> Action:
    def act(session: Session, actor: m.Actor, user: m.User) -> int:
        curation.remove_alias(session, actor, alias, user.name)
        return actor.id

    return act


def _merge(into: str) -> Action:
    def act(session: Session, actor: m.Actor, user: m.User) -> int:
        if not into.strip():
            raise KhabarError(ErrorCode.BAD_ARGUMENT, "into= is needed: an actor id or name.")
        keep = curation.find(session, into.strip())
        curation.merge(session, keep, actor, user.name)
        return keep.id

    return act


def _split(alias: str, name: str) -> Action:
    def act(session: Session, actor: m.Actor, user: m.User) -> int:
        return curation.split(session, actor, alias, name, user.name).id

    return act


def register(app: FastAPI) -> None:
    """Add the actor curation routes to `app`."""

    @app.post("/actors/{actor_id:int}/aliases", include_in_schema=False)
    def add_form(actor_id: int, session: Db, user: CurrentUser, alias: Alias = "") -> Response:
        return _form(session, user, actor_id, _add(alias))

    @app.post(
        "/actors/{actor_id:int}/aliases.json",
        tags=["curation"],
        summary="Give an actor another name; refused when another actor has it",
    )
    def add_json(
        actor_id: int, session: Db, user: Editor, alias: Alias = ""
    ) -> queries.ActorDetail:
        return _json(session, user, actor_id, _add(alias))

    @app.post("/actors/{actor_id:int}/aliases/remove", include_in_schema=False)
    def remove_form(actor_id: int, session: Db, user: CurrentUser, alias: Alias = "") -> Response:
        return _form(session, user, actor_id, _remove(alias))

    @app.post(
        "/actors/{actor_id:int}/aliases/remove.json",
        tags=["curation"],
        summary="Take a name off an actor; reports already linked to it stay linked",
    )
    def remove_json(
        actor_id: int, session: Db, user: Editor, alias: Alias = ""
    ) -> queries.ActorDetail:
        return _json(session, user, actor_id, _remove(alias))

    @app.post("/actors/{actor_id:int}/merge", include_in_schema=False)
    def merge_form(actor_id: int, session: Db, user: CurrentUser, into: Into = "") -> Response:
        return _form(session, user, actor_id, _merge(into))

    @app.post(
        "/actors/{actor_id:int}/merge.json",
        tags=["curation"],
        summary="Merge this actor into `into`, which it then redirects to; answers with `into`",
    )
    def merge_json(
        actor_id: int, session: Db, user: Editor, into: Into = ""
    ) -> queries.ActorDetail:
        return _json(session, user, actor_id, _merge(into))

    @app.post("/actors/{actor_id:int}/split", include_in_schema=False)
    def split_form(
        actor_id: int, session: Db, user: CurrentUser, alias: Alias = "", name: NewName = ""
    ) -> Response:
        return _form(session, user, actor_id, _split(alias, name))

    @app.post(
        "/actors/{actor_id:int}/split.json",
        tags=["curation"],
        summary="Move an alias and the mentions written as it to a new actor; answers with it",
    )
    def split_json(
        actor_id: int, session: Db, user: Editor, alias: Alias = "", name: NewName = ""
    ) -> queries.ActorDetail:
        return _json(session, user, actor_id, _split(alias, name))
