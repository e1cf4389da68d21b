"""scripts/run.py: the Rasa command line survives any token, and every service listens on loopback."""
from __future__ import annotations

import argparse

import pytest
import run


def rasa_argv(token: str) -> list[str]:
    """The argv run.py starts Rasa with, for a given token."""
    env = {"RASA_TOKEN": token}
    services = run.build_services(run.Ports(8000, 5055, 5005), env)
    return next(s for s in services if s.name == "rasa").argv


@pytest.mark.parametrize("token", ["-starts-with-dash", "--looks-like-option", "plain_token"])
def test_token_reaches_rasa_whole(token: str) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth-token")
    parser.add_argument("--endpoints")
    known, _ = parser.parse_known_args(rasa_argv(token)[2:])
    assert known.auth_token == token


def test_generated_token_never_looks_like_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    tokens = {run.stack_env(run.Ports(8000, 5055, 5005))["RASA_TOKEN"] for _ in range(200)}
    assert len(tokens) == 200
    assert not any(t.startswith("-") for t in tokens)


def test_rasa_and_the_action_server_listen_on_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-i", "--interface", default="0.0.0.0")  # Rasa's own default
    known, _ = parser.parse_known_args(rasa_argv("token")[2:])
    assert known.interface == "127.0.0.1"
    monkeypatch.delenv("SANIC_HOST", raising=False)
    # The Rasa SDK action server binds to SANIC_HOST (default 0.0.0.0).
    assert run.stack_env(run.Ports(8000, 5055, 5005))["SANIC_HOST"] == "127.0.0.1"
