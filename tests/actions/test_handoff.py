"""Tests for action_handoff: the central line or the municipality's desk, asking the municipality, degraded mode."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff, contact_text
from tests.actions.conftest import (
    BERGEN,
    DESK,
    DIJK_EN_WAARD,
    ZWOLLE,
    FakeClient,
    found,
    make_tracker,
    parsed,
    triage_of,
)

CENTRAL = {"kind": "central", "name": "Het Steunpunt", "phone": "088 123 45 67", "url": None,
           "hours_text": "maandag tot en met vrijdag van 8.30 tot 17.00 uur", "open_now": True,
           "municipality_code": None}
ASKING = "ik wil een medewerker spreken"


def run_handoff(client: FakeClient, dispatcher: CollectingDispatcher, text: str = ASKING, **slots: Any) -> list:
    action = ActionHandoff()
    action.client = client  # type: ignore[assignment]
    tracker = make_tracker(parsed(text, "human_handoff"), **slots)
    return asyncio.run(action.run(dispatcher, tracker, {}))


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def test_known_municipality_gets_its_desk(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(contacts={"GM1980": DESK})
    events = run_handoff(client, dispatcher, municipality_code="GM1980", municipality_name="Dijk en Waard")
    assert ("handoff", "GM1980") in client.calls
    [text] = texts(dispatcher)
    assert "Bel Gemeente Dijk en Waard: 14 072." in text
    assert "https://www.dijkenwaard.nl" in text
    assert "Bereikbaar: maandag tot en met vrijdag" in text
    assert "Nu is er niemand bereikbaar." in text
    assert events == [SlotSet("handoff_pending", None), SlotSet("answer_state", "answered"), ActiveLoop(None),
                      SlotSet("requested_slot", None)]
    triage = triage_of(dispatcher)
    assert triage["municipality"] == {"code": "GM1980", "name": "Dijk en Waard"}
    assert triage["handoff"] is True


def test_place_in_the_request_names_its_desk(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)}, contacts={"GM1980": DESK})
    events = run_handoff(client, dispatcher, "ik woon in Heerhugowaard en wil iemand bellen")
    assert ("handoff", "GM1980") in client.calls
    assert SlotSet("municipality_code", "GM1980") in events
    assert "14 072" in texts(dispatcher)[0]


def test_someone_elses_place_names_that_desk_but_keeps_the_own(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)}, contacts={"GM0193": {**DESK, "name": "Gemeente Zwolle"}})
    events = run_handoff(client, dispatcher, "mijn moeder woont in Zwolle, wie kan ze bellen?",
                         municipality_code="GM1980", municipality_name="Dijk en Waard")
    assert ("handoff", "GM0193") in client.calls
    assert not [e for e in events if str(e.get("name")).startswith("municipality_")]


def test_unknown_municipality_is_asked_once(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient()
    events = run_handoff(client, dispatcher)
    assert client.calls == [("resolve", ASKING), ("handoff", None)]
    assert texts(dispatcher) == []  # the rules send utter_ask_municipality_handoff and open municipality_form
    assert SlotSet("handoff_pending", True) in events
    assert SlotSet("answer_state", "ask_municipality") in events
    assert triage_of(dispatcher)["handoff"] is True


def test_several_matches_ask_with_buttons(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(places={"bergen": {"result": None, "candidates": BERGEN}})
    events = run_handoff(client, dispatcher, "ik woon in Bergen, mag ik iemand spreken")
    assert [len(m["buttons"]) for m in dispatcher.messages if m.get("buttons")] == [2]
    assert SlotSet("answer_state", "ambiguous") in events


def test_central_line_needs_no_municipality(dispatcher: CollectingDispatcher) -> None:
    client = FakeClient(contacts={None: CENTRAL})
    events = run_handoff(client, dispatcher)
    assert texts(dispatcher) == [
        "Wilt u iemand spreken? Bel Het Steunpunt: 088 123 45 67. Een medewerker helpt u verder. "
        "Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur. Nu is er iemand bereikbaar."]
    assert SlotSet("answer_state", "answered") in events


def test_already_asked_gives_the_general_text(dispatcher: CollectingDispatcher) -> None:
    events = run_handoff(FakeClient(), dispatcher, handoff_pending=True)
    assert SlotSet("answer_state", "no_contact") in events


def test_service_down_leaves_the_general_text_to_the_rules(dispatcher: CollectingDispatcher) -> None:
    events = run_handoff(FakeClient(down=True), dispatcher)
    assert texts(dispatcher) == []
    assert SlotSet("answer_state", "no_contact") in events
    assert triage_of(dispatcher)["handoff"] is True


def test_triage_keeps_the_need(dispatcher: CollectingDispatcher) -> None:
    run_handoff(FakeClient(contacts={None: CENTRAL}), dispatcher, need="schuldhulp")
    assert triage_of(dispatcher)["need"] == "schuldhulp"


@pytest.mark.parametrize(("extra", "absent"), [
    ({"url": None}, "Of kijk op"),
    ({"hours_text": None, "open_now": None}, "Bereikbaar"),
    ({"hours_text": None, "open_now": True}, "bereikbaar"),  # open now without hours is not said
    ({"open_now": None}, "Nu is er"),
])
def test_contact_text_leaves_out_what_is_unknown(extra: dict, absent: str) -> None:
    text = contact_text({**DESK, **extra})
    assert absent not in text
    assert "niet bekend" not in text
    assert text.startswith("Wilt u iemand spreken? Bel Gemeente Dijk en Waard: 14 072.")
