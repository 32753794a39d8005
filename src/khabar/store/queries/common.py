"""Limits and helpers every query module shares: argument checks and keyset pagination.

Lists use keyset pagination rather than OFFSET: a page ends with the id of its last row, and the
next page starts strictly after that row in the list's order. Pages stay stable while new documents
are ingested, and deep pages cost the same as the first. Orders:

- events: newest happening first — `date` descending with undated events last, then `id`
  descending (the tie-breaker that makes the order total);
- documents: most recently stored first — `id` descending.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from khabar.errors import ErrorCode, KhabarError

_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])

MAX_LIMIT = 500
MAX_ID = 2**31 - 1
"""Ids are 32-bit on PostgreSQL; a larger one names no row (and must not reach the driver)."""
HIDDEN_STATUSES = ("rejected", "merged")
"""Curation statuses left out of lists and the map unless asked for by `status`."""


def _refuse(message: str) -> NoReturn:
    raise KhabarError(ErrorCode.BAD_ARGUMENT, message)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"limit must be between 1 and {MAX_LIMIT}.")


def keyset(
    session: Session,
    query: _Q,
    key: Any,
    row_id: Any,
    descending: bool,
    after_id: int | None,
    what: str,
) -> _Q:
    """Order by `key` (nulls last) then `row_id`, both one way, and start strictly after the
    row `after_id`: the cursor's own key is read back, so a cursor is just an id."""
    if descending:
        query = query.order_by(key.desc().nulls_last(), row_id.desc())
    else:
        query = query.order_by(key.asc().nulls_last(), row_id.asc())
    if after_id is None:
        return query
    cursor = None
    if 0 < after_id <= MAX_ID:
        cursor = session.execute(select(key).where(row_id == after_id)).one_or_none()
    if cursor is None:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"No {what} {after_id} to page after.")
    (value,) = cursor
    beyond = row_id < after_id if descending else row_id > after_id
    if value is None:
        return query.where(key.is_(None), beyond)
    further = key < value if descending else key > value
    return query.where(or_(further, and_(key == value, beyond), key.is_(None)))
