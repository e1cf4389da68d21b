"""Anonymous signals of need: one count per classified chat turn, sent to the referral service (issue 20).

Where: ``install()`` (called by ``components.server``, like redact and retention) wraps Rasa's
``MessageProcessor.save_tracker``, which runs once a turn is done, before the reply goes out.
It reads the turn's events from the tracker in memory. A Rasa event broker was the first
design and was measured (scripts/bench_signals.py): Rasa's tracker store then reads the
previous tracker back on every save to find the new events, 6 ms per reply at p50 for a
12-turn conversation, over the 1 ms budget. The action server could not see the turns that
static responses answer (crisis) and does not know when a turn ends.

What a turn's events tell (``TurnTracker``), whoever made them:

- the user event: the intent (``nlu_fallback`` = the bot asked back) and the text, already
  redacted by ``components.redact`` before the tracker saw it;
- the triage object every classified turn sends as a custom message, from the actions and from
  the static crisis replies alike: the need (``out_of_scope`` = out of scope), the crisis kind,
  the municipality, the referrals (one with a municipality code = a local referral found) and
  ``handoff`` (a person was asked for);
- ``action_listen``: the turn is over.

A turn without a triage object (a button press in the middle of a form, a message over the
length limit) was not classified and sends nothing. Every classified turn counts once, also
the answer to "which municipality?", which carries the need again: that is the turn where a
local referral is found. Sender ids stay in this process only (to count a turn once).

Sending never slows or breaks a reply: the hook only reads the events and puts the signal on
a bounded queue. One daemon thread posts it to ``SIGNALS_URL`` (the referral service's POST
/api/v1/signals) with ``Authorization: Bearer SIGNALS_TOKEN`` and a SIGNALS_TIMEOUT_SECONDS
timeout. A full queue, a refused connection, a timeout or an error status drops the signal,
logged without content. Without SIGNALS_TOKEN nothing is installed. The text of a turn the
bot asked back on or called out of scope goes along, redacted once more with
``components.pii`` (in the thread).
"""
from __future__ import annotations

import json
import logging
import os
import queue
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.pii import redact

logger = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:8000/api/v1/signals"
DEFAULT_TIMEOUT = 1.0
QUEUE_SIZE = 1000
# Open turns kept per process; a conversation that never reaches action_listen is dropped first.
MAX_OPEN_TURNS = 10_000
MAX_TEXT = 500
ASKED_BACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
CRISIS_KINDS = frozenset({"suicide", "violence", "emergency"})
END_OF_TURN = "action_listen"
RESETS = frozenset({"session_started", "restart"})


@dataclass
class Turn:
    """What the events of one turn said so far."""

    intent: str | None
    text: str | None
    triage: dict[str, Any] | None = None
    handoff: bool = False
    crisis: str | None = None

    def see_triage(self, triage: dict[str, Any]) -> None:
        """Keep the turn's last triage object; a crisis or hand-off of any of them stays."""
        self.triage = triage
        self.handoff = self.handoff or bool(triage.get("handoff"))
        crisis = triage.get("crisis")
        self.crisis = self.crisis or (crisis if crisis in CRISIS_KINDS else None)


def signal_of(turn: Turn) -> dict[str, Any] | None:
    """The JSON body of POST /api/v1/signals for a finished turn; None when it was not classified."""
    if turn.triage is None:
        return None
    need = turn.triage.get("need")
    asked_back = turn.intent == ASKED_BACK_INTENT
    out_of_scope = need == OUT_OF_SCOPE and not asked_back
    municipality = turn.triage.get("municipality") or {}
    body: dict[str, Any] = {
        "need": None if asked_back or out_of_scope or not isinstance(need, str) else need,
        "municipality_code": municipality.get("code"),
        "crisis": turn.crisis,
        "asked_person": turn.handoff,
        "local_referral_found": any(r.get("municipality_code") for r in turn.triage.get("referrals") or []),
        "asked_back": asked_back,
        "out_of_scope": out_of_scope,
    }
    if (asked_back or out_of_scope) and turn.text and not turn.text.startswith("/"):
        body["text"] = turn.text  # redacted again in the sending thread
    return body


def triage_of(event: dict[str, Any]) -> dict[str, Any] | None:
    """The triage object of a bot event, if it carries one."""
    custom = (event.get("data") or {}).get("custom")
    triage = custom.get("triage") if isinstance(custom, dict) else None
    return triage if isinstance(triage, dict) else None


