"""Property-based API tests against our own OpenAPI document (in-process, WSGI)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from referral_service.api.openapi import document

# Schemathesis' own pytest plugin breaks on pytest 9, so each operation is driven
# through Hypothesis directly with the operation's strategy.
OPERATIONS = sorted((path, method.upper()) for path, item in document()["paths"].items() for method in item)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_no_server_errors(loaded_app: Flask, path: str, method: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", loaded_app)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error])

    check()
