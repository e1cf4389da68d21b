"""Staff lookup page (/staff) for the central phone line; its API is POST /api/v1/lookup.

Keyboard-first: the question box has focus, Enter searches. The page is plain
Jinja plus a small vanilla script (no CDN); it needs a login of role staff or
higher (referral_service.auth).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from sqlalchemy import select

from ..auth import init_auth, login_required
from ..extensions import db
from ..models import Need
from .service import home_municipality
from .validation import MAX_PLACE, MAX_QUESTION

bp = Blueprint(
    "lookup",
    __name__,
    url_prefix="/staff",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


@bp.record_once
def _install_auth(state: BlueprintSetupState) -> None:
    # The admin blueprint installs auth too; init_auth is idempotent, and /staff must never run without it.
    init_auth(state.app)


@bp.get("/")
@login_required("staff")
def page() -> str:
    """The lookup page, with every need for the manual choice."""
    return _render({"question": "", "place": "", "need": ""})


@bp.post("/")
@login_required("staff")
def page_kept() -> str:
    """The page again with what was typed, when the form was sent before staff.js ran.

    The form posts (never GET) so the caller's question stays out of the URL and the
    browser history; staff.js then runs the search the staff member asked for.
    """
    return _render(
        {
            "question": request.form.get("question", "").strip()[:MAX_QUESTION],
            "place": request.form.get("place", "").strip()[:MAX_PLACE],
            "need": request.form.get("need", ""),
        }
    )


def _render(kept: dict[str, str]) -> str:
    needs = db.session.execute(select(Need.id, Need.name).order_by(Need.name)).tuples().all()
    return render_template(
        "lookup/staff.html",
        needs=needs,
        api_url=url_for("api.lookup"),
        kept=kept,
        max_question=MAX_QUESTION,
        max_place=MAX_PLACE,
        home=home_municipality(),
    )


from . import api  # noqa: E402,F401  (registers POST /api/v1/lookup on the API blueprint)
