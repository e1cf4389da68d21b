"""Tests for action_triage (rule-answered turns), action_fallback and action_municipality_from_site."""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.client import CircuitBreaker, ReferralClient, ReferralServiceError
from actions.conversation import ActionFallback, ActionMunicipalityFromSite, ActionTriage, site_code, turn_need
from tests.actions.conftest import make_tracker, parsed, triage_of


def run_action(action: Action, dispatcher: CollectingDispatcher, message: dict, **slots: object) -> list:
    return asyncio.run(action.run(dispatcher, make_tracker(message, **slots), {}))


@pytest.mark.parametrize(("text", "intent"), [
    ("hallo", "greet"),
    ("dank je wel", "thank"),
    ("doei", "goodbye"),
    ("ben jij een robot?", "bot_challenge"),
    ("ja", "affirm"),
    ("weet ik niet", "dont_know"),
])
def test_small_talk_has_null_need(dispatcher: CollectingDispatcher, text: str, intent: str) -> None:
    events = run_action(ActionTriage(), dispatcher, parsed(text, intent, 0.9))
    found = triage_of(dispatcher)
    assert found["need"] is None
    assert found["confidence"] == pytest.approx(0.9)
    assert found["handoff"] is False
    # Also closes an open municipality_form.
    assert events == [SlotSet("answer_state", "idle"), ActiveLoop(None), SlotSet("requested_slot", None)]
    assert [m for m in dispatcher.messages if m.get("text") or m.get("response")] == []


def test_out_of_scope(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionTriage(), dispatcher, parsed("wat voor weer wordt het", "out_of_scope", 0.88))
    assert triage_of(dispatcher)["need"] == "out_of_scope"


def test_small_talk_carries_the_known_municipality(dispatcher: CollectingDispatcher) -> None:
    run_action(ActionTriage(), dispatcher, parsed("bedankt", "thank"),
               municipality_code="GM0090", municipality_name="Smallingerland")
    assert triage_of(dispatcher)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}


@pytest.mark.parametrize(("intent", "expected"), [
    ("out_of_scope", "out_of_scope"),
    ("greet", None),
    ("bot_challenge", None),
])
def test_turn_need(intent: str, expected: str | None) -> None:
    assert turn_need(intent) == expected


def test_fallback_asks_back_then_offers_a_person(dispatcher: CollectingDispatcher) -> None:
    first = run_action(ActionFallback(), dispatcher, parsed("blablabla", "nlu_fallback", 0.2))
    assert first == [SlotSet("answer_state", "rephrase")]
    triage_of(dispatcher)
    second = run_action(ActionFallback(), CollectingDispatcher(), parsed("qwerty", "nlu_fallback", 0.2),
                        answer_state="rephrase")
    assert second == [SlotSet("answer_state", "offer_human")]  # leaves an open form open


# ---------------------------------------------------------------- the site's municipality

AMERSFOORT = {"code": "GM0307", "name": "Amersfoort", "province": "Utrecht", "aliases": [], "towns": ["Amersfoort"]}


def user_event(text: str, metadata: Any = None) -> dict[str, Any]:
    """A user event as Rasa sends it to the action server, with the widget's metadata."""
    return {"event": "user", "text": text, "parse_data": parsed(text, "tozo"), "metadata": metadata}


def site_tracker(*events: dict[str, Any], **slots: Any) -> Tracker:
    """A tracker with these events (the latest user event carries the site code) and slots."""
    message = events[-1]["parse_data"] if events else {}
    return Tracker("test-sender", slots, message, list(events), False, None, {}, "action_listen")


class SiteClient:
    """Knows Amersfoort only; records the codes it was asked; can be down."""

    def __init__(self, down: bool = False, answer: dict[str, Any] | None = None) -> None:
        self.down = down
        self.answer = answer
        self.asked: list[str] = []

    async def municipality(self, code: str) -> dict[str, Any]:
        self.asked.append(code)
        if self.down or (self.answer is None and code != AMERSFOORT["code"]):
            raise ReferralServiceError(f"/api/v1/municipalities/{code}")
        return self.answer or AMERSFOORT


def run_site(tracker: Tracker, client: SiteClient) -> list[Any]:
    action = ActionMunicipalityFromSite()
    action.client = client  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    assert dispatcher.messages == []  # it only ever sets slots
    return events


def test_a_known_site_code_sets_both_municipality_slots() -> None:
    client = SiteClient()
    events = run_site(site_tracker(user_event("Kan ik nog Tozo aanvragen?", {"municipality": "GM0307"})), client)
    assert events == [SlotSet("municipality_code", "GM0307"), SlotSet("municipality_name", "Amersfoort")]
    assert client.asked == ["GM0307"]


@pytest.mark.parametrize("client", [SiteClient(), SiteClient(down=True)], ids=["unknown", "service down"])
def test_an_unknown_code_or_an_unreachable_service_is_ignored(client: SiteClient) -> None:
    code = "GM0307" if client.down else "GM9999"
    assert run_site(site_tracker(user_event("hallo", {"municipality": code})), client) == []
    assert client.asked == [code]


@pytest.mark.parametrize("metadata", [
    None, {}, {"municipality": None}, {"municipality": 307}, {"municipality": "gm0307"}, {"municipality": "GM307"},
    {"municipality": "GM03071"}, {"municipality": " GM0307"}, {"municipality": "GM0307/../admin"}, "GM0307",
    {"municipality": ["GM0307"]},
])
def test_a_malformed_code_is_ignored_without_asking_the_service(metadata: Any) -> None:
    client = SiteClient()
    assert run_site(site_tracker(user_event("hallo", metadata)), client) == []
    assert client.asked == []


def test_a_known_municipality_is_kept_without_asking() -> None:
    client = SiteClient()
    tracker = site_tracker(user_event("hallo", {"municipality": "GM0307"}), municipality_code="GM0344",
                           municipality_name="Utrecht")
    assert run_site(tracker, client) == []
    assert client.asked == []


def test_only_the_latest_user_message_counts() -> None:
    earlier = user_event("hallo", {"municipality": "GM0307"})
    latest = user_event("tozo", None)
    assert site_code(site_tracker(earlier, {"event": "bot", "text": "Hallo!"}, latest)) is None
    assert site_code(site_tracker(latest, {"event": "bot", "text": "Hallo!"}, earlier)) == "GM0307"
    assert site_code(site_tracker()) is None


def test_an_answer_for_another_code_is_not_taken() -> None:
    client = SiteClient(answer={"code": "GM0344", "name": "Utrecht"})
    assert run_site(site_tracker(user_event("hallo", {"municipality": "GM0307"})), client) == []


class MunicipalityHandler(BaseHTTPRequestHandler):
    """/api/v1/municipalities/GM0307 as the referral service answers it; any other path 404."""

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        status, body = (200, AMERSFOORT) if self.path == "/api/v1/municipalities/GM0307" else (404, {"error": {}})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def referral_url() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), MunicipalityHandler)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.paths  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_the_client_asks_the_referral_service_for_the_code(referral_url: tuple[str, list[str]]) -> None:
    url, paths = referral_url
    client = ReferralClient(url, budget=1.0, breaker=CircuitBreaker(30.0))
    assert asyncio.run(client.municipality("GM0307"))["name"] == "Amersfoort"
    with pytest.raises(ReferralServiceError):
        asyncio.run(client.municipality("GM9999"))
    assert paths == ["/api/v1/municipalities/GM0307", "/api/v1/municipalities/GM9999"]
    assert client.breaker.state == "closed"  # an unknown code is no outage
