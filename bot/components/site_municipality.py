"""The municipality of the website the chat is on, from the message metadata: installed by ``components.server``.

A municipality's own site embeds the widget with ``data-municipality="GM0307"``;
the widget then sends ``{"municipality": "GM0307"}`` as the metadata of every
message. After the NLU of a message, while the conversation has no municipality
yet, the action server's ``action_municipality_from_site`` checks the code (GM and
four digits, known to the referral service) and sets ``municipality_code`` and
``municipality_name``. The bot then never asks which municipality, and a place the
resident names still wins: the actions that find it set the same slots later in
the turn. An unknown code is ignored.

Why not a custom ``action_session_start``: that would make the first message of
every conversation wait for the action server, and with the action server down a
session would start without its ``action_listen``, which the crisis rules need
(a crisis must get its reply with the action server stopped). Here the default
session start stays; a crisis message skips the check, so its reply never waits;
the check has a budget of its own; and any failure only leaves the municipality
unknown (the bot asks, as on any other site). The check runs outside the policies,
so the model and its stories are unchanged; only the two slots it sets show.
"""
from __future__ import annotations

import asyncio
import logging
import re

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import OutputChannel
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from components.crisis_detector import CRISIS_PREFIX

logger = logging.getLogger(__name__)

ACTION = "action_municipality_from_site"
METADATA_KEY = "municipality"
CODE = re.compile(r"GM\d{4}")
SLOTS = frozenset({"municipality_code", "municipality_name"})
# Above the action server's own budget for the referral service (REFERRAL_BUDGET_SECONDS, 2 s),
# so a slow referral service is waited out once; a hung action server costs no more than this.
BUDGET_SECONDS = 2.5


def site_code(tracker: DialogueStateTracker) -> str | None:
    """The well-formed municipality code in the latest message's metadata, or None."""
    message = tracker.latest_message
    metadata = message.metadata if message is not None else None
    code = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return code if isinstance(code, str) and CODE.fullmatch(code) else None


def wants_check(tracker: DialogueStateTracker) -> bool:
    """A site code came with a message that is no crisis, and the conversation has no municipality yet."""
    if tracker.get_slot("municipality_code") or site_code(tracker) is None:
        return False
    intent = (tracker.latest_message.intent if tracker.latest_message else {}).get("name") or ""
    return not intent.startswith(CRISIS_PREFIX)


async def add_site_municipality(processor: MessageProcessor, output_channel: OutputChannel,
                                tracker: DialogueStateTracker) -> None:
    """Ask the action server to check the site's code; put the municipality slots it sets on the tracker."""
    if processor.action_endpoint is None or not wants_check(tracker):
        return
    action = RemoteAction(ACTION, processor.action_endpoint)
    try:
        events = await asyncio.wait_for(
            action.run(output_channel, processor.nlg, tracker, processor.domain), BUDGET_SECONDS)
    except (RasaException, asyncio.TimeoutError) as failure:
        logger.info("The site's municipality could not be checked (%s); the bot asks as usual",
                    type(failure).__name__)
        return
    for event in events:
        if isinstance(event, SlotSet) and event.key in SLOTS:
            tracker.update(event, processor.domain)


_rasa_extract_slots = MessageProcessor.run_action_extract_slots


async def run_action_extract_slots(self: MessageProcessor, output_channel: OutputChannel,
                                   tracker: DialogueStateTracker) -> DialogueStateTracker:
    """Rasa's slot extraction after the NLU, then the site's municipality."""
    tracker = await _rasa_extract_slots(self, output_channel, tracker)
    await add_site_municipality(self, output_channel, tracker)
    return tracker


def install() -> None:
    """Check the site's municipality after each message's slot extraction, in this process."""
    MessageProcessor.run_action_extract_slots = run_action_extract_slots
