"""Async client for the referral service: a total time budget per call, a circuit breaker, one error path.

Every way a call can fail (breaker open, budget spent, no connection, a 4xx or
5xx, a body that is no JSON object) raises ReferralServiceError, on which the
actions give the degraded national answer. A timeout, a connection error, a 5xx
or a broken body opens the breaker: calls then fail at once, without waiting,
until the cool-down has passed, and the calls still waiting give up with it
(the service is known to be down, so no resident waits out a budget another
call has already spent); then one trial call goes out (half-open), and its
success closes the breaker, its failure opens it again.

The breaker is our own, not aiobreaker or purgatory: both let every call that
arrives while half-open through (ten residents would wait out a hung service
again, where we want one trial call), neither lets the calls in flight give up
when it opens, both time the cool-down by the wall clock, aiobreaker has had no
release since 2021, and purgatory brings a message bus and unit of work for
what is a timestamp, a flag and a set of waiting calls here.
"""
from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp

logger = logging.getLogger(__name__)
T = TypeVar("T")


def seconds_setting(name: str, default: str) -> float:
    """A positive number of seconds from the environment; anything else stops the action server at start."""
    text = os.environ.get(name) or default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0:  # also refuses nan
        raise ValueError(f"{name} must be a positive number of seconds, not {text!r}")
    return value


# Everything one call may take (connect, wait, read): a resident must get a reply
# quickly, also when the referral service hangs (degraded mode then takes over).
BUDGET = seconds_setting("REFERRAL_BUDGET_SECONDS", "2.0")
# How long calls fail at once after a failure, before one trial call.
COOLDOWN = seconds_setting("REFERRAL_COOLDOWN_SECONDS", "10")


class ReferralServiceError(Exception):
    """The referral service could not give an answer (down, slow, broken, or known to be down)."""


class CircuitOpenError(Exception):
    """The breaker is open: the call was not made."""


class ServerError(Exception):
    """The referral service answered with a 5xx."""


class CircuitBreaker:
    """Closed, open or half-open; open fails calls at once until the cool-down has passed, then one trial call."""

    def __init__(self, cooldown: float = COOLDOWN, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.clock = clock
        self.opened_at: float | None = None
        self.trial = False  # the half-open trial call is out
        self.waiting: set[asyncio.Future[Any]] = set()  # calls in flight, given up when the breaker opens

    @property
    def state(self) -> str:
        """closed, open or half-open (the cool-down has passed and no trial call is out)."""
        if self.opened_at is None:
            return "closed"
        if self.trial or self.clock() - self.opened_at < self.cooldown:
            return "open"
        return "half-open"

    async def call(self, fetch: Callable[[], Awaitable[T]], budget: float) -> T:
        """One call through the breaker within the budget: refused while open; any exception in it is a failure."""
        state = self.state
        if state == "open":
            raise CircuitOpenError
        self.trial = state == "half-open"
        try:
            result = await self.within(fetch(), budget)
        except BaseException:  # also a cancelled trial call: it must not keep the breaker open for ever
            self.failed()
            raise
        self.succeeded()
        return result

    async def within(self, call: Awaitable[T], budget: float) -> T:
        """Await the call for at most the budget; it gives up as well when the breaker opens meanwhile."""
        task = asyncio.ensure_future(call)
        self.waiting.add(task)
        try:
            done, _ = await asyncio.wait({task}, timeout=budget)
        finally:
            self.waiting.discard(task)
            task.cancel()  # nothing when done; else the request is dropped
        if not done:
            raise asyncio.TimeoutError
        if task.cancelled():
            raise CircuitOpenError  # another call failed: this one would wait in vain
        return task.result()

    def succeeded(self) -> None:
        """Close the breaker."""
        if self.opened_at is not None:
            logger.warning("referral service answers again: circuit breaker closed")
        self.opened_at, self.trial = None, False

    def failed(self) -> None:
        """Open the breaker (again) from now; the calls still waiting give up."""
        if self.opened_at is None:
            logger.warning("referral service failed: circuit breaker open for %.0f s", self.cooldown)
        self.opened_at, self.trial = self.clock(), False
        for task in list(self.waiting):
            task.cancel()


# One breaker for the referral service, shared by every action of this process.
BREAKER = CircuitBreaker()


class ReferralClient:
    """Reads answers, hand-off contacts and municipality resolutions from the referral service."""

    def __init__(self, base_url: str | None = None, budget: float = BUDGET,
                 breaker: CircuitBreaker = BREAKER) -> None:
        url = base_url or os.environ.get("REFERRAL_SERVICE_URL") or "http://127.0.0.1:8000"
        self.base_url = url.rstrip("/")
        self.budget = budget
        self.breaker = breaker

    async def answer(self, need: str, municipality_code: str | None = None) -> dict[str, Any]:
        """The bot's answer for a need, with the municipality's services first."""
        params = {"municipality": municipality_code} if municipality_code else {}
        return await self._get(f"/api/v1/answers/{need}", params)

    async def handoff(self, municipality_code: str | None = None) -> dict[str, Any]:
        """Whom a resident can call: the central line or the municipality's desk (or null)."""
        params = {"municipality": municipality_code} if municipality_code else {}
        return await self._get("/api/v1/handoff", params)

    async def municipality(self, code: str) -> dict[str, Any]:
        """One municipality by its CBS code; an unknown code is a 404, so a ReferralServiceError."""
        return await self._get(f"/api/v1/municipalities/{code}", {})

    async def resolve(self, text: str) -> dict[str, Any]:
        """Resolve free text (name, town, postcode) to a municipality."""
        return await self._get("/api/v1/resolve", {"q": text[:200]})

    async def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            status, data = await self.breaker.call(lambda: self._fetch(path, params), self.budget)
        except (CircuitOpenError, asyncio.TimeoutError, aiohttp.ClientError, ServerError, ValueError) as error:
            # The path only: query strings may hold what a resident typed.
            logger.info("referral service call %s failed: %s", path, type(error).__name__)
            raise ReferralServiceError(path) from error
        if status != 200 or not isinstance(data, dict):
            logger.info("referral service call %s answered %s", path, status)
            raise ReferralServiceError(path)
        return data

    async def _fetch(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        """Status and JSON body (of a 200) of one GET; a 5xx raises ServerError, a broken body ValueError."""
        async with aiohttp.ClientSession() as session, session.get(self.base_url + path, params=params) as response:
            if response.status >= 500:
                raise ServerError(response.status)
            return response.status, await response.json(content_type=None) if response.status == 200 else None
