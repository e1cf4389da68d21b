"""Resident chat widget and its demo host page.

The widget is plain JS + CSS served from this blueprint, so a municipality can
embed it with one script tag and no build step. The app registers this
blueprint with ``from .chat import bp``; the intended prefix is ``/chat``
(the demo page embeds ``/chat/widget.js``), but ``url_for`` keeps it working
under any prefix. The crisis lines in the widget and on the demo page come from
``bot/crisis/lines.yml`` (through ``lookup.crisis``), written in when served, and
so do the message length limit and its hint (``limits.py``).

The demo page plays a municipality's own site with ``?gemeente=GM0307``: its
header names that municipality and its script tag carries ``data-municipality``.
"""

import re

from flask import Blueprint, Response, current_app, make_response, render_template, request, send_from_directory

from ..extensions import db
from ..lookup.crisis import HELPLINES, TEXTS
from ..models import Municipality
from .limits import MAX_LENGTH, TOO_LONG

bp = Blueprint(
    "chat",
    __name__,
    url_prefix="/chat",
    static_folder="static",
    template_folder="templates",
)

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
SITE_CODE = re.compile(r"GM\d{4}")


def site_municipality(code: str | None) -> Municipality | None:
    """The municipality whose site the demo page plays (?gemeente=GM0307), when the code is known."""
    code = (code or "").strip().upper()
    # Without a database (a host app with only this blueprint) the page stays "Gemeente Voorbeeld".
    if not SITE_CODE.fullmatch(code) or "sqlalchemy" not in current_app.extensions:
        return None
    return db.session.get(Municipality, code)


@bp.route("/")
def demo() -> str:
    """Demo host page: a plain municipal website with the widget embedded."""
    rasa_url = current_app.config.get("RASA_PUBLIC_URL", DEFAULT_RASA_URL)
    municipality = site_municipality(request.args.get("gemeente"))
    return render_template("chat/demo.html", rasa_url=rasa_url, lines=HELPLINES.services(), municipality=municipality)


@bp.route("/widget.js")
def widget_js() -> Response:
    # Served at a stable path (not /static/...) so the embed snippet never changes.
    response = make_response(
        render_template("chat/widget.js", crisis_lines=TEXTS["widget"], max_length=MAX_LENGTH, too_long=TOO_LONG)
    )
    response.mimetype = "application/javascript"
    # Rendered, not a file: the ETag lets a browser revalidate its copy as it did for the static file.
    response.add_etag()
    response.make_conditional(request)
    return _shared(response)


@bp.route("/widget.css")
def widget_css() -> Response:
    assert bp.static_folder is not None  # set in the Blueprint() call above
    return _shared(send_from_directory(bp.static_folder, "widget.css", mimetype="text/css"))


def _shared(response: Response) -> Response:
    # Host pages on other origins load these files; allow that explicitly.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.max_age = 300
    return response
