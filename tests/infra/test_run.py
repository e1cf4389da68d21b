"""scripts/run.py: no secret on any command line or URL, and every service listens on loopback."""
from __future__ import annotations

import argparse

import pytest
import run

PORTS = run.Ports(8000, 5055, 5005)
SECRET = "a-jwt-secret-of-at-least-32-characters-long"


def services(env: dict[str, str]) -> dict[str, run.Service]:
    """The services run.py starts for a given environment, by name."""
    return {s.name: s for s in run.build_services(PORTS, env)}


def test_rasa_starts_through_the_launcher_that_reads_the_secret_itself() -> None:
    rasa = services({"RASA_JWT_SECRET": SECRET})["rasa"]
    assert rasa.argv[1:4] == ["-m", "components.launch", "run"]
    assert (run.ROOT / "bot" / "components" / "launch.py").is_file()


@pytest.mark.parametrize("env", [{"RASA_JWT_SECRET": SECRET}, {"RASA_JWT_SECRET": SECRET, "RASA_TOKEN": SECRET}])
def test_no_secret_on_a_command_line_or_in_a_health_url(env: dict[str, str]) -> None:
    for service in services(env).values():
        assert not any(SECRET in arg for arg in service.argv), service.name
        assert not any(arg.startswith(("--auth-token", "--jwt-secret", "-t")) for arg in service.argv)
        assert SECRET not in service.health_url
        assert "token" not in service.health_url


def test_a_fresh_secret_each_run_for_rasa_and_the_referral_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_JWT_SECRET", raising=False)
    monkeypatch.delenv("RASA_JWT_SECRET_FILE", raising=False)
    secrets = {run.stack_env(PORTS)["RASA_JWT_SECRET"] for _ in range(50)}
    assert len(secrets) == 50
    assert all(len(s) >= 32 for s in secrets)  # the launcher and config.py refuse shorter ones


def test_a_given_secret_or_secret_file_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_JWT_SECRET", SECRET)
    assert run.stack_env(PORTS)["RASA_JWT_SECRET"] == SECRET
    monkeypatch.delenv("RASA_JWT_SECRET")
    monkeypatch.setenv("RASA_JWT_SECRET_FILE", "/run/secrets/rasa_jwt_secret")
    assert "RASA_JWT_SECRET" not in run.stack_env(PORTS)  # both set would stop Rasa's start


def test_rasa_and_the_action_server_listen_on_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-i", "--interface", default="0.0.0.0")  # Rasa's own default
    known, _ = parser.parse_known_args(services({"RASA_JWT_SECRET": SECRET})["rasa"].argv[3:])
    assert known.interface == "127.0.0.1"
    monkeypatch.delenv("SANIC_HOST", raising=False)
    # The Rasa SDK action server binds to SANIC_HOST (default 0.0.0.0).
    assert run.stack_env(PORTS)["SANIC_HOST"] == "127.0.0.1"
