"""Fixtures of the signals tests: a loaded database per test, users of every role, tokens, a fixed day."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from referral_service.extensions import db
from referral_service.signals import record
from referral_service.signals.record import Signal, add_signal

from ..conftest import Databases, fill_with_users, make_app

PASSWORD = "een-lang-wachtwoord-42"
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
USERS = {"balie": "staff", "redactie": "editor", "beheer": "admin", "analist": "analyst"}
WRITE_TOKEN = "write-token-0123456789abcdef"
READ_TOKEN = "read-token-0123456789abcdef"
# A Wednesday: the last ended week is 2026-11-30 .. 2026-12-06.
TODAY = dt.date(2026, 12, 9)
LAST_WEEK = dt.date(2026, 11, 30)


def fill(url: str, data_dir: Path) -> None:
    """Create the schema, load the fixture data and add the users."""
    fill_with_users(url, data_dir, USERS, PASSWORD_HASH)


@pytest.fixture(scope="session")
def sqlite_template(databases: Databases, data_dir: Path) -> Path | None:
    """On SQLite, one loaded database file that each test copies (loading takes seconds)."""
    if databases.backend != "sqlite":
        return None
    url = databases.new_url()
    fill(url, data_dir)
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture
def app(
    databases: Databases, data_dir: Path, sqlite_template: Path | None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """A fresh loaded database with one user per role, both tokens set, and `today` fixed to TODAY."""
    monkeypatch.setattr(record, "today", lambda: TODAY)
    for module in ("aggregate", "views", "demo"):
        monkeypatch.setattr(f"referral_service.signals.{module}.today", lambda: TODAY)
    url = databases.new_url()
    if sqlite_template is not None:
        shutil.copyfile(sqlite_template, url.removeprefix("sqlite:///"))
    else:
        fill(url, data_dir)
    application = make_app(url)
    application.config.update(SIGNALS_TOKEN=WRITE_TOKEN, SIGNALS_READ_TOKEN=READ_TOKEN)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def login(app: Flask, username: str) -> FlaskClient:
    """A client logged in as `username` through /admin/login."""
    import re

    client = app.test_client()
    html = client.get("/admin/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    response = client.post(
        "/admin/login", data={"username": username, "password": PASSWORD, "csrf_token": match.group(1)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def add(signal: Signal, day: dt.date, times: int) -> None:
    """Count `signal` `times` times on `day` and commit."""
    for _ in range(times):
        add_signal(db.session, signal, day)
    db.session.commit()
