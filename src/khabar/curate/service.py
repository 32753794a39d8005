"""What an analyst may change about an event, and how each change is recorded.

- A correction writes the analyst's value into the event row (so pages, maps and exports all
  show it) and keeps the machine's value beside it in `correction`; the event becomes
  `corrected`, which the dedupe stage respects: a report joining it later adds provenance but
  changes no field.
- Reviewing marks the event `reviewed` (`corrected` when it has corrections); rejecting hides
  it from the default lists and the map, and dedupe gives it no new reports.
- Merging moves every report of another event into this one and recomputes the merged fields
  from all reports, except corrected ones (whose machine values are updated instead). The
  other event is kept as a redirect (`merged`, `merged_into_id`) so links to it still work.
- Splitting moves one report into a new machine event; both events' fields are recomputed.
- A report takes corrections of the same fields the same way (its machine values kept in
  `correction`, entity `report`); its event is then recomputed from its reports as after a
  merge. Ingest skips documents already stored, so the corrected report rows stay, and a
  report joining a machine event later is merged with the corrected values.

Every change appends one `audit_log` entry per event touched, with the fields before and after;
a report correction appends one for the report too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from khabar.dedupe.assign import MACHINE, MERGED, REJECTED, SINGLE_REPORT_RULE, told
from khabar.dedupe.rules import DATE_RANK, MERGE_RULE, merge
from khabar.discuss.users import ROLES
from khabar.errors import ErrorCode, KhabarError
from khabar.extract.triggers import ACLED_EVENT_TYPES, GTD_ATTACK_TYPES
from khabar.store import audit
from khabar.store import models as m
from khabar.store.queries import MAX_ID

CURATORS = frozenset(ROLES)
"""Every account role may curate events; a role outside these (none today) may not."""
REVIEWED = "reviewed"
CORRECTED = "corrected"
ENTITY = "event"
REPORT = "report"
CATEGORIES = ("killed", "injured", "abducted")
COUNT_FIELDS = tuple(f"{c}_{part}" for c in CATEGORIES for part in ("low", "best", "high"))
FIELDS = (
    "event_type",
    "sub_event_type",
    "gtd_attack_type",
    "date",
    "date_precision",
    "place_id",
    "place_precision",
    *COUNT_FIELDS,
)
"""The event (and report) fields an analyst may correct, in the order forms show them."""
MAX_COUNT = 2**31 - 1
PRECISIONS = range(1, 7)
CHOICES = {
    "event_type": tuple(ACLED_EVENT_TYPES),
    "sub_event_type": tuple(sorted({s for subs in ACLED_EVENT_TYPES.values() for s in subs})),
    "gtd_attack_type": GTD_ATTACK_TYPES,
    "date_precision": tuple(DATE_RANK),
}
"""The values a field with a fixed vocabulary may take (ACLED and GTD types, date precisions)."""


def _bad(message: str) -> KhabarError:
    return KhabarError(ErrorCode.BAD_ARGUMENT, message)


def _whole(field: str, text: str, allowed: range | None = None) -> int | None:
    if not text:
        return None
    if not text.isdecimal() or int(text) > MAX_COUNT or (allowed and int(text) not in allowed):
        span = f"from {allowed.start} to {allowed.stop - 1}" if allowed else "0 or more"
        raise _bad(f"{field}={text!r} must be a whole number {span}, or empty for unknown.")
    return int(text)


def _choice(field: str, text: str, choices: Any) -> str:
    if text not in choices:
        raise _bad(f"{field}={text!r} is not one of: {', '.join(choices)}.")
    return text


def _date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise _bad(f"date={text!r} is not a YYYY-MM-DD date (or empty for undated).") from exc


def _parse(session: Session, field: str, raw: str) -> Any:
    """The typed value of a form field, or a BAD_ARGUMENT naming the field and what it takes."""
    text = raw.strip()
    if field == "date_precision":
        return _choice(field, text, CHOICES[field]) if text else None
    if field in CHOICES:
        return _choice(field, text, CHOICES[field])
    if field == "date":
        return _date(text)
    if field == "place_precision":
        return _whole(field, text, PRECISIONS)
    if field == "place_id":
        place_id = _whole(field, text)
        if place_id is not None and session.get(m.Place, place_id) is None:
            raise _bad(f"place_id={text!r} names no place; find its id at /places.")
        return place_id
    return _whole(field, text)


def _text(value: Any) -> str:
    """A stored value as a form sends it back."""
    return "" if value is None else str(as_json(value))


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def snapshot(event: m.Event) -> dict[str, Any]:
    """The event's curated fields as JSON, for audit entries."""
    fields = {field: as_json(getattr(event, field)) for field in FIELDS}
    reports = sorted(report.id for report in event.reports)
    return {**fields, "curation_status": event.curation_status, "reports": reports}


