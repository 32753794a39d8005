"""What the browser tests share: an app served by uvicorn on 127.0.0.1 and Debian's Chromium.

Playwright drives /usr/bin/chromium (never a downloaded browser). Without it the tests skip,
except under CI=true, where a missing browser fails them.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from khabar.discuss.users import add_user
from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser

    from khabar.pipeline import Analyser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
EXPECT_TIMEOUT_MS = 30_000
"""How long an `expect` waits for the page to reach what it asserts. Playwright's 5 s default
was passed now and then on a busy two-core runner (Swagger UI parsing the whole description,
the map drawing its markers after a filter); a page that never gets there still fails."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"  # noqa: S105 - the test accounts'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def add_account(store: Store, name: str, role: str) -> None:
    with store.session() as session, session.begin():
        add_user(
            session,
            name=name,
            email=f"{name}@localhost",
            role=role,
            password=PASSWORD,
            who="browser test",
        )


@contextmanager
def serving(
    store: Store,
    settings: Settings,
    analyser: Analyser | None = None,
    http: type[asyncio.Protocol] | None = None,
) -> Iterator[tuple[str, FastAPI]]:
    """The app over `store` on a free local port: its base URL and the app itself (whose
    `state` holds the CSP report counts); `http` is the protocol class, uvicorn's choice by
    default."""
    app = create_app(store, settings, analyser=analyser)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), http=http or "auto", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing; install Debian's chromium package (`make chromium`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true needs the browser tests)")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
