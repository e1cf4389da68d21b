"""Runs Schemathesis against the app's own OpenAPI document: every phase and every check.

Schemathesis' pytest plugin breaks on pytest 9, so the tests drive its engine (what
`schemathesis run --checks all` runs) and collect each failure. The app is served on a
loopback port, as a user would test it: Schemathesis' in-process WSGI transport cannot send
the probe of its `ignored_auth` check (it passes `max_redirects` to Werkzeug's test client).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from flask import Flask
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from werkzeug.serving import make_server

SEED = 17


@dataclass
class Run:
    """What one run found: a line per failed check, and every (method, status code) the API answered."""

    failures: list[str] = field(default_factory=list)
    answered: set[tuple[str, int]] = field(default_factory=set)

    def statuses(self, method: str) -> set[int]:
        """The status codes of the requests with this method."""
        return {status for sent, status in self.answered if sent == method}


def describe(event: events.ScenarioFinished) -> list[str]:
    """One line per failed check of a scenario: phase, operation, check and the request that failed."""
    lines = []
    for case_id, checks in event.recorder.checks.items():
        node = event.recorder.cases.get(case_id)
        request = node.value.as_curl_command() if node is not None else case_id
        for check in checks:
            if check.status == Status.FAILURE:
                title = check.failure_info.failure.title if check.failure_info else ""
                lines.append(f"{event.phase.value} {event.label}: {check.name} ({title}): {request}")
    return lines


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on a free loopback port, for the length of the block; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def run_contract(
    app: Flask, *, method: str | None = None, security: dict[str, str] | None = None, max_examples: int = 20
) -> Run:
    """Every phase and check over the API's operations (only `method`'s when given).

    `security` gives a value per security scheme of the document (the session cookie and the
    CSRF header), as a user would configure them; without it they are generated.
    """
    settings: dict[str, Any] = {
        "seed": SEED,
        "checks": {"enabled": True},
        "generation": {"max-examples": max_examples, "database": "none"},
    }
    if security:
        settings["auth"] = {"openapi": {name: {"api_key": value} for name, value in security.items()}}
    run = Run()
    with serving(app) as base:
        config = SchemathesisConfig.from_dict(settings)
        schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", config=config)
        if method is not None:
            schema = schema.include(method=method)
        collect(schema, run)
    run.failures = sorted(set(run.failures))
    return run


def collect(schema: Any, run: Run) -> None:
    """Run every phase of the engine and note each failure and each answer in `run`."""
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            run.answered |= {
                (i.request.method, i.response.status_code) for i in event.recorder.interactions.values() if i.response
            }
            if event.status in (Status.FAILURE, Status.ERROR):
                run.failures += describe(event) or [f"{event.phase.value} {event.label}: {event.status.value}"]
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            run.failures.append(f"error: {event!r}")
