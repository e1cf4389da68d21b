"""Tests for the referral client against real HTTP servers on loopback: answers, budget and circuit breaker.

A hung referral service (SIGSTOP) still completes TCP connections in the kernel
and never answers; a socket that listens and never accepts does the same.
"""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from actions.client import CircuitBreaker, ReferralClient, ReferralServiceError, seconds_setting

ROUTES: dict[str, tuple[int, Any]] = {
    "/api/v1/answers/tozo?municipality=GM0090": (200, {"need": {"id": "tozo"}}),
    "/api/v1/resolve?q=Drachten": (200, {"result": {"code": "GM0090"}}),
    "/api/v1/handoff": (200, {"contact": None, "messages": []}),
    "/api/v1/answers/broken": (500, {"error": "x"}),
    "/api/v1/answers/list": (200, [1, 2]),
    "/api/v1/slow-body": (200, {"need": {"id": "tozo"}}),
    "/api/v1/answers/slow": (200, {"need": {"id": "slow"}}),
}


class Handler(BaseHTTPRequestHandler):
    """Answers by path after the server's delay; /api/v1/answers/slow takes 2 s, /api/v1/slow-body stalls the body."""

    def do_GET(self) -> None:
        server: ReferralStub = self.server  # type: ignore[assignment]
        server.requests += 1
        time.sleep(2.0 if self.path == "/api/v1/answers/slow" else server.delay)
        status, body = ROUTES.get(self.path, (404, {"error": "not found"}))
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.path == "/api/v1/slow-body":
                self.wfile.flush()
                time.sleep(2.0)
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client has given up (its budget was spent)

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


class ReferralStub(ThreadingHTTPServer):
    """A referral service stand-in that counts requests and can be made slow."""

    daemon_threads = True
    delay = 0.0
    requests = 0


