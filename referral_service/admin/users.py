"""User admin (/admin/users): every account's role and state, and the home municipality of its staff lookups."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ..auth import login_required
from ..extensions import db
from ..models import Municipality, User
from . import bp

NO_HOME = ""


def municipality_options() -> list[tuple[str, str]]:
    """(code, 'Name (code)') of every municipality, by name: the choices for a home municipality."""
    rows = db.session.execute(select(Municipality.code, Municipality.name).order_by(Municipality.name))
    return [(code, f"{name} ({code})") for code, name in rows.tuples()]


def render(errors: dict[str, str], status: int = 200) -> Any:
    """The list of accounts, each with its home municipality form."""
    users = db.session.scalars(select(User).order_by(User.username)).all()
    options = municipality_options()
    return render_template("admin/users.html", users=users, options=options, names=dict(options), errors=errors), status


@bp.get("/users")
@login_required("admin")
def users() -> Any:
    """Every account, with its role, whether it is active and its home municipality."""
    return render({})


@bp.post("/users/<username>/home")
@login_required("admin")
def set_home(username: str) -> Any:
    """Set or clear one account's home municipality (a known CBS code, or none)."""
    user = db.session.get(User, username)
    if user is None:
        return render({}, 404)
    code = request.form.get("home_municipality", NO_HOME).strip()
    if code and db.session.get(Municipality, code) is None:
        return render({username: "Kies een gemeente uit de lijst."}, 400)
    user.home_municipality = code or None
    db.session.commit()
    flash(f"De standaardgemeente van {username} is opgeslagen.", "success")
    return redirect(url_for("admin.users"))
