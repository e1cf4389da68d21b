"""OpenAPI 3 document of /api/v1, kept next to the views it describes.

Schemes, needs and the referral fields come from the catalogue's field registry, and every
pattern from catalogue/rules.py, so the document says what the data files and the views
accept. tests/referral_service/api/test_schemathesis.py holds the API to it with all checks.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import rules
from ..catalogue.kinds import GM_CODE, IDENTIFIER, OPENING_RULE, TEXT
from ..catalogue.registry import DESK, NEED, SCHEME, SERVICE, nullable

OBJ: dict[str, Any] = {"type": "object"}
ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    """A 200 response with a JSON body."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def query(name: str, *, required: bool = False, **schema: Any) -> dict[str, Any]:
    """A query parameter."""
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string", **schema}}


def path(name: str, **schema: Any) -> dict[str, Any]:
    """A path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", **schema}}


def get(
    summary: str, params: list[dict[str, Any]], body: dict[str, Any], errors: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One GET operation."""
    responses: dict[str, Any] = {"200": ok(body)}
    responses.update(dict.fromkeys(errors, ERROR))
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def post(summary: str, body: dict[str, Any], result: dict[str, Any], errors: tuple[str, ...] = ()) -> dict[str, Any]:
    """One POST operation with a JSON body, behind the staff login (session cookie + CSRF header)."""
    responses: dict[str, Any] = {"200": ok(result)}
    responses.update(dict.fromkeys(errors, ERROR))
    return {
        "post": {
            "summary": summary,
            "description": "Needs a logged-in session of role staff or higher (cookie `steunwijzer_session`, "
            "from the login at /admin/login) and the session's CSRF token in header `X-CSRF-Token`. "
            "Without a session: 401.",
            "security": [{"sessionCookie": [], "csrfHeader": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": responses,
        }
    }


CODE: dict[str, Any] = GM_CODE.schema
# An optional code in the query: empty means none, as when the parameter is left out.
MAYBE_CODE: dict[str, Any] = CODE | {"pattern": f"^({rules.GM_CODE.pattern})?$"}
ID: dict[str, Any] = IDENTIFIER.schema
# At least one character that str.strip() keeps (the views strip texts first). Spelled out,
# because JSON Schema's \S is not Python's (U+001C-U+001F and U+0085 are space to Python only).
NOT_BLANK = "[^" + "".join(f"\\u{n:04x}" for n in range(0x3001) if chr(n).isspace()) + "]"
REFERRAL_FIELDS = ("name", "phone", "url", "email", "address", "opening_hours", "hours_note", "how_to_apply")
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "code", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    },
    "Place": {
        "type": "object",
        "required": ["code", "name", "province"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "province": {"type": "string"}},
    },
    "Referral": {
        "type": "object",
        "description": "A service as a referral; a crisis line or the municipality's own desk may leave out the "
        "contact details after open_now.",
        "required": ["id", "name", "phone", "url", "municipality_code", "open_now"],
        "properties": {
            "id": SERVICE["id"].schema(),
            **{name: SERVICE[name].schema() for name in REFERRAL_FIELDS},
            "municipality_code": nullable(CODE),
            "organisation": nullable(TEXT.schema),
            "open_now": {"type": ["boolean", "null"]},
            "appointment_url": nullable(DESK["appointment_url"].schema()),
        },
    },
    "Desk": {
        "type": "object",
        "description": "A municipality's own desk from the Register van Overheidsorganisaties; opening_hours as an "
        "admin set them ([] and hours_text null when unknown), open_now in Europe/Amsterdam time.",
        "required": ["name", *DESK.names, "hours_text", "open_now"],
        "properties": {
            "name": {"type": "string", "example": "Gemeente Amersfoort"},
            **DESK.schema()["properties"],
            "hours_text": {"type": ["string", "null"]},
            "open_now": {"type": ["boolean", "null"]},
        },
    },
    "Scheme": SCHEME.schema(),
    "Need": NEED.schema(),
    "OpeningRule": OPENING_RULE,
    "Contact": {
        "type": "object",
        "description": "A person a resident can call: the central line (kind central) or the municipality's "
        "own desk (kind municipality). open_now is in Europe/Amsterdam time, null when the hours are unknown.",
        "required": ["kind", "name", "phone", "url", "hours_text", "opening_hours", "open_now", "municipality_code"],
        "properties": {
            "kind": {"enum": ["central", "municipality"]},
            "name": {"type": "string"},
            "phone": {"type": "string", "example": "14 0512"},
            "url": {"type": ["string", "null"]},
            "hours_text": {
                "type": ["string", "null"],
                "example": "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
            },
            "opening_hours": {"type": "array", "items": {"$ref": "#/components/schemas/OpeningRule"}},
            "open_now": {"type": ["boolean", "null"]},
            "municipality_code": {"type": ["string", "null"]},
        },
    },
    "Resolution": {
        "type": "object",
        "required": ["query", "result", "candidates"],
        "properties": {
            "query": {"type": "string"},
            "result": {"oneOf": [{"type": "null"}, {"type": "object"}]},
            "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Place"}},
        },
    },
    "Answer": {
        "type": "object",
        "required": ["need", "messages", "needs_municipality", "triage"],
        "properties": {
            "messages": {"type": "array", "items": {"type": "object", "required": ["text"]}},
            "needs_municipality": {"type": "boolean"},
            "triage": OBJ,
            "need": OBJ,
        },
    },
    "LookupRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["question"],
        "properties": {
            "question": {"type": "string", "minLength": 1, "maxLength": 500, "pattern": NOT_BLANK},
            "place": {"type": ["string", "null"], "maxLength": 200},
            "need": nullable(ID),
        },
    },
    "LookupResult": {
        "type": "object",
        "required": ["question", "triage", "messages", "schemes", "referrals", "intent", "nlu"],
        "properties": {
            "question": {"type": "string"},
            "triage": OBJ,
            "messages": {"type": "array", "items": {"type": "object", "required": ["text"]}},
            "schemes": {"type": "array", "items": OBJ},
            "referrals": {"type": "array", "items": {"$ref": "#/components/schemas/Referral"}},
            "intent": {"type": ["object", "null"]},
            "nlu": {"enum": ["rasa", "unavailable"]},
            "elapsed_ms": {"type": "number"},
        },
    },
}
SECURITY_SCHEMES: dict[str, Any] = {
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "steunwijzer_session"},
    "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
}


