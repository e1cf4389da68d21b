"""`flask users ensure-admin|add|list|deactivate`: first-run admin without a default password."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.security import check_password_hash, generate_password_hash

from referral_service.extensions import db
from referral_service.models import User

from ..conftest import Databases, make_app
from .conftest import Browser


@pytest.fixture
def fresh_app(databases: Databases) -> Iterator[Flask]:
    """An empty schema without users."""
    app = make_app(databases.new_url())
    with app.app_context():
        db.create_all()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def user(app: Flask, name: str) -> User | None:
    with app.app_context():
        found = db.session.get(User, name)
        db.session.expunge_all()
        return found


def test_one_time_password_once_then_forced_change(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(args=["users", "ensure-admin"])
    assert first.exit_code == 0, first.output
    match = re.search(r"one-time password for user 'admin': (\S+)", first.output)
    assert match
    one_time = match.group(1)
    admin = user(fresh_app, "admin")
    assert admin is not None
    assert admin.role == "admin"
    assert admin.must_change_password
    assert one_time not in admin.password_hash
    assert check_password_hash(admin.password_hash, one_time)
    second = runner.invoke(args=["users", "ensure-admin"])
    assert one_time not in second.output
    assert "password" not in second.output.lower().replace("/", "")
    assert "an admin account exists" in second.output
    # The first login must change the password before anything else.
    browser = Browser(fresh_app)
    assert browser.login("admin", one_time).headers["Location"] == "/admin/password"
    assert browser.get("/admin/").headers["Location"] == "/admin/password"
    browser.form("/admin/password")
    new = "mijn-eigen-wachtwoord-1"
    assert browser.post("/admin/password", {"current": one_time, "new": new, "repeat": new}).status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_admin_from_environment(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USERNAME", "gemeente-beheer")
    monkeypatch.setenv("ADMIN_PASSWORD", "uit-de-omgeving-123")
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(args=["users", "ensure-admin"])
    assert result.exit_code == 0
    assert "uit-de-omgeving-123" not in result.output
    admin = user(fresh_app, "gemeente-beheer")
    assert admin is not None
    assert admin.role == "admin"
    assert not admin.must_change_password
    stamp = admin.password_hash
    assert "unchanged" in runner.invoke(args=["users", "ensure-admin"]).output
    unchanged = user(fresh_app, "gemeente-beheer")
    assert unchanged is not None
    assert unchanged.password_hash == stamp, "no re-hash: sessions survive make db"
    monkeypatch.setenv("ADMIN_PASSWORD", "kort")
    assert runner.invoke(args=["users", "ensure-admin"]).exit_code != 0


def change_by_admin(app: Flask, name: str, password: str) -> str:
    """What an admin does in the app: a new password, then the account deactivated; the new hash."""
    with app.app_context():
        found = db.session.get(User, name)
        assert found is not None
        found.password_hash, found.active = generate_password_hash(password, method="pbkdf2:sha256:1000"), False
        db.session.commit()
        return found.password_hash


@pytest.mark.parametrize("from_env", [True, False], ids=["ADMIN_USERNAME", "one-time"])
def test_ensure_admin_never_resets_or_reactivates(
    fresh_app: Flask, monkeypatch: pytest.MonkeyPatch, from_env: bool
) -> None:
    name = "gemeente-beheer" if from_env else "admin"
    if from_env:
        monkeypatch.setenv("ADMIN_USERNAME", name)
        monkeypatch.setenv("ADMIN_PASSWORD", "uit-de-omgeving-123")
    else:
        monkeypatch.delenv("ADMIN_USERNAME", raising=False)
        monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["users", "ensure-admin"]).exit_code == 0
    changed_hash = change_by_admin(fresh_app, name, "door-de-beheerder-gekozen")
    again = runner.invoke(args=["users", "ensure-admin"])
    assert again.exit_code == 0, again.output
    assert len(again.output.strip().splitlines()) == 1
    assert "one-time" not in again.output
    kept = user(fresh_app, name)
    assert kept is not None
    assert kept.password_hash == changed_hash
    assert not kept.active


def test_ensure_admin_leaves_an_existing_non_admin_alone(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USERNAME", "redactie")
    monkeypatch.setenv("ADMIN_PASSWORD", "uit-de-omgeving-123")
    with fresh_app.app_context():
        db.session.add(User(username="redactie", password_hash="x", role="editor", active=False))
        db.session.commit()
    result = fresh_app.test_cli_runner().invoke(args=["users", "ensure-admin"])
    assert result.output.strip() == (
        "account 'redactie' exists (editor, inactive); password and active flag left unchanged"
    )
    kept = user(fresh_app, "redactie")
    assert kept is not None
    assert (kept.password_hash, kept.role, kept.active) == ("x", "editor", False)


def test_add_user_reads_the_password_from_stdin(fresh_app: Flask) -> None:
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(
        args=["users", "add", "redactie", "--role", "editor", "--password-stdin"], input="een-goed-wachtwoord\n"
    )
    assert result.exit_code == 0, result.output
    assert "een-goed-wachtwoord" not in result.output
    found = user(fresh_app, "redactie")
    assert found is not None
    assert found.role == "editor"
    assert runner.invoke(args=["users", "add", "redactie", "--password-stdin"], input="x" * 20 + "\n").exit_code != 0
    short = runner.invoke(args=["users", "add", "balie", "--role", "staff", "--password-stdin"], input="kort\n")
    assert short.exit_code != 0
    assert user(fresh_app, "balie") is None
    listing = runner.invoke(args=["users", "list"]).output
    assert "redactie\teditor\tactive" in listing
    assert "$" not in listing


def test_add_user_from_env_and_deactivate(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEW_USER_PASSWORD", "wachtwoord-uit-env")
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["users", "add", "balie", "--role", "staff"]).exit_code == 0
    assert runner.invoke(args=["users", "add", "Niet Goed"]).exit_code != 0
    assert runner.invoke(args=["users", "deactivate", "balie"]).exit_code == 0
    found = user(fresh_app, "balie")
    assert found is not None
    assert not found.active