class TurnTracker:
    """Groups the events of each conversation into turns; hands out a signal per finished turn."""

    def __init__(self, max_open: int = MAX_OPEN_TURNS) -> None:
        self.open: OrderedDict[str, Turn] = OrderedDict()
        self.max_open = max_open

    def feed(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """Take one broker event; the signal of the turn it ends, if any."""
        sender, kind = str(event.get("sender_id")), event.get("event")
        if kind == "user":
            finished = self.open.pop(sender, None)
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            self.start(sender, Turn(intent, event.get("text")))
            return signal_of(finished) if finished else None
        turn = self.open.get(sender)
        if turn is None:
            return None
        if kind == "bot" and (triage := triage_of(event)) is not None:
            turn.see_triage(triage)
        elif kind in RESETS:
            self.open.pop(sender, None)
        elif kind == "action" and event.get("name") == END_OF_TURN:
            return signal_of(self.open.pop(sender))
        return None

    def start(self, sender: str, turn: Turn) -> None:
        """Open a turn, dropping the oldest open one when too many are open."""
        self.open[sender] = turn
        if len(self.open) > self.max_open:
            self.open.popitem(last=False)


class Sender:
    """One daemon thread that posts queued signals; drops them when the queue is full or the service fails."""

    def __init__(self, url: str, token: str, timeout: float, size: int = QUEUE_SIZE) -> None:
        self.url, self.token, self.timeout = url, token, timeout
        self.queue: queue.Queue[dict[str, Any] | None] = queue.Queue(maxsize=size)
        self.dropped = 0
        self.thread = threading.Thread(target=self.run, name="signals-sender", daemon=True)
        self.thread.start()

    def put(self, body: dict[str, Any]) -> None:
        """Queue a signal without waiting."""
        try:
            self.queue.put_nowait(body)
        except queue.Full:
            self.dropped += 1

    def run(self) -> None:
        """Post signals until None arrives."""
        while (body := self.queue.get()) is not None:
            self.post(body)
            self.queue.task_done()
        self.queue.task_done()

    def post(self, body: dict[str, Any]) -> None:
        """POST one signal; any failure drops it (logged without its content)."""
        if "text" in body:
            body = body | {"text": redact(str(body["text"]))[:MAX_TEXT]}
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            self.dropped += 1
            logger.warning("signal dropped: the referral service answered %s", exc.code)
        except (OSError, ValueError) as exc:  # refused, timeout, bad URL: the service is down or misconfigured
            self.dropped += 1
            logger.debug("signal dropped: %s", type(exc).__name__)

    def close(self, wait: float = 2.0) -> None:
        """Stop the thread after the queued signals (at most `wait` seconds)."""
        try:
            self.queue.put(None, timeout=wait)
        except queue.Full:
            return
        self.thread.join(wait)


class Signals:
    """A signal per classified turn to the referral service, fire and forget."""

    def __init__(self, url: str, token: str | None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.turns = TurnTracker()
        self.sender = Sender(url, token, timeout) if token else None
        # Sender -> timestamp of the last user message counted, so a second save of a turn counts nothing.
        self.counted: OrderedDict[str, float] = OrderedDict()

    def publish(self, event: dict[str, Any]) -> None:
        """Read one event (on the reply path: no I/O here); queue the signal of a finished turn."""
        if self.sender is None:
            return
        try:
            body = self.turns.feed(event)
        except Exception:  # a malformed event must never break the reply it belongs to
            logger.warning("signal: could not read a %s event", event.get("event"))
            return
        if body is not None:
            self.sender.put(body)

    def see(self, tracker: DialogueStateTracker) -> None:
        """Read the tracker's last turn once, when it is saved."""
        events = list(tracker.events)
        start = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), None)
        if start is None or self.counted.get(tracker.sender_id) == events[start].timestamp:
            return
        self.counted[tracker.sender_id] = events[start].timestamp
        self.counted.move_to_end(tracker.sender_id)
        if len(self.counted) > MAX_OPEN_TURNS:
            self.counted.popitem(last=False)
        for event in events[start:]:
            self.publish({"sender_id": tracker.sender_id} | event.as_dict())

    def close(self) -> None:
        """Send what is queued, briefly."""
        if self.sender is not None:
            self.sender.close()


_rasa_save_tracker = MessageProcessor.save_tracker


def install(environ: Any = os.environ) -> Signals | None:
    """Count each saved turn in this process (SIGNALS_URL, SIGNALS_TOKEN, SIGNALS_TIMEOUT_SECONDS)."""
    config = settings(None, {}, environ)
    if not config["token"]:
        logger.info("SIGNALS_TOKEN is not set: no signals are sent")
        MessageProcessor.save_tracker = _rasa_save_tracker
        return None
    signals = Signals(**config)

    async def save_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        try:
            signals.see(tracker)
        except Exception:  # never in the way of the reply
            logger.warning("signal: could not read the turn")
        await _rasa_save_tracker(self, tracker)

    MessageProcessor.save_tracker = save_tracker
    return signals


def token_file(path: str | None) -> str | None:
    """The token in SIGNALS_TOKEN_FILE (a Docker secret), or None; an unreadable file stops the start."""
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip() or None
    except OSError as error:
        raise ValueError(f"SIGNALS_TOKEN_FILE: cannot read {path} ({error.strerror})") from None


def settings(url: str | None, kwargs: dict[str, Any], environ: Any) -> dict[str, Any]:
    """url, token and timeout: given values first, then the environment; a bad timeout stops the start."""
    token = kwargs.get("token") or environ.get("SIGNALS_TOKEN") or token_file(environ.get("SIGNALS_TOKEN_FILE"))
    raw = kwargs.get("timeout") or environ.get("SIGNALS_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT
    try:
        timeout = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"SIGNALS_TIMEOUT_SECONDS must be a number of seconds, got {raw!r}") from None
    if not 0 < timeout <= 10:
        raise ValueError("SIGNALS_TIMEOUT_SECONDS must be more than 0 and at most 10")
    return {"url": url or environ.get("SIGNALS_URL") or DEFAULT_URL, "token": token, "timeout": timeout}
