"""Starts Rasa (``components.server``) with JWT auth on its HTTP API; the secret comes from the environment only.

A token or secret given as ``--auth-token``/``--jwt-secret`` is readable by every
user of the machine (``ps``, ``/proc/*/cmdline``) and a ``?token=`` ends up in
access logs. So the secret is read here from ``RASA_JWT_SECRET`` or from the file
``RASA_JWT_SECRET_FILE`` names (a Docker secret), and handed to Rasa's run API
in this process. Rasa then accepts only a ``Authorization: Bearer`` JWT signed with
it (HS256) whose ``user.role`` is ``admin`` (the referral service's staff lookup,
``referral_service/lookup/rasa_client.py``). The chat channels stay open.

    python -m components.launch run --model models ...   (the arguments of `rasa run`)
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ENV, ENV_FILE = "RASA_JWT_SECRET", "RASA_JWT_SECRET_FILE"
METHOD = "HS256"
# RFC 7518 3.2: an HS256 key has at least 256 bits; PyJWT warns below 32 bytes.
MIN_LENGTH = 32
# Options that would put a credential on the command line, or switch to the URL token.
REFUSED = ("--auth-token", "-t", "--jwt-secret", "--jwt-private-key")


class LaunchError(Exception):
    """The launcher cannot start Rasa safely; its message says why (never the secret)."""


def jwt_secret(environ: Mapping[str, str]) -> str:
    """The secret from RASA_JWT_SECRET or the file RASA_JWT_SECRET_FILE names; one of them, 32+ characters."""
    value, path = environ.get(ENV), environ.get(ENV_FILE)
    if value and path:
        raise LaunchError(f"set {ENV} or {ENV_FILE}, not both")
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise LaunchError(f"{ENV_FILE}: cannot read {path} ({error.strerror})") from None
    if not value:
        raise LaunchError(f"{ENV} or {ENV_FILE} is required: Rasa's HTTP API must not run without auth")
    if len(value) < MIN_LENGTH:
        raise LaunchError(f"{ENV} must have at least {MIN_LENGTH} characters")
    return value


def refuse_credentials_in(argv: Sequence[str]) -> None:
    """LaunchError when the command line carries a token or secret."""
    for arg in argv:
        if arg.split("=", 1)[0] in REFUSED:
            raise LaunchError(f"{arg.split('=', 1)[0]} is not accepted: the secret comes from {ENV}(_FILE)")


def with_jwt(run: Callable[..., Any], secret: str) -> Callable[..., Any]:
    """Rasa's run API with JWT auth (HS256, `secret`) and no URL token, whatever the arguments say."""

    def run_with_jwt(*args: Any, **kwargs: Any) -> Any:
        kwargs.update(jwt_secret=secret, jwt_method=METHOD, jwt_private_key=None, auth_token=None)
        return run(*args, **kwargs)

    return run_with_jwt


def main(argv: Sequence[str] | None = None) -> None:
    """Check the secret and the arguments, then run `rasa` (components.server) with JWT auth."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        secret = jwt_secret(os.environ)
        refuse_credentials_in(args)
    except LaunchError as error:
        sys.exit(f"ERROR: {error}")
    import rasa

    from components import server

    # `rasa run` calls rasa.run(**vars(args)) (rasa/cli/run.py): wrap that one entry point.
    rasa.run = with_jwt(rasa.run, secret)
    sys.argv = ["rasa", *args]
    server.main()


if __name__ == "__main__":
    main()