def _event(session: Session, event_id: int) -> m.Event:
    event = session.get(m.Event, event_id) if 0 < event_id <= MAX_ID else None
    if event is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Event {event_id}")
    if event.merged_into_id is not None:
        raise _bad(f"Event {event_id} was merged into event {event.merged_into_id}; curate that.")
    return event


def find_report(session: Session, report_id: int) -> tuple[m.Report, m.Event]:
    """The report and the event it belongs to, for curating it."""
    report = session.get(m.Report, report_id) if 0 < report_id <= MAX_ID else None
    if report is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"Report {report_id}")
    if report.event is None:
        raise _bad(f"Report {report_id} belongs to no event; nothing shows a correction of it.")
    return report, report.event


def _corrections(session: Session, entity_id: int, entity: str = ENTITY) -> dict[str, m.Correction]:
    rows = session.scalars(
        select(m.Correction).where(
            m.Correction.entity == entity, m.Correction.entity_id == entity_id
        )
    )
    return {row.field: row for row in rows}


def _check(row: m.Event | m.Report, changed: Mapping[str, Any]) -> None:
    """Refuse a result that contradicts itself: a sub type of another type, low > best > high."""
    result = {field: changed.get(field, getattr(row, field)) for field in FIELDS}
    if {"event_type", "sub_event_type"} & set(changed):
        subs = ACLED_EVENT_TYPES.get(result["event_type"], ())
        if result["sub_event_type"] not in subs:
            raise _bad(
                f"{result['sub_event_type']!r} is not a sub type of {result['event_type']!r}; "
                f"choose one of: {', '.join(subs)}."
            )
    for category in CATEGORIES:
        low, best, high = (result[f"{category}_{p}"] for p in ("low", "best", "high"))
        known = [v for v in (low, best, high) if v is not None]
        if known != sorted(known):
            raise _bad(
                f"{category}: low {low}, best {best}, high {high} are not in order; "
                "correct them together so that low ≤ best ≤ high."
            )


def correct(
    session: Session, event_id: int, values: Mapping[str, str], who: str, note: str = ""
) -> dict[str, Any]:
    """Set the fields in `values` (form text, empty = unknown) that differ from the event's;
    returns the corrected fields and their new values."""
    event = _event(session, event_id)
    before, after = _overwrite(session, ENTITY, event, values, who, note)
    if event.curation_status in (MACHINE, REVIEWED):
        before["curation_status"], after["curation_status"] = event.curation_status, CORRECTED
        event.curation_status = CORRECTED
    _log(session, who, "correct", event.id, before, after, note)
    return after


def correct_report(
    session: Session, report_id: int, values: Mapping[str, str], who: str, note: str = ""
) -> m.Event:
    """Correct a report like `correct` does an event, then recompute its event from its
    reports (its own corrected fields stay); returns the event."""
    report, event = find_report(session, report_id)
    before_event = snapshot(event)
    before, after = _overwrite(session, REPORT, report, values, who, note)
    _log(session, who, "correct", report.id, before, after, note, REPORT)
    _recompute(session, event)
    after_event = snapshot(event)
    if after_event != before_event:
        _log(
            session,
            who,
            "recompute",
            event.id,
            before_event,
            {**after_event, "report": report.id},
            note,
        )
    return event


