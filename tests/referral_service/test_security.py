"""Security headers (referral_service/security.py): CSP, nosniff, Referrer-Policy, no-store, HSTS; ProxyFix; secrets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request, url_for

from referral_service import create_app
from referral_service.config import frame_ancestors, secret, with_password
from referral_service.security import rasa_sources

from .admin import conftest as admin_fixtures
from .admin.conftest import Browser

admin_app = admin_fixtures.admin_app  # a fresh loaded database with users balie (staff) and beheer (admin)
sqlite_template = admin_fixtures.sqlite_template

REPO = Path(__file__).resolve().parents[2]
# One of every kind of response: API JSON, login pages, the demo page, static files, an error.
EVERY_KIND = [
    "/api/v1/health",
    "/api/v1/schemes",
    "/api/v1/openapi.json",
    "/admin/login",
    "/staff/",
    "/admin/",
    "/",
    "/chat/",
    "/static/site.css",
    "/staff/static/staff.js",
    "/chat/widget.js",
    "/chat/static/demo.css",
    "/no-such-page",
]
SETTINGS_ENV = (
    "FRAME_ANCESTORS", "SESSION_COOKIE_SECURE", "RASA_PUBLIC_URL", "RASA_URL", "PROXY_HOPS", "RASA_JWT_SECRET",
    "RASA_JWT_SECRET_FILE", "SECRET_KEY_FILE", "DATABASE_PASSWORD", "DATABASE_PASSWORD_FILE",
)  # fmt: skip


def policy(response: Any) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    parts = (part.split() for part in response.headers["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in parts if words}


def get(client: Any, path: str) -> Any:
    """GET `path` and close the response (static files stream, and unclosed files fail the run)."""
    with client.get(path) as response:
        return response


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No security-related setting from the machine's environment."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def app_with(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Flask]:
    """A testing app with the given settings; the pages used here need no tables."""

    def build(**config: Any) -> Flask:
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", **config})

    return build


@pytest.mark.parametrize("path", EVERY_KIND)
def test_every_kind_of_response_carries_the_headers(client: Any, path: str) -> None:
    response = get(client, path)
    assert response.status_code < 500
    assert "script-src" in policy(response)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", EVERY_KIND)
def test_scripts_are_own_files_only(client: Any, path: str) -> None:
    csp = policy(get(client, path))
    assert csp["script-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/admin/login", "/staff/", "/admin/", "/admin/audit", "/staff/no-such-page"])
def test_staff_and_admin_responses_are_never_stored(client: Any, path: str) -> None:
    assert get(client, path).headers["Cache-Control"] == "no-store"


def test_logged_in_pages_are_never_stored(admin_app: Flask) -> None:
    staff, admin = Browser(admin_app), Browser(admin_app)
    staff.login("balie")
    admin.login("beheer")
    for browser, path in ((staff, "/staff/"), (admin, "/admin/"), (admin, "/admin/audit")):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_staff_lookup_json_is_never_stored(client: Any) -> None:
    response = client.post("/api/v1/lookup", json={"question": "Tozo"})
    assert response.status_code == 401
    assert response.headers["Cache-Control"] == "no-store"


PUBLIC = ["/api/v1/health", "/api/v1/schemes", "/", "/chat/widget.js", "/staff/static/staff.js"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_responses_and_static_files_keep_their_caching(client: Any, path: str) -> None:
    assert "no-store" not in get(client, path).headers.get("Cache-Control", "")


def test_widget_keeps_its_five_minutes(client: Any) -> None:
    assert "max-age=300" in get(client, "/chat/widget.js").headers["Cache-Control"]


def test_no_hsts_outside_production(app_with: Callable[..., Flask]) -> None:
    assert "Strict-Transport-Security" not in get(app_with().test_client(), "/").headers


def test_hsts_in_production(app_with: Callable[..., Flask]) -> None:
    response = get(app_with(SESSION_COOKIE_SECURE=True).test_client(), "/api/v1/openapi.json")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_follows_the_compose_environment(app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SESSION_COOKIE_SECURE", "true")
    assert "Strict-Transport-Security" in get(app_with().test_client(), "/admin/login").headers


def test_frame_ancestors_default_to_self(app_with: Callable[..., Flask]) -> None:
    assert policy(get(app_with().test_client(), "/"))["frame-ancestors"] == ["'self'"]


def test_frame_ancestors_follow_the_setting(app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("FRAME_ANCESTORS", "'self' https://www.gemeente.nl https://*.voorbeeld.nl:8443/")
    csp = policy(get(app_with().test_client(), "/admin/login"))
    assert csp["frame-ancestors"] == ["'self'", "https://www.gemeente.nl", "https://*.voorbeeld.nl:8443"]


@pytest.mark.parametrize(
    ("raw", "sources"),
    [(None, "'self'"), ("", "'self'"), ("  ", "'self'"), ("none", "'none'"), ("'None'", "'none'"),
     ("self www.gemeente.nl", "'self' www.gemeente.nl"), ("http://localhost:8080", "http://localhost:8080")],
)  # fmt: skip
def test_frame_ancestors_setting_is_read_as_a_source_list(raw: str | None, sources: str) -> None:
    assert frame_ancestors(raw) == sources


@pytest.mark.parametrize(
    "raw",
    ["https://x.nl; script-src *", "https://x.nl,https://y.nl", "*", "javascript:", "'unsafe-inline'",
     "https://x.nl/pad", "'none' https://x.nl", "ftp://x.nl"],
)  # fmt: skip
def test_an_invalid_frame_ancestors_stops_the_start(app_with: Callable[..., Flask], raw: str) -> None:
    with pytest.raises(RuntimeError, match="FRAME_ANCESTORS"):
        app_with(FRAME_ANCESTORS=raw)


def test_the_demo_page_may_reach_the_rasa_it_embeds(app_with: Callable[..., Flask]) -> None:
    response = get(app_with(RASA_PUBLIC_URL="https://chat.gemeente.nl/rasa/").test_client(), "/")
    match = re.search(r'data-rasa-url="([^"]+)"', response.get_data(as_text=True))
    assert match
    assert match.group(1) == "https://chat.gemeente.nl/rasa/"
    assert policy(response)["connect-src"] == ["'self'", "https://chat.gemeente.nl", "wss://chat.gemeente.nl"]


def test_rasa_public_url_defaults_to_rasa_url(app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("RASA_URL", "http://rasa.intern:5005")
    csp = policy(get(app_with().test_client(), "/"))
    assert csp["connect-src"] == ["'self'", "http://rasa.intern:5005", "ws://rasa.intern:5005"]


@pytest.mark.parametrize(
    ("url", "sources"),
    [(None, ["http://127.0.0.1:5005", "ws://127.0.0.1:5005"]),
     ("http://localhost:5005", ["http://localhost:5005", "ws://localhost:5005"]),
     ("https://rasa.gemeente.nl", ["https://rasa.gemeente.nl", "wss://rasa.gemeente.nl"]),
     ("/rasa", []), ("https://user:pw@rasa.nl", []), ("https://rasa.nl;script-src", []), ("javascript:x", [])],
)  # fmt: skip
def test_rasa_sources(url: str | None, sources: list[str]) -> None:
    assert rasa_sources({"RASA_PUBLIC_URL": url}) == sources


TEMPLATES = sorted(REPO.glob("referral_service/**/templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(REPO / "referral_service")))
def test_templates_have_no_inline_script_or_style(template: Path) -> None:
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>: move it into a static .js file"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "on* attribute: add the listener in a static .js file"
    assert not re.search(r"<style|\sstyle\s*=", html, re.I), "inline style: move it into a static .css file"
    assert "javascript:" not in html.lower()


def seen_by(app: Flask, headers: dict[str, str]) -> tuple[str | None, str]:
    """The client address and the external URL scheme a view sees for one request."""
    app.add_url_rule("/_seen", "seen", lambda: f"{request.remote_addr} {url_for('seen', _external=True)}")
    address, url = app.test_client().get("/_seen", headers=headers).get_data(as_text=True).split()
    return address, url.split(":", 1)[0]


FORWARDED = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https"}


def test_without_a_proxy_forwarded_headers_are_not_trusted(app_with: Callable[..., Flask]) -> None:
    # Anyone could send X-Forwarded-For and so escape the login throttle by address.
    assert seen_by(app_with(), FORWARDED) == ("127.0.0.1", "http")


def test_behind_one_proxy_the_client_is_the_address_it_saw(app_with: Callable[..., Flask]) -> None:
    # Caddy appends the address it saw; the first one is the client's own claim and is ignored.
    assert seen_by(app_with(PROXY_HOPS=1), FORWARDED) == ("203.0.113.9", "https")


def test_proxy_hops_come_from_the_environment(app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("PROXY_HOPS", "2")
    # Two proxies: each appended what it saw; the outer one took the client's https.
    two = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https, http"}
    assert seen_by(app_with(), two) == ("198.51.100.7", "https")


@pytest.mark.parametrize("raw", ["-1", "een", "1.5"])
def test_an_invalid_proxy_hops_stops_the_start(
    app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch, raw: str
) -> None:
    clean_env.setenv("PROXY_HOPS", raw)
    with pytest.raises(RuntimeError, match="PROXY_HOPS"):
        app_with()


def test_a_secret_comes_from_the_variable_or_its_file(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("uit-een-bestand\n")
    assert secret("SECRET_KEY", {"SECRET_KEY": "direct"}) == "direct"
    assert secret("SECRET_KEY", {"SECRET_KEY_FILE": str(tmp_path / "key")}) == "uit-een-bestand"
    assert secret("SECRET_KEY", {}) is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [({"SECRET_KEY": "a", "SECRET_KEY_FILE": "/run/secrets/a"}, "not both"),
     ({"SECRET_KEY_FILE": "/does/not/exist"}, "cannot read"),
     ({"SECRET_KEY_FILE": "EMPTY"}, "is empty")],
)  # fmt: skip
def test_a_bad_secret_file_stops_the_start(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    (tmp_path / "empty").write_text("\n")
    environ = {k: str(tmp_path / "empty") if v == "EMPTY" else v for k, v in environ.items()}
    with pytest.raises(RuntimeError, match=message):
        secret("SECRET_KEY", environ)


def test_the_database_password_joins_the_url() -> None:
    url = with_password("postgresql+psycopg://steunwijzer@postgres:5432/steunwijzer", "p@ss/w:rd")
    assert url == "postgresql+psycopg://steunwijzer:p%40ss%2Fw%3Ard@postgres:5432/steunwijzer"
    with pytest.raises(RuntimeError, match="use one"):
        with_password("postgresql+psycopg://u:pw@h/db", "ander")


def test_compose_secrets_reach_the_settings(
    app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in (("SECRET_KEY", "k" * 40), ("RASA_JWT_SECRET", "j" * 40)):
        (tmp_path / name).write_text(value)
        clean_env.setenv(f"{name}_FILE", str(tmp_path / name))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert (app.config["SECRET_KEY"], app.config["RASA_JWT_SECRET"]) == ("k" * 40, "j" * 40)


def test_a_short_rasa_jwt_secret_stops_the_start(app_with: Callable[..., Flask], clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("RASA_JWT_SECRET", "te-kort")
    with pytest.raises(RuntimeError, match="RASA_JWT_SECRET must have at least 32"):
        app_with()
