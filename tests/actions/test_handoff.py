"""Tests for action_handoff: the referral service's text, the triage, and no number / degraded mode."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralServiceError
from actions.handoff import ActionHandoff
from tests.actions.conftest import make_tracker, parsed, triage_of

LINE_TEXT = ("Wilt u iemand spreken? Bel Het Steunpunt: 088 123 45 67. Een medewerker helpt u verder. "
             "Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur. Er is nu iemand bereikbaar.")


class HandoffClient:
    """Fake referral client for GET /api/v1/handoff; records the municipality asked for."""

    def __init__(self, messages: Any = None, down: bool = False) -> None:
        self.messages, self.down, self.asked = messages, down, []

    async def handoff(self, municipality_code: str | None = None) -> dict[str, Any]:
        self.asked.append(municipality_code)
        if self.down:
            raise ReferralServiceError("down")
        return {"contact": None, "messages": self.messages}


def run_handoff(client: HandoffClient, dispatcher: CollectingDispatcher, **slots: Any) -> list:
    action = ActionHandoff()
    action.client = client  # type: ignore[assignment]
    tracker = make_tracker(parsed("ik wil een medewerker spreken", "human_handoff"), **slots)
    return asyncio.run(action.run(dispatcher, tracker, {}))


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def test_relays_the_line_and_asks_for_the_known_municipality(dispatcher: CollectingDispatcher) -> None:
    client = HandoffClient([{"text": LINE_TEXT}])
    events = run_handoff(client, dispatcher, municipality_code="GM0090", municipality_name="Smallingerland")
    assert client.asked == ["GM0090"]
    assert texts(dispatcher) == [LINE_TEXT]
    assert events == [SlotSet("answer_state", "answered"), ActiveLoop(None), SlotSet("requested_slot", None)]
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}


@pytest.mark.parametrize("client", [HandoffClient([]), HandoffClient(down=True), HandoffClient("oops")])
def test_no_number_leaves_the_general_text_to_the_rules(dispatcher: CollectingDispatcher,
                                                       client: HandoffClient) -> None:
    events = run_handoff(client, dispatcher)
    assert texts(dispatcher) == []
    assert events == [SlotSet("answer_state", "no_contact"), ActiveLoop(None), SlotSet("requested_slot", None)]
    assert triage_of(dispatcher)["handoff"] is True


def test_triage_sets_handoff_and_keeps_the_need(dispatcher: CollectingDispatcher) -> None:
    run_handoff(HandoffClient([{"text": LINE_TEXT}]), dispatcher, need="schuldhulp")
    found = triage_of(dispatcher)
    assert found["handoff"] is True
    assert found["need"] == "schuldhulp"
