"""Small client for Rasa's HTTP API: ``POST {RASA_URL}/model/parse`` with ``Authorization: Bearer <JWT>``.

Used by the staff lookup to classify a caller's question with the same NLU as
the bot. Rasa checks the JWT with RASA_JWT_SECRET (``components.launch``); each
call gets a fresh token that expires after TOKEN_SECONDS, so no long-lived
credential travels and none is ever in a URL (where proxies and logs keep it).
Every failure (connection refused, timeout, HTTP error, malformed JSON) surfaces
as one exception, :class:`RasaUnavailableError`, whose message never holds the
question (requests' own messages include the URL, so they are never passed on or logged).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
import requests

# (connect, read) seconds: the staff lookup answers in under 300 ms when Rasa is healthy,
# and falls back to manual choice quickly when it is not.
DEFAULT_TIMEOUT = (0.5, 2.0)
# Lifetime of one call's token. Rasa (sanic-jwt) still accepts it for its leeway of 3 minutes after that.
TOKEN_SECONDS = 60
# Rasa lets only role "admin" call /model/parse (rasa/server.py, requires_auth); the name shows who called.
CLAIMS = {"user": {"username": "referral-service", "role": "admin"}}
_local = threading.local()


class RasaUnavailableError(Exception):
    """Rasa could not be reached or gave an unusable answer (message: the kind of failure only)."""


@dataclass(frozen=True)
class Parse:
    """The parts of Rasa's parse result the lookup uses."""

    intent: str | None
    confidence: float
    entities: list[dict[str, Any]] = field(default_factory=list)

    def entity_values(self, name: str) -> list[str]:
        """The string values of every entity called `name`, in order."""
        return [str(e["value"]) for e in self.entities if e.get("entity") == name and e.get("value") is not None]


def _session() -> requests.Session:
    """One keep-alive session per thread (requests.Session is not documented as thread-safe)."""
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def bearer_token(secret: str, now: float | None = None) -> str:
    """A JWT (HS256, Rasa's default method) for one call, valid TOKEN_SECONDS from `now`."""
    issued = int(time.time() if now is None else now)
    return jwt.encode({**CLAIMS, "iat": issued, "exp": issued + TOKEN_SECONDS}, secret, algorithm="HS256")


def parse_reply(body: Any) -> Parse:
    """Check and convert Rasa's JSON; ValueError when it is not a parse result."""
    if not isinstance(body, dict) or not isinstance(body.get("intent") or {}, dict):
        raise ValueError("not a parse result")
    intent = body.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence", 0.0)
    entities = body.get("entities") or []
    if not (name is None or isinstance(name, str)) or not isinstance(confidence, (int, float)):
        raise ValueError("malformed intent")
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise ValueError("malformed entities")
    return Parse(name, max(0.0, min(1.0, float(confidence))), entities)


class RasaClient:
    """Calls ``/model/parse`` on one Rasa server."""

    def __init__(
        self, base_url: str, jwt_secret: str | None, timeout: tuple[float, float] | float = DEFAULT_TIMEOUT
    ) -> None:
        self.url = base_url.rstrip("/") + "/model/parse"
        self.jwt_secret = jwt_secret
        self.timeout = timeout

    def parse(self, text: str) -> Parse:
        """Rasa's intent and entities for `text`; RasaUnavailableError on any failure."""
        headers = {"Authorization": f"Bearer {bearer_token(self.jwt_secret)}"} if self.jwt_secret else None
        try:
            reply = _session().post(self.url, headers=headers, json={"text": text}, timeout=self.timeout)
            reply.raise_for_status()
            return parse_reply(reply.json())
        except (requests.RequestException, ValueError) as exc:
            # Only the class name: requests' messages hold the URL, and a reply body may echo the question.
            raise RasaUnavailableError(type(exc).__name__) from None


def from_config(config: Any) -> RasaClient:
    """A client for the app's RASA_URL, RASA_JWT_SECRET and optional RASA_TIMEOUT (seconds)."""
    timeout = config.get("RASA_TIMEOUT") or DEFAULT_TIMEOUT
    return RasaClient(config["RASA_URL"], config.get("RASA_JWT_SECRET"), timeout)
