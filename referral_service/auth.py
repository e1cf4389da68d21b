"""Shared authentication for /admin and /staff: users, roles, sessions, CSRF (login throttle: throttle.py).

Use `login_required("editor")` on a view; `current_user()` returns the logged-in User
or None; templates get `csrf_token()` and `current_user`. Every POST/PUT/PATCH/DELETE
must carry the session's CSRF token, as form field `csrf_token` or as header
`X-CSRF-Token` (JSON requests from /staff); only /api/v1 calls without a logged-in
session (the bot's action server) are exempt. Call `init_auth(app)` once
(the admin blueprint does this when it is registered).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import os
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask.sansio.app import App
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import DbSession, db
from .models import User

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

# staff < editor < admin, each may do what the lower ones may. An analyst stands outside that
# order: it sees only the views that name it (the signals page, /admin/signals), not /staff or /admin.
RANKED_ROLES = ("staff", "editor", "admin")
ROLES = (*RANKED_ROLES, "analyst")
ROLE_RANK = {role: rank for rank, role in enumerate(RANKED_ROLES)}
ROLE_LABELS = {"staff": "medewerker", "editor": "redacteur", "admin": "beheerder", "analyst": "analist"}
API_PREFIX = "/api/v1"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MIN_PASSWORD_LENGTH = 12
# A real hash of a random password: unknown users cost as much time as known ones.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))

__all__ = [
    "ROLES",
    "User",
    "authenticate",
    "csrf_required",
    "csrf_token",
    "csrf_valid",
    "current_user",
    "hash_password",
    "init_auth",
    "log_in",
    "log_out",
    "login_required",
    "role_at_least",
]


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug); the plain password is never stored."""
    return generate_password_hash(password, method="scrypt")


def username_digest(username: str) -> str:
    """A short hash of a typed username, the only form in which it may be logged."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:12]


def role_at_least(role: str | None, needed: str) -> bool:
    """True when `role` is `needed` or higher (admin > editor > staff)."""
    return role in ROLE_RANK and ROLE_RANK[role] >= ROLE_RANK[needed]


def authenticate(session_: DbSession, username: str, password: str) -> User | None:
    """The active user with this username and password, or None (constant-ish time)."""
    user = session_.get(User, username.strip()) if username.strip() else None
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _stamp(user: User) -> str:
    # Changes when the password changes, so old sessions stop working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def log_in(user: User) -> None:
    """Start a fresh session for `user` (no session fixation)."""
    session.clear()
    session.permanent = True
    session["user"] = user.username
    session["stamp"] = _stamp(user)
    session["epoch"] = user.session_epoch
    session["seen"] = time.time()
    session["csrf"] = secrets.token_urlsafe(32)  # a new token per login
    g.pop("user", None)


def log_out() -> None:
    """End the session, also on the server: raising the epoch refuses every earlier cookie of this user."""
    user = current_user()
    if user is not None:
        user.session_epoch += 1
        db.session.commit()
    session.clear()
    g.pop("user", None)


def _same_epoch(user: User) -> bool:
    # A cookie from before the user's last logout (or from before epochs existed) is refused.
    return session.get("epoch") == user.session_epoch


def _session_user() -> User | None:
    username = session.get("user")
    if not username:
        return None
    idle = current_app.permanent_session_lifetime.total_seconds()
    if time.time() - float(session.get("seen", 0)) > idle:
        session.clear()
        return None
    user = db.session.get(User, username)
    if user is None or not user.active or session.get("stamp") != _stamp(user) or not _same_epoch(user):
        session.clear()
        return None
    session["seen"] = time.time()
    return user


def current_user() -> User | None:
    """The logged-in, active user of this request, or None (expired sessions are cleared)."""
    if "user" not in g:
        g.user = _session_user()
    return cast("User | None", g.user)


def wants_json() -> bool:
    """True for API-style requests: a JSON body, or JSON preferred over HTML (under /api/ also on a tie, as for */*)."""
    offers = (
        ["application/json", "text/html"]
        if request.path.startswith(API_PREFIX + "/")
        else ["text/html", "application/json"]
    )
    return request.is_json or request.accept_mimetypes.best_match(offers) == "application/json"


def safe_next(target: str | None) -> str | None:
    """A local path to return to after login, or None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _login_redirect() -> Any:
    if wants_json():
        return {"error": {"status": 401, "code": "unauthorized", "message": "Log eerst in."}}, 401
    target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("admin.login_form", next=target))


def _forbidden() -> Any:
    if wants_json():
        return {"error": {"status": 403, "code": "forbidden", "message": "U heeft hier geen toegang toe."}}, 403
    return render_template("auth/forbidden.html"), 403


def role_allowed(role: str | None, roles: tuple[str, ...]) -> bool:
    """True when `role` is named in `roles` or is at least their lowest ranked role."""
    ranked = [r for r in roles if r in ROLE_RANK]
    return role in roles or (bool(ranked) and role_at_least(role, min(ranked, key=ROLE_RANK.__getitem__)))


def login_required(*roles: str) -> Callable[[F], F]:
    """Require a logged-in user with at least the lowest ranked of `roles` (default: staff), or a role named."""
    roles = roles or ("staff",)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return _login_redirect()
            if user.must_change_password and request.endpoint not in ("admin.password", "admin.logout"):
                return redirect(url_for("admin.password"))
            if not role_allowed(user.role, roles):
                return _forbidden()
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def csrf_token() -> str:
    """The session's CSRF token (created on first use); put it in every form."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def csrf_valid() -> bool:
    """True when the request carries the session's CSRF token."""
    expected = session.get("csrf")
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    return bool(expected) and hmac.compare_digest(str(expected), sent)


def csrf_exempt() -> bool:
    """Safe methods, and API calls that carry no logged-in session (the bot's actions), need no token."""
    if request.method not in UNSAFE_METHODS:
        return True
    return request.path.startswith(API_PREFIX + "/") and not session.get("user")


def csrf_failure() -> Any:
    """400 with a Dutch page (HTML) or a JSON error."""
    log.warning("CSRF check failed for %s %s", request.method, request.path)
    if wants_json():
        return {"error": {"status": 400, "code": "csrf", "message": "Ongeldig of ontbrekend CSRF-token."}}, 400
    return render_template("auth/csrf.html"), 400


def _check_csrf() -> Any:
    return None if csrf_exempt() or csrf_valid() else csrf_failure()


def csrf_required(view: F) -> F:
    """Explicit CSRF check for a view (the global check already covers every session-carrying POST)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs) if csrf_valid() else csrf_failure()

    return cast(F, wrapped)


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in ("1", "true", "yes", "on")


def configure_session(app: App) -> None:
    """Cookie and lifetime settings; config values win over the environment."""
    minutes = int(app.config.get("SESSION_MINUTES") or os.environ.get("SESSION_MINUTES") or 30)
    app.config["SESSION_MINUTES"] = minutes
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(minutes=minutes)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if "SESSION_COOKIE_SECURE" in os.environ:
        app.config["SESSION_COOKIE_SECURE"] = _env_flag("SESSION_COOKIE_SECURE", False)
    if app.config.get("SESSION_COOKIE_NAME") == "session":
        app.config["SESSION_COOKIE_NAME"] = "steunwijzer_session"
    # Flask copies this value at start-up; keep it in step with the config.
    app.permanent_session_lifetime = app.config["PERMANENT_SESSION_LIFETIME"]


def init_auth(app: App) -> None:
    """Install session settings, the CSRF check and template helpers (idempotent)."""
    if "auth" in app.extensions:
        return
    configure_session(app)
    app.extensions["auth"] = True  # login throttling lives in the database (throttle.py)
    app.before_request(_check_csrf)
    app.context_processor(lambda: {"csrf_token": csrf_token, "current_user": current_user, "role_labels": ROLE_LABELS})


def require_role(role: str) -> None:
    """Abort with 403 inside a view when the user's role is too low."""
    user = current_user()
    if user is None or not role_at_least(user.role, role):
        abort(403)
