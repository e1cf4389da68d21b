"""Answers a resident's need with the referral service's texts and referrals."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.municipality import municipality_events, resolve_in_message
from actions.replies import relay, send_triage, state
from actions.triage import NEEDS, intent_of, municipality_of


def need_of(tracker: Tracker) -> str | None:
    """The need of this turn: the intent, or the need still being discussed."""
    intent = intent_of(tracker.latest_message)
    if intent in NEEDS:
        return intent
    slot = tracker.get_slot("need")
    return slot if slot in NEEDS else None


class ActionAnswerNeed(Action):
    """Tell the resident what the scheme or service is and where to go."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_answer_need"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        need = need_of(tracker)
        if need is None:
            send_triage(dispatcher, message, None)
            return state("idle")
        events: list[EventType] = [SlotSet("need", need)]
        found = await resolve_in_message(self.client, message)
        if found:
            events += municipality_events(found)
        code = found["code"] if found else tracker.get_slot("municipality_code")
        municipality = municipality_of(code, found["name"] if found else tracker.get_slot("municipality_name"))
        try:
            answer = await self.client.answer(need, code)
        except ReferralServiceError:
            send_triage(dispatcher, message, need, municipality=municipality)
            return events + state("degraded")
        relay(dispatcher, answer.get("messages") or [])
        send_triage(dispatcher, message, need, base=answer.get("triage"), municipality=municipality)
        return events + self.follow_up(tracker, answer, code)

    @staticmethod
    def follow_up(tracker: Tracker, answer: dict[str, Any], code: str | None) -> list[EventType]:
        """Ask the municipality once when a local referral helps; else offer more help."""
        if answer.get("needs_municipality") and not code and not tracker.get_slot("municipality_asked"):
            return [SlotSet("municipality_asked", True), *state("ask_municipality")]
        return state("answered")
