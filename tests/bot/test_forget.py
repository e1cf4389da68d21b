"""Closing the chat deletes the conversation (bot/components/forget.py): only with the widget's own random id."""
from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa")

from components import forget, retention
from components.forget import ROUTE, forget_route, is_widget_id
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    RedisTrackerStore,
    TrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Rasa 3.6's tracker stores warn about their own deprecations when made.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
MINE = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def make_agent(store: TrackerStore) -> Any:
    """What the route reads of Rasa's agent: its tracker store and lock store."""
    return SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())


def request(agent: Any, body: Any) -> Any:
    """A request as Sanic hands it to the route (only .json and .app.ctx.agent are read)."""
    return SimpleNamespace(json=body, app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def save(store: TrackerStore, sender_id: str) -> None:
    tracker = DialogueStateTracker(sender_id, [])
    tracker.update(UserUttered("Kan ik nog Tozo aanvragen?"))
    asyncio.run(store.save(tracker))


def post(agent: Any, body: Any) -> Any:
    return asyncio.run(forget_route(request(agent, body)))


@pytest.fixture
def store() -> InMemoryTrackerStore:
    retention.install()  # as the server runs: the store notes each save
    return InMemoryTrackerStore(Domain.empty())


def test_the_widgets_id_deletes_its_conversation_and_no_other(store: InMemoryTrackerStore) -> None:
    save(store, MINE)
    save(store, OTHER)
    response = post(make_agent(store), {"sender": MINE})
    assert response.status == 204
    assert asyncio.run(store.retrieve(MINE)) is None
    assert asyncio.run(store.retrieve(OTHER)) is not None
    assert MINE not in retention._last_saved.get(store, {})


def test_forgetting_a_conversation_that_is_not_there_is_fine(store: InMemoryTrackerStore) -> None:
    assert post(make_agent(store), {"sender": MINE}).status == 204


@pytest.mark.parametrize("body", [
    {"sender": "me"}, {"sender": "default"}, {"sender": "1"}, {"sender": "test-user"},
    {"sender": MINE.upper()}, {"sender": "0f8fad5b-d9cb-169f-a165-70867728950e"},  # a version 1 UUID: time, not chance
    {"sender": MINE + "x"}, {"sender": 123}, {"sender": None}, {}, None, [MINE], "0f8fad5b",
])
def test_a_guessable_or_missing_id_is_refused(store: InMemoryTrackerStore, body: Any) -> None:
    save(store, "me")
    response = post(make_agent(store), body)
    assert response.status == 400
    assert "sender" in json.loads(response.body)["error"]
    assert asyncio.run(store.retrieve("me")) is not None


@pytest.mark.parametrize("sender_id", [MINE, "9f1c0e2ab3d44c5e8f6a7b8c9d0e1f2a"])
def test_the_widgets_two_id_shapes_are_accepted(sender_id: str) -> None:
    assert is_widget_id(sender_id)


def test_rasas_wrapped_stores_are_emptied_too(store: InMemoryTrackerStore) -> None:
    fallback = InMemoryTrackerStore(Domain.empty())
    wrapped = AwaitableTrackerStore(FailSafeTrackerStore(store, fallback_tracker_store=fallback))
    save(store, MINE)
    save(fallback, MINE)
    assert post(make_agent(wrapped), {"sender": MINE}).status == 204
    assert asyncio.run(store.retrieve(MINE)) is None
    assert asyncio.run(fallback.retrieve(MINE)) is None


def test_the_redis_store_deletes_the_conversations_key() -> None:
    redis_store = RedisTrackerStore(Domain.empty(), host="localhost")
    deleted: list[str] = []
    redis_store.red = SimpleNamespace(delete=deleted.append)  # type: ignore[assignment]
    assert post(make_agent(redis_store), {"sender": MINE}).status == 204
    assert deleted == [redis_store.key_prefix + MINE]


def test_a_store_it_cannot_delete_from_is_a_501_not_a_false_promise() -> None:
    class OtherStore(TrackerStore):
        """A tracker store of a kind forget.py does not know."""

        async def save(self, tracker: DialogueStateTracker) -> None: ...

        async def keys(self) -> Any: ...

        async def retrieve(self, sender_id: str) -> Any: ...

    assert post(make_agent(OtherStore(Domain.empty())), {"sender": MINE}).status == 501


def test_without_a_loaded_agent_the_answer_is_503() -> None:
    assert post(None, {"sender": MINE}).status == 503


def test_a_message_being_handled_is_finished_and_deleted_with_the_rest(store: InMemoryTrackerStore) -> None:
    agent = make_agent(store)

    async def scenario() -> Any:
        async def handle_message() -> None:
            async with agent.lock_store.lock(MINE):
                await asyncio.sleep(0.2)  # the bot is still answering when the widget closes
                tracker = DialogueStateTracker(MINE, [])
                tracker.update(UserUttered("Kan ik nog Tozo aanvragen?"))
                await store.save(tracker)

        handling = asyncio.create_task(handle_message())
        await asyncio.sleep(0.05)
        response = await forget_route(request(agent, {"sender": MINE}))
        await handling
        return response

    assert asyncio.run(scenario()).status == 204
    assert asyncio.run(store.retrieve(MINE)) is None


def test_the_rest_channel_gets_the_route(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RestInput, "blueprint", forget._rasa_blueprint)
    forget.install()

    async def on_new_message(message: Any) -> None: ...

    routes = RestInput().blueprint(on_new_message)
    added = [(route.uri, route.methods) for route in routes._future_routes]
    assert (ROUTE, frozenset({"POST"})) in added
    assert ("/webhook", frozenset({"POST"})) in added
