"""POST /api/v1/signals (the bot writes one turn's signal) and GET /api/v1/signals (the aggregates).

Writing needs ``Authorization: Bearer <SIGNALS_TOKEN>``, the secret the bot's event broker
shares with this service. Reading needs a session of an admin or analyst, or
``Authorization: Bearer <SIGNALS_READ_TOKEN>`` for a municipality's own dashboard: the answer
holds only aggregates with every count under 5 left out, so a static read-only token fits a
dashboard tool better than a personal login, and it cannot write (a leaked dashboard
configuration cannot add counts). Neither token has a default: unset, that access is closed.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app, jsonify, request

from ..api import bp
from ..auth import current_user, role_allowed
from ..errors import bad_request, error_response
from ..extensions import db
from ..lookup.api import json_body
from . import aggregate
from .record import add_signal, add_unclassified
from .validation import parse_signal
from .views import parse_filters

READERS = ("admin", "analyst")


def bearer() -> bytes | None:
    """The token of an `Authorization: Bearer ...` header, as bytes (compare_digest refuses non-ASCII text)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip().encode() if scheme.lower() == "bearer" and token.strip() else None


def token_matches(setting: str) -> bool:
    """True when the request carries the configured token `setting` (constant time); never when it is unset."""
    expected, sent = current_app.config.get(setting), bearer()
    return bool(expected) and sent is not None and hmac.compare_digest(str(expected).encode(), sent)


def unauthorized(message: str) -> Any:
    """401 with the JSON error body and the scheme to use."""
    response, status = error_response(401, "unauthorized", message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="steunwijzer-signals"'
    return response, status


@bp.post("/signals")
def write_signal() -> Any:
    """Count one chat turn; keep its redacted text when the bot asked back or called it out of scope."""
    if not current_app.config.get("SIGNALS_TOKEN"):
        return unauthorized("SIGNALS_TOKEN is not set on the referral service, so no client can write signals")
    if not token_matches("SIGNALS_TOKEN"):
        return unauthorized("send the shared secret as Authorization: Bearer <SIGNALS_TOKEN>")
    turn = parse_signal(db.session, json_body())
    add_signal(db.session, turn.signal)
    if turn.text is not None:
        add_unclassified(db.session, turn.text, turn.reason, turn.signal.municipality_code)
    db.session.commit()
    return "", 204


def may_read() -> Any:
    """None when the caller may read the aggregates, else the error response."""
    if token_matches("SIGNALS_READ_TOKEN"):
        return None
    user = current_user()
    if user is None:
        return unauthorized("log in as admin or analyst, or send Authorization: Bearer <SIGNALS_READ_TOKEN>")
    if not role_allowed(user.role, READERS):
        return error_response(403, "forbidden", "only admins and analysts may read the signals")
    return None


def report_json(report: aggregate.Report) -> dict[str, Any]:
    """The report as JSON: counts under the threshold are null."""
    filters = report.filters
    return {
        "filters": {"municipality": filters.municipality, "channel": filters.channel, "weeks": filters.weeks},
        "threshold": aggregate.MIN_COUNT,
        "demo": report.demo,
        "weeks": [{"week": aggregate.iso_week(m), "start": m.isoformat()} for m in report.weeks],
        "needs": [{"need": t.need, "name": t.name, "counts": t.counts, "rising": t.rising} for t in report.trends],
        "total": report.total,
        "shares": {s.name: {"count": s.count, "share": s.share} for s in report.shares},
        "rising_rule": aggregate.RISING_RULE,
    }


@bp.get("/signals")
def read_signals() -> Any:
    """Weekly counts per need, shares and rising needs, as on /admin/signals."""
    refused = may_read()
    if refused is not None:
        return refused
    try:
        filters = parse_filters(request.args)
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    return jsonify(report_json(aggregate.build(db.session, filters)))
