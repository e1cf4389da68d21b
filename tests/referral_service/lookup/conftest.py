"""Fixtures of the staff lookup tests: the real scheme data, a fake Rasa, a staff login."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, session

from referral_service.auth import hash_password, log_in
from referral_service.catalogue.files import read_data
from referral_service.extensions import db
from referral_service.models import User

from ..conftest import REPO, Databases, make_app
from . import fake_rasa

PASSWORD = "lang-genoeg-wachtwoord-1"
USERS = {"balie": "staff", "redactie": "editor", "beheer": "admin"}


@pytest.fixture(scope="session")
def rasa_server() -> Iterator[fake_rasa.FakeRasa]:
    """One fake Rasa for the whole session."""
    with fake_rasa.running() as fake:
        yield fake


@pytest.fixture
def rasa(rasa_server: fake_rasa.FakeRasa, lookup_app: Flask) -> Iterator[fake_rasa.FakeRasa]:
    """The fake Rasa, reset, with the app pointing at it."""
    rasa_server.reset()
    lookup_app.config["RASA_URL"] = rasa_server.url
    yield rasa_server
    rasa_server.reset()


@pytest.fixture
def rasa_down(lookup_app: Flask) -> Iterator[str]:
    """The app pointing at a closed loopback port."""
    url = fake_rasa.closed_port_url()
    lookup_app.config["RASA_URL"] = url
    return url


def add_users(app: Flask) -> None:
    """One active user per role, password PASSWORD."""
    with app.app_context():
        for name, role in USERS.items():
            db.session.add(User(username=name, password_hash=hash_password(PASSWORD), role=role))
        db.session.commit()


@pytest.fixture(scope="session")
def lookup_app(databases: Databases, rasa_server: fake_rasa.FakeRasa) -> Iterator[Flask]:
    """An app over the real data/regelingen (crisis lines, local services) with staff users."""
    app = make_app(databases.new_url())
    app.config.update(RASA_URL=rasa_server.url, RASA_JWT_SECRET=fake_rasa.SECRET)
    with app.app_context():
        db.create_all()
        from referral_service.catalogue.load import load_into

        load_into(db.session, read_data(REPO / "data" / "regelingen"))
        db.session.remove()
    add_users(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def session_of(app: Flask, username: str) -> dict[str, Any]:
    """The session contents after `username` logs in (through auth.log_in)."""
    with app.test_request_context("/"), app.app_context():
        user = db.session.get(User, username)
        assert user is not None
        log_in(user)
        data = dict(session)
        db.session.remove()
    return data


def logged_in(app: Flask, username: str) -> Any:
    """A test client with a session of `username` and its CSRF token as `client.csrf`."""
    client = app.test_client()
    with client.session_transaction() as sess:
        sess.update(session_of(app, username))
        sess["csrf"] = f"csrf-{username}"
    client.csrf = f"csrf-{username}"  # type: ignore[attr-defined]
    return client


@pytest.fixture
def staff(lookup_app: Flask) -> Any:
    """Client logged in as staff."""
    return logged_in(lookup_app, "balie")


@pytest.fixture
def lookup(staff: Any, rasa: fake_rasa.FakeRasa) -> Any:
    """POST /api/v1/lookup as staff with the CSRF header; returns the response."""

    def post(question: Any = None, place: Any = None, **extra: Any) -> Any:
        body = {"question": question, "place": place} | extra
        return staff.post("/api/v1/lookup", json=body, headers={"X-CSRF-Token": staff.csrf})

    return post
