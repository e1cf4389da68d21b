"""Tests for action_answer_need: relayed texts, triage, municipality question, degraded mode."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralServiceError
from actions.needs import ActionAnswerNeed
from tests.actions.conftest import (
    BERGEN,
    DIJK_EN_WAARD,
    SMALLINGERLAND,
    ZWOLLE,
    FakeClient,
    action_event,
    found,
    make_tracker,
    parsed,
    triage_of,
    user_event,
)


def run_action(dispatcher: CollectingDispatcher, client: FakeClient, message: dict, events: list | None = None,
               **slots: object) -> list:
    action = ActionAnswerNeed()
    action.client = client  # type: ignore[assignment]
    return asyncio.run(action.run(dispatcher, make_tracker(message, events, **slots), {}))


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


@pytest.mark.parametrize("text", [
    "Wij wonen in Heerhugowaard en ons restaurant heeft NOW gehad. UWV wil nu 18 duizend terug.",
    "NOW terugbetalen, ik zit in heerhugowaard",
    "Heerhugowaard: de NOW moet terug",
])
def test_place_in_the_question_is_resolved(dispatcher: CollectingDispatcher, text: str) -> None:
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    events = run_action(dispatcher, client, parsed(text, "now"))
    assert ("resolve", text) in client.calls
    assert ("answer", ("now", "GM1980")) in client.calls
    assert SlotSet("municipality_code", "GM1980") in events
    assert SlotSet("answer_state", "answered") in events  # not asked again
    assert triage_of(dispatcher)["municipality"] == {"code": "GM1980", "name": "Dijk en Waard"}


def test_a_place_named_wins_over_the_sites(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"drachten": found(SMALLINGERLAND)})
    events = run_action(dispatcher, client, parsed("tozo terugbetalen, ik woon in Drachten", "tozo"),
                        municipality_code="GM0307", municipality_name="Amersfoort")
    assert ("answer", ("tozo", "GM0090")) in client.calls
    assert SlotSet("municipality_code", "GM0090") in events


def test_someone_elses_place_answers_this_question_only(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    events = run_action(dispatcher, client, parsed("mijn moeder woont in Zwolle en heeft schulden", "schuldhulp"),
                        municipality_code="GM0307", municipality_name="Amersfoort")
    assert ("answer", ("schuldhulp", "GM0193")) in client.calls
    assert not [e for e in events if str(e.get("name")).startswith("municipality_")]
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert texts[0] == ("U vraagt voor iemand in de gemeente Zwolle. Daarom noem ik de hulp daar. "
                        "Voor uzelf onthoud ik de gemeente Amersfoort.")
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0193", "name": "Zwolle"}


def test_someone_elses_place_is_the_conversations_when_none_is_known(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    events = run_action(dispatcher, client, parsed("mijn moeder woont in Zwolle en heeft schulden", "schuldhulp"))
    assert SlotSet("municipality_code", "GM0193") in events
    assert SlotSet("answer_state", "answered") in events  # no question about the resident's own municipality


def test_several_matches_answer_then_ask_with_buttons(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"bergen": {"result": None, "candidates": BERGEN}})
    events = run_action(dispatcher, client, parsed("Tozo terugbetalen, ik woon in Bergen", "tozo"))
    assert ("answer", ("tozo", None)) in client.calls
    last = dispatcher.messages[-1]
    assert last["text"] == "Die plaatsnaam komt vaker voor. Welke bedoelt u?"
    assert [b["title"] for b in last["buttons"]] == ["Bergen (NH.) (Noord-Holland)", "Bergen (L.) (Limburg)"]
    assert SlotSet("answer_state", "ambiguous") in events  # the rules open municipality_form for the choice


def test_place_from_a_crisis_message_is_used_after_the_crisis_reply(dispatcher: CollectingDispatcher) -> None:
    crisis = parsed("ik kan niet meer, ik woon in Heerhugowaard", "crisis_suicide")
    question = parsed("ik heb schulden", "schuldhulp")
    events = [action_event("action_listen"), user_event(crisis), action_event("utter_crisis_suicide"),
              action_event("action_listen"), user_event(question)]
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    result = run_action(dispatcher, client, question, events)
    assert ("answer", ("schuldhulp", "GM1980")) in client.calls
    assert SlotSet("municipality_code", "GM1980") in result


def test_a_need_ends_a_waiting_handoff(dispatcher: CollectingDispatcher) -> None:
    events = run_action(dispatcher, FakeClient(), parsed("ik heb schulden", "schuldhulp"), handoff_pending=True)
    assert SlotSet("handoff_pending", None) in events


def test_resolver_down_still_answers(dispatcher: CollectingDispatcher) -> None:
    class ResolverDown(FakeClient):
        async def resolve(self, text: str) -> dict:
            raise ReferralServiceError("down")

    client = ResolverDown()
    events = run_action(dispatcher, client, parsed("tozo in Drachten", "tozo"))
    assert ("answer", ("tozo", None)) in client.calls
    assert SlotSet("answer_state", "ask_municipality") in events


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
