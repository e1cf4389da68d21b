"""Starts the Rasa server with a cached schema validator for action-server replies.

Rasa 3.6 checks every action-server reply with ``jsonschema.validate``, which
first re-validates Rasa's own response schema against the JSON Schema
meta-schema: 31 ms per custom action on our 2 cores (measured with py-spy; two
thirds of a reply's time). The schema never changes, so we build its validator
once. Replies are checked exactly as before: same schema, same errors.

    python -m components.server run --model models ...   (same arguments as `rasa`)
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

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


def install() -> None:
    """Use the cached validator in every RemoteAction of this process."""
    RemoteAction._validate_action_result = validate_action_result


def main() -> None:
    """Run the `rasa` command line with the cached validator installed."""
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
