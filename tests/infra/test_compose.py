"""docker-compose.yml and deploy/caddy/Caddyfile checked against the code, since no Docker engine runs here."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
# Which folder's code reads each built service's environment.
CODE_DIRS = {"referral": ["referral_service"], "actions": ["actions"], "rasa": ["bot"]}
PORTS = {"referral": 8000, "actions": 5055, "rasa": 5005}
# Variables the images read themselves (not our code).
IMAGE_VARS = {"postgres": {"POSTGRES_USER", "POSTGRES_DB", "POSTGRES_PASSWORD_FILE"}, "caddy": {"SITE_ADDRESS"}}


def code_text(service: str) -> str:
    """All Python, YAML and Dockerfile text of a deployable."""
    files = [p for d in CODE_DIRS[service] for p in (ROOT / d).rglob("*")
             if p.is_file() and p.suffix in {".py", ".yml", ""} and "migrations" not in p.parts
             and "spacy_nl" not in p.parts and "models" not in p.parts]
    return "\n".join(p.read_text(errors="ignore") for p in files)


def dockerfile(service: str) -> str:
    """The Dockerfile text of a built service."""
    return (ROOT / SERVICES[service]["build"]["dockerfile"]).read_text()


def command(service: str) -> list[str]:
    """The JSON-form CMD of a built service's Dockerfile."""
    line = next(line for line in dockerfile(service).splitlines() if line.startswith("CMD "))
    return list(yaml.safe_load(line[4:]))


def depends_on(name: str) -> set[str]:
    """Every service `name` waits for, directly or through others."""
    direct = set(SERVICES[name].get("depends_on", {}))
    return direct.union(*(depends_on(d) for d in direct)) if direct else set()


def test_the_production_shape_is_complete() -> None:
    assert set(SERVICES) == {"caddy", "postgres", "redis", "referral", "actions", "rasa"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_restarts_and_has_a_health_check(name: str) -> None:
    assert SERVICES[name]["restart"] in {"unless-stopped", "always"}
    check = SERVICES[name]["healthcheck"]["test"]
    assert check[0] in {"CMD", "CMD-SHELL"}
    assert len(check) >= 2


@pytest.mark.parametrize("name", sorted(PORTS))
def test_health_checks_ask_the_port_the_process_listens_on(name: str) -> None:
    assert f"127.0.0.1:{PORTS[name]}/" in " ".join(SERVICES[name]["healthcheck"]["test"])


def test_only_caddy_publishes_ports() -> None:
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"caddy"}
    assert {p.split(":")[0] for p in SERVICES["caddy"]["ports"]} == {"80", "443"}


@pytest.mark.parametrize("name", sorted(CODE_DIRS))
def test_dockerfile_exists_and_copies_existing_paths(name: str) -> None:
    build = SERVICES[name]["build"]
    assert build["context"] == "."
    for line in dockerfile(name).splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), f"{name}: COPY source {source} missing"


@pytest.mark.parametrize("name", sorted(PORTS))
def test_the_image_listens_on_the_port_make_run_uses(name: str) -> None:
    port = PORTS[name]
    assert re.search(rf"\b{port}\b", dockerfile(name).split("EXPOSE")[-1]), f"{name} does not listen on {port}"
    run_py = (ROOT / "scripts" / "run.py").read_text()
    assert f'"{port}"' in run_py, f"make run uses another default port for {name}"


@pytest.mark.parametrize("name", sorted(CODE_DIRS))
def test_every_variable_given_is_read_by_the_code(name: str) -> None:
    text = code_text(name) + dockerfile(name)
    for key in SERVICES[name].get("environment", {}):
        # NAME_FILE is read by the code that reads NAME through its secret helper.
        assert key.removesuffix("_FILE") in text, f"{name}: {key} is set in compose but never read"


def test_secret_files_are_read_where_they_are_given() -> None:
    config = (ROOT / "referral_service" / "config.py").read_text()
    for key in ("DATABASE_PASSWORD", "SECRET_KEY", "RASA_JWT_SECRET"):
        assert f'secret("{key}")' in config
    launch = (ROOT / "bot" / "components" / "launch.py").read_text()
    assert '"RASA_JWT_SECRET_FILE"' in launch


