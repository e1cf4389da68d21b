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


DIJK_EN_WAARD = {"code": "GM1980", "name": "Dijk en Waard", "province": "Noord-Holland",
                 "matched_by": "former", "matched_text": "Heerhugowaard"}
ZWOLLE = {"code": "GM0193", "name": "Zwolle", "province": "Overijssel",
          "matched_by": "name", "matched_text": "Zwolle"}
BERGEN = [{"code": "GM0373", "name": "Bergen (NH.)", "province": "Noord-Holland"},
          {"code": "GM0893", "name": "Bergen (L.)", "province": "Limburg"}]
DESK = {"kind": "municipality", "name": "Gemeente Dijk en Waard", "phone": "14 072",
        "url": "https://www.dijkenwaard.nl", "hours_text": "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
        "open_now": False, "municipality_code": "GM1980"}


class FakeClient:
    """Stands in for ReferralClient; records calls; can be switched to 'down'.

    `resolved` is the resolver's answer to any text; `places` instead answers per word in the text
    (the first key the text contains, case-insensitively), like the real resolver finds a place anywhere.
    """

    def __init__(self, answer: dict[str, Any] | None = None, resolved: dict[str, Any] | None = None,
                 down: bool = False, places: dict[str, dict[str, Any]] | None = None,
                 contacts: dict[str | None, dict[str, Any] | None] | None = None) -> None:
        self.answer_data = answer or TOZO_ANSWER
        self.resolved = resolved if resolved is not None else {"result": None, "candidates": []}
        self.places = places
        self.contacts = contacts or {}
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
        if self.places is None:
            return self.resolved
        for word, answer in self.places.items():
            if word.lower() in text.lower():
                return answer
        return {"result": None, "candidates": []}

    async def handoff(self, municipality_code: str | None = None) -> dict[str, Any]:
        self.calls.append(("handoff", municipality_code))
        if self.down:
            raise ReferralServiceError("down")
        return {"contact": self.contacts.get(municipality_code), "messages": []}


def found(place: dict[str, Any]) -> dict[str, Any]:
    """The resolver's answer naming one municipality."""
    return {"result": place, "candidates": []}


def parsed(text: str, intent: str, confidence: float = 0.93,
           entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A latest_message as Rasa sends it to the action server."""
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "entities": entities or []}


def make_tracker(message: dict[str, Any], events: list[dict[str, Any]] | None = None, **slots: Any) -> Tracker:
    """A tracker whose latest message, slots and (optionally) earlier events are given."""
    return Tracker("test-sender", slots, message, events or [], False, None, {}, "action_listen")


def user_event(message: dict[str, Any]) -> dict[str, Any]:
    """A user event of the tracker, as Rasa stores a parsed message."""
    return {"event": "user", "text": message["text"], "parse_data": message}


def action_event(name: str) -> dict[str, Any]:
    """An action event of the tracker."""
    return {"event": "action", "name": name}


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    """Collects what an action sends."""
    return CollectingDispatcher()


def triage_of(dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """The one triage object an action sent, asserting there is exactly one."""
    found = [m["custom"]["triage"] for m in dispatcher.messages if (m.get("custom") or {}).get("triage")]
    assert len(found) == 1, dispatcher.messages
    return found[0]
