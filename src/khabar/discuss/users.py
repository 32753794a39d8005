"""Accounts and sign-in: argon2 password hashes and server-side login sessions.

A session lives in `login_session`; the browser holds only its id, signed. Logging in always
makes a new id (a planted cookie is never promoted to a signed-in one) and logging out deletes
the row, so a copied cookie stops working.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from khabar.discuss.signing import Clock, as_utc, utcnow
from khabar.errors import ErrorCode, KhabarError
from khabar.store import audit
from khabar.store import models as m

ROLES = ("analyst", "moderator", "admin")
MODERATORS = frozenset({"moderator", "admin"})
MIN_PASSWORD = 10

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise KhabarError(
            ErrorCode.BAD_ARGUMENT, f"Role {role!r} is not one of {', '.join(ROLES)}."
        )
    return role


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        message = f"A password needs at least {MIN_PASSWORD} characters."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message)
    return password


def _public(user: m.User) -> dict[str, Any]:
    """What the audit log records about a user: no email, no hash."""
    return {"name": user.name, "role": user.role}


def get_user(session: Session, name: str) -> m.User:
    found = session.scalar(select(m.User).where(m.User.name == name))
    if found is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"User {name!r}")
    return found


def add_user(
    session: Session, *, name: str, email: str, role: str, password: str, who: str
) -> m.User:
    name = name.strip()
    if not name or session.scalar(select(m.User.id).where(m.User.name == name)) is not None:
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"The name {name!r} is empty or taken.")
    user = m.User(
        name=name,
        email=email.strip(),
        role=_check_role(role),
        password_hash=_hasher.hash(_check_password(password)),
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    audit.append(
        session, who=who, action="create", entity="user", entity_id=user.id, after=_public(user)
    )
    return user


def set_password(session: Session, name: str, password: str, who: str) -> None:
    """New password; every session of the user ends with the old one."""
    user = get_user(session, name)
    user.password_hash = _hasher.hash(_check_password(password))
    session.execute(delete(m.LoginSession).where(m.LoginSession.user_id == user.id))
    audit.append(session, who=who, action="password", entity="user", entity_id=user.id)


def set_role(session: Session, name: str, role: str, who: str) -> None:
    user = get_user(session, name)
    before = _public(user)
    user.role = _check_role(role)
    audit.append(
        session,
        who=who,
        action="role",
        entity="user",
        entity_id=user.id,
        before=before,
        after=_public(user),
    )


def authenticate(session: Session, name: str, password: str) -> m.User:
    user = session.scalar(select(m.User).where(m.User.name == name.strip()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError) as exc:
        raise KhabarError(ErrorCode.LOGIN_FAILED) from exc
    if user is None:
        raise KhabarError(ErrorCode.LOGIN_FAILED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def start_session(
    session: Session, user: m.User, hours: int, old_id: str | None, clock: Clock = utcnow
) -> str:
    """A fresh session id for `user`, ending the session the browser had before, if any."""
    if old_id:
        end_session(session, old_id)
    now = clock()
    sid = secrets.token_urlsafe(32)
    session.add(
        m.LoginSession(
            id=sid, user_id=user.id, created_at=now, expires_at=now + timedelta(hours=hours)
        )
    )
    return sid


def end_session(session: Session, sid: str) -> None:
    session.execute(delete(m.LoginSession).where(m.LoginSession.id == sid))


def session_user(session: Session, sid: str, clock: Clock = utcnow) -> m.User | None:
    found = session.get(m.LoginSession, sid)
    if found is None or as_utc(found.expires_at) <= clock():
        return None
    return found.user
