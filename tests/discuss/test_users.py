"""Accounts, login sessions and the `khabar users` commands, on both backends."""

from __future__ import annotations

import threading
import time

import pytest
from httpx import Response
from sqlalchemy import select
from typer.testing import CliRunner

from khabar.cli import app
from khabar.discuss import users
from khabar.discuss.users import authenticate
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.app import create_app
from khabar.web.discussion import COOKIE

from ..web.web_testclient import TestClient
from .conftest import Site
from .test_comments import add_moderator
from .test_throttle import failing_writes

runner = CliRunner()


def session_ids(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(m.LoginSession.id)))


def test_users_login_sets_httponly_samesite_cookie_and_rotates_session(site: Site) -> None:
    password = add_moderator(site.store)
    form = {"name": "mod", "password": password, "next": "/moderation"}
    first = site.client.post("/login", data=form, follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/moderation"
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie
    first_ids = session_ids(site.store)
    assert len(first_ids) == 1
    assert first_ids[0] not in cookie

    second = site.client.post("/login", data=form, follow_redirects=False)
    second_ids = session_ids(site.store)
    assert len(second_ids) == 1
    assert second_ids != first_ids
    assert second.headers["set-cookie"] != cookie
    assert site.client.get("/moderation").status_code == 200

    site.client.post("/logout")
    assert session_ids(site.store) == []
    assert site.client.get("/moderation", follow_redirects=False).status_code == 303


def test_users_login_over_https_sets_secure_cookie(site: Site) -> None:
    password = add_moderator(site.store)
    with TestClient(site.client.app, base_url="https://testserver") as client:  # type: ignore[arg-type]
        response = client.post(
            "/login", data={"name": "mod", "password": password}, follow_redirects=False
        )
    assert "Secure" in response.headers["set-cookie"]


def test_users_wrong_password_or_forged_cookie_is_refused(site: Site) -> None:
    add_moderator(site.store)
    wrong = site.client.post("/login", data={"name": "mod", "password": "wrong password!"})
    assert wrong.status_code == 401
    assert "Wrong name or password" in wrong.text
    unknown = site.client.post("/login", data={"name": "nobody", "password": "whatever123"})
    assert unknown.status_code == 401
    site.client.cookies.set(COOKIE, "forged.value")
    assert site.client.get("/moderation.json").status_code == 401


def test_users_session_expires(site: Site) -> None:
    password = add_moderator(site.store)
    site.client.post("/login", data={"name": "mod", "password": password})
    assert site.client.get("/moderation.json").status_code == 200
    site.clock.advance(12 * 3600 + 1)
    assert site.client.get("/moderation.json").status_code == 401


def test_users_cli_stores_argon2_hashes_not_passwords(store_url: str) -> None:
    password = "a long enough password"  # noqa: S105
    added = runner.invoke(
        app,
        [
            "--db",
            store_url,
            "users",
            "add",
            "amira",
            "--role",
            "analyst",
            "--email",
            "amira@example.org",
            "--password-stdin",
        ],
        input=password + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "amira@example.org" not in added.output
    store = Store.open(store_url)
    with store.session() as session:
        user = session.scalars(select(m.User)).one()
        first_hash = user.password_hash
    assert first_hash.startswith("$argon2id$")
    assert password not in first_hash
    assert user.role == "analyst"

    changed = runner.invoke(
        app,
        ["--db", store_url, "users", "passwd", "amira", "--password-stdin"],
        input="another long password\n",
    )
    assert changed.exit_code == 0, changed.output
    promoted = runner.invoke(app, ["--db", store_url, "users", "role", "amira", "moderator"])
    assert promoted.exit_code == 0, promoted.output
    bad_role = runner.invoke(app, ["--db", store_url, "users", "role", "amira", "king"])
    assert bad_role.exit_code == 2
    short = runner.invoke(
        app, ["--db", store_url, "users", "passwd", "amira", "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 2
    assert "at least 10 characters" in short.output
    with store.session() as session:
        user = session.scalars(select(m.User)).one()
        actions = list(session.scalars(select(m.AuditLog.action).order_by(m.AuditLog.id)))
        audit_text = str([(a.before, a.after) for a in session.scalars(select(m.AuditLog))])
    store.engine.dispose()
    assert user.role == "moderator"
    assert user.password_hash != first_hash
    assert user.password_hash.startswith("$argon2id$")
    assert actions == ["create", "password", "role"]
    assert "$argon2" not in audit_text
    assert "amira@example.org" not in audit_text


def test_users_secret_key_is_generated_once_and_kept(store: Store) -> None:
    from khabar.settings import Settings

    create_app(store, Settings())
    create_app(store, Settings())
    with store.session() as session:
        keys = list(session.scalars(select(m.AppSecret.value)))
    assert len(keys) == 1
    assert len(keys[0]) >= 40


def test_users_generated_password_is_printed_once_and_works(store_url: str) -> None:
    args = ["--db", store_url, "users", "add", "admin", "--role", "admin"]
    args += ["--email", "admin@localhost", "--generate-password", "--exists-ok"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    (line,) = [row for row in first.output.splitlines() if "shown once" in row]
    password = line.rsplit(": ", 1)[1].strip()
    assert len(password) >= 16
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "already exists" in again.output
    assert password not in again.output
    store = Store.open(store_url)
    try:
        with store.session() as session:
            user = authenticate(session, "admin", password)
            assert user.role == "admin"
            assert user.password_hash != password
    finally:
        store.engine.dispose()


def try_login(client: TestClient, name: str, password: str) -> Response:
    data = {"name": name, "password": password}
    return client.post("/login", data=data, follow_redirects=False)


def test_users_failed_logins_are_throttled_per_account(site: Site) -> None:
    """Guessing one account's password from many addresses stops after five failures; then
    even the right password waits, so a throttled guess cannot be confirmed. Unknown names
    are throttled alike, so the answer tells nothing about which accounts exist."""
    password = add_moderator(site.store)
    add_moderator(site.store, "other")
    app = site.client.app
    for n, spelling in enumerate(["mod", "mod", "MOD", " mod", "Mod"]):
        with TestClient(app, client=(f"198.51.100.{n}", 40000)) as guesser:  # type: ignore[arg-type]
            assert try_login(guesser, spelling, "wrong password!").status_code == 401
    site.clock.advance(60)
    refused = try_login(site.client, "mod", password)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "840"
    assert "login_throttled" in refused.text
    assert "Too many failed logins for this name; try again in 14 minutes." in refused.text
    assert "set-cookie" not in refused.headers
    assert try_login(site.client, "other", password).status_code == 303
    for _ in range(5):
        assert try_login(site.client, "ghost", "whatever123").status_code == 401
    assert try_login(site.client, "ghost", "whatever123").status_code == 429
    site.clock.advance(840)
    assert try_login(site.client, "mod", password).status_code == 303


def test_users_failed_logins_are_throttled_per_address(site: Site) -> None:
    """One address trying many names is stopped after twenty failures; other addresses are
    not, and only truncated keyed hashes of addresses and names are kept."""
    password = add_moderator(site.store)
    for n in range(20):
        assert try_login(site.client, f"guess{n}", "wrong password!").status_code == 401
        site.clock.advance(10)
    refused = try_login(site.client, "mod", password)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "700"
    assert "from your address" in refused.text
    with TestClient(site.client.app, client=("203.0.113.9", 40000)) as other:  # type: ignore[arg-type]
        assert try_login(other, "mod", password).status_code == 303
    with site.store.session() as session:
        kept = set(session.scalars(select(m.LoginFailure.key)))
    assert len(kept) == 21
    assert all(len(key) == 17 and "testclient" not in key and "guess" not in key for key in kept)


def test_users_login_is_paused_not_broken_when_failures_cannot_be_counted(site: Site) -> None:
    """A store refusing the throttle's writes answers every login 429 before any password
    check: a wrong password is no 500, and a right one is not told apart from it."""
    password = add_moderator(site.store)
    with failing_writes(site.store):
        for guess in ("wrong password!", password):
            refused = try_login(site.client, "mod", guess)
            assert refused.status_code == 429
            assert refused.headers["retry-after"] == "60"
            assert "rate_limited" in refused.text
            assert "cannot be counted" in refused.text
            assert "set-cookie" not in refused.headers
    assert try_login(site.client, "mod", password).status_code == 303


def test_users_simultaneous_guesses_get_no_more_password_checks_than_the_limit(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten guesses at one name at once, each password check slow as argon2 can be: no more
    than the limit of five are checked (all ten may be refused, when all are written before
    any is counted)."""
    add_moderator(site.store)
    checked: list[str] = []

    def slow_check(session: object, name: str, password: str) -> m.User:
        checked.append(name)
        time.sleep(0.5)
        return authenticate(session, name, password)  # type: ignore[arg-type]

    monkeypatch.setattr(users, "authenticate", slow_check)
    guesses = 10
    start = threading.Barrier(guesses)
    answers: list[int] = []

    def guess(n: int) -> None:
        with TestClient(site.client.app, client=(f"198.51.100.{n}", 40000)) as guesser:  # type: ignore[arg-type]
            start.wait()
            answers.append(try_login(guesser, "mod", "wrong password!").status_code)

    running = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert len(answers) == guesses
    assert set(answers) <= {401, 429}
    assert len(checked) == answers.count(401) <= 5
