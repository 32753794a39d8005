"""Fixtures of the web tests: the sample store (see `web_sample`) and a client over it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.app import create_app

from .browser_support import chromium
from .web_sample import Sample, add_sample
from .web_testclient import TestClient

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def sample(store: Store) -> Sample:
    return add_sample(store)


@pytest.fixture
def client(store: Store, sample: Sample) -> Iterator[TestClient]:
    with TestClient(create_app(store, Settings())) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test: Playwright's sync API runs one event loop per
    thread, so a second `sync_playwright()` beside a live one fails."""
    with chromium() as launched:
        yield launched
