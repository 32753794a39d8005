"""Fixtures of the web tests: the sample store (see `web_sample`) and a client over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.app import create_app

from .web_sample import Sample, add_sample
from .web_testclient import TestClient


@pytest.fixture
def sample(store: Store) -> Sample:
    return add_sample(store)


@pytest.fixture
def client(store: Store, sample: Sample) -> Iterator[TestClient]:
    with TestClient(create_app(store, Settings())) as test_client:
        yield test_client
