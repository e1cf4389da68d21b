"""The staff member's home municipality: used by the lookup when the caller names none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from referral_service.auth import hash_password
from referral_service.extensions import db
from referral_service.models import User

from . import fake_rasa
from .conftest import PASSWORD, logged_in

AMERSFOORT = {"code": "GM0307", "name": "Amersfoort"}


def set_home(app: Flask, username: str, code: str | None) -> None:
    """Make `username` a staff account with this home municipality."""
    with app.app_context():
        user = db.session.get(User, username)
        if user is None:
            user = User(username=username, password_hash=hash_password(PASSWORD), role="staff")
            db.session.add(user)
        user.home_municipality = code
        db.session.commit()
        db.session.remove()


@pytest.fixture
def home_lookup(lookup_app: Flask, rasa: fake_rasa.FakeRasa) -> Iterator[Any]:
    """POST /api/v1/lookup as a staff member whose home municipality is `home` (a code or None)."""

    def post(question: str, place: str | None = None, home: str | None = "GM0307") -> dict[str, Any]:
        set_home(lookup_app, "balie-thuis", home)
        client = logged_in(lookup_app, "balie-thuis")
        response = client.post(
            "/api/v1/lookup", json={"question": question, "place": place}, headers={"X-CSRF-Token": client.csrf}
        )
        assert response.status_code == 200
        return response.get_json()

    yield post
    set_home(lookup_app, "balie-thuis", None)


def test_a_question_without_a_place_gets_the_home_municipality(home_lookup: Any) -> None:
    body = home_lookup("Ik heb schulden")
    assert body["triage"]["municipality"] == AMERSFOORT
    assert body["place"]["source"] == "home"
    assert body["place"]["matched_by"] == "home_municipality"
    assert "GM0307" in [r["municipality_code"] for r in body["referrals"]]


@pytest.mark.parametrize(
    ("question", "place", "code", "source"),
    [
        ("Ik woon in Drachten en heb schulden", None, "GM0090", "question"),
        ("Ik heb schulden", "Drachten", "GM0090", "place"),
        ("Ik heb schulden", "9203 AB", "GM0090", "place"),
    ],
)
def test_a_place_the_caller_names_wins(
    home_lookup: Any, question: str, place: str | None, code: str, source: str
) -> None:
    body = home_lookup(question, place)
    assert body["triage"]["municipality"]["code"] == code
    assert body["place"]["source"] == source


def test_an_ambiguous_place_is_asked_not_replaced_by_the_home_municipality(home_lookup: Any) -> None:
    body = home_lookup("Ik woon in Bergen en heb schulden")
    assert body["triage"]["municipality"] is None
    assert len(body["place"]["candidates"]) >= 2


def test_a_place_box_the_resolver_does_not_know_stays_unknown(home_lookup: Any) -> None:
    body = home_lookup("Ik heb schulden", "Narnia")
    assert body["triage"]["municipality"] is None


@pytest.mark.parametrize("home", [None, "GM9999"], ids=["not set", "unknown code"])
def test_without_a_known_home_municipality_it_stays_unknown(home_lookup: Any, home: str | None) -> None:
    body = home_lookup("Ik heb schulden", home=home)
    assert body["triage"]["municipality"] is None
    assert body["place"]["source"] == "question"


def test_the_page_says_which_municipality_is_used(lookup_app: Flask) -> None:
    set_home(lookup_app, "balie-thuis", "GM0307")
    try:
        page = logged_in(lookup_app, "balie-thuis").get("/staff/").get_data(as_text=True)
    finally:
        set_home(lookup_app, "balie-thuis", None)
    assert "Dan zoeken we in Amersfoort, uw standaardgemeente." in page
    assert "uw standaardgemeente" not in logged_in(lookup_app, "balie").get("/staff/").get_data(as_text=True)
