"""Tests for the referral client against a real HTTP server on loopback."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from actions.client import ReferralClient, ReferralServiceError


class Handler(BaseHTTPRequestHandler):
    """Answers by path: ok, a 500, a non-object body, or too slowly."""

    def do_GET(self) -> None:
        if self.path.startswith("/api/v1/slow"):
            time.sleep(1.0)
        status, body = {
            "/api/v1/answers/tozo?municipality=GM0090": (200, {"need": {"id": "tozo"}}),
            "/api/v1/resolve?q=Drachten": (200, {"result": {"code": "GM0090"}}),
            "/api/v1/answers/broken": (500, {"error": "x"}),
            "/api/v1/answers/list": (200, [1, 2]),
        }.get(self.path, (404, {"error": "not found"}))
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the timeout test's client has already given up

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_answer_and_resolve(server_url: str) -> None:
    client = ReferralClient(server_url)
    assert client.answer("tozo", "GM0090") == {"need": {"id": "tozo"}}
    assert client.resolve("Drachten")["result"]["code"] == "GM0090"


@pytest.mark.parametrize("need", ["broken", "list", "unknown"])
def test_errors_become_one_error_type(server_url: str, need: str) -> None:
    with pytest.raises(ReferralServiceError):
        ReferralClient(server_url).answer(need)


def test_timeout_becomes_service_error(server_url: str) -> None:
    client = ReferralClient(server_url, timeout=(0.5, 0.2))
    with pytest.raises(ReferralServiceError):
        client._get("/api/v1/slow", {})


def test_unreachable_service() -> None:
    with pytest.raises(ReferralServiceError):
        ReferralClient("http://127.0.0.1:9", timeout=(0.2, 0.2)).answer("tozo")
