"""Crisis first in the Rasa server: a crisis reply never waits, and no reply leaves a risk unmentioned.

Two additions to Rasa 3.6, installed by ``components.server``:

1. **A crisis never waits for the conversation's lock.** Rasa handles the
   messages of one conversation one at a time. When an earlier message still
   waits for the action server (hung, or waiting for a hung referral service),
   a crisis message sent next would wait too. When the conversation is busy,
   the message is parsed at once; a crisis gets its static reply from the
   domain right away, and the message then goes through the dialogue as usual
   once the lock is free, its output discarded (the reply has gone out), so
   the conversation's state stays the same as without the shortcut.
2. **Lines after every reply** (any rule, form, fallback, small talk or
   goodbye): a short check with the line when the message shows a possible
   risk, and one line in simple English after a crisis reply or check when the
   message was not Dutch. The texts are in ``bot/crisis/lines.yml``.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from crisis import lines
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from components.crisis_detector import CRISIS_PREFIX, RISK_KEY

logger = logging.getLogger(__name__)

DUTCH = "nl"
# Messages handled after their crisis reply went out early; kept so the tasks are not collected.
_pending: set[asyncio.Task] = set()


def extra_lines(intent: str | None, risk: dict[str, Any] | None) -> list[str]:
    """The lines that follow a reply, from the turn's intent and the safety net's verdict."""
    if not risk or not risk.get("level"):
        return []
    foreign = (risk.get("language") or DUTCH) != DUTCH
    if intent and intent.startswith(CRISIS_PREFIX):
        kind = intent.removeprefix(CRISIS_PREFIX)
        return [lines()["english"][kind]] if foreign and kind in lines()["english"] else []
    if risk["level"] != "possible":
        return []
    category = risk.get("category") or "suicide"
    return [lines()["check"][category]] + ([lines()["check_english"][category]] if foreign else [])


async def send_extra_lines(output_channel: OutputChannel, tracker: DialogueStateTracker) -> None:
    """Send the turn's added lines, if any, after what the dialogue replied."""
    parse = tracker.latest_message.parse_data if tracker.latest_message else {}
    intent = (parse.get("intent") or {}).get("name")
    for text in extra_lines(intent, parse.get(RISK_KEY)):
        await output_channel.send_text_message(tracker.sender_id, text)


_rasa_prediction_loop = MessageProcessor._run_prediction_loop


async def run_prediction_loop(
    self: MessageProcessor, output_channel: OutputChannel, tracker: DialogueStateTracker
) -> None:
    """Rasa's prediction loop, then the added lines."""
    await _rasa_prediction_loop(self, output_channel, tracker)
    await send_extra_lines(output_channel, tracker)


def is_busy(agent: Agent, sender_id: str) -> bool:
    """Whether another message of this conversation holds or waits for its lock."""
    lock = agent.lock_store.get_lock(sender_id)
    return bool(lock) and any(not ticket.has_expired() for ticket in lock.tickets)


async def send_crisis_now(agent: Agent, message: UserMessage, parse: dict[str, Any]) -> None:
    """The crisis reply from the domain, and its added lines, straight to the channel."""
    intent = parse["intent"]["name"]
    response = dict(agent.domain.responses[f"utter_{intent}"][0])
    await message.output_channel.send_response(message.sender_id, response)
    for text in extra_lines(intent, parse.get(RISK_KEY)):
        await message.output_channel.send_text_message(message.sender_id, text)


def _finished(task: asyncio.Task) -> None:
    """Forget a finished background handling; log (without the message) if it failed."""
    _pending.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("Handling a crisis message after its early reply failed: %s", type(task.exception()).__name__)


_rasa_handle_message = Agent.handle_message


async def handle_message(self: Agent, message: UserMessage) -> list[dict[str, Any]] | None:
    """Rasa's handling, with a crisis in a busy conversation answered before the lock."""
    if self.is_ready() and message.text and is_busy(self, message.sender_id):
        parse = await self.processor.parse_message(message)
        if ((parse.get("intent") or {}).get("name") or "").startswith(CRISIS_PREFIX):
            await send_crisis_now(self, message, parse)
            later = UserMessage(message.text, CollectingOutputChannel(), message.sender_id,
                                message.parse_data, message.input_channel, message.message_id, message.metadata)
            task = asyncio.create_task(_rasa_handle_message(self, later))
            _pending.add(task)
            task.add_done_callback(_finished)
            logger.info("Crisis reply sent before the conversation's lock was free")
            out = message.output_channel
            return out.messages if isinstance(out, CollectingOutputChannel) else None
    return await _rasa_handle_message(self, message)


def install() -> None:
    """Put both additions into Rasa's classes in this process."""
    MessageProcessor._run_prediction_loop = run_prediction_loop
    Agent.handle_message = handle_message
