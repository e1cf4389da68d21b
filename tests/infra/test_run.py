"""scripts/run.py: the Rasa command line survives any token."""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_run() -> ModuleType:
    """Import scripts/run.py by path (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("steunwijzer_run", ROOT / "scripts" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


RUN = load_run()


def rasa_argv(token: str) -> list[str]:
    """The argv run.py starts Rasa with, for a given token."""
    env = {"RASA_TOKEN": token}
    services = RUN.build_services(RUN.Ports(8000, 5055, 5005), env)
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
    tokens = {RUN.stack_env(RUN.Ports(8000, 5055, 5005))["RASA_TOKEN"] for _ in range(200)}
    assert len(tokens) == 200
    assert not any(t.startswith("-") for t in tokens)
