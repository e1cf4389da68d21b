"""Municipality aliases (/admin/municipalities): find a municipality, add or remove other names."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from ..answering import queries
from ..auth import login_required
from ..extensions import db
from ..models import Municipality
from . import bp
from .editing import load_or_404, save_and_redirect
from .entities import ENTITIES, alias_list
from .forms import parse_alias_change

ENTITY = ENTITIES["alias"]


@bp.get("/municipalities")
@login_required("editor")
def municipalities() -> Any:
    """Search municipalities by name or alias."""
    q = request.args.get("q", "").strip()[:100]
    found = queries.search_municipalities(db.session, q, 50) if q else []
    return render_template("admin/municipalities.html", q=q, found=found)


def render(m: Municipality, form: dict[str, Any], errors: dict[str, str], _unsaved: Any = None) -> str:
    """A municipality with its aliases, a remove button per alias and an add form."""
    return render_template(
        "admin/municipality.html", m=m, aliases=alias_list(m.code), form=form, errors=errors,
        version=ENTITY.version(m),
    )  # fmt: skip


@bp.get("/municipalities/<key>")
@login_required("editor")
def municipality(key: str) -> Any:
    """The alias page of one municipality."""
    return render(load_or_404(ENTITY, key), {}, {})


@bp.post("/municipalities/<key>/aliases")
@login_required("editor")
def change_aliases(key: str) -> Any:
    """Add or remove one alias; the resolver sees it on the next request."""
    m = load_or_404(ENTITY, key)
    parsed = parse_alias_change(request.form, alias_list(m.code))
    if parsed.errors:
        return render(m, {"alias": request.form.get("alias", "")}, parsed.errors), 400
    return save_and_redirect(ENTITY, m, key, parsed.values, render, lambda _m: {})
