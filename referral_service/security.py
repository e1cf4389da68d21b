"""Security headers on every response: CSP, nosniff, Referrer-Policy, no-store, HSTS (issue 18).

Hand-written instead of flask-talisman: the whole policy is one after_request hook of a
dozen lines, while talisman would also redirect to https and take over the session-cookie
settings that auth.configure_session owns. Call `init_app(app)` once (create_app does).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

from .chat import DEFAULT_RASA_URL

REFERRER_POLICY = "strict-origin-when-cross-origin"
HSTS = "max-age=31536000; includeSubDomains"
# Pages behind a login (and their login pages), and the staff lookup's JSON: never stored by a browser or proxy.
PRIVATE_PREFIXES = ("/staff", "/admin")
PRIVATE_ENDPOINTS = frozenset({"api.lookup"})
# A host with an optional port, nothing a CSP could read as a separator.
HOST_PORT = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?")
WEBSOCKET_SCHEME = {"http": "ws", "https": "wss"}


def init_app(app: Flask) -> None:
    """Register the hook that adds the security headers to every response."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Set the security headers on one response."""
    config = current_app.config
    response.headers["Content-Security-Policy"] = content_security_policy(config)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = REFERRER_POLICY
    if is_private_page():
        response.headers["Cache-Control"] = "no-store"
    # Production is where the session cookie is https-only (compose sets SESSION_COOKIE_SECURE);
    # request.is_secure is no guide behind a proxy that ends TLS.
    if config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def is_private_page() -> bool:
    """A staff or admin response, except static files (scripts and styles hold no personal data)."""
    endpoint = request.endpoint or ""
    if endpoint in PRIVATE_ENDPOINTS:
        return True
    return request.path.startswith(PRIVATE_PREFIXES) and not endpoint.endswith("static")


def content_security_policy(config: Mapping[str, Any]) -> str:
    """Own files only and no inline script; the chat widget may reach Rasa; framing per FRAME_ANCESTORS."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",  # data: for the demo page's empty favicon (href="data:,")
        "connect-src": " ".join(["'self'", *rasa_sources(config)]),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": config.get("FRAME_ANCESTORS") or "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def rasa_sources(config: Mapping[str, Any]) -> list[str]:
    """Rasa's origin as residents' browsers reach it, over http(s) (REST) and ws(s) (socket.io)."""
    # The same URL the demo page hands the widget (RASA_PUBLIC_URL falls back to RASA_URL in config.py).
    parts = urlsplit(config.get("RASA_PUBLIC_URL") or DEFAULT_RASA_URL)
    if parts.scheme not in WEBSOCKET_SCHEME or not HOST_PORT.fullmatch(parts.netloc):
        return []  # a relative URL is this origin, which 'self' covers; anything else gets no exception
    return [f"{parts.scheme}://{parts.netloc}", f"{WEBSOCKET_SCHEME[parts.scheme]}://{parts.netloc}"]
