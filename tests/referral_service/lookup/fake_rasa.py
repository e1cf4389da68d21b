"""A fake of Rasa's HTTP API ``POST /model/parse`` on a free loopback port (threaded http.server).

It checks the caller's JWT as Rasa started by ``components.launch`` does (sanic-jwt): an
``Authorization: Bearer`` HS256 token signed with SECRET, not expired, with role admin.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

SECRET = "test-jwt-secret-with-32-bytes-or-more"


def parse_result(intent: str, confidence: float, crisis: str | None = None) -> dict[str, Any]:
    """A /model/parse body as Rasa 3.6 returns it (with the crisis detector's entity)."""
    entities = [{"entity": "crisis", "value": crisis, "extractor": "CrisisDetector"}] if crisis else []
    return {"text": "", "intent": {"name": intent, "confidence": confidence}, "entities": entities}


# Keyword -> parse result, first match wins, like the trained model on these test questions.
SCRIPT: list[tuple[str, dict[str, Any]]] = [
    ("niet meer leven", parse_result("crisis_suicide", 1.0, "suicide")),
    ("tozo", parse_result("tozo", 0.93)),
    ("schulden", parse_result("schuldhulp", 0.88)),
    ("eenzaam", parse_result("eenzaamheid", 0.81)),
    ("voetbal", parse_result("out_of_scope", 0.77)),
]
FALLBACK = parse_result("nlu_fallback", 0.3)


@dataclass
class FakeRasa:
    """Scripted parse results; `status`/`raw` make it fail, `override` forces one result."""

    server: ThreadingHTTPServer | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    raw: bytes | None = None
    override: dict[str, Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.status, self.raw, self.override = 200, None, None

    def answer(self, path: str, user: Any, text: str) -> tuple[int, bytes]:
        """Status and body for one request."""
        with self.lock:
            query = parse_qs(urlsplit(path).query)
            self.calls.append({"path": urlsplit(path).path, "query": query, "user": user, "text": text})
            if self.raw is not None or self.status != 200:
                return self.status, self.raw or b'{"error": "boom"}'
            found = self.override or next((r for k, r in SCRIPT if k in text.lower()), FALLBACK)
        return 200, json.dumps(found | {"text": text}).encode()


def jwt_user(authorization: str | None) -> Any:
    """The `user` claim of a valid Bearer token (as Rasa checks it), else None."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Bearer":
        return None
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.InvalidTokenError:
        return None
    user = claims.get("user") or {}
    return user if user.get("role") == "admin" else None


def handler(fake: FakeRasa) -> type[BaseHTTPRequestHandler]:
    """Request handler bound to one FakeRasa."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the question must not reach any log, also not in tests

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            if not self.path.startswith("/model/parse"):
                status, payload = 404, b"{}"
            elif (user := jwt_user(self.headers.get("Authorization"))) is None:
                status, payload = 401, b'{"message": "NotAuthenticated"}'
            else:
                status, payload = fake.answer(self.path, user, body.get("text", ""))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def running() -> Iterator[FakeRasa]:
    """Start a FakeRasa on 127.0.0.1 and a free port; stop it afterwards."""
    fake = FakeRasa()
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(fake))
    fake.server.daemon_threads = True
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
