"""Resolves the municipality the resident gave (asked by municipality_form, or unasked) and says what follows.

What follows, in this order: a need the same message carries ("Wij wonen in
Heerhugowaard en ons restaurant heeft NOW gehad") is answered in full; a
hand-off that waited for the municipality names its desk; a need asked before
gets local referrals; else the municipality is noted.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.handoff import name_contact
from actions.needs import HANDOFF_PENDING, answer_need
from actions.places import (
    Resolution,
    candidate_buttons,
    keeps_own,
    other_note,
    remember,
    resolve_message,
    which_of_two,
)
from actions.replies import WHICH_ONE, referral_messages, relay, send_triage, state
from actions.triage import NEEDS, intent_of, municipality_of

# The required slot of municipality_form (domain/municipality.yml).
PLACE_SLOT = "place"
DECLINE_INTENTS = frozenset({"dont_know", "refuse_to_say", "deny"})
# A need ranked under inform_municipality is the message's question too when it scores at least this ...
NEED_SECOND = 0.15
# ... or at least NEED_IN_LONG when the message is longer than any place answer (the longest
# inform_municipality training example has 11 words; "Wij wonen in Heerhugowaard en ons restaurant ..." 15).
NEED_IN_LONG = 0.05
PLACE_ANSWER_WORDS = 12


def carried_need(message: dict[str, Any]) -> str | None:
    """A need in a message whose top intent is inform_municipality: the best-ranked need, if it counts."""
    if intent_of(message) != "inform_municipality" or str(message.get("text") or "").startswith("/"):
        return None
    ranked = [r for r in message.get("intent_ranking") or [] if r.get("name") in NEEDS]
    if not ranked:
        return None
    best = max(ranked, key=lambda r: float(r.get("confidence") or 0.0))
    score = float(best.get("confidence") or 0.0)
    long = len(str(message.get("text") or "").split()) > PLACE_ANSWER_WORDS
    return str(best["name"]) if score >= NEED_SECOND or (long and score >= NEED_IN_LONG) else None


class ActionSetMunicipality(Action):
    """Resolve the place the resident typed and answer what waited for it."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_set_municipality"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        # The form's answer is used up: a re-ask starts the form with an empty slot.
        return [SlotSet(PLACE_SLOT, None), *await self.resolve_and_refer(dispatcher, tracker)]

    async def resolve_and_refer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Resolve the place in the latest message; the need, the desk, referrals or a note follow."""
        message = tracker.latest_message
        if intent_of(message) in DECLINE_INTENTS:
            return await self.without_place(dispatcher, tracker)
        try:
            found = await resolve_message(self.client, message)
        except ReferralServiceError:
            found = Resolution(down=True)
        carried = carried_need(message)
        if carried:
            return await answer_need(self.client, dispatcher, tracker, carried, found)
        if found.down:
            return self.degraded(dispatcher, tracker)
        if not found.place and tracker.get_slot("answer_state") == "unknown_place":
            return await self.without_place(dispatcher, tracker)  # asked twice: go national
        if not found.place:
            return self.ask_again(dispatcher, tracker, found.candidates)
        return remember(tracker, found) + await self.with_place(dispatcher, tracker, found)

    async def with_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         found: Resolution) -> list[EventType]:
        """The municipality is known: the desk for a waiting hand-off, referrals for a waiting need, else a note."""
        assert found.place is not None
        municipality = municipality_of(found.place["code"], found.place["name"])
        if tracker.get_slot(HANDOFF_PENDING):
            return await name_contact(self.client, dispatcher, tracker, municipality) + state("answered")
        need = pending(tracker)
        if need is None and keeps_own(tracker, found):
            # "Mijn moeder woont in Zwolle" with no question: ask, rather than silently replace the own.
            question, buttons = which_of_two(tracker, found)
            send_triage(dispatcher, tracker.latest_message, None, municipality=municipality)
            dispatcher.utter_message(text=question, buttons=buttons)
            return state("ambiguous")
        if need is None:
            send_triage(dispatcher, tracker.latest_message, None, municipality=municipality)
            return state("noted")
        note = other_note(tracker, found)
        if note:
            dispatcher.utter_message(text=note)
        return await self.referrals(dispatcher, tracker, need, found.place)

    async def without_place(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Declined or not found twice: the general hand-off text, or national referrals for the need."""
        if tracker.get_slot(HANDOFF_PENDING):
            return await name_contact(self.client, dispatcher, tracker, None) + state("answered")
        return await self.referrals(dispatcher, tracker, pending(tracker), None)

    async def referrals(self, dispatcher: CollectingDispatcher, tracker: Tracker, need: str | None,
                        found: dict[str, Any] | None) -> list[EventType]:
        """Where to go for the pending need: the municipality's services first, or national ones."""
        message = tracker.latest_message
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
    def degraded(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The referral service is down: the national answer (rules), or the general hand-off text."""
        if tracker.get_slot(HANDOFF_PENDING):
            dispatcher.utter_message(response="utter_handoff")
            send_triage(dispatcher, tracker.latest_message, None, handoff=True)
            return [SlotSet(HANDOFF_PENDING, None), *state("answered")]
        send_triage(dispatcher, tracker.latest_message, pending(tracker))
        return state("degraded")

    @staticmethod
    def ask_again(dispatcher: CollectingDispatcher, tracker: Tracker,
                  candidates: list[dict[str, Any]]) -> list[EventType]:
        """Unknown or ambiguous place: ask once more, with choices when there are some."""
        waiting = bool(tracker.get_slot(HANDOFF_PENDING))
        send_triage(dispatcher, tracker.latest_message, pending(tracker), handoff=waiting)
        if candidates:
            dispatcher.utter_message(text=WHICH_ONE, buttons=candidate_buttons(candidates))
            return state("ambiguous")
        return state("unknown_place")


def pending(tracker: Tracker) -> str | None:
    """The need asked about before the municipality, if any."""
    need = tracker.get_slot("need")
    return need if need in NEEDS else None
