"""bot/components/server.py: the cached validator judges action replies exactly as Rasa does."""
from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasa")

from components import server
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

ORIGINAL = RemoteAction._validate_action_result

VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "need", "value": "tozo"}],
     "responses": [{"text": "Tozo is gestopt."}, {"custom": {"triage": {"need": "tozo"}}}]},
    {"events": [{"event": "action", "name": "action_listen"}, {"event": "followup", "name": "utter_greet"}]},
    {},
]
INVALID: list[dict[str, Any]] = [
    {"events": "slot"},
    {"events": [{"name": "need"}]},
    {"events": [{"event": "slot"}]},
    {"responses": "hallo"},
    {"responses": ["hallo"]},
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_answer_need", None)


@pytest.mark.parametrize("result", VALID)
def test_valid_replies_pass_like_in_rasa(action: RemoteAction, result: dict[str, Any]) -> None:
    assert ORIGINAL(action, result) is True
    assert server.validate_action_result(action, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_replies_fail_like_in_rasa(action: RemoteAction, result: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as rasa_error:
        ORIGINAL(action, result)
    with pytest.raises(ValidationError) as ours:
        server.validate_action_result(action, result)
    assert ours.value.message == rasa_error.value.message


def test_install_replaces_the_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    server.install()
    assert RemoteAction._validate_action_result is server.validate_action_result


def test_validator_is_built_once() -> None:
    assert server.response_validator() is server.response_validator()
