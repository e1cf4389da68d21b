"""The signals hook (bot/components/signals.py): one anonymous signal per classified turn, never in the way."""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa")

from components import signals
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

TOKEN = "test-signals-token-0123456789"
GM = {"code": "GM0090", "name": "Smallingerland"}
LOCAL = {"id": "x", "name": "Schuldhulp Smallingerland", "phone": None, "url": None, "municipality_code": "GM0090"}
NATIONAL = {"id": "y", "name": "Geldfit", "phone": None, "url": None, "municipality_code": None}


class Receiver:
    """A stand-in referral service on a loopback port: keeps each POST body, can hang or refuse."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[str] = []
        self.delay = 0.0
        self.status = 204
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                receiver.bodies.append(json.loads(body))
                receiver.headers.append(self.headers.get("Authorization", ""))
                self.send_response(receiver.status)
                self.end_headers()
                receiver.arrived.set()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads, self.server.block_on_close = True, False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/signals"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, seconds: float = 5.0) -> list[dict[str, Any]]:
        """The bodies once `count` have arrived."""
        deadline = time.monotonic() + seconds
        while len(self.bodies) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.bodies


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()
    server.server.server_close()


def closed_port_url() -> str:
    """A loopback URL nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1/signals"


def triage(need: str | None, **extra: Any) -> dict[str, Any]:
    """A triage object as the actions send it."""
    return {"need": need, "schemes": [], "scheme_status": {}, "municipality": None, "crisis": None,
            "referrals": [], "confidence": 0.9, "handoff": False} | extra


def turn(sender: str, text: str, intent: str, *triages: dict[str, Any]) -> list[dict[str, Any]]:
    """The broker events of one turn, as Rasa's tracker store streams them."""
    events = [UserUttered(text, {"name": intent, "confidence": 0.9}),
              ActionExecuted("action_answer_need"),
              *(BotUttered(data={"custom": {"triage": t}}) for t in triages),
              BotUttered("Een antwoord."), SlotSet("need", "x"), ActionExecuted("action_listen")]
    return [{"sender_id": sender} | e.as_dict() for e in events]


