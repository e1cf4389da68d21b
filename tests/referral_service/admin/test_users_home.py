"""/admin/users: an admin sets the home municipality that a staff member's lookups use."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from referral_service.admin import users as _users  # noqa: F401  (registers /admin/users, see the report)
from referral_service.extensions import db
from referral_service.models import User

from .conftest import Browser


@pytest.fixture
def admin(browser_for: Any) -> Browser:
    """Logged in as admin 'beheer'."""
    return browser_for("beheer")


def home_of(app: Flask, username: str) -> str | None:
    with app.app_context():
        user = db.session.get(User, username)
        assert user is not None
        home = user.home_municipality
        db.session.remove()
    return home


def test_the_list_shows_every_account_with_a_choice_of_municipality(admin: Browser) -> None:
    page = admin.get("/admin/users").get_data(as_text=True)
    for username in ("balie", "redactie", "beheer"):
        assert '<label for="home-' in page
        assert f"Standaardgemeente van {username}" in page
    assert '<option value="GM0307">Amersfoort (GM0307)</option>' in page


def test_an_admin_sets_and_clears_a_home_municipality(admin: Browser, admin_app: Flask) -> None:
    admin.token_from(admin.get("/admin/users").get_data(as_text=True))
    response = admin.post("/admin/users/balie/home", {"home_municipality": "GM0307"})
    assert response.status_code == 302
    assert home_of(admin_app, "balie") == "GM0307"
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "De standaardgemeente van balie is opgeslagen." in page
    assert '<option value="GM0307" selected>' in page
    assert admin.post("/admin/users/balie/home", {"home_municipality": ""}).status_code == 302
    assert home_of(admin_app, "balie") is None


@pytest.mark.parametrize("code", ["GM9999", "Amersfoort", "gm0307", "GM0307'; --"])
def test_an_unknown_municipality_is_refused(admin: Browser, admin_app: Flask, code: str) -> None:
    admin.token_from(admin.get("/admin/users").get_data(as_text=True))
    response = admin.post("/admin/users/balie/home", {"home_municipality": code})
    assert response.status_code == 400
    assert "Kies een gemeente uit de lijst." in response.get_data(as_text=True)
    assert home_of(admin_app, "balie") is None


def test_an_unknown_account_is_a_404(admin: Browser) -> None:
    admin.token_from(admin.get("/admin/users").get_data(as_text=True))
    assert admin.post("/admin/users/niemand/home", {"home_municipality": "GM0307"}).status_code == 404


@pytest.mark.parametrize("username", ["balie", "redactie"])
def test_only_admins_see_or_change_accounts(browser_for: Any, admin_app: Flask, username: str) -> None:
    browser = browser_for(username)
    assert browser.get("/admin/users").status_code == 403
    browser.token_from(browser.get("/admin/password").get_data(as_text=True))
    assert browser.post("/admin/users/balie/home", {"home_municipality": "GM0307"}).status_code == 403
    assert home_of(admin_app, "balie") is None


def test_a_change_without_the_csrf_token_is_refused(admin: Browser, admin_app: Flask) -> None:
    response = admin.client.post("/admin/users/balie/home", data={"home_municipality": "GM0307"})
    assert response.status_code == 400
    assert home_of(admin_app, "balie") is None
