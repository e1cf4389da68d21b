"""OpenAPI paths and schemas of POST and GET /api/v1/signals, merged into the document by api/openapi.py."""

from __future__ import annotations

from typing import Any

from .aggregate import MAX_WEEKS, MIN_COUNT, SHARES
from .record import CHANNELS, CRISIS_KINDS
from .validation import MAX_TEXT

ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
SHOWN = {"type": ["integer", "null"], "minimum": MIN_COUNT, "description": f"null when under {MIN_COUNT} (shown as <5)"}

SIGNAL_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "need",
        "municipality_code",
        "crisis",
        "asked_person",
        "local_referral_found",
        "asked_back",
        "out_of_scope",
    ],
    "properties": {
        "need": {"type": ["string", "null"], "pattern": "^[a-z0-9_]+$", "description": "a need id, null if none"},
        "municipality_code": {"type": ["string", "null"], "pattern": "^GM[0-9]{4}$"},
        "crisis": {"enum": [*CRISIS_KINDS, None]},
        "asked_person": {"type": "boolean"},
        "local_referral_found": {"type": "boolean"},
        "asked_back": {"type": "boolean"},
        "out_of_scope": {"type": "boolean"},
        "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            "description": "the redacted message, only when asked_back or out_of_scope is true",
        },
    },
}

SIGNAL_REPORT: dict[str, Any] = {
    "type": "object",
    "required": ["filters", "threshold", "demo", "weeks", "needs", "total", "shares", "rising_rule"],
    "properties": {
        "filters": {"type": "object"},
        "threshold": {"type": "integer", "const": MIN_COUNT},
        "demo": {"type": "boolean", "description": "true when generated demo counts are included"},
        "weeks": {"type": "array", "items": {"type": "object", "required": ["week", "start"]}},
        "needs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["need", "name", "counts", "rising"],
                "properties": {"counts": {"type": "array", "items": SHOWN}, "rising": {"type": "boolean"}},
            },
        },
        "total": SHOWN,
        "shares": {
            "type": "object",
            "required": list(SHARES),
            "additionalProperties": {
                "type": "object",
                "required": ["count", "share"],
                "properties": {"count": SHOWN, "share": {"type": ["number", "null"]}},
            },
        },
        "rising_rule": {"type": "string"},
    },
}

PATHS: dict[str, Any] = {
    "/signals": {
        "get": {
            "summary": f"Anonymous weekly counts per need, shares and rising needs; every count under {MIN_COUNT} null",
            "description": "A logged-in admin or analyst session, or `Authorization: Bearer <SIGNALS_READ_TOKEN>`.",
            "security": [{"sessionCookie": []}, {"signalsRead": []}],
            "parameters": [
                {"name": "municipality", "in": "query", "schema": {"type": "string", "pattern": "^(GM[0-9]{4})?$"}},
                {"name": "channel", "in": "query", "schema": {"enum": ["", *CHANNELS]}},
                {"name": "weeks", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS}},
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignalReport"}}},
                },
                "400": ERROR,
                "401": ERROR,
                "403": ERROR,
            },
        },
        "post": {
            "summary": "Count one chat turn (the bot's event broker); keeps the redacted text of an unplaced turn",
            "description": "`Authorization: Bearer <SIGNALS_TOKEN>`. No sender, no time finer than the day is kept.",
            "security": [{"signalsWrite": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignalRequest"}}},
            },
            "responses": {"204": {"description": "Counted"}, "400": ERROR, "401": ERROR},
        },
    }
}
SCHEMAS: dict[str, Any] = {"SignalRequest": SIGNAL_REQUEST, "SignalReport": SIGNAL_REPORT}
SECURITY_SCHEMES: dict[str, Any] = {
    "signalsWrite": {"type": "http", "scheme": "bearer", "description": "SIGNALS_TOKEN"},
    "signalsRead": {"type": "http", "scheme": "bearer", "description": "SIGNALS_READ_TOKEN"},
}
