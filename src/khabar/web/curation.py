"""Routes of event curation: corrections (of an event or of one of its reports), review,
rejection, merge and split.

Each action has a form route (POST, then 303 back to an event page; an anonymous browser is
sent to /login) and a JSON twin at the same path plus `.json` answering with the event as
`/events/{id}.json` shows it (401 anonymous, 403 for a role that may not curate). Bodies are
form-encoded, like the page's forms; every POST passes `SameOrigin` first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from khabar.curate import service
from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store import queries
from khabar.web.discussion import CurrentUser, Db

Text = Annotated[str, Form()]
Field = Annotated[str | None, Form()]
Note = Annotated[str, Form(description="Why; kept with the change in the audit log")]
WHAT = "curate events"


def curator(user: CurrentUser) -> m.User:
    if user is None:
        raise KhabarError(ErrorCode.LOGIN_REQUIRED, WHAT)
    if user.role not in service.CURATORS:
        raise KhabarError(ErrorCode.FORBIDDEN, WHAT)
    return user


Curator = Annotated[m.User, Depends(curator)]


def _values(
    event_type: Field = None,
    sub_event_type: Field = None,
    gtd_attack_type: Field = None,
    date: Annotated[str | None, Form(description="YYYY-MM-DD; empty: undated")] = None,
    date_precision: Annotated[
        str | None, Form(description="day, week, month, reported or year")
    ] = None,
    place_id: Annotated[str | None, Form(description="A place id from /places")] = None,
    place_precision: Annotated[str | None, Form(description="1 (exact) to 6")] = None,
    killed_low: Field = None,
    killed_best: Field = None,
    killed_high: Field = None,
    injured_low: Field = None,
    injured_best: Field = None,
    injured_high: Field = None,
    abducted_low: Field = None,
    abducted_best: Field = None,
    abducted_high: Field = None,
) -> dict[str, str]:
    """The fields sent; one left out is not touched, one sent empty becomes unknown."""
    given = {
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "gtd_attack_type": gtd_attack_type,
        "date": date,
        "date_precision": date_precision,
        "place_id": place_id,
        "place_precision": place_precision,
        "killed_low": killed_low,
        "killed_best": killed_best,
        "killed_high": killed_high,
        "injured_low": injured_low,
        "injured_best": injured_best,
        "injured_high": injured_high,
        "abducted_low": abducted_low,
        "abducted_best": abducted_best,
        "abducted_high": abducted_high,
    }
    return {name: value for name, value in given.items() if value is not None}


Values = Annotated[dict[str, str], Depends(_values)]
Action = Callable[[Session, m.User], int]
"""Applies a change for a user and returns the id of the event to show afterwards."""


def _done(session: Session, event_id: int) -> queries.EventDetail:
    """Commit, and the event as its JSON twin shows it."""
    session.commit()
    session.expire_all()
    found = queries.get_event(session, event_id)
    if found is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Event {event_id}")
    return found


def _form(
    session: Session, user: m.User | None, event_id: int, action: Action, anchor: str = "curation"
) -> Response:
    """Run a form's action, then show the event it names at `anchor` (POST-redirect-GET)."""
    if user is None:
        return RedirectResponse(f"/login?next=/events/{event_id}", status_code=303)
    shown = action(session, curator(user))
    session.commit()
    return RedirectResponse(f"/events/{shown}#{anchor}", status_code=303)


