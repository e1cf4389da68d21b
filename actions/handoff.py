"""Hands a resident over to a person: the central line, else the municipality's own desk."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralClient, ReferralServiceError
from actions.replies import relay, send_triage, state
from actions.triage import intent_of, municipality_of


class ActionHandoff(Action):
    """Relay whom to call, the hours and whether the line is open now (texts of the referral service)."""

    def __init__(self) -> None:
        self.client = ReferralClient()

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        code = tracker.get_slot("municipality_code")
        messages = await self.messages(code)
        relay(dispatcher, messages)
        pending = tracker.get_slot("need") if intent_of(tracker.latest_message) == "human_handoff" else None
        send_triage(dispatcher, tracker.latest_message, pending, handoff=True,
                    municipality=municipality_of(code, tracker.get_slot("municipality_name")))
        # No number known (or the service is down): the rules send the general hand-off text.
        return state("answered" if messages else "no_contact")

    async def messages(self, code: str | None) -> list[dict[str, Any]]:
        """The referral service's hand-off messages; empty when it knows no number or cannot be reached."""
        try:
            messages = (await self.client.handoff(code)).get("messages")
        except ReferralServiceError:
            return []
        return messages if isinstance(messages, list) else []
