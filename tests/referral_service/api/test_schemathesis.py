"""The API keeps its own contract: Schemathesis, every phase and every check, against the OpenAPI document.

The POST /lookup runs (logged out and in) are in tests/referral_service/lookup/test_lookup_schemathesis.py.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
from flask import Flask

from referral_service.api import openapi
from referral_service.catalogue.registry import NEED, SCHEME

from .contract import run_contract


def test_get_operations_keep_the_contract(loaded_app: Flask) -> None:
    run = run_contract(loaded_app, method="GET")
    assert run.failures == []
    assert {200, 400, 404} <= run.statuses("GET")
    assert run.statuses("TRACE") == {405}


def test_a_document_that_promises_too_much_is_caught(loaded_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    # The harness must run the checks that compare requests with the document, not only "no 5xx".
    loose: dict[str, Any] = {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}}
    original = openapi.document

    def document() -> dict[str, Any]:
        doc = original()
        doc["paths"]["/municipalities"]["get"]["parameters"][1] = loose
        return doc

    monkeypatch.setattr(openapi, "document", document)
    monkeypatch.setattr("referral_service.api.routes.document", document)
    failures = run_contract(loaded_app, method="GET", max_examples=10).failures
    assert any("GET /municipalities: positive_data_acceptance" in f for f in failures), failures


def test_schemes_and_needs_are_described_by_the_registry() -> None:
    schemas = openapi.document()["components"]["schemas"]
    for name, entity in (("Scheme", SCHEME), ("Need", NEED)):
        assert schemas[name]["required"] == list(entity.names)
        assert schemas[name]["properties"] == {f.name: f.schema() for f in entity.fields}


def test_not_blank_is_what_the_views_keep_after_strip() -> None:
    pattern = re.compile(openapi.NOT_BLANK)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (pattern.search(char) is not None) == bool(char.strip()), hex(code)