def feed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The signals a TurnTracker hands out for these events."""
    tracker = signals.TurnTracker()
    return [body for e in events if (body := tracker.feed(e)) is not None]


@pytest.mark.parametrize(("text", "intent", "sent", "expected"), [
    ("Ik heb schulden in Drachten", "schuldhulp",
     triage("schuldhulp", municipality=GM, referrals=[LOCAL, NATIONAL]),
     {"need": "schuldhulp", "municipality_code": "GM0090", "local_referral_found": True}),
    ("ik heb schulden", "schuldhulp", triage("schuldhulp", referrals=[NATIONAL]),
     {"need": "schuldhulp", "municipality_code": None, "local_referral_found": False}),
    ("ik wil dood", "crisis_suicide", triage(None, crisis="suicide"), {"need": None, "crisis": "suicide"}),
    ("ik wil een medewerker spreken", "human_handoff", triage(None, handoff=True),
     {"need": None, "asked_person": True}),
    ("hoe laat gaat het zwembad open", "out_of_scope", triage("out_of_scope"),
     {"need": None, "out_of_scope": True, "text": "hoe laat gaat het zwembad open"}),
    ("blabla [BSN] flapperdoos", "nlu_fallback", triage(None),
     {"need": None, "asked_back": True, "text": "blabla [BSN] flapperdoos"}),
])
def test_a_classified_turn_gives_one_signal(text: str, intent: str, sent: dict[str, Any],
                                            expected: dict[str, Any]) -> None:
    (body,) = feed(turn("a", text, intent, sent))
    defaults = {"need": None, "municipality_code": None, "crisis": None, "asked_person": False,
                "local_referral_found": False, "asked_back": False, "out_of_scope": False}
    assert body == defaults | expected


def test_text_goes_only_with_asked_back_or_out_of_scope_and_never_an_id() -> None:
    (body,) = feed(turn("sender-123", "Ik heb schulden", "schuldhulp", triage("schuldhulp")))
    assert "text" not in body
    assert "sender-123" not in json.dumps(body)


def test_a_turn_without_triage_sends_nothing_and_turns_of_two_senders_stay_apart() -> None:
    assert feed(turn("a", "/affirm", "affirm")) == []
    first, second = turn("a", "ik heb schulden", "schuldhulp", triage("schuldhulp")), turn(
        "b", "ik wil dood", "crisis_suicide", triage(None, crisis="suicide"))
    interleaved = [e for pair in zip(first, second, strict=False) for e in pair]
    bodies = feed(interleaved)
    assert [(b["need"], b["crisis"]) for b in bodies] == [("schuldhulp", None), (None, "suicide")]


def test_a_turn_cut_off_by_the_next_message_still_counts_once() -> None:
    events = turn("a", "ik heb schulden", "schuldhulp", triage("schuldhulp"))[:-1]
    events += turn("a", "dank je", "thank", triage(None))
    assert [b["need"] for b in feed(events)] == ["schuldhulp", None]


def test_the_broker_posts_with_the_token_and_a_text_redacted_again(receiver: Receiver) -> None:
    broker = signals.Signals(receiver.url, TOKEN)
    for event in turn("a", "bel mij op 06-12345678 over de brief", "nlu_fallback", triage(None)):
        broker.publish(event)
    (body,) = receiver.wait(1)
    assert receiver.headers == [f"Bearer {TOKEN}"]
    assert body["asked_back"] is True
    assert "12345678" not in body["text"]
    assert "[TELEFOON]" in body["text"]
    broker.close()


@pytest.mark.parametrize("down", ["refused", "hung", "error"])
def test_publishing_never_waits_for_the_service(receiver: Receiver, down: str) -> None:
    receiver.delay, receiver.status = (3.0, 204) if down == "hung" else (0.0, 500)
    url = closed_port_url() if down == "refused" else receiver.url
    broker = signals.Signals(url, TOKEN, timeout=0.5)
    events = [e for k in range(20) for e in turn(f"s{k}", "ik heb schulden", "schuldhulp", triage("schuldhulp"))]
    started = time.perf_counter()
    for event in events:
        broker.publish(event)
    assert time.perf_counter() - started < 0.05  # 120 events; a single post would take 0.5 s or more
    assert broker.sender is not None
    broker.sender.close(wait=1.2 if down == "hung" else 10.0)
    if down != "hung":
        assert broker.sender.dropped == 20
    else:  # each post times out after 0.5 s on the client side: dropped, the reply was long gone
        assert broker.sender.dropped >= 1


def test_a_full_queue_drops_instead_of_growing() -> None:
    sender = signals.Sender(closed_port_url(), TOKEN, 0.1, size=2)
    sender.queue.put_nowait({"x": 1})  # fill it faster than the thread can drain
    sender.queue.put_nowait({"x": 2})
    for _ in range(5):
        sender.put({"x": 3})
    assert sender.dropped >= 3
    sender.close(wait=5.0)


def test_without_a_token_nothing_is_sent(receiver: Receiver) -> None:
    broker = signals.Signals(receiver.url, None)
    for event in turn("a", "ik heb schulden", "schuldhulp", triage("schuldhulp")):
        broker.publish(event)
    assert broker.sender is None
    time.sleep(0.2)
    assert receiver.bodies == []


def test_a_malformed_event_does_not_raise() -> None:
    broker = signals.Signals(closed_port_url(), TOKEN)
    broker.publish({"sender_id": "a", "event": "user", "parse_data": "not a dict"})
    broker.publish({"sender_id": "a", "event": "bot", "data": {"custom": {"triage": "x"}}})
    broker.close()


def test_without_a_token_nothing_is_installed() -> None:
    original = MessageProcessor.save_tracker
    assert signals.install({}) is None
    assert MessageProcessor.save_tracker is original


@pytest.mark.parametrize("raw", ["abc", "0", "11"])
def test_a_bad_timeout_stops_the_start(raw: str) -> None:
    with pytest.raises(ValueError, match="SIGNALS_TIMEOUT_SECONDS"):
        signals.settings(None, {}, {"SIGNALS_TIMEOUT_SECONDS": raw})


def test_a_saved_turn_reaches_the_service_once(receiver: Receiver) -> None:
    original = MessageProcessor.save_tracker
    hook = signals.install({"SIGNALS_TOKEN": TOKEN, "SIGNALS_URL": receiver.url, "SIGNALS_TIMEOUT_SECONDS": "0.5"})
    try:
        processor = SimpleNamespace(tracker_store=InMemoryTrackerStore(Domain.empty()))
        tracker = DialogueStateTracker("resident", [])
        for event in turn("resident", "ik heb schulden", "schuldhulp", triage("schuldhulp", municipality=GM)):
            tracker.update(Event.from_parameters(event))
        asyncio.run(MessageProcessor.save_tracker(processor, tracker))  # type: ignore[arg-type]
        asyncio.run(MessageProcessor.save_tracker(processor, tracker))  # saved again: not counted again
        (body,) = receiver.wait(1)
        time.sleep(0.2)
        assert len(receiver.bodies) == 1
        assert (body["need"], body["municipality_code"]) == ("schuldhulp", "GM0090")
        assert asyncio.run(processor.tracker_store.retrieve("resident")) is not None
    finally:
        assert hook is not None
        hook.close()
        MessageProcessor.save_tracker = original