def _overwrite(
    session: Session,
    entity: str,
    row: m.Event | m.Report,
    values: Mapping[str, str],
    who: str,
    note: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write the analyst's values into the row and keep the machine's in `correction`; the
    changed fields before and after, as JSON."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise _bad(f"{', '.join(unknown)} cannot be corrected; fields are {', '.join(FIELDS)}.")
    # A value sent as the row already has it (a whole form posted back) is not parsed, so a
    # stored value outside today's vocabulary does not block correcting another field.
    parsed = {
        field: _parse(session, field, raw)
        for field, raw in values.items()
        if raw.strip() != _text(getattr(row, field))
    }
    changed = {f: v for f, v in parsed.items() if v != getattr(row, f)}
    if not changed:
        raise _bad(f"Every value given is already the {entity}'s; nothing was corrected.")
    _check(row, changed)
    before = {field: as_json(getattr(row, field)) for field in changed}
    for field, value in changed.items():
        setattr(row, field, value)
    if "place_id" in changed:
        row.place = session.get(m.Place, changed["place_id"]) if changed["place_id"] else None
    now = datetime.now(UTC)
    existing = _corrections(session, row.id, entity)
    for field, value in changed.items():
        correction = existing.get(field) or m.Correction(
            entity=entity, entity_id=row.id, field=field, machine_value=before[field]
        )
        correction.corrected_value, correction.who = as_json(value), who
        correction.at, correction.note = now, note or None
        session.add(correction)
    return before, {field: as_json(value) for field, value in changed.items()}


def set_status(session: Session, event_id: int, action: str, who: str, note: str = "") -> str:
    """`review` (→ reviewed, or corrected when it has corrections) or `reject`; the new status."""
    event = _event(session, event_id)
    if action == "reject":
        status = REJECTED
    elif action == "review":
        status = CORRECTED if _corrections(session, event.id) else REVIEWED
    else:
        raise _bad(f"action={action!r} is not one of review, reject.")
    before = {"curation_status": event.curation_status}
    event.curation_status = status
    _log(session, who, action, event.id, before, {"curation_status": status}, note)
    return status


def merge_events(
    session: Session, keep_id: int, other_id: int, who: str, note: str = ""
) -> m.Event:
    """Move `other_id`'s reports into `keep_id`, recompute it, and leave `other_id` as a
    redirect to it (see the module docstring)."""
    if keep_id == other_id:
        raise _bad("An event cannot be merged into itself; give the id of another event.")
    keep, other = _event(session, keep_id), _event(session, other_id)
    before_keep, before_other = snapshot(keep), snapshot(other)
    for report in list(other.reports):
        report.event = keep
    session.execute(
        update(m.Claim).where(m.Claim.object_event_id == other.id).values(object_event_id=keep.id)
    )
    other.curation_status = MERGED
    other.merged_into_id = keep.id
    session.flush()
    _recompute(session, keep)
    after_keep = {**snapshot(keep), "merged": other.id}
    _log(session, who, "merge", keep.id, before_keep, after_keep, note)
    after_other = {**snapshot(other), "merged_into": keep.id}
    _log(session, who, "merged_into", other.id, before_other, after_other, note)
    return keep


def split_report(
    session: Session, event_id: int, report_id: int, who: str, note: str = ""
) -> m.Event:
    """Move one report out of the event into a new machine event, and return the new event."""
    event = _event(session, event_id)
    report = next((r for r in event.reports if r.id == report_id), None)
    if report is None:
        raise _bad(f"Report {report_id} is not one of event {event_id}'s reports.")
    if len(event.reports) < 2:
        raise _bad(f"Event {event_id} has only this report; reject the event instead.")
    before = snapshot(event)
    new = m.Event(curation_status=MACHINE, created_at=datetime.now(UTC))
    session.add(new)
    report.event = new
    _recompute(session, new)
    session.flush()
    session.execute(
        update(m.Claim)
        .where(m.Claim.report_id == report.id, m.Claim.object_event_id == event.id)
        .values(object_event_id=new.id)
    )
    _recompute(session, event)
    _log(session, who, "split", event.id, before, {**snapshot(event), "split_into": new.id}, note)
    _log(session, who, "split_from", new.id, None, {**snapshot(new), "split_from": event.id}, note)
    return new


def _recompute(session: Session, event: m.Event) -> None:
    """Merge the event's reports UCDP-style (as dedupe does); a corrected field keeps the
    analyst's value and gets the new machine value beside it."""
    with session.no_autoflush:
        _recompute_fields(session, event)
    event.merge_rule = MERGE_RULE if len(event.reports) > 1 else SINGLE_REPORT_RULE


def _recompute_fields(session: Session, event: m.Event) -> None:
    """The body of `_recompute`, run without autoflush: a new event must not be flushed before
    its fields are set."""
    merged = merge([told(report) for report in event.reports])
    computed: dict[str, Any] = {
        "event_type": merged.event_type,
        "sub_event_type": merged.sub_event_type,
        "gtd_attack_type": merged.gtd_attack_type,
        "date": merged.day,
        "date_precision": merged.date_precision,
        "place_id": merged.place,
        "place_precision": merged.place_precision,
    }
    for category in CATEGORIES:
        count = getattr(merged, category)
        for part in ("low", "best", "high"):
            computed[f"{category}_{part}"] = getattr(count, part)
    corrections = _corrections(session, event.id) if event.id is not None else {}
    for field, value in computed.items():
        if field in corrections:
            corrections[field].machine_value = as_json(value)
        elif field == "place_id":
            event.place = session.get(m.Place, value) if value is not None else None
        else:
            setattr(event, field, value)


def _log(
    session: Session,
    who: str,
    action: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    note: str,
    entity: str = ENTITY,
) -> None:
    if note:
        after = {**after, "note": note}
    audit.append(
        session,
        who=who,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
