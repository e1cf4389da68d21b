"""Settings of the referral service, read from the environment."""

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from .answering.contact import central_line

REPO_ROOT = Path(__file__).resolve().parent.parent
# CSP keywords FRAME_ANCESTORS may name; env files and compose often strip the quotes, so bare works too.
FRAME_KEYWORDS = {"self": "'self'", "none": "'none'"}
# One origin a page may be framed by: optional http(s)://, optional *. wildcard, host, optional port.
FRAME_ORIGIN = re.compile(r"(https?://)?(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?")
# RFC 7518 3.2: an HS256 key has at least 256 bits; Rasa's launcher refuses a shorter one too.
MIN_JWT_SECRET = 32


def database_url(raw: str | None) -> str:
    """Return the SQLAlchemy URL, defaulting to a SQLite file in instance/."""
    if not raw:
        return f"sqlite:///{REPO_ROOT / 'instance' / 'steunwijzer.db'}"
    # Hosting platforms hand out plain postgres:// URLs; we ship psycopg 3 only.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def secret(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of `name`, or the contents of the file `name`_FILE names (Docker secrets); not both."""
    environ = os.environ if environ is None else environ
    value, path = environ.get(name), environ.get(f"{name}_FILE")
    if value and path:
        raise RuntimeError(f"set {name} or {name}_FILE, not both")
    if not path:
        return value or None
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise RuntimeError(f"{name}_FILE: cannot read {path} ({error.strerror})") from None
    if not text:
        raise RuntimeError(f"{name}_FILE: {path} is empty")
    return text


def with_password(url: str, password: str | None) -> str:
    """The database URL with DATABASE_PASSWORD(_FILE) put in, so the password need not be in the URL."""
    if not password:
        return url
    parsed = make_url(url)
    if parsed.password is not None:
        raise RuntimeError("DATABASE_URL holds a password and DATABASE_PASSWORD(_FILE) is set: use one")
    return parsed.set(password=password).render_as_string(hide_password=False)


def rasa_jwt_secret(value: str | None) -> str | None:
    """RASA_JWT_SECRET(_FILE) as Rasa's launcher (bot/components/launch.py) takes it: 32+ characters, or unset."""
    if value is not None and len(value) < MIN_JWT_SECRET:
        raise RuntimeError(f"RASA_JWT_SECRET must have at least {MIN_JWT_SECRET} characters (HS256 key, RFC 7518)")
    return value


def proxy_hops(raw: str | None) -> int:
    """PROXY_HOPS: how many reverse proxies in front set X-Forwarded-For/-Proto (0 = none, trust no header)."""
    text = (raw or "0").strip()
    if not text.isdigit():
        raise RuntimeError(f"PROXY_HOPS must be a whole number, 0 or more (got {text!r})")
    return int(text)


def central_line_env() -> dict[str, Any]:
    """The CENTRAL_LINE_* variables as given (hand-off); contact.central_line treats empty as unset."""
    return {
        "CENTRAL_LINE_NAME": os.environ.get("CENTRAL_LINE_NAME"),
        "CENTRAL_LINE_PHONE": os.environ.get("CENTRAL_LINE_PHONE"),
        "CENTRAL_LINE_URL": os.environ.get("CENTRAL_LINE_URL"),
        "CENTRAL_LINE_HOURS": os.environ.get("CENTRAL_LINE_HOURS"),
    }


def frame_ancestors(raw: str | None) -> str:
    """FRAME_ANCESTORS (space-separated origins, self, none) as a CSP source list; default 'self'."""
    sources = [FRAME_KEYWORDS.get(word.strip("'").lower(), word.rstrip("/")) for word in (raw or "").split()]
    bad = [s for s in sources if s not in FRAME_KEYWORDS.values() and not FRAME_ORIGIN.fullmatch(s)]
    if bad:
        raise RuntimeError(f"FRAME_ANCESTORS is invalid: {' '.join(bad)} (write origins like https://www.gemeente.nl)")
    if "'none'" in sources and len(sources) > 1:
        raise RuntimeError("FRAME_ANCESTORS is invalid: 'none' cannot be combined with origins")
    return " ".join(sources) or "'self'"


def load_settings(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Merge environment settings with explicit overrides (overrides win); RuntimeError when one is invalid."""
    overrides = dict(overrides or {})
    settings: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": with_password(
            database_url(overrides.pop("DATABASE_URL", None) or os.environ.get("DATABASE_URL")),
            secret("DATABASE_PASSWORD"),
        ),
        "SECRET_KEY": secret("SECRET_KEY"),
        "RASA_URL": os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        # Signs the short-lived JWT of each call to Rasa's HTTP API (lookup/rasa_client.py).
        "RASA_JWT_SECRET": rasa_jwt_secret(secret("RASA_JWT_SECRET")),
        # Reverse proxies in front (compose: Caddy = 1); their X-Forwarded-For gives the client address.
        "PROXY_HOPS": proxy_hops(os.environ.get("PROXY_HOPS")),
        # Rasa as the residents' browsers reach it (the chat widget calls it directly).
        "RASA_PUBLIC_URL": os.environ.get("RASA_PUBLIC_URL") or os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        "JSON_SORT_KEYS": False,
        # Which sites may show the pages in a frame (CSP frame-ancestors); checked below.
        "FRAME_ANCESTORS": os.environ.get("FRAME_ANCESTORS"),
        **central_line_env(),
    }
    settings.update(overrides)
    # Parsed once here, so a bad CENTRAL_LINE_HOURS or FRAME_ANCESTORS stops create_app instead of a request.
    settings["CENTRAL_LINE"] = central_line(settings)
    settings["FRAME_ANCESTORS"] = frame_ancestors(settings["FRAME_ANCESTORS"])
    ensure_secret_key(settings)
    return settings


def ensure_secret_key(settings: dict[str, Any]) -> None:
    """Require SECRET_KEY outside testing and debugging; those get a fixed dev-only key."""
    if settings["SECRET_KEY"]:
        return
    debug_env = os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true")
    if not (settings.get("TESTING") or settings.get("DEBUG") or debug_env):
        raise RuntimeError("SECRET_KEY must be set (no default secret in production)")
    settings["SECRET_KEY"] = "dev-only-not-secret"
