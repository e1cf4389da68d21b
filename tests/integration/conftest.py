"""Start the whole stack (referral service, action server, Rasa) once for the integration tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from run import REFERRAL_VENV, Ports, Stack

ROOT = Path(__file__).resolve().parents[2]
# The bot's municipality question (utter_ask_municipality).
ASK_MUNICIPALITY = "In welke gemeente woont u?"
# The test admin account; `flask users ensure-admin` creates it from these variables.
ADMIN_USERNAME = "testbeheer"
ADMIN_PASSWORD = "een-lang-testwachtwoord-2026"
# A central line as a municipality would configure it (test values, not a real number).
CENTRAL_LINE = {"CENTRAL_LINE_NAME": "Het Steunpunt", "CENTRAL_LINE_PHONE": "088 123 45 67",
                "CENTRAL_LINE_HOURS": "mo-fr 08:30-17:00"}


@contextmanager
def hung(stack: Stack, index: int) -> Iterator[None]:
    """SIGSTOP one service's process group (by its pid, never by name) for the block; SIGCONT afterwards."""
    process = stack.services[index].process
    assert process is not None
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(process.pid, signal.SIGCONT)


def free_port() -> int:
    """A port nobody listens on right now (so a running `make run` is not disturbed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url(tmp: Path) -> str:
    """SQLite by default; the CI PostgreSQL when CI=true (the production shape)."""
    if os.environ.get("CI") == "true":
        return os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    return f"sqlite:///{tmp / 'integration.db'}"


def prepare_database(env: dict[str, str]) -> None:
    """Migrate and load data/regelingen into the test database, as `make db` does."""
    flask = [str(REFERRAL_VENV / "bin/flask"), "--app", "referral_service"]
    admin_env = {**env, "ADMIN_USERNAME": ADMIN_USERNAME, "ADMIN_PASSWORD": ADMIN_PASSWORD}
    for args in (["db", "upgrade"], ["data", "load", "data/regelingen"], ["users", "ensure-admin"]):
        subprocess.run(flask + args, cwd=ROOT, env=admin_env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The three real processes on free ports, with Redis as lock store when CI=true."""
    tmp = tmp_path_factory.mktemp("stack")
    os.environ["DATABASE_URL"] = database_url(tmp)
    os.environ.update(CENTRAL_LINE)
    if os.environ.get("CI") == "true":
        os.environ.update(RASA_ENDPOINTS="endpoints.redis.yml", REDIS_HOST="127.0.0.1",
                          REDIS_PORT="6379", REDIS_DB="3")
    running = Stack(Ports(referral=free_port(), actions=free_port(), rasa=free_port()), log_dir=tmp)
    prepare_database(running.env)
    try:
        running.start(timeout=240)
        yield running
    finally:
        running.stop()


class Chat:
    """One resident's conversation over Rasa's REST channel."""

    def __init__(self, stack: Stack) -> None:
        self.url = f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message; return the bot's messages."""
        response = requests.post(self.url, json={"sender": self.sender, "message": text}, timeout=30)
        response.raise_for_status()
        return list(response.json())


def texts(messages: list[dict[str, Any]]) -> str:
    """All text of a reply, joined."""
    return "\n".join(m["text"] for m in messages if m.get("text"))


def triage(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The one triage object of a reply (the contract says exactly one)."""
    found = [m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {})]
    assert len(found) == 1, messages
    return found[0]


@pytest.fixture
def chat(stack: Stack) -> Chat:
    """A fresh conversation."""
    return Chat(stack)
