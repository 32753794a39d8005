"""Failed-login throttling, per client address and per account name (DESIGN §4, issue 7).

Password guessing is slowed two ways: one address may fail `login_address_limit` times per
`login_window` seconds whatever names it tries, and one name may fail `login_account_limit`
times whatever addresses try it. Names that do not exist are counted like real ones, so the
answer never tells which accounts exist. Neither the address nor the name is kept: only a
truncated keyed hash of each, like the comment rate limit's address hash.

The failures are rows of `login_failure`, so every process of `khabar serve --workers N` counts
the same ones and a restart forgets none. An attempt is written as a failure before its
password is checked, and counted in the same transaction, while it holds its address and its
name (a PostgreSQL advisory lock on each; SQLite lets one writer in at a time): attempts in
flight at once take turns, so a burst lets exactly the limit of them through, never more (had
each counted in its own snapshot, every one of them would have seen the same count under it)
and never none (had each written, committed and then counted, all of them would have seen the
whole burst over it). An attempt refused rolls back, so refusals do not lengthen the wait; a
right password then takes its rows back, and a wrong one leaves them. An attempt that cannot
be written or counted is refused before its password is checked, so a store that fails under
the throttle neither answers a guess nor turns it into a 500.

Each attempt also deletes every row that has left the window (an index range on time; the rows
other workers are deleting are skipped, never waited for), so the table holds two rows per failed
login of the last `login_window` seconds, and per attempt in flight, and no more: a flood of
distinct names grows it by one window's worth, and each address adds at most
`login_address_limit` failures to that before it is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from khabar.discuss.signing import Signer
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import models as m

log = logging.getLogger(__name__)

HASH_CHARS = 16
"""64 bits of the keyed hash: enough to tell clients apart, too little to be an identifier."""
UNCOUNTED_WAIT = 60
"""Seconds a client is asked to wait when its attempt could not be counted."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """A login attempt written as a failure: the rows a right password takes back."""

    name_key: str
    row_ids: tuple[int, ...]


class LoginThrottle:
    """Counts failed logins in a sliding window and refuses attempts over either limit.

    `sessions` opens a session on the store (`Store.session`): the throttle commits its own
    writes, as a failure must count whatever becomes of the request's transaction."""

    def __init__(self, sessions: Callable[[], Session], settings: Settings, signer: Signer) -> None:
        self.sessions = sessions
        self.signer = signer
        self.window = timedelta(seconds=settings.login_window)
        self.limits = {
            "address": settings.login_address_limit,
            "name": settings.login_account_limit,
        }

    def _keys(self, address: str, name: str) -> dict[str, str]:
        return {
            "address": "a" + self.signer.keyed_hash("login-address", address)[:HASH_CHARS],
            "name": "n"
            + self.signer.keyed_hash("login-name", name.strip().casefold())[:HASH_CHARS],
        }

    def attempt(self, address: str, name: str) -> Attempt:
        """Write the attempt as a failure, or raise `login_throttled` (with `retry_after`)
        when it would take either count past its limit, or `rate_limited` when the store could
        not write or count it; the password is to be checked only when this returns."""
        try:
            return self._record(self._keys(address, name))
        except SQLAlchemyError:
            log.exception("A login attempt could not be counted, so it was refused")
            raise KhabarError(
                ErrorCode.RATE_LIMITED,
                "Logging in is paused, as failed logins cannot be counted just now; try again "
                "in a minute.",
                retry_after=UNCOUNTED_WAIT,
            ) from None

    def succeeded(self, attempt: Attempt) -> None:
        """A right password takes its attempt back and clears the name's count; the address
        keeps its other failures, so one known account cannot reset guessing at others."""
        with self.sessions() as session, session.begin():
            session.execute(
                delete(m.LoginFailure).where(
                    (m.LoginFailure.key == attempt.name_key)
                    | m.LoginFailure.id.in_(attempt.row_ids)
                ),
                execution_options={"synchronize_session": False},
            )

    def _record(self, keys: dict[str, str]) -> Attempt:
        """Take the keys' turn, insert the attempt's rows, delete the rows that have left the
        window and count; a refusal raised here rolls the rows back."""
        now = self.signer.clock()
        failure = m.LoginFailure
        expired = (
            select(failure.id)
            .where(failure.at <= now - self.window)
            .with_for_update(skip_locked=True)
        )
        rows = [failure(key=key, at=now) for key in keys.values()]
        with self.sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                for lock in sorted(_lock_id(key) for key in keys.values()):
                    session.execute(select(func.pg_advisory_xact_lock(lock)))
            session.add_all(rows)
            session.flush()
            session.execute(
                delete(failure).where(failure.id.in_(expired)),
                execution_options={"synchronize_session": False},
            )
            over = self._over(session, keys, now)
            if over is not None:
                raise over
            return Attempt(keys["name"], tuple(row.id for row in rows))

    def _over(self, session: Session, keys: dict[str, str], now: datetime) -> KhabarError | None:
        """The refusal when a count, this attempt included, is past its limit."""
        failure = m.LoginFailure
        for what, key in keys.items():
            count, oldest = session.execute(
                select(func.count(), func.min(failure.at)).where(
                    failure.key == key, failure.at > now - self.window
                )
            ).one()
            if count > self.limits[what]:
                wait = ceil((oldest + self.window - now).total_seconds())
                minutes = ceil(wait / 60)
                subject = "from your address" if what == "address" else "for this name"
                return KhabarError(
                    ErrorCode.LOGIN_THROTTLED,
                    f"{subject}; try again in {minutes} minute{'s' if minutes != 1 else ''}",
                    retry_after=max(1, wait),
                )
        return None


def _lock_id(key: str) -> int:
    """The key's 64 hash bits as the signed bigint PostgreSQL's advisory locks take."""
    return int(key[1:], 16) - (1 << 63)
