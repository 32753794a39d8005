"""The login throttle's counts in the store: shared by workers, kept across restarts, bounded to
one window's worth of rows, never passed by attempts in flight together, and closed when the
store cannot count; on both backends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from khabar.discuss.signing import Signer
from khabar.discuss.throttle import Attempt, LoginThrottle
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

from .conftest import FakeClock

SETTINGS = Settings(login_window=900, login_address_limit=20, login_account_limit=5)


def worker(store: Store, clock: FakeClock) -> LoginThrottle:
    """The throttle one server process builds: its own, over the shared store and secret."""
    return LoginThrottle(store.session, SETTINGS, Signer("one secret for every worker", clock))


def stored(store: Store) -> list[tuple[str, datetime]]:
    with store.session() as session:
        rows = session.execute(select(m.LoginFailure.key, m.LoginFailure.at))
        return [(key, at) for key, at in rows]


def refusal(throttle: LoginThrottle, address: str, name: str) -> KhabarError:
    with pytest.raises(KhabarError) as raised:
        throttle.attempt(address, name)
    assert raised.value.code is ErrorCode.LOGIN_THROTTLED
    return raised.value


@contextmanager
def failing_writes(store: Store) -> Iterator[None]:
    """The store refuses every write to `login_failure`, as a full or read-only one would."""

    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if (
            statement.lstrip()
            .upper()
            .startswith(("INSERT INTO LOGIN_FAILURE", "DELETE FROM LOGIN_FAILURE"))
        ):
            raise OperationalError(statement, None, Exception("database or disk is full"))

    event.listen(store.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(store.engine, "before_cursor_execute", refuse)


def test_throttle_workers_and_a_restart_share_the_count(store: Store) -> None:
    clock = FakeClock()
    first, second = worker(store, clock), worker(store, clock)
    for n in range(3):
        first.attempt(f"198.51.100.{n}", "mod")
        clock.advance(60)
    for n in range(2):
        second.attempt(f"203.0.113.{n}", "MOD ")
        clock.advance(60)
    refused = refusal(first, "192.0.2.1", "mod")
    assert refused.retry_after == 900 - 5 * 60
    assert "for this name" in str(refused)
    restarted = worker(store, clock)
    assert refusal(restarted, "192.0.2.1", "mod").retry_after == 600
    restarted.attempt("192.0.2.1", "other")
    assert len(stored(store)) == 2 * 6, "refused attempts take their rows back"


def test_throttle_attempts_in_flight_together_stay_within_the_limit(store: Store) -> None:
    """Sixteen guesses at one name at once, through two workers: they take turns at the
    name's count, so exactly the limit of them reach a password check, no more and not none."""
    clock = FakeClock()
    throttles = [worker(store, clock) for _ in range(2)]
    threads = 16
    start = threading.Barrier(threads)
    allowed: list[Attempt] = []
    refused: list[KhabarError] = []

    def guess(n: int) -> None:
        start.wait()
        try:
            allowed.append(throttles[n % 2].attempt(f"198.51.100.{n}", "mod"))
        except KhabarError as error:
            refused.append(error)

    running = [threading.Thread(target=guess, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert len(allowed) + len(refused) == threads
    assert len(allowed) == SETTINGS.login_account_limit
    assert {error.code for error in refused} == {ErrorCode.LOGIN_THROTTLED}
    assert len(stored(store)) == 2 * len(allowed), "the refused left no rows"
    refusal(throttles[1], "192.0.2.1", "mod")


def test_throttle_expired_failures_are_deleted(store: Store) -> None:
    """An attempt deletes every row that left the window, whoever's; only keyed hashes remain."""
    clock = FakeClock()
    throttle = worker(store, clock)
    for _ in range(5):
        throttle.attempt("198.51.100.7", "guess")
    refusal(throttle, "192.0.2.1", "guess")
    clock.advance(899)
    throttle.attempt("203.0.113.9", "another")
    assert len(stored(store)) == 12
    clock.advance(1)
    throttle.attempt("192.0.2.1", "guess")
    kept = stored(store)
    assert sorted(at for _, at in kept) == [clock.now - timedelta(seconds=1)] * 2 + [clock.now] * 2
    assert all(len(key) == 17 and "198.51" not in key and "guess" not in key for key, _ in kept)


def test_throttle_success_clears_the_name_not_the_address(store: Store) -> None:
    clock = FakeClock()
    throttle = worker(store, clock)
    for n in range(20):
        throttle.attempt("198.51.100.7", "mod" if n < 4 else f"guess{n}")
    assert "from your address" in str(refusal(throttle, "198.51.100.7", "other"))
    throttle.succeeded(throttle.attempt("203.0.113.9", "Mod"))
    assert len(stored(store)) == 2 * 20 - 4, "the name's rows and the right attempt's are gone"
    for _ in range(SETTINGS.login_account_limit):
        throttle.attempt("192.0.2.1", "mod")
    assert "from your address" in str(refusal(throttle, "198.51.100.7", "mod"))


def test_throttle_attempt_that_cannot_be_written_is_refused(store: Store) -> None:
    """Fail closed: uncounted, the attempt must not reach a password check, and says why."""
    throttle = worker(store, FakeClock())
    with failing_writes(store), pytest.raises(KhabarError) as raised:
        throttle.attempt("198.51.100.7", "mod")
    assert raised.value.code is ErrorCode.RATE_LIMITED
    assert raised.value.retry_after == 60
    assert "cannot be counted" in str(raised.value)
    assert stored(store) == []
    throttle.attempt("198.51.100.7", "mod")
