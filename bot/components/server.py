"""Starts the Rasa server with crisis first and two lookups of Rasa 3.6 done once instead of on every use.

0. Crisis first (``components.crisis_first``): a crisis in a busy conversation
   is answered before its lock is free, and every reply gets the safety net's
   added lines (the check for a possible risk, one line in English).

   Redaction (``components.redact``): personal data in a message is replaced by
   placeholders before the tracker or the log sees it. Retention
   (``components.retention``): a conversation is forgotten
   ``CONVERSATION_RETENTION_MINUTES`` after its last message, or at once when the
   resident closes the chat (``components.forget``: ``POST /webhooks/rest/forget``).
   A message over the widget's length limit is answered at the door and not
   processed (``components.message_limit``). The municipality of the site the
   widget is on comes with each message (``components.site_municipality``).

1. Rasa checks every action-server reply with ``jsonschema.validate``, which
   first re-validates Rasa's own response schema against the JSON Schema
   meta-schema: 31 ms per custom action on our 2 cores (measured with py-spy;
   two thirds of a reply's time). The schema never changes, so we build its
   validator once. Replies are checked exactly as before: same schema, same errors.
2. Rasa finds an event's class by its type name by walking every subclass of
   ``Event`` (and asking ``inspect`` whether each is abstract), for every event
   it reads back: from the tracker store, from the action server. That was 4.5%
   of the server's busy time in a py-spy profile of the benchmark. We remember
   each name's class once found; a name not found yet goes to Rasa's own lookup.

    python -m components.server run --model models ...   (same arguments as `rasa`)
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

from components import crisis_first, forget, message_limit, redact, retention, signals, site_municipality

# Rasa's own wording, appended to a validation error (rasa/core/actions/action.py).
HINT = (". Failed to validate Action server response from API, make sure your response from the "
        "Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """A validator for Rasa's action response schema, checked against its meta-schema once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in for RemoteAction._validate_action_result with the cached validator."""
    try:
        response_validator().validate(result)
    except ValidationError as error:
        error.message += HINT
        raise
    return True


_rasa_resolve_event = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Drop-in for Event.resolve_by_type that remembers the class Rasa found for a name."""
    if type_name not in _event_classes:
        try:
            found = _rasa_resolve_event(type_name)
        except ValueError:
            # Unknown (so far): Rasa's own answer, the default or its error; not remembered.
            return _rasa_resolve_event(type_name, default)
        if found is None:  # "topic", which Rasa still accepts from old trackers
            return None
        _event_classes[type_name] = found
    return _event_classes[type_name]


def install() -> None:
    """Crisis first, redaction, retention, forget, the length limit, the site's municipality, the cached
    validator and event lookup in this process."""
    crisis_first.install()
    message_limit.install()  # after crisis_first: it wraps crisis_first's handle_message
    redact.install()
    retention.install()
    forget.install()
    site_municipality.install()
    signals.install()  # anonymous need signals to the referral service (components.signals)
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)


def main() -> None:
    """Run the `rasa` command line with the cached validator installed."""
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
