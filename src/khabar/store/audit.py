"""The audit log: who changed what, when, with the row before and after.

There is deliberately only `append`: entries are never updated or deleted (the mapper refuses
both too), so the log is a trustworthy history of curation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from khabar.store import models as m


def append(
    session: Session,
    *,
    who: str,
    action: str,
    entity: str,
    entity_id: int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> m.AuditLog:
    entry = m.AuditLog(
        at=datetime.now(UTC),
        who=who,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry
