"""Conversations are forgotten a while after their last message: installed by ``components.server``.

``CONVERSATION_RETENTION_MINUTES`` (default 60; a positive whole number, else no
start) is how long a conversation stays after its last message.

- **Embedded default** (``make run``, ``endpoints.yml``: Rasa's in-memory tracker
  store): each save notes the time; every save, retrieve and listing first drops
  the conversations whose last save is older than the retention (a purge on use,
  no background job).
- **Production** (``endpoints.redis.yml``, docker-compose): Rasa's Redis tracker
  store, whose ``record_exp`` (the key's expiry, renewed at every save) is set to
  the retention when the endpoints file gives none.
"""
from __future__ import annotations

import os
import time
import weakref
from collections.abc import Callable
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_MINUTES = 60
clock: Callable[[], float] = time.time
# Per in-memory store: conversation id -> time of its last save.
_last_saved: weakref.WeakKeyDictionary[TrackerStore, dict[str, float]] = weakref.WeakKeyDictionary()


def retention_seconds(environ: Any = None) -> int:
    """The retention from ``CONVERSATION_RETENTION_MINUTES``, in seconds."""
    raw = (os.environ if environ is None else environ).get("CONVERSATION_RETENTION_MINUTES") or str(DEFAULT_MINUTES)
    try:
        minutes = int(raw)
    except ValueError:
        minutes = 0
    if minutes <= 0:
        raise ValueError(f"CONVERSATION_RETENTION_MINUTES must be a positive whole number, not {raw!r}")
    return minutes * 60


def purge_expired(store: InMemoryTrackerStore, now: float | None = None) -> list[str]:
    """Drop the conversations of an in-memory store whose last save is older than the retention."""
    now = clock() if now is None else now
    seen = _last_saved.setdefault(store, {})
    limit = now - retention_seconds()
    expired = [sender for sender in store.store if seen.get(sender, now) < limit]
    for sender in expired:
        store.store.pop(sender, None)
        seen.pop(sender, None)
    return expired


_rasa_save = InMemoryTrackerStore.save
_rasa_retrieve = InMemoryTrackerStore.retrieve
_rasa_retrieve_full = InMemoryTrackerStore.retrieve_full_tracker
_rasa_keys = InMemoryTrackerStore.keys
_rasa_redis_init = RedisTrackerStore.__init__


async def save(self: InMemoryTrackerStore, tracker: DialogueStateTracker) -> None:
    """Rasa's save, noting the time; expired conversations go first."""
    purge_expired(self)
    await _rasa_save(self, tracker)
    _last_saved.setdefault(self, {})[tracker.sender_id] = clock()


async def retrieve(self: InMemoryTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    """Rasa's retrieve, after the purge."""
    purge_expired(self)
    return await _rasa_retrieve(self, sender_id)


async def retrieve_full_tracker(self: InMemoryTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    """Rasa's retrieve of all sessions, after the purge."""
    purge_expired(self)
    return await _rasa_retrieve_full(self, sender_id)


async def keys(self: InMemoryTrackerStore) -> Any:
    """Rasa's listing of conversation ids, after the purge."""
    purge_expired(self)
    return await _rasa_keys(self)


def redis_init(self: RedisTrackerStore, *args: Any, record_exp: float | None = None, **kwargs: Any) -> None:
    """Rasa's Redis tracker store, its keys expiring after the retention unless the file says otherwise."""
    _rasa_redis_init(self, *args, record_exp=int(record_exp or retention_seconds()), **kwargs)


def install() -> None:
    """Expiry for the in-memory and the Redis tracker store, in this process; checks the setting."""
    retention_seconds()
    InMemoryTrackerStore.save = save
    InMemoryTrackerStore.retrieve = retrieve
    InMemoryTrackerStore.retrieve_full_tracker = retrieve_full_tracker
    InMemoryTrackerStore.keys = keys
    RedisTrackerStore.__init__ = redis_init
