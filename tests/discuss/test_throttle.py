"""The login throttle's counts in the store: shared by workers, kept across restarts, and
bounded to one window's worth of rows; on both backends."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from khabar.discuss.signing import Signer
from khabar.discuss.throttle import LoginThrottle
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
        throttle.check(address, name)
    assert raised.value.code is ErrorCode.LOGIN_THROTTLED
    return raised.value


def test_throttle_workers_and_a_restart_share_the_count(store: Store) -> None:
    clock = FakeClock()
    first, second = worker(store, clock), worker(store, clock)
    for n in range(3):
        first.failed(f"198.51.100.{n}", "mod")
        clock.advance(60)
    for n in range(2):
        second.failed(f"203.0.113.{n}", "MOD ")
        clock.advance(60)
    refused = refusal(first, "192.0.2.1", "mod")
    assert refused.retry_after == 900 - 5 * 60
    assert "for this name" in str(refused)
    restarted = worker(store, clock)
    assert refusal(restarted, "192.0.2.1", "mod").retry_after == 600
    restarted.check("192.0.2.1", "other")


def test_throttle_failures_at_the_same_moment_all_count(store: Store) -> None:
    """Workers failing at once each insert their rows: no count is read and written back."""
    clock = FakeClock()
    throttles = [worker(store, clock) for _ in range(2)]
    threads, rounds = 8, 5
    start = threading.Barrier(threads)

    def guess(n: int) -> None:
        start.wait()
        for _ in range(rounds):
            throttles[n % 2].failed(f"198.51.100.{n}", "mod")

    running = [threading.Thread(target=guess, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert len(stored(store)) == 2 * threads * rounds
    refusal(throttles[1], "192.0.2.1", "mod")


def test_throttle_expired_failures_are_deleted(store: Store) -> None:
    """A failure deletes every row that left the window, whoever's; only keyed hashes remain."""
    clock = FakeClock()
    throttle = worker(store, clock)
    for _ in range(5):
        throttle.failed("198.51.100.7", "guess")
    refusal(throttle, "192.0.2.1", "guess")
    clock.advance(899)
    throttle.failed("203.0.113.9", "another")
    assert len(stored(store)) == 12
    clock.advance(1)
    throttle.check("192.0.2.1", "guess")
    throttle.failed("203.0.113.9", "another")
    kept = stored(store)
    assert sorted(at for _, at in kept) == [clock.now - timedelta(seconds=1)] * 2 + [clock.now] * 2
    assert all(len(key) == 17 and "198.51" not in key and "guess" not in key for key, _ in kept)


def test_throttle_success_clears_the_name_not_the_address(store: Store) -> None:
    clock = FakeClock()
    throttle = worker(store, clock)
    for n in range(20):
        throttle.failed("198.51.100.7", "mod" if n < 5 else f"guess{n}")
    refusal(throttle, "203.0.113.9", "mod")
    throttle.succeeded("Mod")
    throttle.check("203.0.113.9", "mod")
    assert "from your address" in str(refusal(throttle, "198.51.100.7", "mod"))
