"""Login throttling in the database: shared by workers, per address and per account, no admin lock-out."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from referral_service.extensions import db
from referral_service.models import LoginAttempt, utcnow
from referral_service.throttle import LoginThrottle

from .admin import conftest as admin_fixtures
from .admin.conftest import Browser
from .conftest import make_app

admin_app = admin_fixtures.admin_app
sqlite_template = admin_fixtures.sqlite_template
WRONG = "fout-wachtwoord-123"


def from_address(app: Flask, address: str) -> Browser:
    """A browser whose requests come from `address`."""
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser


def test_failures_in_one_worker_block_the_others(admin_app: Flask) -> None:
    other_worker = make_app(admin_app.config["SQLALCHEMY_DATABASE_URI"])
    for _ in range(5):
        assert from_address(admin_app, "192.0.2.1").login("redactie", WRONG).status_code == 401
    assert from_address(other_worker, "192.0.2.1").login("redactie").status_code == 429
    with other_worker.app_context():
        db.engine.dispose()


def test_one_address_guessing_many_names_is_blocked_there_only(admin_app: Flask) -> None:
    for n in range(20):
        assert from_address(admin_app, "192.0.2.2").login(f"naam-{n // 4}", WRONG).status_code == 401
    assert from_address(admin_app, "192.0.2.2").login("balie").status_code == 429
    assert from_address(admin_app, "192.0.2.3").login("balie").status_code == 302


def test_guessing_from_many_addresses_never_locks_the_admin_out(admin_app: Flask) -> None:
    assert from_address(admin_app, "198.51.100.7").login("beheer").status_code == 302  # the admin's desk
    for n in range(5):
        for _ in range(4):  # under the per-address limit, 20 failures on the account in all
            assert from_address(admin_app, f"203.0.113.{n}").login("beheer", WRONG).status_code == 401
    assert from_address(admin_app, "203.0.113.99").login("beheer").status_code == 429
    assert from_address(admin_app, "198.51.100.7").login("beheer").status_code == 302


def test_addresses_and_names_are_stored_only_as_keyed_hashes(admin_app: Flask) -> None:
    from_address(admin_app, "192.0.2.4").login("redactie", WRONG)
    with admin_app.app_context():
        rows = db.session.scalars(db.select(LoginAttempt)).all()
    assert len(rows) == 1
    assert "192.0.2.4" not in rows[0].address
    assert "redactie" not in rows[0].account


@pytest.mark.parametrize(("age_minutes", "blocked"), [(4, True), (6, False)])
def test_failures_count_within_the_window(admin_app: Flask, age_minutes: int, blocked: bool) -> None:
    with admin_app.app_context():
        throttle = LoginThrottle(db.session, "geheim")
        for _ in range(5):
            throttle.failed("redactie", "192.0.2.5")
        old = utcnow() - dt.timedelta(minutes=age_minutes)
        db.session.execute(db.update(LoginAttempt).values(at=old))
        db.session.commit()
        assert throttle.blocked("Redactie ", "192.0.2.5") is blocked
        assert not throttle.blocked("balie", "192.0.2.5")
