"""Admin (/admin): login, editing schemes, services, service areas, aliases and desks, audit log, export.

Registering this blueprint also installs the shared authentication (auth.init_auth)
and the `flask users` commands on the app.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.record_once
def _install_auth(state: BlueprintSetupState) -> None:
    from ..auth import init_auth
    from ..cli import users_cli

    init_auth(state.app)
    if "users" not in state.app.cli.commands:
        state.app.cli.add_command(users_cli)


# The views register themselves on `bp`.
from . import aliases, audit_log, desks, login, overview, schemes, services, users  # noqa: E402, F401
