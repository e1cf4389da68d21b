"""The triage object for turns the rules answer themselves, the fallback counter, and the site's municipality."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.replies import send_triage, state
from actions.triage import intent_of, municipality_of

# A CBS municipality code as the chat widget sends it (data-municipality="GM0307" on its script tag).
SITE_CODE = re.compile(r"GM\d{4}")


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


def site_code(tracker: Tracker) -> str | None:
    """The well-formed municipality code the widget sent with the latest message (its site's), or None."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            code = metadata.get("municipality") if isinstance(metadata, dict) else None
            return code if isinstance(code, str) and SITE_CODE.fullmatch(code) else None
    return None


class ActionMunicipalityFromSite(Action):
    """The municipality of the website the chat is on, if the referral service knows its code.

    Run by the Rasa server itself (bot/components/site_municipality.py) after the NLU of a
    message that carries a site code, while the conversation has no municipality; not a
    policy action, so it is in no story and not in the domain. Sends nothing: it only sets
    the slots, or nothing at all for an unknown code or an unreachable referral service.
    """

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_municipality_from_site"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        code = site_code(tracker)
        if code is None or tracker.get_slot("municipality_code"):
            return []
        try:
            found = await self.client.municipality(code)
        except ReferralServiceError:
            return []  # unknown code, or the service cannot tell: the bot asks as on any other site
        if found.get("code") != code or not isinstance(found.get("name"), str):
            return []
        return [SlotSet("municipality_code", code), SlotSet("municipality_name", found["name"])]
