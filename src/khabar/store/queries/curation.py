"""What analysts changed, as pages show it: corrections beside the machine's values, and the
audit trail of an event or an actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from khabar.store import models as m


@dataclass(frozen=True, slots=True)
class CorrectionItem:
    field: str
    machine_value: Any
    corrected_value: Any
    who: str
    at: dt.datetime
    note: str | None


def _corrections(
    session: Session, ids: dict[str, list[int]]
) -> dict[tuple[str, int], list[CorrectionItem]]:
    """The corrections of the rows with these ids, per entity, by (entity, row id), in one
    query however many entities are asked for."""
    found: dict[tuple[str, int], list[CorrectionItem]] = {}
    wanted = [
        and_(m.Correction.entity == entity, m.Correction.entity_id.in_(rows))
        for entity, rows in ids.items()
    ]
    for c in session.scalars(select(m.Correction).where(or_(*wanted)).order_by(m.Correction.id)):
        item = CorrectionItem(c.field, c.machine_value, c.corrected_value, c.who, c.at, c.note)
        found.setdefault((c.entity, c.entity_id), []).append(item)
    return found


@dataclass(frozen=True, slots=True)
class AuditItem:
    id: int
    at: dt.datetime
    who: str
    action: str
    entity: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _audit(
    session: Session, entity: str, entity_id: int, report_ids: list[int] | None = None
) -> list[AuditItem]:
    """The audit entries of one row, and of the reports with these ids, newest first."""
    where = and_(m.AuditLog.entity == entity, m.AuditLog.entity_id == entity_id)
    if report_ids:
        where = or_(
            where, and_(m.AuditLog.entity == "report", m.AuditLog.entity_id.in_(report_ids))
        )
    rows = session.scalars(select(m.AuditLog).where(where).order_by(m.AuditLog.id.desc()))
    return [
        AuditItem(a.id, a.at, a.who, a.action, a.entity, a.entity_id, a.before, a.after)
        for a in rows
    ]
