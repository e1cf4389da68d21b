"""Edit a municipality's own desk (/admin/municipalities/<code>/desk): number, site, address, hours."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from ..auth import login_required
from ..extensions import db
from ..models import Municipality, MunicipalityDesk
from . import bp
from .editing import load_or_404, raw_form, save_and_redirect
from .entities import ENTITIES
from .forms import form_text, parse_desk

ENTITY = ENTITIES["desk"]


def render(desk: MunicipalityDesk, form: dict[str, Any], errors: dict[str, str], unsaved: dict[str, Any]) -> str:
    """The desk form with values, errors and (after a conflict) the unsaved input."""
    m = db.session.get(Municipality, desk.code)
    return render_template(
        "admin/desk_form.html", desk=desk, name=m.name if m else desk.code, form=form, errors=errors,
        unsaved=unsaved, labels=ENTITY.fields, version=ENTITY.version(desk),
    )  # fmt: skip


@bp.get("/municipalities/<key>/desk")
@login_required("editor")
def edit_desk(key: str) -> Any:
    """The edit form of one municipality's desk."""
    desk = load_or_404(ENTITY, key)
    return render(desk, form_text(ENTITY.snapshot(desk)), {}, {})


@bp.post("/municipalities/<key>/desk")
@login_required("editor")
def save_desk(key: str) -> Any:
    """Validate and save a desk, audited like every edit."""
    desk = load_or_404(ENTITY, key)
    parsed = parse_desk(request.form)
    if parsed.errors:
        return render(desk, raw_form(request.form), parsed.errors, {}), 400
    return save_and_redirect(ENTITY, desk, key, parsed.values, render)
