"""POST /api/v1/lookup keeps its OpenAPI contract: Schemathesis, every phase and every check.

Logged out (401 for everything), and logged in as staff with the CSRF header, with Rasa up
and down. The GET operations are in tests/referral_service/api/test_schemathesis.py.
"""

from __future__ import annotations

import pytest
from flask import Flask

from ..api.contract import run_contract
from . import fake_rasa
from .conftest import session_of


def session_cookie(app: Flask, username: str) -> str:
    """A signed session cookie value for `username`, with CSRF token 'csrf-test'."""
    data = session_of(app, username) | {"csrf": "csrf-test"}
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return str(serializer.dumps(data))


def test_logged_out_keeps_the_contract(lookup_app: Flask) -> None:
    run = run_contract(lookup_app, method="POST", max_examples=15)
    assert run.failures == []
    assert run.statuses("POST") == {401}


@pytest.mark.parametrize("rasa_up", [True, False])
def test_logged_in_keeps_the_contract(lookup_app: Flask, rasa: fake_rasa.FakeRasa, rasa_up: bool) -> None:
    if not rasa_up:
        lookup_app.config["RASA_URL"] = fake_rasa.closed_port_url()
    security = {"sessionCookie": session_cookie(lookup_app, "balie"), "csrfHeader": "csrf-test"}
    run = run_contract(lookup_app, method="POST", security=security)
    assert run.failures == []
    assert {200, 400} <= run.statuses("POST")
