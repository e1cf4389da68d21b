"""Audit log (/admin/audit), per-entity history and restoring an earlier version."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ..auth import login_required
from ..catalogue.form_text import hours_text
from ..extensions import db
from ..models import AuditEntry
from . import bp
from .changes import CONFLICT, ConflictError, SaveError, decode, history, restore
from .editing import load_or_404, username
from .entities import ENTITIES, Entity

PAGE_SIZE = 200


def entity_or_404(kind: str) -> Entity:
    """The entity type, or 404."""
    if kind not in ENTITIES:
        abort(404)
    return ENTITIES[kind]


def shown(text: str | None) -> str:
    """An audit value as readable text."""
    value = decode(text)
    if value is None or value == "":
        return "(leeg)"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return hours_text(value)
        return ", ".join(str(v) for v in value) or "(leeg)"
    return str(value)


@bp.app_template_filter("audit_value")
def audit_value(text: str | None) -> str:
    """Template filter: an audit value as readable text."""
    return shown(text)


@bp.get("/audit")
@login_required("editor")
def audit() -> str:
    """The latest changes, optionally for one entity type and key."""
    kind = request.args.get("entity_type", "")
    key = request.args.get("entity_key", "").strip()[:200]
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(PAGE_SIZE)
    if kind in ENTITIES:
        stmt = stmt.where(AuditEntry.entity_type == kind)
    if key:
        stmt = stmt.where(AuditEntry.entity_key == key)
    entries = db.session.scalars(stmt).all()
    return render_template("admin/audit.html", entries=entries, kind=kind, key=key, entities=ENTITIES)


@bp.get("/history/<kind>/<key>", endpoint="history")
@login_required("editor")
def history_page(kind: str, key: str) -> str:
    """Every version of one entity, newest first, each with 'Zet deze versie terug'."""
    entity = entity_or_404(kind)
    obj = load_or_404(entity, key)
    versions = history(kind, key)
    return render_template(
        "admin/history.html", entity=entity, key=key, versions=list(reversed(versions)),
        version=entity.version(obj), edit_url=url_for(entity.endpoint, key=key),
    )  # fmt: skip


@bp.post("/history/<kind>/<key>/restore")
@login_required("editor")
def restore_version(kind: str, key: str) -> Any:
    """Put an earlier version back as a new, audited change."""
    entity = entity_or_404(kind)
    obj = load_or_404(entity, key)
    try:
        change = restore(entity, obj, key, request.form.get("change_id", ""), request.form.get("version", ""),
                         username())  # fmt: skip
    except KeyError:
        abort(404)
    except ConflictError:
        db.session.rollback()
        flash(CONFLICT, "error")
        return redirect(url_for("admin.history", kind=kind, key=key))
    except SaveError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.history", kind=kind, key=key))
    flash("De versie is teruggezet." if change else "Deze versie is al de huidige.", "success")
    return redirect(url_for("admin.history", kind=kind, key=key))
