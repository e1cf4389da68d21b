"""Tests for small talk, out of scope, hand-off and fallback actions."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallback, ActionHandoff, ActionOutOfScope, ActionSmallTalk
from tests.actions.conftest import make_tracker, parsed, responses_of, triage_of


def run_action(action: Action, dispatcher: CollectingDispatcher, message: dict, **slots: object) -> list:
    return asyncio.run(action.run(dispatcher, make_tracker(message, **slots), {}))


@pytest.mark.parametrize(("text", "intent", "response"), [
    ("hallo", "greet", "utter_greet"),
    ("dank je wel", "thank", "utter_thanks"),
    ("doei", "goodbye", "utter_goodbye"),
    ("ben jij een robot?", "bot_challenge", "utter_iamabot"),
    ("ja", "affirm", "utter_ask_question"),
])
def test_small_talk(dispatcher: CollectingDispatcher, text: str, intent: str, response: str) -> None:
    run_action(ActionSmallTalk(), dispatcher, parsed(text, intent))
    assert responses_of(dispatcher) == [response]
    assert triage_of(dispatcher)["need"] is None


def test_out_of_scope(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionOutOfScope(), dispatcher, parsed("wat voor weer wordt het", "out_of_scope", 0.88))
    triage = triage_of(dispatcher)
    assert triage["need"] == "out_of_scope"
    assert triage["confidence"] == pytest.approx(0.88)


def test_handoff_sets_flag(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionHandoff(), dispatcher, parsed("ik wil een mens", "human_handoff"), need="schuldhulp")
    triage = triage_of(dispatcher)
    assert triage["handoff"] is True
    assert triage["need"] == "schuldhulp"


def test_fallback_asks_back_then_offers_a_person(dispatcher: CollectingDispatcher) -> None:
    first = run_action(ActionFallback(), dispatcher, parsed("blablabla", "nlu_fallback", 0.2))
    assert responses_of(dispatcher) == ["utter_ask_rephrase"]
    assert first == [SlotSet("fallback_count", 1.0)]
    second = CollectingDispatcher()
    run_action(ActionFallback(), second, parsed("qwerty", "nlu_fallback", 0.2), fallback_count=1.0)
    assert responses_of(second) == ["utter_offer_human"]
