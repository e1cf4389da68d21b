"""Edit a service (/admin/services/<id>) and its service area (/admin/services/<id>/area)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import select

from ..auth import login_required
from ..extensions import db
from ..models import Municipality, Need, Service
from . import bp
from .editing import hints_for, load_or_404, raw_form, save_and_redirect
from .entities import ENTITIES, SERVICE_FIELDS
from .forms import form_text, parse_area, parse_service

ENTITY = ENTITIES["service"]
AREA = ENTITIES["service_area"]


def area_names(service: Service) -> list[str]:
    """'Amsterdam (GM0363)' for each municipality of a local service."""
    rows = db.session.execute(
        select(Municipality.code, Municipality.name).where(Municipality.code.in_(service.municipalities))
    )
    names = dict(rows.tuples().all())
    return [f"{names.get(code, '?')} ({code})" for code in service.municipalities]


def render(service: Service, form: dict[str, Any], errors: dict[str, str], unsaved: dict[str, Any]) -> str:
    """The service form with values, errors, B1 hints and (after a conflict) the unsaved input."""
    needs = db.session.scalars(select(Need).order_by(Need.name))
    return render_template(
        "admin/service_form.html",
        service=service,
        form=form,
        errors=errors,
        hints=hints_for(form),
        unsaved=unsaved,
        labels=SERVICE_FIELDS,
        version=ENTITY.version(service),
        need_options=[(n.id, n.name) for n in needs],
        area_text="landelijk" if service.national else ", ".join(area_names(service)),
    )


@bp.get("/services/<key>")
@login_required("editor")
def edit_service(key: str) -> Any:
    """The edit form of one service."""
    service = load_or_404(ENTITY, key)
    return render(service, form_text(ENTITY.snapshot(service)), {}, {})


@bp.post("/services/<key>")
@login_required("editor")
def save_service(key: str) -> Any:
    """Validate and save a service."""
    service = load_or_404(ENTITY, key)
    parsed = parse_service(request.form)
    if parsed.errors:
        return render(service, raw_form(request.form, ("needs",)), parsed.errors, {}), 400
    return save_and_redirect(ENTITY, service, key, parsed.values, render)


def area_form(service: Service) -> dict[str, Any]:
    """The area form's fields from the database."""
    if service.national:
        return {"scope": "national", "codes": ""}
    return {"scope": "local", "codes": "\n".join(service.municipalities)}


def render_area(service: Service, form: dict[str, Any], errors: dict[str, str], _unsaved: Any = None) -> str:
    """The service-area form."""
    return render_template(
        "admin/area_form.html", service=service, form=form, errors=errors,
        names=area_names(service), version=AREA.version(service),
    )  # fmt: skip


@bp.get("/services/<key>/area")
@login_required("editor")
def edit_area(key: str) -> Any:
    """The service-area form: national, or a list of GM codes."""
    service = load_or_404(AREA, key)
    return render_area(service, area_form(service), {})


@bp.post("/services/<key>/area")
@login_required("editor")
def save_area(key: str) -> Any:
    """Validate and save a service area (unknown GM codes are refused)."""
    service = load_or_404(AREA, key)
    parsed = parse_area(request.form)
    if parsed.errors:
        return render_area(service, raw_form(request.form), parsed.errors), 400
    return save_and_redirect(AREA, service, key, parsed.values, render_area, area_form)
