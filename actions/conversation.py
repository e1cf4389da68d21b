"""The triage object for turns the rules answer themselves, and the fallback counter."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send_triage, state
from actions.triage import intent_of, municipality_of


def turn_need(intent: str | None) -> str | None:
    """The triage's need for a rule-answered turn: out_of_scope, else null (small talk)."""
    return "out_of_scope" if intent == "out_of_scope" else None


class ActionTriage(Action):
    """Send the triage of a turn whose reply is a domain response (small talk, out of scope)."""

    def name(self) -> str:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        municipality = municipality_of(tracker.get_slot("municipality_code"), tracker.get_slot("municipality_name"))
        send_triage(dispatcher, message, turn_need(intent_of(message)), municipality=municipality)
        return state("idle")


class ActionFallback(Action):
    """Low confidence: the first time ask to rephrase, the second time in a row offer a person."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        send_triage(dispatcher, tracker.latest_message, None)
        # No state(): an open municipality_form stays open, so a rephrased place still answers it.
        again = tracker.get_slot("answer_state") == "rephrase"
        return [SlotSet("answer_state", "offer_human" if again else "rephrase")]
