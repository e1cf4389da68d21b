"""Signals of need (issue 20): anonymous counts per chat turn and staff lookup, and where the bot falls short.

- writing: POST /api/v1/signals (the bot's event broker, bot/components/signals.py, with the shared
  secret SIGNALS_TOKEN) and one count per staff lookup in-process (record.after_lookup, an
  after_request hook on POST /api/v1/lookup);
- reading: /admin/signals for admins and analysts (views.py), GET /api/v1/signals (api.py);
- unclassified messages (redacted by the bot), kept at most 30 days, for admins only;
- `flask signals purge|demo` and `flask nlu unclassified --export FILE` (cli.py).

Registering this blueprint also installs the shared authentication and those commands.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint(
    "signals",
    __name__,
    url_prefix="/admin/signals",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


TOKENS = ("SIGNALS_TOKEN", "SIGNALS_READ_TOKEN")
MIN_TOKEN_LENGTH = 16


def token_settings(config: dict[str, Any], environ: Mapping[str, str]) -> None:
    """SIGNALS_TOKEN (the bot writes) and SIGNALS_READ_TOKEN (dashboards read), or their *_FILE: config wins.

    RuntimeError for a token shorter than MIN_TOKEN_LENGTH: a guessable secret must stop the start.
    """
    from ..config import secret

    for name in TOKENS:
        value = config.get(name) or secret(name, environ)
        if value is not None and len(value.strip()) < MIN_TOKEN_LENGTH:
            raise RuntimeError(f"{name} is too short: use at least {MIN_TOKEN_LENGTH} random characters")
        config[name] = value.strip() if value else None


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    from ..auth import init_auth
    from ..cli import nlu_cli, signals_cli
    from .record import after_lookup

    token_settings(state.app.config, os.environ)
    init_auth(state.app)
    state.app.after_request(after_lookup)
    for group in (signals_cli, nlu_cli):
        if group.name not in state.app.cli.commands:
            state.app.cli.add_command(group)


# The views register themselves on `bp`, the API views on the API blueprint.
from . import api, views  # noqa: E402, F401
