"""Hands a resident over to a person: the central line, else the desk of the resident's municipality.

The referral service (GET /api/v1/handoff) says whom to call; the bot writes the
text from that contact, because its number, site and hours change per
municipality. With no central line and no municipality known, the bot asks for
the municipality once (municipality_form) and names its desk after the answer
(action_set_municipality calls name_contact).
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.needs import HANDOFF_PENDING, turn_municipality
from actions.places import candidate_buttons, find_place, remember
from actions.replies import WHICH_ONE, send_triage, state
from actions.triage import Municipality, intent_of

# The general text when no number is known or the referral service cannot be reached (domain/handoff.yml).
GENERAL = "utter_handoff"
OPEN_NOW = {
    True: "Nu is er iemand bereikbaar.",
    False: "Nu is er niemand bereikbaar. Bel dan op een van deze tijden. Is er gevaar? Bel dan altijd 112.",
}


def contact_text(contact: dict[str, Any]) -> str:
    """Whom to call in short B1 Dutch: number, website, and the hours and open-now only when known."""
    lines = [f"Wilt u iemand spreken? Bel {contact['name']}: {contact['phone']}."]
    if contact.get("kind") == "central":
        lines.append("Een medewerker helpt u verder.")
    site = contact.get("url") or contact.get("website")  # a desk's site may come under either name
    if site:
        lines.append(f"Of kijk op {site}.")
    if contact.get("hours_text"):
        lines.append(f"Bereikbaar: {contact['hours_text']}.")
        if contact.get("open_now") is not None:
            lines.append(OPEN_NOW[bool(contact["open_now"])])
    return " ".join(lines)


async def contact_of(client: ReferralClient, code: str | None) -> dict[str, Any] | None:
    """The referral service's contact for the municipality (or the central line); None when it names none.

    Raises ReferralServiceError when the referral service cannot be reached.
    """
    contact = (await client.handoff(code)).get("contact")
    return contact if isinstance(contact, dict) and contact.get("phone") else None


async def contact_or_none(client: ReferralClient, code: str | None) -> dict[str, Any] | None:
    """contact_of, with an unreachable referral service as no contact (the general text follows)."""
    try:
        return await contact_of(client, code)
    except ReferralServiceError:
        return None


async def name_contact(client: ReferralClient, dispatcher: CollectingDispatcher, tracker: Tracker,
                       municipality: Municipality | None) -> list[EventType]:
    """Name whom to call for the municipality (or say the general text) and end the hand-off."""
    contact = await contact_or_none(client, municipality["code"] if municipality else None)
    if contact:
        dispatcher.utter_message(text=contact_text(contact))
    else:
        dispatcher.utter_message(response=GENERAL)
    send_triage(dispatcher, tracker.latest_message, pending_need(tracker), handoff=True, municipality=municipality)
    return [SlotSet(HANDOFF_PENDING, None)]


def pending_need(tracker: Tracker) -> str | None:
    """The need the resident asked about before asking for a person (the triage keeps it)."""
    return tracker.get_slot("need") if intent_of(tracker.latest_message) == "human_handoff" else None


class ActionHandoff(Action):
    """Name whom to call; ask the municipality first when only its desk can be named."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        place = await find_place(self.client, tracker)
        events = remember(tracker, place)
        municipality = turn_municipality(tracker, place)
        try:
            contact = await contact_of(self.client, municipality["code"] if municipality else None)
        except ReferralServiceError:
            return events + await self.answer(dispatcher, tracker, None, municipality)
        if contact is None and municipality is None and not tracker.get_slot(HANDOFF_PENDING):
            # Only the desk of the resident's municipality can be named: ask for it, once.
            return events + self.ask_municipality(dispatcher, tracker, place.candidates)
        return events + await self.answer(dispatcher, tracker, contact, municipality)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, contact: dict[str, Any] | None,
                     municipality: Municipality | None) -> list[EventType]:
        """The contact's text; without one the rules send the general text."""
        if contact:
            dispatcher.utter_message(text=contact_text(contact))
        send_triage(dispatcher, tracker.latest_message, pending_need(tracker), handoff=True,
                    municipality=municipality)
        return [SlotSet(HANDOFF_PENDING, None), *state("answered" if contact else "no_contact")]

    @staticmethod
    def ask_municipality(dispatcher: CollectingDispatcher, tracker: Tracker,
                         candidates: list[dict[str, Any]]) -> list[EventType]:
        """One question for the municipality (with choices when the place named has several)."""
        send_triage(dispatcher, tracker.latest_message, pending_need(tracker), handoff=True)
        asked = [SlotSet(HANDOFF_PENDING, True), SlotSet("municipality_asked", True)]
        if candidates:
            dispatcher.utter_message(text=WHICH_ONE, buttons=candidate_buttons(candidates))
            return asked + state("ambiguous")
        return asked + state("ask_municipality")
