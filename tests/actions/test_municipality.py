"""Tests for action_set_municipality: resolved, ambiguous, unknown, declined, service down."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.municipality import PLACE_SLOT, ActionSetMunicipality, candidate_buttons, place_text
from tests.actions.conftest import SMALLINGERLAND, FakeClient, make_tracker, parsed, triage_of


def run_action(dispatcher: CollectingDispatcher, client: FakeClient, message: dict, **slots: object) -> list:
    action = ActionSetMunicipality()
    action.client = client  # type: ignore[assignment]
    return asyncio.run(action.run(dispatcher, make_tracker(message, **slots), {}))


def test_town_gives_local_referrals(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(resolved={"result": SMALLINGERLAND, "candidates": []})
    events = run_action(dispatcher, client, parsed("Drachten", "inform_municipality"), need="tozo")
    assert ("answer", ("tozo", "GM0090")) in client.calls
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts == ["U kunt terecht bij: Geldfit 0800-8115"]
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}
    assert SlotSet("municipality_code", "GM0090") in events
    assert SlotSet("answer_state", "answered") in events


def test_municipality_without_pending_need(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(resolved={"result": SMALLINGERLAND, "candidates": []})
    events = run_action(dispatcher, client, parsed("ik woon in Drachten", "inform_municipality"))
    assert SlotSet("answer_state", "noted") in events
    assert SlotSet("municipality_name", "Smallingerland") in events
    assert triage_of(dispatcher)["need"] is None


def test_ambiguous_town_asks_with_buttons(dispatcher: CollectingDispatcher) -> None:
    candidates = [{"code": "GM0164", "name": "Hengelo (O.)", "province": "Overijssel"},
                  {"code": "GM0222", "name": "Bronckhorst", "province": "Gelderland"}]
    client = FakeClient(resolved={"result": None, "candidates": candidates})
    events = run_action(dispatcher, client, parsed("Hengelo", "inform_municipality"), need="schuldhulp")
    question = [m for m in dispatcher.messages if m.get("text")]
    assert len(question) == 1
    assert len(question[0]["buttons"]) == 2
    assert SlotSet("answer_state", "ambiguous") in events  # the rules reopen municipality_form


def test_unknown_place_asks_again_once(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("Atlantis", "inform_municipality"), need="tozo")
    assert SlotSet("answer_state", "unknown_place") in events
    client = FakeClient()
    again = run_action(CollectingDispatcher(), client, parsed("Narnia", "inform_municipality"), need="tozo",
                       answer_state="unknown_place")
    assert SlotSet("answer_state", "answered") in again
    assert ("answer", ("tozo", None)) in client.calls  # second unknown place: national referrals


@pytest.mark.parametrize(("text", "intent"), [("weet ik niet", "dont_know"), ("zeg ik liever niet", "refuse_to_say"),
                                              ("nee", "deny")])
def test_declined_gives_national_referrals(dispatcher: CollectingDispatcher, text: str, intent: str) -> None:
    client = FakeClient()
    run_action(dispatcher, client, parsed(text, intent), need="tozo")
    assert ("answer", ("tozo", None)) in client.calls
    assert not [c for c in client.calls if c[0] == "resolve"]
    assert triage_of(dispatcher)["municipality"] is None


def test_service_down_says_so(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(down=True), parsed("Drachten", "inform_municipality"), need="tozo")
    assert SlotSet("answer_state", "degraded") in events
    assert triage_of(dispatcher)["need"] == "tozo"


def test_place_text_prefers_entities() -> None:
    message = parsed("ik woon in Drachten hoor", "inform_municipality",
                     entities=[{"entity": "town", "value": "Drachten"}])
    assert place_text(message) == "Drachten"
    assert place_text(parsed("9203 AB", "inform_municipality")) == "9203 AB"
    assert place_text(parsed("ik heb schulden", "schuldhulp")) is None


def test_candidate_buttons_carry_the_name() -> None:
    buttons = candidate_buttons([{"code": "GM0164", "name": "Hengelo (O.)", "province": "Overijssel"}])
    assert buttons == [{"title": "Hengelo (O.) (Overijssel)",
                        "payload": '/inform_municipality{"municipality": "Hengelo (O.)"}'}]


@pytest.mark.parametrize(("client", "message"), [
    (FakeClient(resolved={"result": SMALLINGERLAND, "candidates": []}), parsed("Drachten", "inform_municipality")),
    (FakeClient(), parsed("Atlantis", "inform_municipality")),
    (FakeClient(), parsed("weet ik niet", "dont_know")),
    (FakeClient(down=True), parsed("Drachten", "inform_municipality")),
])
def test_form_answer_is_used_up(dispatcher: CollectingDispatcher, client: FakeClient, message: dict) -> None:
    events = run_action(dispatcher, client, message, need="tozo")
    assert events[0] == SlotSet(PLACE_SLOT, None)  # a reopened municipality_form asks afresh
    assert ActiveLoop(None) in events
    triage_of(dispatcher)
