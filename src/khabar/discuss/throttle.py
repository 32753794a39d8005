"""Failed-login throttling, per client address and per account name (DESIGN §4, issue 7).

Password guessing is slowed two ways: one address may fail `login_address_limit` times per
`login_window` seconds whatever names it tries, and one name may fail `login_account_limit`
times whatever addresses try it. Names that do not exist are counted like real ones, so the
answer never tells which accounts exist. Neither the address nor the name is kept: only a
truncated keyed hash of each, like the comment rate limit's address hash.

The counts live in memory, in the one process `khabar serve` runs; a restart forgets them.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta
from math import ceil

from khabar.discuss.signing import Signer
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings

HASH_CHARS = 16
"""64 bits of the keyed hash: enough to tell clients apart, too little to be an identifier."""
MAX_KEYS = 100_000
"""Bounds memory under a flood of distinct names; the oldest keys are forgotten first."""


class LoginThrottle:
    """Counts failed logins in a sliding window and refuses attempts over either limit."""

    def __init__(self, settings: Settings, signer: Signer) -> None:
        self.signer = signer
        self.window = timedelta(seconds=settings.login_window)
        self.limits = {
            "address": settings.login_address_limit,
            "name": settings.login_account_limit,
        }
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _keys(self, address: str, name: str) -> dict[str, str]:
        return {
            "address": "a" + self.signer.keyed_hash("login-address", address)[:HASH_CHARS],
            "name": "n"
            + self.signer.keyed_hash("login-name", name.strip().casefold())[:HASH_CHARS],
        }

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        """The failures of `key` still inside the window (expired ones are dropped)."""
        found = self._failures.get(key, deque())
        while found and found[0] <= now - self.window:
            found.popleft()
        if not found:
            self._failures.pop(key, None)
        return found

    def check(self, address: str, name: str) -> None:
        """Raise `login_throttled` (with `retry_after`) when either limit is reached."""
        now = self.signer.clock()
        with self._lock:
            for what, key in self._keys(address, name).items():
                recent = self._recent(key, now)
                if len(recent) >= self.limits[what]:
                    wait = ceil((recent[0] + self.window - now).total_seconds())
                    minutes = ceil(wait / 60)
                    subject = "from your address" if what == "address" else "for this name"
                    raise KhabarError(
                        ErrorCode.LOGIN_THROTTLED,
                        f"{subject}; try again in {minutes} minute{'s' if minutes != 1 else ''}",
                        retry_after=max(1, wait),
                    )

    def failed(self, address: str, name: str) -> None:
        now = self.signer.clock()
        with self._lock:
            for key in self._keys(address, name).values():
                recent = self._recent(key, now)
                recent.append(now)
                self._failures.pop(key, None)
                self._failures[key] = recent
            while len(self._failures) > MAX_KEYS:
                del self._failures[next(iter(self._failures))]

    def succeeded(self, name: str) -> None:
        """A right password clears the name's count; the address keeps its failures, so one
        known account cannot be used to reset guessing at others."""
        key = self._keys("", name)["name"]
        with self._lock:
            self._failures.pop(key, None)
