"""bot/components/launch.py: Rasa's HTTP API takes the referral service's JWT, and no secret is on a command line."""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
from components import launch

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-jwt-secret-of-at-least-32-characters"


def referral_client() -> ModuleType:
    """The referral service's Rasa client, loaded by path (this venv has its requests and PyJWT, not Flask)."""
    path = ROOT / "referral_service" / "lookup" / "rasa_client.py"
    spec = importlib.util.spec_from_file_location("referral_rasa_client", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_secret_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert launch.jwt_secret({"RASA_JWT_SECRET": SECRET}) == SECRET
    (tmp_path / "secret").write_text(SECRET + "\n")
    assert launch.jwt_secret({"RASA_JWT_SECRET_FILE": str(tmp_path / "secret")}) == SECRET


@pytest.mark.parametrize(("environ", "message"), [
    ({}, "is required"),
    ({"RASA_JWT_SECRET": ""}, "is required"),
    ({"RASA_JWT_SECRET": "kort"}, "at least 32"),
    ({"RASA_JWT_SECRET": SECRET, "RASA_JWT_SECRET_FILE": "/run/secrets/x"}, "not both"),
    ({"RASA_JWT_SECRET_FILE": "/does/not/exist"}, "cannot read"),
])
def test_no_start_without_a_usable_secret(environ: dict[str, str], message: str) -> None:
    with pytest.raises(launch.LaunchError, match=message) as caught:
        launch.jwt_secret(environ)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("arg", ["--auth-token=abc", "--auth-token", "-t", "--jwt-secret", "--jwt-secret=x",
                                 "--jwt-private-key"])
def test_credentials_on_the_command_line_are_refused(arg: str) -> None:
    with pytest.raises(launch.LaunchError, match="not accepted"):
        launch.refuse_credentials_in(["run", "--enable-api", arg])


def test_rasa_run_gets_the_secret_and_no_url_token() -> None:
    seen: dict[str, Any] = {}
    run = launch.with_jwt(lambda **kwargs: seen.update(kwargs), SECRET)
    run(model="models", auth_token="from-argv", jwt_secret=None, jwt_method="RS256", enable_api=True)
    assert seen == {"model": "models", "auth_token": None, "jwt_secret": SECRET, "jwt_method": "HS256",
                    "jwt_private_key": None, "enable_api": True}


def test_main_refuses_before_rasa_is_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_JWT_SECRET", raising=False)
    monkeypatch.delenv("RASA_JWT_SECRET_FILE", raising=False)
    with pytest.raises(SystemExit, match="RASA_JWT_SECRET or RASA_JWT_SECRET_FILE is required"):
        launch.main(["run", "--enable-api"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def rasa_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The real launcher (no model: the API answers 409 to an authenticated call) on a free port."""
    port, log = free_port(), tmp_path_factory.mktemp("launch") / "rasa.log"
    # An empty model folder: a path that does not exist makes Rasa fall back to bot/models.
    (log.parent / "none").mkdir()
    env = {**os.environ, "RASA_JWT_SECRET": SECRET, "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
           "PYTHONWARNINGS": "ignore::DeprecationWarning", "TF_CPP_MIN_LOG_LEVEL": "2"}
    argv = [sys.executable, "-m", "components.launch", "run", "--model", str(log.parent / "none"), "--enable-api",
            "--interface", "127.0.0.1", "--port", str(port), "--credentials", "credentials.yml",
            "--endpoints", "endpoints.yml"]
    with open(log, "wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT / "bot", env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 120
        while not up(url):
            assert process.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def up(url: str) -> bool:
    try:
        return requests.get(url + "/", timeout=2).ok
    except requests.RequestException:
        return False


def test_the_api_takes_the_referral_services_jwt_only(rasa_api: tuple[str, int]) -> None:
    url, _ = rasa_api
    token = referral_client().bearer_token(SECRET)
    parse = f"{url}/model/parse"
    assert requests.post(parse, json={"text": "Tozo"}, timeout=5).status_code == 401
    assert requests.post(parse, params={"token": SECRET}, json={"text": "Tozo"}, timeout=5).status_code == 401
    wrong = referral_client().bearer_token("een-ander-geheim-van-minstens-32-tekens")
    assert requests.post(parse, headers={"Authorization": f"Bearer {wrong}"}, json={}, timeout=5).status_code == 401
    # Authenticated: past the check, stopped only by the missing model.
    reply = requests.post(parse, headers={"Authorization": f"Bearer {token}"}, json={"text": "Tozo"}, timeout=5)
    assert reply.status_code == 409, reply.text


def test_the_chat_channel_stays_open(rasa_api: tuple[str, int]) -> None:
    url, _ = rasa_api
    assert requests.get(f"{url}/webhooks/rest/", timeout=5).json() == {"status": "ok"}


def test_the_secret_is_on_no_command_line(rasa_api: tuple[str, int]) -> None:
    _, pid = rasa_api
    assert SECRET.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
