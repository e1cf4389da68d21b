"""Personal data never reaches Rasa's tracker or log: installed by ``components.server``.

Rasa 3.6 parses a message and then logs it on the conversation's tracker as a
``UserUttered`` event (``MessageProcessor._handle_message_with_tracker``). We
wrap that step: the NLU still parses the original text, and the event gets the
text, ``parse_data["text"]`` and entity values with personal data replaced by
placeholders (``components.pii``). Everything later (slots, the action server,
the tracker store, ``GET /conversations/<id>/tracker``) only sees the
placeholders. Rasa's structured debug log (``processor.message.parse`` logs the
parsed text) gets a processor that redacts every string of an event the same way.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import structlog
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils import log_utils

from components.pii import redact, redact_parse_data, redact_value

_rasa_handle_with_tracker = MessageProcessor._handle_message_with_tracker
_rasa_configure_structlog = log_utils.configure_structlog


def redacted_message(message: UserMessage, parse_data: dict[str, Any]) -> UserMessage:
    """The message as it may be kept: redacted text and NLU result, same channel and ids."""
    return UserMessage(redact(message.text) if message.text else message.text, message.output_channel,
                       message.sender_id, redact_parse_data(parse_data), message.input_channel,
                       message.message_id, message.metadata)


async def handle_message_with_tracker(
    self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker
) -> None:
    """Parse the original message, then let Rasa log the redacted one on the tracker."""
    parse_data = message.parse_data or await self.parse_message(message, tracker)
    await _rasa_handle_with_tracker(self, redacted_message(message, parse_data), tracker)


def redact_log_event(logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
    """structlog processor: every string in a log event redacted."""
    return {key: redact_value(value) for key, value in event_dict.items()}


def configure_structlog(*args: Any, **kwargs: Any) -> None:
    """Rasa's structlog set-up with the redacting processor first."""
    _rasa_configure_structlog(*args, **kwargs)
    processors = list(structlog.get_config()["processors"])
    if redact_log_event not in processors:
        structlog.configure(processors=[redact_log_event, *processors])


def install() -> None:
    """Redact before the tracker and the structured log, in this process."""
    MessageProcessor._handle_message_with_tracker = handle_message_with_tracker
    log_utils.configure_structlog = configure_structlog
