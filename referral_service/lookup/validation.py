"""Checks the JSON body of POST /api/v1/lookup; every problem is a 400 with a precise message.

Messages name the field and the rule, never the value: the question and the
place may hold personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue.rules import is_identifier
from ..errors import bad_request

MAX_QUESTION = 500
MAX_PLACE = 200
FIELDS = ("question", "place", "need")


@dataclass(frozen=True)
class LookupRequest:
    """A checked lookup: the caller's question, an optional place and an optional manual need."""

    question: str
    place: str | None = None
    need: str | None = None


def optional_text(body: dict[str, Any], name: str, max_length: int) -> str | None:
    """A string or null field; blank counts as absent."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"'{name}' must be a string or null, got {type(value).__name__}")
    if len(value) > max_length:
        raise bad_request(f"'{name}' is longer than {max_length} characters")
    return value.strip() or None


def check_fields(body: Any) -> dict[str, Any]:
    """The body as a JSON object with only known fields."""
    if not isinstance(body, dict):
        raise bad_request('the body must be a JSON object like {"question": "...", "place": null}')
    unknown = sorted(str(k)[:40] for k in body if k not in FIELDS)
    if unknown:
        raise bad_request(f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    return body


def parse_request(body: Any) -> LookupRequest:
    """A LookupRequest from the decoded JSON body, or a 400 ApiError."""
    body = check_fields(body)
    if "question" not in body or body["question"] is None:
        raise bad_request("'question' is required")
    question = optional_text(body, "question", MAX_QUESTION)
    if question is None:
        raise bad_request("'question' must not be empty")
    return LookupRequest(question, optional_text(body, "place", MAX_PLACE), need_id(body))


def need_id(body: dict[str, Any]) -> str | None:
    """The manual need: null, or a need id as it is (unlike the texts, not trimmed: it is chosen, not typed)."""
    value = body.get("need")
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"'need' must be a string or null, got {type(value).__name__}")
    if not is_identifier(value):
        raise bad_request("'need' must be a need id matching [a-z0-9_]+")
    return value
