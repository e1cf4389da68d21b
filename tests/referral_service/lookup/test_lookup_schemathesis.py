"""Property-based tests of POST /api/v1/lookup against its OpenAPI operation: never a server error.

The shared test in tests/referral_service/api/test_schemathesis.py drives GET operations;
this one drives the POST, logged out (401) and logged in as staff with the CSRF header.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from . import fake_rasa
from .conftest import session_of


def session_cookie(app: Flask, username: str) -> str:
    """A signed session cookie value for `username`, with CSRF token 'csrf-test'."""
    data = session_of(app, username) | {"csrf": "csrf-test"}
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return str(serializer.dumps(data))


def run_cases(app: Flask, auth: dict[str, dict[str, str]] | None, statuses: set[int]) -> set[int]:
    """Generate bodies (and security values); `auth` replaces the generated cookie and header.

    Returns the statuses seen; each one is in `statuses`, never a 5xx.
    """
    seen: set[int] = set()
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)["/lookup"]["POST"]

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        if auth is not None:
            case.cookies = dict(auth["cookies"])
            case.headers = {**(case.headers or {}), **auth["headers"]}
        response = case.call_and_validate(checks=[not_a_server_error])
        assert response.status_code in statuses
        seen.add(response.status_code)

    check()
    return seen


def test_logged_out_never_fails(lookup_app: Flask) -> None:
    run_cases(lookup_app, None, {401})


@pytest.mark.parametrize("rasa_up", [True, False])
def test_logged_in_never_fails(lookup_app: Flask, rasa: fake_rasa.FakeRasa, rasa_up: bool) -> None:
    if not rasa_up:
        lookup_app.config["RASA_URL"] = fake_rasa.closed_port_url()
    name = lookup_app.config["SESSION_COOKIE_NAME"]
    auth = {"cookies": {name: session_cookie(lookup_app, "balie")}, "headers": {"X-CSRF-Token": "csrf-test"}}
    assert 200 in run_cases(lookup_app, auth, {200, 400})
