"""One secret for the app, and the signed values made from it.

Every signed value names its purpose (the itsdangerous salt), so a session id can never be
replayed as an edit token or a form timestamp. Expiry is checked against an injected clock
rather than itsdangerous' own, so tests can move time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from khabar.store import models as m

Clock = Callable[[], datetime]
KEY_ROW = "signing"


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything khabar writes is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def stored_secret(session: Session, clock: Clock = utcnow) -> str:
    """The generated key in `app_secret`, created on first use; a concurrent first start that
    loses the insert race reads the winner's key."""
    found = session.get(m.AppSecret, KEY_ROW)
    if found is not None:
        return found.value
    value = secrets.token_urlsafe(48)
    session.add(m.AppSecret(name=KEY_ROW, value=value, created_at=clock()))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.get_one(m.AppSecret, KEY_ROW).value
    return value


class Signer:
    """Signs and checks purpose-scoped, time-stamped values, and makes keyed hashes."""

    def __init__(self, secret: str | Callable[[], str], clock: Clock = utcnow) -> None:
        """`secret` may be a function, called once on first use: the app can then be built
        before its database is migrated."""
        self._secret = secret
        self.clock = clock

    @property
    def secret(self) -> str:
        return self.resolve()

    def resolve(self) -> str:
        """The secret, fetching or generating it if that has not happened yet."""
        if not isinstance(self._secret, str):
            self._secret = self._secret()
        return self._secret

    def sign(self, purpose: str, value: Any) -> str:
        stamp = self.clock().timestamp()
        return str(URLSafeSerializer(self.secret, salt=purpose).dumps([value, stamp]))

    def unsign(self, purpose: str, token: str, max_age: float) -> tuple[Any, float] | None:
        """(value, age in seconds) when `token` is genuine, for `purpose`, and not older than
        `max_age`; None otherwise."""
        try:
            value, stamp = URLSafeSerializer(self.secret, salt=purpose).loads(token)
            age = self.clock().timestamp() - float(stamp)
        except (BadSignature, TypeError, ValueError):
            return None
        if not 0 <= age <= max_age:
            return None
        return value, age

    def keyed_hash(self, purpose: str, value: str) -> str:
        """A hash nobody without the secret can reverse by guessing (emails, IP addresses)."""
        key = hashlib.sha256(f"{purpose}:{self.secret}".encode()).digest()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
