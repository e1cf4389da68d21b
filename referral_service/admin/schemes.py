"""Edit a scheme (/admin/schemes/<id>). There is no delete: a scheme that stops is marked ended."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import select

from ..auth import login_required
from ..extensions import db
from ..models import Scheme
from . import bp
from .editing import hints_for, load_or_404, raw_form, save_and_redirect
from .entities import ENTITIES, SCHEME_FIELDS
from .forms import form_text, parse_scheme

ENTITY = ENTITIES["scheme"]


def render(scheme: Scheme, form: dict[str, Any], errors: dict[str, str], unsaved: dict[str, Any]) -> str:
    """The scheme form with values, errors, B1 hints and (after a conflict) the unsaved input."""
    others = db.session.scalars(select(Scheme).where(Scheme.id != scheme.id).order_by(Scheme.name))
    return render_template(
        "admin/scheme_form.html",
        scheme=scheme,
        form=form,
        errors=errors,
        hints=hints_for(form),
        unsaved=unsaved,
        labels=SCHEME_FIELDS,
        version=ENTITY.version(scheme),
        alternative_options=[(s.id, f"{s.name} ({'loopt' if s.status == 'active' else 'gestopt'})") for s in others],
    )


@bp.get("/schemes/<key>")
@login_required("editor")
def edit_scheme(key: str) -> Any:
    """The edit form of one scheme."""
    scheme = load_or_404(ENTITY, key)
    return render(scheme, form_text(ENTITY.snapshot(scheme)), {}, {})


@bp.post("/schemes/<key>")
@login_required("editor")
def save_scheme(key: str) -> Any:
    """Validate and save; Dutch errors per field; refuse when someone else saved in between."""
    scheme = load_or_404(ENTITY, key)
    parsed = parse_scheme(request.form, scheme.id)
    if parsed.errors:
        return render(scheme, raw_form(request.form, ("alternatives",)), parsed.errors, {}), 400
    return save_and_redirect(ENTITY, scheme, key, parsed.values, render)
