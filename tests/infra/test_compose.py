"""docker-compose.yml checked against the code, since no Docker engine runs here."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
# Which folder's code reads each built service's environment.
CODE_DIRS = {"referral": ["referral_service"], "actions": ["actions"], "rasa": ["bot"]}
PORTS = {"referral": 8000, "actions": 5055, "rasa": 5005}


def code_text(service: str) -> str:
    """All Python, YAML and Dockerfile text of a deployable."""
    files = [p for d in CODE_DIRS[service] for p in (ROOT / d).rglob("*")
             if p.is_file() and p.suffix in {".py", ".yml", ""} and "migrations" not in p.parts
             and "spacy_nl" not in p.parts and "models" not in p.parts]
    return "\n".join(p.read_text(errors="ignore") for p in files)


def dockerfile(service: str) -> str:
    """The Dockerfile text of a built service."""
    return (ROOT / SERVICES[service]["build"]["dockerfile"]).read_text()


def test_the_production_shape_is_complete() -> None:
    assert set(SERVICES) == {"postgres", "redis", "referral", "actions", "rasa"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_health_check(name: str) -> None:
    check = SERVICES[name]["healthcheck"]["test"]
    assert check[0] in {"CMD", "CMD-SHELL"}
    assert len(check) >= 2


@pytest.mark.parametrize("name", sorted(CODE_DIRS))
def test_dockerfile_exists_and_copies_existing_paths(name: str) -> None:
    build = SERVICES[name]["build"]
    assert build["context"] == "."
    for line in dockerfile(name).splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), f"{name}: COPY source {source} missing"


@pytest.mark.parametrize("name", sorted(PORTS))
def test_published_port_matches_the_port_the_process_listens_on(name: str) -> None:
    port = PORTS[name]
    assert SERVICES[name]["ports"] == [f"{port}:{port}"]
    assert re.search(rf"\b{port}\b", dockerfile(name).split("EXPOSE")[-1]), f"{name} does not listen on {port}"
    run_py = (ROOT / "scripts" / "run.py").read_text()
    assert f'"{port}"' in run_py, f"make run uses another default port for {name}"


@pytest.mark.parametrize("name", sorted(CODE_DIRS))
def test_every_variable_given_is_read_by_the_code(name: str) -> None:
    text = code_text(name) + dockerfile(name)
    for key in SERVICES[name].get("environment", {}):
        assert key in text, f"{name}: {key} is set in compose but never read"


def test_variables_the_code_requires_are_given() -> None:
    referral = SERVICES["referral"]["environment"]
    assert {"DATABASE_URL", "SECRET_KEY", "RASA_URL", "RASA_TOKEN"} <= set(referral)
    endpoints = (ROOT / "bot" / "endpoints.redis.yml").read_text()
    wanted = set(re.findall(r"\$\{(\w+)\}", endpoints)) | {"RASA_TOKEN"}
    assert wanted <= set(SERVICES["rasa"]["environment"])
    assert "REFERRAL_SERVICE_URL" in SERVICES["actions"]["environment"]


def test_services_point_at_each_other() -> None:
    assert SERVICES["rasa"]["environment"]["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"
    assert SERVICES["rasa"]["environment"]["REDIS_HOST"] == "redis"
    assert SERVICES["actions"]["environment"]["REFERRAL_SERVICE_URL"] == "http://referral:8000"
    assert SERVICES["referral"]["environment"]["RASA_URL"] == "http://rasa:5005"
    assert "@postgres:5432/" in SERVICES["referral"]["environment"]["DATABASE_URL"]


def test_rasa_uses_redis_lock_store_and_existing_files() -> None:
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.redis.yml").read_text())
    assert endpoints["lock_store"]["type"] == "redis"
    command = dockerfile("rasa").split("CMD")[-1]
    for name in re.findall(r"--(?:credentials|endpoints) (\S+)", command):
        assert (ROOT / "bot" / name).is_file(), name
    assert set(SERVICES["rasa"]["depends_on"]) == {"redis", "actions"}


def test_actions_command_names_the_actions_package() -> None:
    assert '"--actions", "actions"' in dockerfile("actions")
    assert (ROOT / "actions" / "__init__.py").is_file()


def test_referral_runs_create_app_under_gunicorn() -> None:
    text = dockerfile("referral") + "".join(
        p.read_text() for p in (ROOT / "referral_service").glob("*.sh"))
    assert "gunicorn" in text
    assert "create_app()" in text
    init = (ROOT / "referral_service" / "__init__.py").read_text()
    assert "def create_app(" in init


def test_every_variable_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.M))
    interpolated = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    given = {key for s in SERVICES.values() for key in s.get("environment", {})}
    postgres_image_vars = {"POSTGRES_USER", "POSTGRES_DB"}
    assert (interpolated | given) - postgres_image_vars <= documented


def test_central_line_variables_are_optional_and_passed_through() -> None:
    config = (ROOT / "referral_service" / "config.py").read_text()
    read = set(re.findall(r'os\.environ\.get\("(CENTRAL_LINE_\w+)"\)', config))
    assert read == {"CENTRAL_LINE_NAME", "CENTRAL_LINE_PHONE", "CENTRAL_LINE_URL", "CENTRAL_LINE_HOURS"}
    referral = SERVICES["referral"]["environment"]
    for key in sorted(read):
        # Optional: compose must start without them (no ${X:?...}).
        assert referral[key] == f"${{{key}:-}}", key


def test_rasa_keeps_conversations_in_redis_with_the_retention_setting() -> None:
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.redis.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "redis"
    assert "CONVERSATION_RETENTION_MINUTES" in SERVICES["rasa"]["environment"]
    assert "record_exp" in (ROOT / "bot" / "components" / "retention.py").read_text()
    assert "--save" in SERVICES["redis"]["command"]  # no copy of conversations on disk
