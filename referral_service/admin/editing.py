"""Shared steps of the edit views: load or 404, save with conflict handling, hints, raw form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from ..auth import current_user
from ..catalogue.registry import RESIDENT_TEXTS
from ..extensions import db
from .b1 import b1_hints
from .changes import CONFLICT, ConflictError, SaveError, save
from .entities import Entity
from .forms import form_text

Render = Callable[..., Any]


def load_or_404(entity: Entity, key: str) -> Any:
    """The entity with this natural key, or 404."""
    obj = entity.load(key)
    if obj is None:
        abort(404)
    return obj


def raw_form(form: MultiDict[str, str], list_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """The submitted form as a plain dict (lists for checkbox fields), to show it again."""
    raw: dict[str, Any] = {k: form.get(k, "") for k in form}
    raw.update({k: form.getlist(k) for k in list_fields})
    return raw


def hints_for(form: dict[str, Any]) -> dict[str, list[str]]:
    """B1 hints for every resident text in the form."""
    return {name: b1_hints(str(form.get(name) or "")) for name in RESIDENT_TEXTS if name in form}


def unsaved(entity: Entity, typed: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """What the editor typed that differs from the newer version (shown after a conflict)."""
    fields = entity.fields.items()
    return {label: typed[name] for name, label in fields if name in typed and typed[name] != fresh.get(name)}


def username() -> str:
    """The logged-in user's name (views are behind login_required)."""
    user = current_user()
    assert user is not None
    return user.username


def save_and_redirect(
    entity: Entity, obj: Any, key: str, values: dict[str, Any], render: Render, to_form: Render | None = None
) -> Any:
    """Save; on a conflict show the newer version with a Dutch message and do not save."""
    typed = raw_form(request.form, tuple(k for k, v in values.items() if isinstance(v, list)))
    try:
        change = save(entity, obj, key, request.form.get("version", ""), values, username())
    except ConflictError:
        db.session.rollback()
        obj = load_or_404(entity, key)
        fresh = to_form(obj) if to_form else form_text(entity.snapshot(obj))
        flash(CONFLICT, "error")
        return render(obj, fresh, {}, unsaved(entity, typed, fresh)), 409
    except SaveError as exc:
        flash(str(exc), "error")
        return render(load_or_404(entity, key), typed, {}, {}), 400
    flash(
        "Opgeslagen. De chat en het opzoeken tonen de wijziging meteen." if change else "Er was niets gewijzigd.",
        "success",
    )
    return redirect(url_for(entity.endpoint, key=key))
