"""POST /api/v1/signals: the bearer token, precise errors, one count per turn, redacted texts kept 30 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from referral_service.extensions import db
from referral_service.models import SignalCount, UnclassifiedMessage
from referral_service.signals.record import add_unclassified

from .conftest import TODAY, WRITE_TOKEN

TURN = {
    "need": "schuldhulp",
    "municipality_code": "GM0090",
    "crisis": None,
    "asked_person": False,
    "local_referral_found": True,
    "asked_back": False,
    "out_of_scope": False,
}


def post(app: Flask, body: Any, token: str | None = WRITE_TOKEN) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.test_client().post("/api/v1/signals", json=body, headers=headers)


def counts() -> list[tuple[Any, ...]]:
    return [tuple(r) for r in db.session.execute(select(SignalCount.day, SignalCount.need, SignalCount.count))]


def test_two_turns_are_one_row_counted_twice_without_text_or_sender(app: Flask) -> None:
    assert post(app, TURN).status_code == 204
    assert post(app, TURN).status_code == 204
    assert counts() == [(TODAY, "schuldhulp", 2)]
    assert db.session.scalar(select(func.count()).select_from(UnclassifiedMessage)) == 0
    assert set(SignalCount.__table__.columns.keys()).isdisjoint({"text", "sender", "sender_id", "time"})


@pytest.mark.parametrize(
    ("token", "configured"), [(None, WRITE_TOKEN), ("wrong-token-0123456789", WRITE_TOKEN), (WRITE_TOKEN, None)]
)
def test_without_the_right_token_nothing_is_counted(app: Flask, token: str | None, configured: str | None) -> None:
    app.config["SIGNALS_TOKEN"] = configured
    response = post(app, TURN, token)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert counts() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"need": "gokken"}, "'need' is not a known need"),
        ({"need": "Schuld hulp"}, "'need' must be a need id"),
        ({"municipality_code": "GM9999"}, "not a current municipality"),
        ({"municipality_code": "Drachten"}, "must look like GM0090"),
        ({"crisis": "sad"}, "'crisis' must be one of"),
        ({"asked_back": 1}, "'asked_back' must be true or false, got int"),
        ({"sender": "abc"}, "unknown field(s): sender"),
        ({"need": None, "asked_back": True, "out_of_scope": True}, "cannot both be true"),
        ({"asked_back": True}, "'need' must be null"),
        ({"text": "ik heb schulden"}, "'text' is only kept when"),
        ({"need": None, "out_of_scope": True, "text": " "}, "must not be blank"),
        ({"need": None, "out_of_scope": True, "text": "x" * 501}, "longer than 500"),
    ],
)
def test_a_wrong_body_gets_a_precise_400(app: Flask, change: dict[str, Any], message: str) -> None:
    response = post(app, TURN | change)
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]
    assert counts() == []


@pytest.mark.parametrize("body", [[], "x", {"need": None}])
def test_a_body_of_the_wrong_shape_is_refused(app: Flask, body: Any) -> None:
    response = post(app, body)
    assert response.status_code == 400
    assert (
        "must be a JSON object" in response.get_json()["error"]["message"]
        or "missing field" in (response.get_json()["error"]["message"])
    )


def test_not_json_is_refused(app: Flask) -> None:
    response = app.test_client().post(
        "/api/v1/signals", data="need=x", headers={"Authorization": f"Bearer {WRITE_TOKEN}"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("reason", ["asked_back", "out_of_scope"])
def test_the_text_of_an_unplaced_turn_is_kept(app: Flask, reason: str) -> None:
    body = TURN | {"need": None, "local_referral_found": False, reason: True, "text": "mijn [BSN] klopt niet "}
    assert post(app, body).status_code == 204
    kept = db.session.scalars(select(UnclassifiedMessage)).one()
    assert (kept.day, kept.reason, kept.text, kept.demo) == (TODAY, reason, "mijn [BSN] klopt niet", False)


def test_a_write_purges_texts_older_than_30_days(app: Flask) -> None:
    for age in (29, 30, 45):
        day = TODAY - dt.timedelta(days=age)
        db.session.add(UnclassifiedMessage(day=day, reason="asked_back", text=f"{age} dagen"))
    db.session.commit()
    add_unclassified(db.session, "0 dagen", "out_of_scope", None)
    db.session.commit()
    left = sorted(db.session.scalars(select(UnclassifiedMessage.text)))
    assert left == ["0 dagen", "29 dagen"]  # the 30th day back is the 31st day kept: gone


def test_too_short_a_token_stops_the_start() -> None:
    from referral_service.signals import token_settings

    with pytest.raises(RuntimeError, match="SIGNALS_TOKEN is too short"):
        token_settings({}, {"SIGNALS_TOKEN": "short"})
    config: dict[str, Any] = {}
    token_settings(config, {})
    assert config == {"SIGNALS_TOKEN": None, "SIGNALS_READ_TOKEN": None}
