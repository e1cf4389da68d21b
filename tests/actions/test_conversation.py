"""Tests for action_triage (rule-answered turns) and action_fallback."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallback, ActionTriage, turn_need
from tests.actions.conftest import make_tracker, parsed, triage_of


def run_action(action: Action, dispatcher: CollectingDispatcher, message: dict, **slots: object) -> list:
    return asyncio.run(action.run(dispatcher, make_tracker(message, **slots), {}))


@pytest.mark.parametrize(("text", "intent"), [
    ("hallo", "greet"),
    ("dank je wel", "thank"),
    ("doei", "goodbye"),
    ("ben jij een robot?", "bot_challenge"),
    ("ja", "affirm"),
    ("weet ik niet", "dont_know"),
])
def test_small_talk_has_null_need(dispatcher: CollectingDispatcher, text: str, intent: str) -> None:
    events = run_action(ActionTriage(), dispatcher, parsed(text, intent, 0.9))
    found = triage_of(dispatcher)
    assert found["need"] is None
    assert found["confidence"] == pytest.approx(0.9)
    assert found["handoff"] is False
    # Also closes an open municipality_form.
    assert events == [SlotSet("answer_state", "idle"), ActiveLoop(None), SlotSet("requested_slot", None)]
    assert [m for m in dispatcher.messages if m.get("text") or m.get("response")] == []


def test_out_of_scope(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionTriage(), dispatcher, parsed("wat voor weer wordt het", "out_of_scope", 0.88))
    assert triage_of(dispatcher)["need"] == "out_of_scope"


def test_small_talk_carries_the_known_municipality(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionTriage(), dispatcher, parsed("bedankt", "thank"),
               municipality_code="GM0090", municipality_name="Smallingerland")
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}


@pytest.mark.parametrize(("intent", "expected"), [
    ("out_of_scope", "out_of_scope"),
    ("greet", None),
    ("bot_challenge", None),
])
def test_turn_need(intent: str, expected: str | None) -> None:
    assert turn_need(intent) == expected


def test_fallback_asks_back_then_offers_a_person(dispatcher: CollectingDispatcher) -> None:
    first = run_action(ActionFallback(), dispatcher, parsed("blablabla", "nlu_fallback", 0.2))
    assert first == [SlotSet("answer_state", "rephrase")]
    triage_of(dispatcher)
    second = run_action(ActionFallback(), CollectingDispatcher(), parsed("qwerty", "nlu_fallback", 0.2),
                        answer_state="rephrase")
    assert second == [SlotSet("answer_state", "offer_human")]  # leaves an open form open
