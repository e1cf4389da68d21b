"""Shared ways for actions to send messages and the triage object."""
from __future__ import annotations

from typing import Any

from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import build_triage

# Sent with dynamic buttons (one per municipality the place may mean), so it cannot be a fixed domain response.
WHICH_ONE = "Die plaatsnaam komt vaker voor. Welke bedoelt u?"


def relay(dispatcher: CollectingDispatcher, messages: list[dict[str, Any]]) -> None:
    """Send the referral service's messages as they are (text and buttons)."""
    for message in messages:
        dispatcher.utter_message(text=message.get("text"), buttons=message.get("buttons") or [])


def send_triage(dispatcher: CollectingDispatcher, message: dict[str, Any], need: str | None, **kwargs: Any) -> None:
    """Send the one triage object of this turn as a custom message."""
    dispatcher.utter_message(json_message={"triage": build_triage(message, need, **kwargs)})


def referral_messages(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The part of an answer that lists where to go (marked, else the last message)."""
    messages = answer.get("messages") or []
    marked = [m for m in messages if m.get("kind") == "referrals"]
    return marked or messages[-1:]


def state(value: str) -> list[EventType]:
    """Tell the rules what the action did, so they pick the next response.

    Every answer also closes municipality_form, as action_deactivate_loop would, if
    it was still open (the resident moved on); the rules reopen it when this answer
    asks for the place.
    """
    return [SlotSet("answer_state", value), ActiveLoop(None), SlotSet("requested_slot", None)]
