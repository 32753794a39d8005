"""Failed-login throttling, per client address and per account name (DESIGN §4, issue 7).

Password guessing is slowed two ways: one address may fail `login_address_limit` times per
`login_window` seconds whatever names it tries, and one name may fail `login_account_limit`
times whatever addresses try it. Names that do not exist are counted like real ones, so the
answer never tells which accounts exist. Neither the address nor the name is kept: only a
truncated keyed hash of each, like the comment rate limit's address hash.

The failures are rows of `login_failure`, so every process of `khabar serve --workers N` counts
the same ones and a restart forgets none. A failure inserts its rows rather than rewriting a
counter, so two workers failing at once both count. Each failure also deletes every row that
has left the window (an index range on time; the rows other workers are deleting are skipped,
never waited for), so the table holds two rows per failed login of the last `login_window`
seconds and no more: a flood of distinct names grows it by one window's worth, and each address
adds at most `login_address_limit` failures to that before it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from math import ceil

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from khabar.discuss.signing import Signer
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import models as m

HASH_CHARS = 16
"""64 bits of the keyed hash: enough to tell clients apart, too little to be an identifier."""


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

    def check(self, address: str, name: str) -> None:
        """Raise `login_throttled` (with `retry_after`) when either limit is reached."""
        now = self.signer.clock()
        failure = m.LoginFailure
        with self.sessions() as session:
            for what, key in self._keys(address, name).items():
                count, oldest = session.execute(
                    select(func.count(), func.min(failure.at)).where(
                        failure.key == key, failure.at > now - self.window
                    )
                ).one()
                if count >= self.limits[what]:
                    wait = ceil((oldest + self.window - now).total_seconds())
                    minutes = ceil(wait / 60)
                    subject = "from your address" if what == "address" else "for this name"
                    raise KhabarError(
                        ErrorCode.LOGIN_THROTTLED,
                        f"{subject}; try again in {minutes} minute{'s' if minutes != 1 else ''}",
                        retry_after=max(1, wait),
                    )

    def failed(self, address: str, name: str) -> None:
        now = self.signer.clock()
        failure = m.LoginFailure
        expired = (
            select(failure.id)
            .where(failure.at <= now - self.window)
            .with_for_update(skip_locked=True)
        )
        rows = [{"key": key, "at": now} for key in self._keys(address, name).values()]
        with self.sessions() as session, session.begin():
            session.execute(insert(failure), rows)
            session.execute(
                delete(failure).where(failure.id.in_(expired)),
                execution_options={"synchronize_session": False},
            )

    def succeeded(self, name: str) -> None:
        """A right password clears the name's count; the address keeps its failures, so one
        known account cannot be used to reset guessing at others."""
        key = self._keys("", name)["name"]
        with self.sessions() as session, session.begin():
            session.execute(
                delete(m.LoginFailure).where(m.LoginFailure.key == key),
                execution_options={"synchronize_session": False},
            )
