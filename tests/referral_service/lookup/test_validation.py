"""Bad input to POST /api/v1/lookup: 400 with a precise message that never echoes the value."""

from __future__ import annotations

from typing import Any

import pytest

from referral_service.errors import ApiError
from referral_service.lookup.validation import LookupRequest, parse_request


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "'question' is required"),
        ({"question": None}, "'question' is required"),
        ({"question": ""}, "'question' must not be empty"),
        ({"question": "   \n\t "}, "'question' must not be empty"),
        ({"question": "x" * 501}, "'question' is longer than 500 characters"),
        ({"question": 42}, "'question' must be a string or null, got int"),
        ({"question": ["Tozo"]}, "'question' must be a string or null, got list"),
        ({"question": True}, "'question' must be a string or null, got bool"),
        ({"question": "Tozo", "place": 9203}, "'place' must be a string or null, got int"),
        ({"question": "Tozo", "place": "Drachten" * 30}, "'place' is longer than 200 characters"),
        ({"question": "Tozo", "need": "Tozo!"}, "'need' must be a need id matching [a-z0-9_]+"),
        ({"question": "Tozo", "need": 3}, "'need' must be a string or null, got int"),
        ({"question": "Tozo", "gemeente": "Drachten"}, "unknown field(s): gemeente; allowed: question, place, need"),
        (["Tozo"], "the body must be a JSON object"),
        ("Kan ik nog Tozo aanvragen?", "the body must be a JSON object"),
        (None, "the body must be a JSON object"),
    ],
)
def test_bad_bodies(body: Any, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_request(body)
    assert caught.value.status == 400
    assert caught.value.message.startswith(message)


def test_good_body_is_trimmed_and_blank_place_is_none() -> None:
    got = parse_request({"question": "  Kan ik nog Tozo aanvragen? ", "place": "  ", "need": None})
    assert got == LookupRequest("Kan ik nog Tozo aanvragen?", None, None)


def test_limits_are_inclusive() -> None:
    assert parse_request({"question": "é" * 500, "place": "p" * 200}).place == "p" * 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question": ""}, "'question' must not be empty"),
        ({"question": "x" * 501}, "'question' is longer than 500 characters"),
        ({"question": "Geheime vraag", "place": 12}, "'place' must be a string or null, got int"),
        ({"question": "Tozo", "need": ""}, "'need' must be a need id matching [a-z0-9_]+"),
    ],
)
def test_api_answers_400_json(lookup: Any, body: dict[str, Any], message: str) -> None:
    response = lookup(**body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["status"], error["code"]) == (400, "bad_request")
    assert error["message"] == message
    assert "Geheime" not in response.get_data(as_text=True)


def test_api_answers_404_json_for_an_unknown_need(lookup: Any) -> None:
    # Well-formed but unknown, as /api/v1/referrals?need=... answers it (the OpenAPI contract).
    response = lookup(question="Geheime vraag", need="bestaat_niet")
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": "unknown need 'bestaat_niet'",
    }
    assert "Geheime" not in response.get_data(as_text=True)


def test_api_rejects_non_json(staff: Any) -> None:
    response = staff.post(
        "/api/v1/lookup",
        data="question=Tozo",
        headers={"X-CSRF-Token": staff.csrf, "Accept": "application/json"},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Content-Type: application/json" in response.get_json()["error"]["message"]


def test_api_rejects_broken_json(staff: Any) -> None:
    response = staff.post(
        "/api/v1/lookup", data='{"question": ', headers={"X-CSRF-Token": staff.csrf}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "the body is not valid JSON"
