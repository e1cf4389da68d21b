"""Shared authentication: hashing, roles, session expiry, CSRF, login rate limit, first-run admin."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from flask import Flask

from referral_service.auth import (
    hash_password,
    login_required,
    role_at_least,
    safe_next,
    username_digest,
)
from referral_service.extensions import db
from referral_service.models import User

from .admin import conftest as admin_fixtures
from .admin.conftest import PASSWORD, Browser

admin_app = admin_fixtures.admin_app  # the admin tests' fixture: a fresh loaded database with users
sqlite_template = admin_fixtures.sqlite_template


def test_password_is_hashed_with_a_salt() -> None:
    first, second = hash_password("geheim-wachtwoord"), hash_password("geheim-wachtwoord")
    assert first.startswith("scrypt:")
    assert "geheim" not in first
    assert first != second


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        ("admin", "editor", True),
        ("admin", "staff", True),
        ("editor", "editor", True),
        ("editor", "admin", False),
        ("staff", "editor", False),
        ("staff", "staff", True),
        (None, "staff", False),
        ("root", "staff", False),
    ],
)
def test_role_hierarchy(role: str | None, needed: str, allowed: bool) -> None:
    assert role_at_least(role, needed) is allowed


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/admin/", "/admin/"), ("/staff/?q=x", "/staff/?q=x"), ("//evil.example", None), ("https://evil.example/", None),
     ("/\\evil", None), ("", None), (None, None)],
)  # fmt: skip
def test_next_is_never_an_open_redirect(target: str | None, safe: str | None) -> None:
    assert safe_next(target) == safe


def test_login_required_defaults_to_staff_and_takes_the_lowest_role() -> None:
    @login_required("admin", "editor")
    def view() -> str:
        return "ok"

    assert view.__name__ == "view"


def test_login_and_logout(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    response = browser.login("redactie")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    cookie = browser.client.get_cookie("steunwijzer_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert browser.post("/admin/logout", {}).status_code == 302
    assert browser.get("/admin/").status_code == 302


@pytest.mark.parametrize("path", ["/staff/", "/admin/"])
def test_a_copied_cookie_stops_working_after_logout(admin_app: Flask, path: str) -> None:
    browser = Browser(admin_app)
    browser.login("beheer")
    assert browser.get(path).status_code == 200
    copied = browser.client.get_cookie("steunwijzer_session")
    assert copied is not None
    assert browser.post("/admin/logout", {}).status_code == 302
    replay = admin_app.test_client()
    replay.set_cookie("steunwijzer_session", copied.value)
    response = replay.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
    # A new login works again, and the earlier cookie stays refused.
    assert Browser(admin_app).login("beheer").status_code == 302
    assert replay.get(path).status_code == 302


def test_wrong_password_is_refused_in_dutch_and_not_logged(
    admin_app: Flask, caplog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alembic's fileConfig (an earlier migration test) disables loggers that already exist.
    monkeypatch.setattr(logging.getLogger("referral_service.admin.login"), "disabled", False)
    caplog.set_level(logging.INFO)
    browser = Browser(admin_app)
    response = browser.login("redactie", "fout-wachtwoord-123")
    assert response.status_code == 401
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.get_data(as_text=True)
    unknown = browser.login("onbekende-naam", "fout-wachtwoord-123")
    assert unknown.status_code == 401
    assert "fout-wachtwoord" not in caplog.text
    assert "onbekende-naam" not in caplog.text
    assert username_digest("onbekende-naam") in caplog.text


def test_failed_logins_are_rate_limited(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    for _ in range(5):
        assert browser.login("redactie", "fout-wachtwoord-123").status_code == 401
    blocked = browser.login("redactie")  # even the right password waits now
    assert blocked.status_code == 429
    assert "Te veel mislukte pogingen" in blocked.get_data(as_text=True)
    assert Browser(admin_app).login("beheer").status_code == 302


def test_inactive_user_cannot_log_in_and_loses_session(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    browser.login("redactie")
    with admin_app.app_context():
        db.session.get(User, "redactie").active = False
        db.session.commit()
    assert browser.get("/admin/").status_code == 302
    assert Browser(admin_app).login("redactie").status_code == 401


def test_post_without_csrf_token_is_refused(admin_app: Flask) -> None:
    client = admin_app.test_client()
    client.get("/admin/login")
    response = client.post("/admin/login", data={"username": "redactie", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
    wrong = client.post("/admin/login", data={"username": "redactie", "password": PASSWORD, "csrf_token": "x"})
    assert wrong.status_code == 400


def test_json_post_with_session_needs_the_csrf_header(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    browser.login("redactie")
    response = browser.client.post("/admin/logout", json={})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"
    ok = browser.client.post("/admin/logout", json={}, headers={"X-CSRF-Token": browser.csrf})
    assert ok.status_code == 302


def test_api_without_session_needs_no_csrf_token(admin_app: Flask) -> None:
    # The bot's action server posts without cookies; a missing route gives 404/405, never the CSRF 400.
    response = admin_app.test_client().post("/api/v1/health")
    assert response.status_code == 405


def test_session_expires_when_idle(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    browser.login("redactie")
    with browser.client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    response = browser.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login?next=/admin/" in response.headers["Location"]


def test_session_lifetime_follows_config(admin_app: Flask) -> None:
    assert admin_app.config["SESSION_MINUTES"] == 30
    assert admin_app.permanent_session_lifetime.total_seconds() == 30 * 60
    assert admin_app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert admin_app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_session_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import make_app

    monkeypatch.setenv("SESSION_MINUTES", "5")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    app = make_app("sqlite://")
    assert app.permanent_session_lifetime.total_seconds() == 300
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_password_change_ends_other_sessions(admin_app: Flask) -> None:
    first, second = Browser(admin_app), Browser(admin_app)
    first.login("redactie")
    second.login("redactie")
    second.form("/admin/password")
    new = "nog-een-langer-wachtwoord"
    response = second.post("/admin/password", {"current": PASSWORD, "new": new, "repeat": new})
    assert response.status_code == 302
    assert first.get("/admin/").status_code == 302
    assert second.get("/admin/").status_code == 200


def test_password_change_errors_in_dutch(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    browser.login("redactie")
    browser.form("/admin/password")
    response = browser.post("/admin/password", {"current": "fout", "new": "kort", "repeat": "anders"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Het huidige wachtwoord klopt niet." in body
    assert "minstens 12 tekens" in body
    assert "niet gelijk" in body


def test_next_page_after_login(admin_app: Flask) -> None:
    browser = Browser(admin_app)
    response = browser.get("/admin/stale")
    assert response.headers["Location"] == "/admin/login?next=/admin/stale"
    browser.token_from(browser.get(response.headers["Location"]).get_data(as_text=True))
    done = browser.post("/admin/login", {"username": "redactie", "password": PASSWORD, "next": "/admin/stale"})
    assert done.headers["Location"] == "/admin/stale"


def test_chat_needs_no_login(admin_app: Flask) -> None:
    assert admin_app.test_client().get("/").status_code == 200
    assert admin_app.test_client().get("/api/v1/answers/tozo").status_code == 200