@pytest.fixture
def stub() -> Iterator[ReferralStub]:
    """A fresh stub server per test, serving on a thread."""
    server = ReferralStub(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def hung_url() -> Iterator[str]:
    """A service that takes connections and never answers, as one stopped by SIGSTOP."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def url_of(server: ReferralStub) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def client_for(url: str, budget: float = 0.3, cooldown: float = 30.0) -> ReferralClient:
    """A client with a breaker of its own (the shared one stays untouched)."""
    return ReferralClient(url, budget=budget, breaker=CircuitBreaker(cooldown))


async def timed(call: Any) -> tuple[float, Any]:
    """How long an awaitable took, and its result or the exception it raised."""
    started = time.monotonic()
    try:
        result = await call
    except ReferralServiceError as error:
        result = error
    return time.monotonic() - started, result


def test_answer_resolve_and_handoff(stub: ReferralStub) -> None:
    client = client_for(url_of(stub))
    assert asyncio.run(client.answer("tozo", "GM0090")) == {"need": {"id": "tozo"}}
    assert asyncio.run(client.resolve("Drachten"))["result"]["code"] == "GM0090"
    assert asyncio.run(client.handoff())["messages"] == []
    assert client.breaker.state == "closed"


@pytest.mark.parametrize("need", ["broken", "list", "unknown"])
def test_errors_become_one_error_type(stub: ReferralStub, need: str) -> None:
    with pytest.raises(ReferralServiceError):
        asyncio.run(client_for(url_of(stub)).answer(need))


def test_a_client_error_leaves_the_breaker_closed(stub: ReferralStub) -> None:
    client = client_for(url_of(stub))
    with pytest.raises(ReferralServiceError):
        asyncio.run(client.answer("unknown"))  # 404: the service is up, the question was wrong
    assert client.breaker.state == "closed"


@pytest.mark.parametrize("path", ["/api/v1/answers/tozo?municipality=GM0090", "/api/v1/slow-body"])
def test_the_budget_holds_for_a_slow_service(stub: ReferralStub, path: str) -> None:
    stub.delay = 0.0 if "slow-body" in path else 2.0
    client = client_for(url_of(stub), budget=0.3)
    seconds, result = asyncio.run(timed(client._get(path, {})))
    assert isinstance(result, ReferralServiceError)
    assert 0.25 < seconds < 0.8


def test_ten_calls_to_a_hung_service_wait_the_budget_together(hung_url: str) -> None:
    client = client_for(hung_url, budget=0.5)

    async def ten() -> list[tuple[float, Any]]:
        return await asyncio.gather(*(timed(client.answer("tozo")) for _ in range(10)))

    started = time.monotonic()
    results = asyncio.run(ten())
    assert time.monotonic() - started < 1.2  # not 10 x 0.5 s one after the other
    assert all(isinstance(result, ReferralServiceError) for _, result in results)


def test_unreachable_service_fails_and_opens_the_breaker() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        client = client_for(f"http://127.0.0.1:{sock.getsockname()[1]}")
        with pytest.raises(ReferralServiceError):
            asyncio.run(client.answer("tozo"))
    assert client.breaker.state == "open"


def test_open_breaker_fails_at_once_without_calling(stub: ReferralStub) -> None:
    stub.delay = 1.0
    client = client_for(url_of(stub), budget=0.2)
    asyncio.run(timed(client.answer("tozo", "GM0090")))
    assert client.breaker.state == "open"
    stub.delay = 0.0
    seconds, result = asyncio.run(timed(client.answer("tozo", "GM0090")))
    assert isinstance(result, ReferralServiceError)
    assert seconds < 0.05
    assert stub.requests == 1  # the second call never reached the service


def test_calls_in_flight_give_up_when_the_breaker_opens(stub: ReferralStub) -> None:
    client = client_for(url_of(stub), budget=1.5)

    async def waiting_then_broken() -> tuple[float, Any]:
        waiting = asyncio.ensure_future(timed(client.answer("slow")))
        await asyncio.sleep(0.2)
        await timed(client.answer("broken"))  # a 500 opens the breaker
        return await waiting

    seconds, result = asyncio.run(waiting_then_broken())
    assert isinstance(result, ReferralServiceError)
    assert seconds < 0.6  # not the 1.5 s budget, nor the 2 s the service would take
    assert client.breaker.waiting == set()


def test_a_server_error_opens_the_breaker(stub: ReferralStub) -> None:
    client = client_for(url_of(stub))
    with pytest.raises(ReferralServiceError):
        asyncio.run(client.answer("broken"))
    assert client.breaker.state == "open"


def test_half_open_lets_one_trial_call_through_and_closes_on_success(stub: ReferralStub) -> None:
    client = client_for(url_of(stub), budget=0.2, cooldown=0.3)
    asyncio.run(timed(client.answer("broken")))
    time.sleep(0.35)
    assert client.breaker.state == "half-open"
    stub.delay, stub.requests = 0.1, 0

    async def trial_and_others() -> list[tuple[float, Any]]:
        return await asyncio.gather(*(timed(client.answer("tozo", "GM0090")) for _ in range(5)))

    results = asyncio.run(trial_and_others())
    assert stub.requests == 1
    assert sum(not isinstance(result, ReferralServiceError) for _, result in results) == 1
    assert max(sorted(seconds for seconds, _ in results)[:4]) < 0.05  # the others failed at once
    assert client.breaker.state == "closed"
    assert asyncio.run(client.answer("tozo", "GM0090")) == {"need": {"id": "tozo"}}


def test_a_failed_trial_opens_the_breaker_again(hung_url: str) -> None:
    client = client_for(hung_url, budget=0.2, cooldown=0.3)
    asyncio.run(timed(client.answer("tozo")))
    time.sleep(0.35)
    seconds, result = asyncio.run(timed(client.answer("tozo")))
    assert isinstance(result, ReferralServiceError)
    assert seconds > 0.15  # the trial call went out and spent its budget
    assert client.breaker.state == "open"


def test_a_cancelled_trial_does_not_keep_the_breaker_open(hung_url: str) -> None:
    client = client_for(hung_url, budget=5.0, cooldown=0.2)
    client.breaker.failed()
    time.sleep(0.25)

    async def cancelled_trial() -> None:
        task = asyncio.create_task(client.answer("tozo"))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled_trial())
    time.sleep(0.25)
    assert client.breaker.state == "half-open"


@pytest.mark.parametrize(("value", "seconds"), [(None, 2.0), ("", 2.0), ("0.5", 0.5)])
def test_seconds_setting(monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float) -> None:
    if value is None:
        monkeypatch.delenv("REFERRAL_TEST_SECONDS", raising=False)
    else:
        monkeypatch.setenv("REFERRAL_TEST_SECONDS", value)
    assert seconds_setting("REFERRAL_TEST_SECONDS", "2.0") == seconds


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_seconds_setting_refuses_what_is_no_positive_number(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("REFERRAL_TEST_SECONDS", value)
    with pytest.raises(ValueError, match="REFERRAL_TEST_SECONDS must be a positive number"):
        seconds_setting("REFERRAL_TEST_SECONDS", "2.0")