def ref(name: str) -> dict[str, Any]:
    """A $ref to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def listing(key: str, name: str) -> dict[str, Any]:
    """An object whose one key holds a list of component `name`."""
    return {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": ref(name)}}}


def document() -> dict[str, Any]:
    """The OpenAPI document served at /api/v1/openapi.json."""
    # Imported here: the signals package imports the API blueprint, which imports this module.
    from ..signals import openapi as signals_doc

    paths = {
        "/health": get("Service and database health", [], OBJ, ("503",)),
        "/needs": get("All needs", [], listing("needs", "Need")),
        "/needs/{need_id}": get("One need", [path("need_id", **ID)], ref("Need"), ("400", "404")),
        "/schemes": get("All schemes", [], listing("schemes", "Scheme")),
        "/schemes/{scheme_id}": get("One scheme", [path("scheme_id", **ID)], ref("Scheme"), ("400", "404")),
        "/municipalities": get(
            "Search municipalities",
            [query("q", maxLength=100), query("limit", type="integer", minimum=1, maximum=400)],
            listing("municipalities", "Place"),
            ("400",),
        ),
        "/municipalities/{code}": get("One municipality", [path("code", **CODE)], ref("Place"), ("400", "404")),
        "/municipalities/{code}/desk": get(
            "The municipality's own desk: number, website, visiting address, appointment page and known hours",
            [path("code", **CODE)],
            ref("Desk"),
            ("400", "404"),
        ),
        "/postcodes/{postcode}": get(
            "Municipality of a postcode",
            [path("postcode", pattern=rules.json_pattern(rules.POSTCODE), example="9203 AB")],
            {
                "type": "object",
                "required": ["postcode", "municipality"],
                "properties": {
                    "postcode": {"type": "string", "pattern": "^[1-9][0-9]{3}$"},
                    "municipality": ref("Place"),
                },
            },
            ("400", "404"),
        ),
        "/resolve": get(
            "Municipality from free text",
            [query("q", required=True, minLength=1, maxLength=200, pattern=NOT_BLANK)],
            ref("Resolution"),
            ("400",),
        ),
        "/referrals": get(
            "Referrals for a need",
            [query("need", required=True, **ID), query("municipality", **MAYBE_CODE)],
            {
                "type": "object",
                "required": ["need", "municipality", "referrals"],
                "properties": {"referrals": {"type": "array", "items": ref("Referral")}},
            },
            ("400", "404"),
        ),
        "/answers/{need_id}": get(
            "The bot's answer for a need",
            [path("need_id", **ID), query("municipality", **MAYBE_CODE)],
            ref("Answer"),
            ("400", "404"),
        ),
        "/handoff": get(
            "Whom a resident can call: the central line, else the municipality's own desk, else null",
            [query("municipality", **MAYBE_CODE)],
            {
                "type": "object",
                "required": ["contact", "messages"],
                "properties": {
                    "contact": {"oneOf": [{"type": "null"}, ref("Contact")]},
                    # The bot relays these as they are; empty when no number is known.
                    "messages": {"type": "array", "items": {"type": "object", "required": ["text"]}},
                },
            },
            ("400", "404"),
        ),
        "/lookup": post(
            "Staff lookup: triage, the bot's messages, scheme cards and referrals for a caller's question",
            ref("LookupRequest"),
            ref("LookupResult"),
            ("400", "401", "403", "404"),
        ),
    }
    paths.update(signals_doc.PATHS)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Steunwijzer referral service", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS | signals_doc.SCHEMAS,
            "securitySchemes": SECURITY_SCHEMES | signals_doc.SECURITY_SCHEMES,
        },
    }
