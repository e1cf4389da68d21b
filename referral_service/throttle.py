"""Login throttling shared by all workers: failed logins are counted in the database.

Our own code because Flask-Limiter has no SQL storage, and the database is the one store every
deployment shares between workers (SQLite under `make run`, PostgreSQL in compose).
Three limits over a sliding window:
- one account from one client address (the usual case: a mistyped password, a guesser);
- one address over all accounts (someone trying many names);
- one account over all addresses, except from an address where that account logged in
  successfully before, so guessing from elsewhere never locks the admin out of their own desk.
Usernames and addresses are stored only as keyed hashes: both are personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, delete, func, select

from .extensions import DbSession, db
from .models import LoginAttempt, utcnow


@dataclass(frozen=True)
class Limits:
    """How many failures within `window` block a login, and how long a successful address stays trusted."""

    per_account_address: int = 5
    per_address: int = 20
    per_account: int = 20
    window: dt.timedelta = dt.timedelta(minutes=5)
    trust: dt.timedelta = dt.timedelta(days=30)


class LoginThrottle:
    """Counts failed logins per account, per address and per pair, in the shared database."""

    def __init__(self, session_: DbSession, secret: str, limits: Limits | None = None) -> None:
        self.session, self.secret, self.limits = session_, secret.encode(), limits or Limits()

    def _key(self, value: str) -> str:
        # Keyed, so the small space of IPv4 addresses cannot be hashed back.
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()[:32]

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return self._key("user:" + username.strip().lower()), self._key("addr:" + address)

    def _failures(self, *where: ColumnElement[Any]) -> int:
        since = utcnow() - self.limits.window
        query = select(func.count()).select_from(LoginAttempt).where(~LoginAttempt.ok, LoginAttempt.at > since)
        return int(self.session.scalar(query.where(*where)) or 0)

    def _trusted(self, account: str, address: str) -> bool:
        since = utcnow() - self.limits.trust
        query = select(LoginAttempt.id).where(LoginAttempt.ok, LoginAttempt.at > since)
        return (
            self.session.scalar(query.where(LoginAttempt.account == account, LoginAttempt.address == address).limit(1))
            is not None
        )

    def blocked(self, username: str, address: str) -> bool:
        """True when this login attempt must wait."""
        account, addr = self._keys(username, address)
        pair = (LoginAttempt.account == account, LoginAttempt.address == addr)
        if self._failures(*pair) >= self.limits.per_account_address:
            return True
        if self._failures(LoginAttempt.address == addr) >= self.limits.per_address:
            return True
        return self._failures(LoginAttempt.account == account) >= self.limits.per_account and not self._trusted(
            account, addr
        )

    def failed(self, username: str, address: str) -> None:
        """Record one failed attempt and drop rows nobody needs any more."""
        account, addr = self._keys(username, address)
        now = utcnow()
        self.session.execute(delete(LoginAttempt).where(~LoginAttempt.ok, LoginAttempt.at <= now - self.limits.window))
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - self.limits.trust))
        self.session.add(LoginAttempt(account=account, address=addr, ok=False, at=now))
        self.session.commit()

    def succeeded(self, username: str, address: str) -> None:
        """Forget this pair's failures and trust this address for this account."""
        account, addr = self._keys(username, address)
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.account == account, LoginAttempt.address == addr))
        self.session.add(LoginAttempt(account=account, address=addr, ok=True, at=utcnow()))
        self.session.commit()


def throttle() -> LoginThrottle:
    """The login throttle of this app, on the request's database session."""
    return LoginThrottle(db.session, str(current_app.config["SECRET_KEY"]))
