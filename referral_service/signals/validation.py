"""Checks the JSON body of POST /api/v1/signals strictly; every problem is a 400 naming the field and the rule.

Messages never repeat the text: it may hold what the redaction missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue.rules import is_gm_code, is_identifier
from ..errors import bad_request
from ..extensions import DbSession
from ..models import Municipality, Need
from .record import CRISIS_KINDS, FLAGS, Signal

MAX_TEXT = 500
REQUIRED = ("need", "municipality_code", "crisis", *FLAGS)
FIELDS = (*REQUIRED, "text")
EXAMPLE = (
    '{"need": "schuldhulp", "municipality_code": "GM0090", "crisis": null, "asked_person": false, '
    '"local_referral_found": true, "asked_back": false, "out_of_scope": false}'
)


@dataclass(frozen=True)
class ChatTurn:
    """A checked chat signal, and the redacted text of a message the bot asked back on or called out of scope."""

    signal: Signal
    text: str | None = None

    @property
    def reason(self) -> str:
        """Why the text is kept: 'asked_back' or 'out_of_scope'."""
        return "asked_back" if self.signal.asked_back else "out_of_scope"


def check_shape(body: Any) -> dict[str, Any]:
    """A JSON object with every required field and no unknown one."""
    if not isinstance(body, dict):
        raise bad_request(f"the body must be a JSON object like {EXAMPLE}")
    unknown = sorted(str(k)[:40] for k in body if k not in FIELDS)
    if unknown:
        raise bad_request(f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    missing = [name for name in REQUIRED if name not in body]
    if missing:
        raise bad_request(f"missing field(s): {', '.join(missing)} (null where there is none)")
    return body


def flag(body: dict[str, Any], name: str) -> bool:
    """A JSON boolean (not 0/1 or a string)."""
    value = body[name]
    if not isinstance(value, bool):
        raise bad_request(f"'{name}' must be true or false, got {type(value).__name__}")
    return value


def optional_string(body: dict[str, Any], name: str) -> str | None:
    """A string or null field."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise bad_request(f"'{name}' must be a string or null, got {type(value).__name__}")
    return value


def need_of(session: DbSession, body: dict[str, Any]) -> str | None:
    """Null, or the id of a need in the database."""
    value = optional_string(body, "need")
    if value is None:
        return None
    if not is_identifier(value):
        raise bad_request("'need' must be a need id matching [a-z0-9_]+, or null")
    if session.get(Need, value) is None:
        raise bad_request(f"'need' is not a known need: {value!r}")
    return value


def municipality_of(session: DbSession, body: dict[str, Any]) -> str | None:
    """Null, or the code of a current municipality."""
    value = optional_string(body, "municipality_code")
    if value is None:
        return None
    if not is_gm_code(value):
        raise bad_request("'municipality_code' must look like GM0090, or null")
    if session.get(Municipality, value) is None:
        raise bad_request(f"'municipality_code' is not a current municipality: {value!r}")
    return value


def crisis_of(body: dict[str, Any]) -> str | None:
    """Null, or one of the crisis kinds."""
    value = optional_string(body, "crisis")
    if value is not None and value not in CRISIS_KINDS:
        raise bad_request(f"'crisis' must be one of {', '.join(CRISIS_KINDS)}, or null")
    return value


def text_of(body: dict[str, Any], unplaced: bool) -> str | None:
    """The redacted text: only of a message the bot asked back on or called out of scope."""
    value = optional_string(body, "text")
    if value is None:
        return None
    if not unplaced:
        raise bad_request("'text' is only kept when 'asked_back' or 'out_of_scope' is true; leave it out")
    if len(value) > MAX_TEXT:
        raise bad_request(f"'text' is longer than {MAX_TEXT} characters")
    if not value.strip():
        raise bad_request("'text' must not be blank; leave it out instead")
    return value.strip()


def parse_signal(session: DbSession, body: Any) -> ChatTurn:
    """A checked chat turn from the decoded JSON body, or a 400 ApiError."""
    body = check_shape(body)
    flags = {name: flag(body, name) for name in FLAGS}
    if flags["asked_back"] and flags["out_of_scope"]:
        raise bad_request(
            "'asked_back' and 'out_of_scope' cannot both be true: a turn is either not understood or off topic"
        )
    need = need_of(session, body)
    if need is not None and (flags["asked_back"] or flags["out_of_scope"]):
        raise bad_request("'need' must be null when 'asked_back' or 'out_of_scope' is true")
    signal = Signal("chat", need, municipality_of(session, body), crisis_of(body), **flags)
    return ChatTurn(signal, text_of(body, flags["asked_back"] or flags["out_of_scope"]))
