"""Fixtures of the discussion tests: a store with one event, a movable clock and a client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.app import create_app

from ..web.web_testclient import TestClient

START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
EMAIL = "secret.person@example.org"


@dataclass
class FakeClock:
    now: datetime = field(default=START)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Site:
    client: TestClient
    clock: FakeClock
    store: Store
    event_id: int

    @property
    def page(self) -> str:
        return f"/events/{self.event_id}"

    def form_token(self) -> str:
        html = self.client.get(self.page).text
        found = re.search(r'name="form_token" value="([^"]+)"', html)
        assert found, "the event page has a comment form"
        return found.group(1)

    def post(
        self, body: str = "A fair point.", wait: float = 10.0, **fields: str
    ) -> dict[str, object]:
        """Post through the JSON twin `wait` seconds after loading the page; returns the JSON
        body with the status code added."""
        token = fields.pop("form_token", None) or self.form_token()
        self.clock.advance(wait)
        data = {"name": "Reader", "email": EMAIL, "body": body, "form_token": token, **fields}
        response = self.client.post(f"{self.page}/comments.json", data=data)
        result: dict[str, object] = response.json()
        result["status_code"] = response.status_code
        return result


def add_event(store: Store) -> int:
    with store.session() as session, session.begin():
        event = m.Event(
            event_type="Explosions/Remote violence",
            sub_event_type="Suicide bomb",
            gtd_attack_type="Bombing/Explosion",
            curation_status="unreviewed",
            merge_rule="single",
            created_at=START,
        )
        session.add(event)
        session.flush()
        return event.id


def make_site(store: Store, **settings: object) -> Iterator[Site]:
    clock = FakeClock()
    event_id = add_event(store)
    app = create_app(store, Settings(**settings), clock=clock)  # type: ignore[arg-type]
    with TestClient(app) as client:
        yield Site(client, clock, store, event_id)


@pytest.fixture
def site(store: Store) -> Iterator[Site]:
    """Moderation on, as by default."""
    yield from make_site(store)


@pytest.fixture
def open_site(store: Store) -> Iterator[Site]:
    """Moderation off: comments appear at once."""
    yield from make_site(store, moderate_new_authors=False)
