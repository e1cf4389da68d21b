"""Fixtures of the admin tests: a fresh database with the fixture data and one user per role."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from referral_service.extensions import db

from ..conftest import Databases, fill_with_users, make_app

PASSWORD = "een-lang-wachtwoord-42"
# One cheap hash for every test user (the app's own hashes are scrypt, slow on purpose).
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
USERS = {"balie": "staff", "redactie": "editor", "beheer": "admin"}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def fill(url: str, data_dir: Path) -> None:
    """Create the schema, load the fixture data and add the users."""
    fill_with_users(url, data_dir, USERS, PASSWORD_HASH)


@pytest.fixture(scope="session")
def sqlite_template(databases: Databases, data_dir: Path) -> Path | None:
    """On SQLite, one loaded database file that each test copies (loading takes a second)."""
    if databases.backend != "sqlite":
        return None
    url = databases.new_url()
    fill(url, data_dir)
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture
def admin_app(databases: Databases, data_dir: Path, sqlite_template: Path | None) -> Iterator[Flask]:
    """A fresh, loaded database per test (the tests write), with users balie/redactie/beheer."""
    url = databases.new_url()
    if sqlite_template is not None:
        shutil.copyfile(sqlite_template, url.removeprefix("sqlite:///"))
    else:
        fill(url, data_dir)
    app = make_app(url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Browser:
    """A test client that logs in through the form and keeps the CSRF token."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()
        self.csrf = ""

    def token_from(self, html: str) -> str:
        """Remember the CSRF token of a page."""
        match = CSRF_RE.search(html)
        assert match, "page has no CSRF token"
        self.csrf = match.group(1)
        return self.csrf

    def login(self, username: str, password: str = PASSWORD) -> Any:
        """Log in through /admin/login."""
        self.token_from(self.client.get("/admin/login").get_data(as_text=True))
        response = self.client.post(
            "/admin/login", data={"username": username, "password": password, "csrf_token": self.csrf}
        )
        with self.client.session_transaction() as session:
            self.csrf = session.get("csrf", self.csrf)  # a login starts a new session with a new token
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        """GET a page."""
        return self.client.get(path, **kwargs)

    def form(self, path: str) -> dict[str, Any]:
        """The current values of the edit form on `path` (inputs, textareas, checked boxes and radios)."""
        html = self.get(path).get_data(as_text=True)
        self.token_from(html)
        return parse_form(html)

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        """POST a form with the CSRF token."""
        return self.client.post(path, data={"csrf_token": self.csrf, **data}, **kwargs)


def parse_form(html: str) -> dict[str, Any]:
    """A tiny form reader: enough for our own templates."""
    import html as html_lib

    values: dict[str, Any] = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        text = html_lib.unescape(value.group(1)) if value else ""
        if kind and kind.group(1) in ("checkbox", "radio"):
            if " checked" in tag:
                if kind.group(1) == "checkbox":
                    values.setdefault(name.group(1), []).append(text)
                else:
                    values[name.group(1)] = text
            continue
        values.setdefault(name.group(1), text)
    for name, text in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = html_lib.unescape(text)
    return values


@pytest.fixture
def browser_for(admin_app: Flask) -> Any:
    """Make a logged-in Browser for a username."""

    def make(username: str) -> Browser:
        browser = Browser(admin_app)
        assert browser.login(username).status_code == 302
        return browser

    return make


@pytest.fixture
def editor(browser_for: Any) -> Browser:
    """Logged in as editor 'redactie'."""
    return browser_for("redactie")
