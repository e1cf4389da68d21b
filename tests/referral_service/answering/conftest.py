"""Helpers of the answering tests: count the SQL statements of one request."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from referral_service.extensions import db


def statements_for(app: Flask, path: str) -> tuple[int, Any]:
    """SQL statements one GET on `app` sends, and its JSON body."""
    with app.app_context():
        db.session.remove()  # a cold session: nothing may come from the identity map
        engine = db.engine
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        body = app.test_client().get(path).get_json()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), body
