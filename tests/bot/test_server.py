"""bot/components/server.py: the cached validator and event lookup answer exactly as Rasa does."""
from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasa")

from components import server
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses

ORIGINAL = RemoteAction._validate_action_result
RASA_RESOLVE = Event.resolve_by_type

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


def test_install_replaces_the_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(RASA_RESOLVE))
    server.install()
    assert RemoteAction._validate_action_result is server.validate_action_result
    assert Event.resolve_by_type is server.resolve_event_type
    assert Event.from_parameters({"event": "action", "name": "action_listen"}) == ActionExecuted("action_listen")


@pytest.mark.parametrize("cls", all_subclasses(Event), ids=lambda cls: cls.__name__)
def test_event_lookup_finds_what_rasa_finds(cls: type[Event]) -> None:
    assert server.resolve_event_type(cls.type_name) is RASA_RESOLVE(cls.type_name)
    assert server.resolve_event_type(cls.type_name) is RASA_RESOLVE(cls.type_name)  # from the cache


def test_event_lookup_of_an_unknown_name_answers_like_rasa() -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        server.resolve_event_type("no_such_event")
    assert server.resolve_event_type("no_such_event", UserUttered) is UserUttered
    assert server.resolve_event_type("topic") is None


def test_event_lookup_finds_a_class_defined_after_a_miss() -> None:
    assert server.resolve_event_type("steunwijzer_test_event", UserUttered) is UserUttered

    class LateEvent(UserUttered):
        type_name = "steunwijzer_test_event"

    assert server.resolve_event_type("steunwijzer_test_event") is LateEvent


def test_validator_is_built_once() -> None:
    assert server.response_validator() is server.response_validator()
