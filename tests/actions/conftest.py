"""Fixtures for action tests: trackers built from parsed messages and a fake referral client."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.client import ReferralServiceError

TOZO_ANSWER: dict[str, Any] = {
    "need": {"id": "tozo", "name": "Tozo"},
    "messages": [
        {"text": "De Tozo is gestopt. U kunt de Tozo niet meer aanvragen."},
        {"text": "Heeft u nu te weinig inkomen? Vraag dan het Bbz aan bij uw gemeente."},
        {"text": "U kunt terecht bij: Geldfit 0800-8115", "kind": "referrals"},
    ],
    "needs_municipality": True,
    "triage": {
        "need": "tozo", "schemes": ["tozo", "bbz"],
        "scheme_status": {"tozo": "ended", "bbz": "active"},
        "municipality": None,
        "referrals": [{"id": "geldfit", "name": "Geldfit", "phone": "0800-8115",
                       "url": "https://www.geldfit.nl", "municipality_code": None, "open_now": True}],
    },
}
SMALLINGERLAND = {"code": "GM0090", "name": "Smallingerland", "province": "Fryslân",
                  "matched_by": "town", "matched_text": "drachten"}


class FakeClient:
    """Stands in for ReferralClient; records calls; can be switched to 'down'."""

    def __init__(self, answer: dict[str, Any] | None = None, resolved: dict[str, Any] | None = None,
                 down: bool = False) -> None:
        self.answer_data = answer or TOZO_ANSWER
        self.resolved = resolved if resolved is not None else {"result": None, "candidates": []}
        self.down = down
        self.calls: list[tuple[str, Any]] = []

    async def answer(self, need: str, municipality_code: str | None = None) -> dict[str, Any]:
        self.calls.append(("answer", (need, municipality_code)))
        if self.down:
            raise ReferralServiceError("down")
        return self.answer_data

    async def resolve(self, text: str) -> dict[str, Any]:
        self.calls.append(("resolve", text))
        if self.down:
            raise ReferralServiceError("down")
        return self.resolved


def parsed(text: str, intent: str, confidence: float = 0.93,
           entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A latest_message as Rasa sends it to the action server."""
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "entities": entities or []}


def make_tracker(message: dict[str, Any], **slots: Any) -> Tracker:
    """A tracker whose latest message and slots are given."""
    return Tracker("test-sender", slots, message, [], False, None, {}, "action_listen")


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    """Collects what an action sends."""
    return CollectingDispatcher()


def triage_of(dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The one triage object an action sent, asserting there is exactly one."""
    found = [m["custom"]["triage"] for m in dispatcher.messages if (m.get("custom") or {}).get("triage")]
    assert len(found) == 1, dispatcher.messages
    return found[0]
