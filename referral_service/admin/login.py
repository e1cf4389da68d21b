"""Login, logout and password change (/admin/login, /admin/logout, /admin/password)."""

from __future__ import annotations

import logging
from typing import Any

from flask import redirect, render_template, request, url_for

from ..auth import (
    MIN_PASSWORD_LENGTH,
    authenticate,
    current_user,
    hash_password,
    log_in,
    log_out,
    login_required,
    safe_next,
    username_digest,
)
from ..extensions import db
from ..throttle import throttle
from . import bp

log = logging.getLogger(__name__)
WRONG = "Gebruikersnaam of wachtwoord klopt niet."
BLOCKED = "Te veel mislukte pogingen. Wacht 5 minuten en probeer het dan opnieuw."


def home_for(role: str) -> str:
    """Where a user lands after login when no page was asked for."""
    return "/staff/" if role == "staff" else url_for("admin.overview")


@bp.get("/login")
def login_form() -> Any:
    """The login page (already logged in: straight on)."""
    user = current_user()
    target = safe_next(request.args.get("next"))
    if user is not None:
        return redirect(target or home_for(user.role))
    return render_template("auth/login.html", next=target)


@bp.post("/login")
def login() -> Any:
    """Check the password; throttle failures per account and address; never log the password or username."""
    username = request.form.get("username", "").strip()[:64]
    password = request.form.get("password", "")[:200]
    target = safe_next(request.form.get("next"))
    address = request.remote_addr or ""
    if throttle().blocked(username, address):
        log.warning("login blocked for user hash %s", username_digest(username))
        return render_template("auth/login.html", error=BLOCKED, next=target, username=username), 429
    user = authenticate(db.session, username, password)
    if user is None:
        throttle().failed(username, address)
        log.info("failed login for user hash %s", username_digest(username))
        return render_template("auth/login.html", error=WRONG, next=target, username=username), 401
    throttle().succeeded(user.username, address)
    log_in(user)
    log.info("login by %s", user.username)
    return redirect(url_for("admin.password") if user.must_change_password else target or home_for(user.role))


@bp.post("/logout")
def logout() -> Any:
    """End the session (POST only, with CSRF token)."""
    log_out()
    return redirect(url_for("admin.login_form"))


def password_errors(current_ok: bool, new: str, repeat: str) -> list[str]:
    """Dutch errors for a password change."""
    errors = [] if current_ok else ["Het huidige wachtwoord klopt niet."]
    if len(new) < MIN_PASSWORD_LENGTH:
        errors.append(f"Het nieuwe wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben.")
    if new != repeat:
        errors.append("De twee nieuwe wachtwoorden zijn niet gelijk.")
    return errors


@bp.route("/password", methods=["GET", "POST"])
@login_required("staff")
def password() -> Any:
    """Change one's own password (forced after a one-time password)."""
    user = current_user()
    assert user is not None
    page = {"forced": user.must_change_password, "min_length": MIN_PASSWORD_LENGTH}
    if request.method == "GET":
        return render_template("auth/password.html", **page)
    form = request.form
    current_ok = authenticate(db.session, user.username, form.get("current", "")) is not None
    errors = password_errors(current_ok, form.get("new", ""), form.get("repeat", ""))
    if errors:
        return render_template("auth/password.html", errors=errors, **page), 400
    user.password_hash = hash_password(form["new"])
    user.must_change_password = False
    db.session.commit()
    log_in(user)
    return redirect(home_for(user.role))
