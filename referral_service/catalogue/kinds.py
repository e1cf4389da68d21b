"""The kinds of catalogue values: each one's rule in the data files, in the admin's forms, and its JSON Schema.

The rules themselves are in rules.py; validate.py words them in English for data files and
form_text.py in Dutch for editors. registry.py gives every field of every entity its kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import form_text, rules, validate
from .rules import json_pattern


def same(value: Any) -> Any:
    """No conversion."""
    return value


def iso(value: dt.date | None) -> str | None:
    """A date as ISO text (API answers, the audit log)."""
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Kind:
    """One sort of value: its rule in the data files, in the admin's forms, and its JSON Schema."""

    check: Callable[[Any], Any]  # a data-file value -> the stored value; FieldError in English
    schema: dict[str, Any]  # JSON Schema of a value (null aside)
    parse: Callable[[str, str], Any] | None = None  # trimmed form text, label -> the audit value; Dutch
    listed: bool = False  # a list: absent means []
    default: Any = None  # the value of an absent scalar
    missing: str = "{label} is verplicht."  # Dutch, when a required form field is empty
    as_json: Callable[[Any], Any] = same  # stored value -> API answer and audit log
    from_json: Callable[[Any], Any] = same  # audit value -> stored value
    as_text: Callable[[Any], Any] = same  # audit value -> what the form field shows

    def absent(self) -> Any:
        """The value of a field left out of a file or a form."""
        return [] if self.listed else self.default


def string(regex: Any, example: str) -> dict[str, Any]:
    """JSON Schema of a string that matches a rules.py pattern."""
    return {"type": "string", "pattern": json_pattern(regex), "example": example}


TEXT = Kind(validate.text, {"type": "string", "minLength": 1}, form_text.as_is)
IDENTIFIER = Kind(validate.identifier, string(rules.IDENTIFIER, "tozo"))
SERVICE_ID = Kind(validate.service_id, string(rules.SERVICE_ID, "geldfit"))
GM_CODE = Kind(validate.municipality_code, string(rules.GM_CODE, "GM0090"))
STATUS = Kind(validate.status, {"enum": list(rules.STATUSES)}, form_text.status, missing=form_text.STATUS_MISSING)
DATE = Kind(
    validate.date, {"type": "string", "format": "date"}, form_text.date, as_json=iso, from_json=dt.date.fromisoformat
)
URL = Kind(validate.url, string(rules.URL, "https://www.geldfit.nl"), form_text.https_url)
PHONE = Kind(validate.phone, string(rules.PHONE_CHARACTERS, "0800-8115"), form_text.phone)
EMAIL = Kind(validate.email, string(rules.EMAIL, "info@gemeente.nl"), form_text.email)
BOOLEAN = Kind(validate.boolean, {"type": "boolean"}, form_text.checkbox, default=False)
LINKS = Kind(validate.list_of(validate.identifier), {"type": "array", "items": IDENTIFIER.schema}, listed=True)
TIME = string(rules.TIME, "08:30")
OPENING_RULE = {
    "type": "object",
    "required": ["days", "opens", "closes"],
    "properties": {"days": {"type": "array", "items": {"enum": list(rules.DAYS)}}, "opens": TIME, "closes": TIME},
}
HOURS = Kind(
    validate.list_of(validate.opening_period),
    {"type": "array", "items": OPENING_RULE},
    form_text.opening_hours,
    listed=True,
    as_text=form_text.hours_text,
)
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date"}
PERIODS = Kind(
    validate.list_of(validate.period),
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"label": {"type": "string"}, "start": OPTIONAL_DATE, "end": OPTIONAL_DATE},
        },
    },
    listed=True,
)
SOURCE = {"type": "object", "properties": {"url": URL.schema, "source_date": {"type": ["string", "null"]}}}
SOURCES = Kind(validate.list_of(validate.source), {"type": "array", "items": SOURCE}, listed=True)
AREA = Kind(validate.area, {"anyOf": [{"const": "national"}, {"type": "object"}]})
