"""What a process built from the data (answers, referrals, the resolver index), kept until the data changes.

Every data load and every admin save bumps the one DataVersion row in the same transaction as
the change (catalogue/load.py `bump_version`). A request reads that row once, before it uses
anything kept, so a save by another gunicorn worker, another server or the CLI is seen by the
next request, on SQLite and PostgreSQL alike: answers stay as fresh as when every request read
the tables. The read is one primary-key SELECT, as cheap as the health check's.

Hand-written rather than cachetools or Flask-Caching: those expire by time or size, not by a
version row in the database. The keys are bounded by the data (needs x places that exist).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import select

from ..extensions import DbSession
from ..models import DataVersion

T = TypeVar("T")
# Built once, on the table rather than the model: a Core SELECT skips the ORM's per-call work
# (about 60 µs instead of 250 µs a request on SQLite).
VERSION = select(DataVersion.__table__.c.version).where(DataVersion.__table__.c.id == 1)


class Generation:
    """What was built from one data version; a newer version starts a new, empty Generation.

    A request keeps the Generation it got when it read the version, and only reads data after
    that, so nothing built from older data is ever kept under a newer version: what it builds
    while a newer version comes in lands in its own, older Generation. Dict reads and writes are
    atomic in CPython, so threads share a Generation without a lock (two may build a value twice).
    """

    def __init__(self, version: int | None) -> None:
        self.version = version
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The kept value for `key`, built on first use."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = build()
            return value


class DataCache:
    """The current Generation of one app in one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: Generation | None = None

    def current(self, session: DbSession) -> Generation:
        """Read the data version (before any data is read) and the Generation that belongs to it."""
        version = session.scalar(VERSION)
        with self._lock:
            if self._current is None or self._current.version != version:
                self._current = Generation(version)
            return self._current

    def invalidate(self) -> None:
        """Forget everything now (a load in this process, before its next request)."""
        with self._lock:
            self._current = None


def data_cache() -> DataCache:
    """The cache of the current app."""
    cache: DataCache = current_app.extensions["data_cache"]
    return cache