def test_secrets_come_from_files_never_from_the_environment() -> None:
    declared = COMPOSE["secrets"]
    for name, service in SERVICES.items():
        env = service.get("environment", {})
        for key, value in env.items():
            if re.search(r"PASSWORD|SECRET|TOKEN", key):
                assert key.endswith("_FILE"), (name, key)
            if key.endswith("_FILE"):
                secret = value.removeprefix("/run/secrets/")
                assert secret in declared, (name, key)
                assert secret in service["secrets"], (name, key)
    for secret in declared.values():
        assert secret["file"].startswith("./deploy/secrets/")
    script = (ROOT / "deploy" / "make-secrets.sh").read_text()
    assert all(name in script for name in declared)
    assert "*" in (ROOT / "deploy" / "secrets" / ".gitignore").read_text().split()


def test_no_password_in_the_database_url() -> None:
    url = SERVICES["referral"]["environment"]["DATABASE_URL"]
    assert re.fullmatch(r"postgresql\+psycopg://steunwijzer@postgres:5432/steunwijzer", url)


def test_variables_the_code_requires_are_given() -> None:
    referral = SERVICES["referral"]["environment"]
    assert {"DATABASE_URL", "SECRET_KEY_FILE", "RASA_URL", "RASA_JWT_SECRET_FILE"} <= set(referral)
    endpoints = (ROOT / "bot" / "endpoints.redis.yml").read_text()
    wanted = set(re.findall(r"\$\{(\w+)\}", endpoints)) | {"RASA_JWT_SECRET_FILE"}
    assert wanted <= set(SERVICES["rasa"]["environment"])
    assert "REFERRAL_SERVICE_URL" in SERVICES["actions"]["environment"]


def test_the_action_servers_budget_and_cooldown_are_the_names_it_reads() -> None:
    client = (ROOT / "actions" / "client.py").read_text()
    read = set(re.findall(r'seconds_setting\("(\w+)"', client))
    assert read == {"REFERRAL_BUDGET_SECONDS", "REFERRAL_COOLDOWN_SECONDS"}
    assert read <= set(SERVICES["actions"]["environment"])


def test_rasa_tokens_are_gone() -> None:
    text = (ROOT / "docker-compose.yml").read_text() + dockerfile("rasa") + (ROOT / ".env.example").read_text()
    assert "RASA_TOKEN" not in text
    assert "--auth-token" not in text
    assert "--jwt-secret" not in text


def test_rasa_starts_through_the_launcher() -> None:
    argv = command("rasa")
    assert argv[:4] == ["python", "-m", "components.launch", "run"]
    assert "--enable-api" in argv
    for flag in ("--credentials", "--endpoints"):
        assert (ROOT / "bot" / argv[argv.index(flag) + 1]).is_file(), flag
    assert argv[argv.index("--endpoints") + 1] == "endpoints.redis.yml"


def test_services_point_at_each_other() -> None:
    assert SERVICES["rasa"]["environment"]["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"
    assert SERVICES["rasa"]["environment"]["REDIS_HOST"] == "redis"
    assert SERVICES["actions"]["environment"]["REFERRAL_SERVICE_URL"] == "http://referral:8000"
    assert SERVICES["referral"]["environment"]["RASA_URL"] == "http://rasa:5005"
    assert "@postgres:5432/" in SERVICES["referral"]["environment"]["DATABASE_URL"]


def test_crisis_replies_never_wait_for_the_database() -> None:
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.redis.yml").read_text())
    assert endpoints["lock_store"]["type"] == "redis"
    assert endpoints["tracker_store"]["type"] == "redis"
    assert depends_on("rasa") == {"redis"}
    assert depends_on("caddy") <= {"rasa", "redis"}
    assert "postgres" not in depends_on("actions")


def test_actions_command_names_the_actions_package() -> None:
    assert command("actions")[-4:-2] == ["--actions", "actions"]
    assert (ROOT / "actions" / "__init__.py").is_file()


def test_referral_runs_create_app_under_gunicorn_behind_one_proxy() -> None:
    text = dockerfile("referral") + "".join(
        p.read_text() for p in (ROOT / "referral_service").glob("*.sh"))
    assert "gunicorn" in text
    assert "create_app()" in text
    init = (ROOT / "referral_service" / "__init__.py").read_text()
    assert "def create_app(" in init
    assert "ProxyFix" in init
    assert SERVICES["referral"]["environment"]["PROXY_HOPS"] == "1"
    assert SERVICES["referral"]["environment"]["SESSION_COOKIE_SECURE"] == "true"


def test_every_variable_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.M))
    interpolated = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    given = {key for s in SERVICES.values() for key in s.get("environment", {})}
    assert (interpolated | given) - IMAGE_VARS["postgres"] <= documented


