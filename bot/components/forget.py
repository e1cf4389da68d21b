"""Closing the chat deletes the conversation: ``POST /webhooks/rest/forget``, installed by ``components.server``.

The chat widget posts ``{"sender": "<its conversation id>"}`` when the resident
closes the chat. That id is the widget's own random id (``crypto.randomUUID()``,
122 random bits), kept in that browser tab only: holding it is what lets a browser
write to the conversation, and it is what lets it delete the conversation. No token
is in the browser. An id of another shape (``"me"`` in the README's curl example, a
test's name) is refused, so no guessable id can be used to delete a conversation.

The route is added to Rasa's REST channel, the channel the widget already talks to
(and so the one a reverse proxy publishes). The deletion waits for the
conversation's lock: a message still being handled is finished first, and deleted
with the rest, instead of saving the conversation again afterwards.

Stores: Rasa's in-memory store (``make run``) and its Redis store (production, CI).
Any other store gets 501, so a deployment never believes it deleted what it kept.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from components import retention

logger = logging.getLogger(__name__)

ROUTE = "/forget"
# The widget's ids: a version 4 UUID (crypto.randomUUID), or 32 hex digits where that is missing.
WIDGET_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{32}")
# Attributes under which Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore) hold a store.
WRAPPED = ("_tracker_store", "_fallback_tracker_store")


class UnsupportedStoreError(Exception):
    """A tracker store this module cannot delete from."""


def is_widget_id(sender_id: Any) -> TypeGuard[str]:
    """Whether a sender id has the shape of the widget's random ids."""
    return isinstance(sender_id, str) and WIDGET_ID.fullmatch(sender_id) is not None


def concrete_stores(store: TrackerStore) -> list[TrackerStore]:
    """The stores that hold data behind Rasa's wrappers (a fail-safe store's fallback too)."""
    inner = [getattr(store, name) for name in WRAPPED if getattr(store, name, None) is not None]
    if not inner:
        return [store]
    return [found for wrapped in inner for found in concrete_stores(wrapped)]


def delete_from(store: TrackerStore, sender_id: str) -> None:
    """Remove one conversation from one concrete store."""
    if isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
        # The retention's note of its last save goes too (it would otherwise stay until Rasa stops).
        retention._last_saved.get(store, {}).pop(sender_id, None)
    elif isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
    else:
        raise UnsupportedStoreError(type(store).__name__)


async def forget(agent: Agent, sender_id: str) -> None:
    """Delete a conversation from the agent's tracker store, once no message of it is being handled."""
    stores = concrete_stores(agent.tracker_store)
    unsupported = [type(s).__name__ for s in stores if not isinstance(s, (InMemoryTrackerStore, RedisTrackerStore))]
    if unsupported:
        raise UnsupportedStoreError(", ".join(unsupported))
    async with agent.lock_store.lock(sender_id):
        for store in stores:
            delete_from(store, sender_id)


def error(status: int, message: str) -> HTTPResponse:
    """A JSON error for API clients (the widget shows residents nothing of it)."""
    return response.json({"error": message}, status=status)


async def forget_route(request: Request) -> HTTPResponse:
    """POST {"sender": id}: 204 once the conversation is gone (also when there was none)."""
    body = request.json  # None for an empty body; not JSON is a 400 from Sanic
    sender_id = body.get("sender") if isinstance(body, dict) else None
    if not is_widget_id(sender_id):
        return error(400, 'send {"sender": "<the chat widget\'s conversation id: a UUID>"} as JSON')
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return error(503, "the bot is not ready yet; try again")
    try:
        await forget(agent, sender_id)
    except UnsupportedStoreError as unsupported:
        logger.error("Cannot delete a conversation from tracker store %s", unsupported)
        return error(501, f"deleting a conversation is not supported for {unsupported}")
    except LockError:
        return error(503, "the conversation is busy; try again")
    logger.info("A conversation was deleted at the widget's request")
    return response.empty(status=204)


_rasa_blueprint = RestInput.blueprint


def blueprint(self: RestInput, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
    """Rasa's REST channel routes plus /forget."""
    routes = _rasa_blueprint(self, on_new_message)
    routes.add_route(forget_route, ROUTE, methods=["POST"], name="forget")
    return routes


def install() -> None:
    """Add /forget to the REST channel, in this process."""
    RestInput.blueprint = blueprint
