"""Tests for action_set_municipality: resolved, ambiguous, unknown, declined, service down."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.municipality import PLACE_SLOT, ActionSetMunicipality, carried_need
from actions.places import candidate_buttons
from tests.actions.conftest import (
    DESK,
    DIJK_EN_WAARD,
    SMALLINGERLAND,
    ZWOLLE,
    FakeClient,
    found,
    make_tracker,
    parsed,
    triage_of,
)

NOW_TEXT = "Wij wonen in Heerhugowaard en ons restaurant heeft NOW gehad. UWV wil nu 18 duizend terug."


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


def ranked(text: str, *scores: tuple[str, float]) -> dict:
    """A message whose top intent is inform_municipality, with the given ranking after it."""
    message = parsed(text, "inform_municipality", scores[0][1])
    message["intent_ranking"] = [{"name": name, "confidence": score} for name, score in scores]
    return message


def test_a_need_in_the_place_message_is_answered_for_that_municipality(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    message = ranked(NOW_TEXT, ("inform_municipality", 0.6), ("now", 0.3))
    events = run_action(dispatcher, client, message)
    assert ("answer", ("now", "GM1980")) in client.calls
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0].startswith("De Tozo is gestopt")  # the whole answer, not only the municipality noted
    assert SlotSet("municipality_code", "GM1980") in events
    assert SlotSet("need", "now") in events
    assert SlotSet("answer_state", "answered") in events
    triage = triage_of(dispatcher)
    assert triage["need"] == "now"
    assert triage["municipality"] == {"code": "GM1980", "name": "Dijk en Waard"}


@pytest.mark.parametrize(("message", "need"), [
    (ranked(NOW_TEXT, ("inform_municipality", 0.6), ("now", 0.3)), "now"),
    (ranked(NOW_TEXT, ("inform_municipality", 0.9), ("now", 0.06)), "now"),  # long: a weak need still counts
    (ranked("ik woon in Heerhugowaard", ("inform_municipality", 0.9), ("now", 0.06)), None),
    (ranked("ik woon in Drachten", ("inform_municipality", 0.95), ("greet", 0.05)), None),
    (parsed("/inform_municipality{\"municipality\": \"Bergen (NH.)\"}", "inform_municipality"), None),
    (parsed("ik heb schulden", "schuldhulp"), None),
])
def test_carried_need(message: dict, need: str | None) -> None:
    assert carried_need(message) == need


def test_a_waiting_handoff_names_the_desk(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)}, contacts={"GM1980": DESK})
    events = run_action(dispatcher, client, parsed("Heerhugowaard", "inform_municipality"), handoff_pending=True)
    assert ("handoff", "GM1980") in client.calls
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts == ["Wilt u iemand spreken? Bel Gemeente Dijk en Waard: 14 072. Of kijk op https://www.dijkenwaard.nl."
                     " Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur. Nu is er niemand bereikbaar."
                     " Bel dan op een van deze tijden. Is er gevaar? Bel dan altijd 112."]
    assert SlotSet("handoff_pending", None) in events
    assert SlotSet("answer_state", "answered") in events
    assert triage_of(dispatcher)["handoff"] is True


@pytest.mark.parametrize("message", [parsed("zeg ik liever niet", "refuse_to_say"),
                                     parsed("weet ik niet", "dont_know")])
def test_a_waiting_handoff_declined_gets_the_general_text(dispatcher: CollectingDispatcher, message: dict) -> None:
    client = FakeClient(contacts={"GM1980": DESK})
    events = run_action(dispatcher, client, message, handoff_pending=True)
    assert dispatcher.messages[0] == {**dispatcher.messages[0], "response": "utter_handoff"}
    assert ("handoff", None) in client.calls
    assert SlotSet("handoff_pending", None) in events


def test_someone_elses_place_is_used_but_not_kept(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    events = run_action(dispatcher, client, parsed("mijn moeder woont in Zwolle", "inform_municipality"),
                        need="schuldhulp", municipality_code="GM0090", municipality_name="Smallingerland")
    assert ("answer", ("schuldhulp", "GM0193")) in client.calls
    assert not [e for e in events if str(e.get("name")).startswith("municipality_")]
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0].startswith("U vraagt voor iemand in de gemeente Zwolle.")
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0193", "name": "Zwolle"}


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


def test_someone_elses_place_without_a_question_asks_whose(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    events = run_action(dispatcher, client, parsed("mijn moeder woont in Zwolle", "inform_municipality"),
                        municipality_code="GM0307", municipality_name="Amersfoort")
    [question] = [m for m in dispatcher.messages if m.get("buttons")]
    assert question["text"] == "Zoekt u hulp in de gemeente Zwolle of in de gemeente Amersfoort?"
    assert [b["payload"] for b in question["buttons"]] == ['/inform_municipality{"municipality": "Zwolle"}',
                                                           '/inform_municipality{"municipality": "Amersfoort"}']
    assert not [e for e in events if str(e.get("name")).startswith("municipality_")]
    assert SlotSet("answer_state", "ambiguous") in events  # the rules wait for the choice in municipality_form


def test_someone_elses_place_is_noted_when_the_own_is_unknown(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    events = run_action(dispatcher, client, parsed("ze woont in Zwolle", "inform_municipality"))
    assert SlotSet("municipality_code", "GM0193") in events
    assert SlotSet("answer_state", "noted") in events