def test_central_line_variables_are_optional_and_passed_through() -> None:
    config = (ROOT / "referral_service" / "config.py").read_text()
    read = set(re.findall(r'os\.environ\.get\("(CENTRAL_LINE_\w+)"\)', config))
    assert read == {"CENTRAL_LINE_NAME", "CENTRAL_LINE_PHONE", "CENTRAL_LINE_URL", "CENTRAL_LINE_HOURS"}
    referral = SERVICES["referral"]["environment"]
    for key in sorted(read):
        # Optional: compose must start without them (no ${X:?...}).
        assert referral[key] == f"${{{key}:-}}", key


def test_rasa_keeps_conversations_in_redis_with_the_retention_setting() -> None:
    assert "CONVERSATION_RETENTION_MINUTES" in SERVICES["rasa"]["environment"]
    assert "record_exp" in (ROOT / "bot" / "components" / "retention.py").read_text()
    assert SERVICES["redis"]["command"] == ["redis-server", "--save", "", "--appendonly", "no"]


# --- deploy/caddy/Caddyfile ---

def caddy_routes() -> list[tuple[list[str], str]]:
    """(paths, upstream) per handle block, in order; [] = every other path."""
    matchers = {name: paths.split() for name, paths in re.findall(r"^\s*@(\w+) path (.+)$", CADDYFILE, re.M)}
    routes = []
    for matcher, body in re.findall(r"^\s*handle( @\w+)? \{(.*?)^\t\}", CADDYFILE, re.M | re.S):
        upstream = re.search(r"reverse_proxy (\S+)", body)
        assert upstream, body
        routes.append((matchers[matcher.strip()[1:]] if matcher else [], upstream.group(1)))
    return routes


def test_caddy_serves_the_site_address_with_its_caddyfile() -> None:
    assert re.search(r"^\{\$SITE_ADDRESS\} \{", CADDYFILE, re.M)  # a host name: Caddy gets its TLS certificate
    mount = "./deploy/caddy/Caddyfile:/etc/caddy/Caddyfile:ro"
    assert mount in SERVICES["caddy"]["volumes"]
    assert SERVICES["referral"]["environment"]["RASA_PUBLIC_URL"].startswith("https://${SITE_ADDRESS")


def test_caddy_publishes_only_the_chat_channel_of_rasa_and_the_referral_service() -> None:
    routes = caddy_routes()
    assert routes == [(["/webhooks/rest/webhook", "/webhooks/rest/forget", "/socket.io/*"], "rasa:5005"),
                      ([], "referral:8000")]
    for _, upstream in routes:
        host, port = upstream.split(":")
        assert PORTS[host] == int(port)


def test_the_chat_paths_caddy_publishes_exist_in_rasa() -> None:
    forget = (ROOT / "bot" / "components" / "forget.py").read_text()
    assert 'ROUTE = "/forget"' in forget
    credentials = yaml.safe_load((ROOT / "bot" / "credentials.yml").read_text())
    assert {"rest", "socketio"} <= set(credentials)
    widget = (ROOT / "referral_service" / "chat" / "templates" / "chat" / "widget.js").read_text()
    assert '"/webhooks/rest/webhook"' in widget


def test_caddy_keeps_no_access_log() -> None:
    assert not re.search(r"^\s*log\b", CADDYFILE, re.M)
