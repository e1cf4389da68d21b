"""Benchmark of POST /api/v1/lookup (target: under 300 ms server-side) with a fake, fast Rasa.

    .venv-referral/bin/python scripts/bench_lookup.py [--rounds 50]

Builds a throwaway SQLite database from data/regelingen, starts a local
/model/parse stub on a free loopback port, logs in a staff user and prints the
server-side ``elapsed_ms`` percentiles per question. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from flask import Flask, session

from referral_service import create_app
from referral_service.auth import hash_password, log_in
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import load_into
from referral_service.config import REPO_ROOT
from referral_service.extensions import db
from referral_service.models import User

CASES = [
    ("Kan ik nog Tozo aanvragen?", "Drachten", "tozo"),
    ("Ik heb schulden", "9203 AB", "schuldhulp"),
    ("Ik voel me zo alleen", None, "eenzaamheid"),
    ("Ik wil niet meer leven", None, "crisis_suicide"),
]


class ParseStub(BaseHTTPRequestHandler):
    """Answers every /model/parse at once with the intent CASES gives the text."""

    intents: dict[str, str] = {}

    def log_message(self, format: str, *args: Any) -> None:
        """Silent."""

    def do_POST(self) -> None:
        """A parse result for the text, from CASES."""
        text = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["text"]
        body = json.dumps({"text": text, "intent": {"name": self.intents.get(text), "confidence": 0.9}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def parse_stub() -> Iterator[str]:
    """Run the stub; yield its base URL."""
    ParseStub.intents = {question: intent for question, _, intent in CASES}
    server = ThreadingHTTPServer(("127.0.0.1", 0), ParseStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_app(db_path: Path, rasa_url: str) -> Flask:
    """An app on a fresh SQLite file with the real data and one staff user."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "RASA_URL": rasa_url})
    with app.app_context():
        db.create_all()
        load_into(db.session, read_data(REPO_ROOT / "data" / "regelingen"))
        db.session.add(User(username="bench", password_hash=hash_password(secrets.token_urlsafe(16)), role="staff"))
        db.session.commit()
    return app


def staff_client(app: Flask) -> Any:
    """A test client logged in as the bench user, with a CSRF token."""
    with app.test_request_context("/"):
        user = db.session.get(User, "bench")
        assert user is not None
        log_in(user)
        data = dict(session) | {"csrf": "bench"}
    client = app.test_client()
    with client.session_transaction() as sess:
        sess.update(data)
    return client


def measure(client: Any, question: str, place: str | None, rounds: int) -> list[float]:
    """Server-side elapsed_ms of `rounds` lookups."""
    times = []
    for _ in range(rounds):
        reply = client.post(
            "/api/v1/lookup", json={"question": question, "place": place}, headers={"X-CSRF-Token": "bench"}
        )
        times.append(float(reply.get_json()["elapsed_ms"]))
    return times


def report(label: str, times: list[float]) -> str:
    """'label  p50 12.3  p95 20.1  max 25.0 ms'."""
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return f"{label:<32} p50 {statistics.median(times):6.1f}  p95 {p95:6.1f}  max {max(times):6.1f} ms"


def main() -> None:
    """Run every case and print the percentiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp, parse_stub() as rasa_url:
        app = build_app(Path(tmp) / "bench.db", rasa_url)
        client = staff_client(app)
        measure(client, CASES[0][0], CASES[0][1], 3)  # warm-up: resolver index, connections
        print(f"POST /api/v1/lookup, {rounds} rounds each, fake Rasa on loopback (target < 300 ms)")
        for question, place, _ in CASES:
            print(report(f"{question[:24]} / {place or '-'}", measure(client, question, place, rounds)))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
