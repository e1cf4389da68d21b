"""A message over the chat's length limit gets a short reply and is not processed: installed by ``components.server``.

The chat widget stops a resident before sending more than ``MAX_LENGTH``
characters, with the same text as ``TOO_LONG``. A longer message that reaches
Rasa anyway (a crafted request, another client) is answered at the door: before
the NLU, the conversation's lock and its tracker, so it is neither classified nor
stored, and it is never logged. The check wraps ``Agent.handle_message``, where
every input channel (REST, socket.io) hands over its messages, outside the
crisis-first shortcut (``components.crisis_first``).

Crisis first still holds for such a message: the crisis safety net (``crisis``,
the same patterns and model as the NLU's ``CrisisDetector``) reads it, in pieces
of at most ``MAX_LENGTH`` characters so that the model also sees a crisis in the
last sentence of a long text. A crisis gets the domain's crisis reply (and its
English line) instead of ``TOO_LONG``; a possible risk gets ``TOO_LONG`` with the
check line, as every other reply does. Only the verdict is used; the text is
not kept.

The widget's copy of the limit and the text is in ``referral_service/chat/limits.py``;
a test holds the two to the same values.
"""
from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from crisis import Risk, assess
from crisis.language import language_of
from crisis.risk import most_urgent
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from components.crisis_detector import CRISIS_PREFIX, RISK_KEY
from components.crisis_first import extra_lines, send_crisis_now

logger = logging.getLogger(__name__)

# Characters (code points), as the widget counts them with Array.from(text).length.
MAX_LENGTH = 500
TOO_LONG = f"Uw bericht is te lang. Schrijf het korter, in minder dan {MAX_LENGTH} tekens."
# The safety net reads at most this many pieces (half from the start, half from the end):
# a crafted message of megabytes must not hold the server for minutes (about 15 ms a piece).
MAX_PIECES = 40
SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")

Handler = Callable[[Agent, UserMessage], Awaitable[Any]]


def too_long(message: UserMessage) -> bool:
    """Whether the message's text is over the limit."""
    return message.text is not None and len(message.text) > MAX_LENGTH


def pieces(text: str, size: int = MAX_LENGTH) -> list[str]:
    """The text in pieces of at most ``size`` characters, cut between sentences where one fits."""
    found: list[str] = []
    current = ""
    for sentence in SENTENCE_END.split(text):
        for start in range(0, max(len(sentence), 1), size):  # a sentence longer than size is cut
            part = sentence[start:start + size]
            if current and len(current) + 1 + len(part) > size:
                found.append(current)
                current = part
            else:
                current = f"{current} {part}" if current else part
    found.append(current)
    if len(found) > MAX_PIECES:
        found = found[:MAX_PIECES // 2] + found[-(MAX_PIECES // 2):]
    return [piece for piece in found if piece.strip()]


def verdict(text: str) -> tuple[Risk, str]:
    """The safety net's verdict over the pieces of a long text, and the piece it rests on."""
    assessed = [(assess(piece), piece) for piece in pieces(text)]
    crises = [(risk, piece) for risk, piece in assessed if risk.crisis]
    if crises:
        kind = most_urgent([risk.crisis for risk, _ in crises if risk.crisis])
        return next((risk, piece) for risk, piece in crises if risk.crisis == kind)
    possible = [(risk, piece) for risk, piece in assessed if risk.level]
    return max(possible or assessed, key=lambda found: found[0].score)


def risk_parse(text: str) -> dict[str, Any]:
    """An NLU-like result with only what crisis_first reads: the crisis intent and the verdict."""
    risk, piece = verdict(text)
    language = language_of(piece) if risk.level else None
    intent = f"{CRISIS_PREFIX}{risk.crisis}" if risk.crisis else None
    return {"intent": {"name": intent}, RISK_KEY: {**risk.as_dict(), "language": language}}


async def refuse(agent: Agent, message: UserMessage) -> list[dict[str, Any]] | None:
    """The crisis reply for a crisis, else TOO_LONG (with a possible risk's check); the collected reply."""
    parse = risk_parse(message.text or "")
    # The length and the verdict only: the text itself may hold personal data.
    logger.info("A message of %d characters was not processed (limit %d, crisis %s)",
                len(message.text or ""), MAX_LENGTH, parse[RISK_KEY]["crisis"])
    if parse["intent"]["name"] and agent.domain is not None:
        await send_crisis_now(agent, message, parse)
    else:
        await message.output_channel.send_text_message(message.sender_id, TOO_LONG)
        for text in extra_lines(None, parse[RISK_KEY]):
            await message.output_channel.send_text_message(message.sender_id, text)
    out = message.output_channel
    return out.messages if isinstance(out, CollectingOutputChannel) else None


def limited(handle_message: Handler) -> Handler:
    """Agent.handle_message that answers an over-long message itself, before anything else sees it."""

    @functools.wraps(handle_message)
    async def handle(self: Agent, message: UserMessage) -> Any:
        if too_long(message):
            return await refuse(self, message)
        return await handle_message(self, message)

    handle.length_limited = True  # type: ignore[attr-defined]
    return handle


def install() -> None:
    """Put the check around Agent.handle_message as it is now (after crisis_first), once."""
    if not getattr(Agent.handle_message, "length_limited", False):
        Agent.handle_message = limited(Agent.handle_message)
