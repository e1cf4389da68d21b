"""The answer endpoint costs a fixed number of SQL statements, however many schemes exist."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from referral_service.extensions import db
from referral_service.models import Need, NeedScheme, Scheme, SchemeAlternative


def add_schemes(first: int, count: int) -> None:
    """Ended schemes first..first+count, each with two active alternatives, all linked to need 'n'."""
    need = db.session.get(Need, "n") or Need(id="n", name="N", answer="Antwoord.")
    db.session.add(need)
    for i in range(first, first + count):
        ended, alts = f"oud{i}", [f"nieuw{i}a", f"nieuw{i}b"]
        db.session.add(Scheme(id=ended, name=ended, status="ended", summary="De regeling is gestopt."))
        db.session.add_all(Scheme(id=a, name=a, status="active", summary="Loopt nog.") for a in alts)
        db.session.flush()
        db.session.add_all(SchemeAlternative(scheme_id=ended, alternative_id=a, position=p) for p, a in enumerate(alts))
        db.session.add(NeedScheme(need_id="n", scheme_id=ended, position=i))
    db.session.commit()


def statements_for_answer(app: Flask) -> tuple[int, dict[str, Any]]:
    """SQL statements one GET /api/v1/answers/n sends, and its body."""
    db.session.remove()  # a cold session: nothing may come from the identity map
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        body = app.test_client().get("/api/v1/answers/n").get_json()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements), body


def test_answer_query_count_does_not_grow_with_schemes(empty_app: Flask) -> None:
    add_schemes(0, 2)
    few, body = statements_for_answer(empty_app)
    add_schemes(2, 20)
    many, body = statements_for_answer(empty_app)
    assert len(body["triage"]["schemes"]) == 22 * 3, "every ended scheme and both its alternatives"
    assert many == few