def register(app: FastAPI) -> None:
    """Add the curation routes to `app`."""

    @app.post("/events/{event_id:int}/corrections", include_in_schema=False)
    def correct_form(
        event_id: int, session: Db, user: CurrentUser, values: Values, note: Note = ""
    ) -> Response:
        def act(s: Session, u: m.User) -> int:
            service.correct(s, event_id, values, u.name, note)
            return event_id

        return _form(session, user, event_id, act)

    @app.post(
        "/events/{event_id:int}/corrections.json",
        tags=["curation"],
        summary="Correct fields of an event; the machine's values are kept beside them",
    )
    def correct_json(
        event_id: int, session: Db, user: Curator, values: Values, note: Note = ""
    ) -> queries.EventDetail:
        service.correct(session, event_id, values, user.name, note)
        return _done(session, event_id)

    @app.post("/reports/{report_id:int}/correct", include_in_schema=False)
    def correct_report_form(
        report_id: int, session: Db, user: CurrentUser, values: Values, note: Note = ""
    ) -> Response:
        _, event = service.find_report(session, report_id)

        def act(s: Session, u: m.User) -> int:
            return service.correct_report(s, report_id, values, u.name, note).id

        return _form(session, user, event.id, act, f"report-{report_id}")

    @app.post(
        "/reports/{report_id:int}/correct.json",
        tags=["curation"],
        summary="Correct fields of a report and recompute its event; answers with the event",
    )
    def correct_report_json(
        report_id: int, session: Db, user: Curator, values: Values, note: Note = ""
    ) -> queries.EventDetail:
        event = service.correct_report(session, report_id, values, user.name, note)
        return _done(session, event.id)

    _status_routes(app, "review", "Mark an event reviewed")
    _status_routes(
        app, "reject", "Reject an event: hidden from lists and the map, kept at its page"
    )

    @app.post("/events/{event_id:int}/merge", include_in_schema=False)
    def merge_form(
        event_id: int, session: Db, user: CurrentUser, other: Text = "", note: Note = ""
    ) -> Response:
        def act(s: Session, u: m.User) -> int:
            return service.merge_events(s, event_id, _id("other", other), u.name, note).id

        return _form(session, user, event_id, act)

    @app.post(
        "/events/{event_id:int}/merge.json",
        tags=["curation"],
        summary="Merge event `other` into this one; `other` stays as a redirect here",
    )
    def merge_json(
        event_id: int,
        session: Db,
        user: Curator,
        other: Annotated[str, Form(description="Id of the event merged into this one")] = "",
        note: Note = "",
    ) -> queries.EventDetail:
        kept = service.merge_events(session, event_id, _id("other", other), user.name, note)
        return _done(session, kept.id)

    @app.post("/events/{event_id:int}/split", include_in_schema=False)
    def split_form(
        event_id: int, session: Db, user: CurrentUser, report_id: Text = "", note: Note = ""
    ) -> Response:
        def act(s: Session, u: m.User) -> int:
            report = _id("report_id", report_id)
            return service.split_report(s, event_id, report, u.name, note).id

        return _form(session, user, event_id, act)

    @app.post(
        "/events/{event_id:int}/split.json",
        tags=["curation"],
        summary="Split a report out of an event into a new event; answers with the new event",
    )
    def split_json(
        event_id: int,
        session: Db,
        user: Curator,
        report_id: Annotated[str, Form(description="Id of the report to move out")] = "",
        note: Note = "",
    ) -> queries.EventDetail:
        report = _id("report_id", report_id)
        new = service.split_report(session, event_id, report, user.name, note)
        return _done(session, new.id)


def _status_routes(app: FastAPI, action: str, summary: str) -> None:
    """The form and JSON routes of a status action (`review`, `reject`)."""

    @app.post(f"/events/{{event_id:int}}/{action}", include_in_schema=False)
    def status_form(event_id: int, session: Db, user: CurrentUser, note: Note = "") -> Response:
        def act(s: Session, u: m.User) -> int:
            service.set_status(s, event_id, action, u.name, note)
            return event_id

        return _form(session, user, event_id, act)

    @app.post(f"/events/{{event_id:int}}/{action}.json", tags=["curation"], summary=summary)
    def status_json(
        event_id: int, session: Db, user: Curator, note: Note = ""
    ) -> queries.EventDetail:
        service.set_status(session, event_id, action, user.name, note)
        return _done(session, event_id)


def _id(name: str, text: str) -> int:
    if not text.strip().isdecimal():
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"{name}={text!r} must be an id (digits).")
    return int(text)
