"""Resolves the municipality the resident gave (asked by municipality_form, or unasked) into local referrals."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.replies import referral_messages, relay, send_triage, state
from actions.triage import NEEDS, intent_of, municipality_of

PLACE_ENTITIES = frozenset({"municipality", "town", "postcode"})
# The required slot of municipality_form (domain/municipality.yml).
PLACE_SLOT = "place"
DECLINE_INTENTS = frozenset({"dont_know", "refuse_to_say", "deny"})
# Sent with dynamic buttons, so it cannot be a fixed domain response.
WHICH_ONE = "Die plaatsnaam komt vaker voor. Welke bedoelt u?"


def place_text(message: dict[str, Any]) -> str | None:
    """The place entities of a message, or the whole text when it was given as a place."""
    values = [str(e["value"]) for e in message.get("entities") or [] if e.get("entity") in PLACE_ENTITIES]
    if values:
        return " ".join(values)
    if intent_of(message) == "inform_municipality":
        return str(message.get("text") or "")
    return None


async def resolve_in_message(client: ReferralClient, message: dict[str, Any]) -> dict[str, Any] | None:
    """Resolve a place in the message; None when absent, unknown or unreachable."""
    text = place_text(message)
    if not text:
        return None
    try:
        return (await client.resolve(text)).get("result")
    except ReferralServiceError:
        return None


def municipality_events(found: dict[str, Any]) -> list[EventType]:
    """Slot events that remember the resolved municipality."""
    return [SlotSet("municipality_code", found["code"]), SlotSet("municipality_name", found["name"])]


def candidate_buttons(candidates: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Buttons that let the resident pick one of several municipalities."""
    return [{"title": f"{c['name']} ({c['province']})",
             "payload": f'/inform_municipality{{"municipality": "{c["name"]}"}}'} for c in candidates[:4]]


class ActionSetMunicipality(Action):
    """Resolve the place the resident typed and list local help first."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_set_municipality"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # The form's answer is used up: a re-ask starts the form with an empty slot.
        return [SlotSet(PLACE_SLOT, None), *await self.resolve_and_refer(dispatcher, tracker)]

    async def resolve_and_refer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Resolve the place in the latest message; local, national or no referrals follow."""
        message = tracker.latest_message
        need = tracker.get_slot("need") if tracker.get_slot("need") in NEEDS else None
        if intent_of(message) in DECLINE_INTENTS:
            return await self.referrals(dispatcher, message, need, None)
        try:
            resolved = await self.client.resolve(place_text(message) or str(message.get("text") or ""))
        except ReferralServiceError:
            send_triage(dispatcher, message, need)
            return state("degraded")
        if not resolved.get("result") and tracker.get_slot("answer_state") == "unknown_place":
            return await self.referrals(dispatcher, message, need, None)  # asked twice: go national
        if not resolved.get("result"):
            return self.ask_again(dispatcher, message, need, resolved.get("candidates") or [])
        found = resolved["result"]
        if need is None:
            send_triage(dispatcher, message, None, municipality=municipality_of(found["code"], found["name"]))
            return municipality_events(found) + state("noted")
        return municipality_events(found) + await self.referrals(dispatcher, message, need, found)

    async def referrals(self, dispatcher: CollectingDispatcher, message: dict[str, Any], need: str | None,
                  found: dict[str, Any] | None) -> list[EventType]:
        """Where to go for the pending need: the municipality's services first, or national ones."""
        municipality = municipality_of(found["code"], found["name"]) if found else None
        if need is None:
            send_triage(dispatcher, message, None)
            return state("answered")
        try:
            answer = await self.client.answer(need, found["code"] if found else None)
        except ReferralServiceError:
            send_triage(dispatcher, message, need, municipality=municipality)
            return state("degraded")
        relay(dispatcher, referral_messages(answer))
        send_triage(dispatcher, message, need, base=answer.get("triage"), municipality=municipality)
        return state("answered")

    @staticmethod
    def ask_again(dispatcher: CollectingDispatcher, message: dict[str, Any], need: str | None,
                  candidates: list[dict[str, Any]]) -> list[EventType]:
        """Unknown or ambiguous place: ask once more, with choices when there are some."""
        send_triage(dispatcher, message, need)
        if candidates:
            dispatcher.utter_message(text=WHICH_ONE, buttons=candidate_buttons(candidates))
            return state("ambiguous")
        return state("unknown_place")
