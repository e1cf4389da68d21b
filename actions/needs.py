"""Answers a resident's need with the referral service's texts and referrals, for the municipality named anywhere."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.places import Resolution, candidate_buttons, find_place, other_note, remember
from actions.replies import WHICH_ONE, relay, send_triage, state
from actions.triage import NEEDS, Municipality, intent_of, municipality_of

# Set by action_handoff while it waits for the municipality; a need asked meanwhile ends that wait.
HANDOFF_PENDING = "handoff_pending"


def need_of(tracker: Tracker) -> str | None:
    """The need of this turn: the intent, or the need still being discussed."""
    intent = intent_of(tracker.latest_message)
    if intent in NEEDS:
        return intent
    slot = tracker.get_slot("need")
    return slot if slot in NEEDS else None


async def answer_need(client: ReferralClient, dispatcher: CollectingDispatcher, tracker: Tracker, need: str,
                      place: Resolution) -> list[EventType]:
    """Relay the need's answer for the place found (else the one known) and say what the rules do next."""
    message = tracker.latest_message
    events: list[EventType] = [SlotSet("need", need), SlotSet(HANDOFF_PENDING, None), *remember(tracker, place)]
    municipality = turn_municipality(tracker, place)
    code = municipality["code"] if municipality else tracker.get_slot("municipality_code")
    try:
        answer = await client.answer(need, code)
    except ReferralServiceError:
        send_triage(dispatcher, message, need, municipality=municipality)
        return events + state("degraded")
    note = other_note(tracker, place)
    if note:
        dispatcher.utter_message(text=note)
    relay(dispatcher, answer.get("messages") or [])
    send_triage(dispatcher, message, need, base=answer.get("triage"), municipality=municipality)
    if place.candidates and answer.get("needs_municipality"):
        # "Bergen": the answer goes out, then local help follows the resident's choice.
        dispatcher.utter_message(text=WHICH_ONE, buttons=candidate_buttons(place.candidates))
        return [*events, SlotSet("municipality_asked", True), *state("ambiguous")]
    return events + follow_up(tracker, answer, code)


def turn_municipality(tracker: Tracker, place: Resolution) -> Municipality | None:
    """The municipality this turn's answer is for: the place found in the message, else the one kept."""
    if place.place:
        return municipality_of(place.place["code"], place.place["name"])
    return municipality_of(tracker.get_slot("municipality_code"), tracker.get_slot("municipality_name"))


def follow_up(tracker: Tracker, answer: dict[str, Any], code: str | None) -> list[EventType]:
    """Ask the municipality once when a local referral helps; else offer more help."""
    if answer.get("needs_municipality") and not code and not tracker.get_slot("municipality_asked"):
        return [SlotSet("municipality_asked", True), *state("ask_municipality")]
    return state("answered")


class ActionAnswerNeed(Action):
    """Tell the resident what the scheme or service is and where to go."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_answer_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        need = need_of(tracker)
        place = await find_place(self.client, tracker)
        if need is None:
            send_triage(dispatcher, tracker.latest_message, None, municipality=turn_municipality(tracker, place))
            return remember(tracker, place) + state("idle")
        return await answer_need(self.client, dispatcher, tracker, need, place)
