"""Tests for action_answer_need: relayed texts, triage, municipality question, degraded mode."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.needs import ActionAnswerNeed
from tests.actions.conftest import SMALLINGERLAND, FakeClient, make_tracker, parsed, triage_of


def run_action(dispatcher: CollectingDispatcher, client: FakeClient, message: dict, **slots: object) -> list:
    action = ActionAnswerNeed()
    action.client = client  # type: ignore[assignment]
    return asyncio.run(action.run(dispatcher, make_tracker(message, **slots), {}))


def test_tozo_answer_is_relayed_with_triage(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("Kan ik nog Tozo aanvragen?", "tozo", 0.91))
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0].startswith("De Tozo is gestopt")
    triage = triage_of(dispatcher)
    assert triage["need"] == "tozo"
    assert triage["scheme_status"] == {"tozo": "ended", "bbz": "active"}
    assert triage["confidence"] == pytest.approx(0.91)
    assert triage["crisis"] is None
    assert triage["handoff"] is False
    assert set(triage["referrals"][0]) == {"id", "name", "phone", "url", "municipality_code"}
    assert SlotSet("need", "tozo") in events


def test_asks_municipality_once(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("tozo terugbetalen", "tozo"))
    assert SlotSet("answer_state", "ask_municipality") in events
    assert SlotSet("municipality_asked", True) in events  # the rules then open municipality_form


def test_does_not_ask_again(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("tozo terugbetalen", "tozo"), municipality_asked=True)
    assert SlotSet("answer_state", "answered") in events
    assert ActiveLoop(None) in events  # a new question closes an open municipality_form


def test_known_municipality_is_passed_on(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient()
    run_action(dispatcher, client, parsed("tozo", "tozo"), municipality_code="GM0090",
               municipality_name="Smallingerland")
    assert ("answer", ("tozo", "GM0090")) in client.calls
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}


def test_place_in_the_question_is_resolved(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(resolved={"result": SMALLINGERLAND, "candidates": []})
    entities = [{"entity": "town", "value": "Drachten", "start": 20, "end": 28}]
    events = run_action(dispatcher, client, parsed("tozo terugbetalen in Drachten", "tozo", entities=entities))
    assert ("answer", ("tozo", "GM0090")) in client.calls
    assert SlotSet("municipality_code", "GM0090") in events


def test_degraded_mode_hands_over_to_the_domain_answer(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(down=True), parsed("Kan ik nog Tozo aanvragen?", "tozo"))
    assert SlotSet("answer_state", "degraded") in events
    assert SlotSet("need", "tozo") in events  # the degraded response is chosen by this slot
    assert triage_of(dispatcher)["need"] == "tozo"
    assert [m for m in dispatcher.messages if m.get("text")] == []


def test_need_from_slot_after_button(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient()
    run_action(dispatcher, client, parsed("/affirm", "affirm"), need="tozo")
    assert client.calls[-1] == ("answer", ("tozo", None))


def test_no_need_leaves_the_question_to_the_rules(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("hallo", "greet"))
    assert SlotSet("answer_state", "idle") in events
    assert triage_of(dispatcher)["need"] is None
