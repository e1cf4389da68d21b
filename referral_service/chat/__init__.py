"""Resident chat widget and its demo host page.

The widget is plain JS + CSS served from this blueprint, so a municipality can
embed it with one script tag and no build step. The app registers this
blueprint with ``from .chat import bp``; the intended prefix is ``/chat``
(the demo page embeds ``/chat/widget.js``), but ``url_for`` keeps it working
under any prefix. The crisis lines in the widget and on the demo page come from
``bot/crisis/lines.yml`` (through ``lookup.crisis``), written in when served.
"""

from flask import Blueprint, Response, current_app, make_response, render_template, request, send_from_directory

from ..lookup.crisis import HELPLINES, TEXTS

bp = Blueprint(
    "chat",
    __name__,
    url_prefix="/chat",
    static_folder="static",
    template_folder="templates",
)

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


@bp.route("/")
def demo() -> str:
    """Demo host page: a plain municipal website with the widget embedded."""
    rasa_url = current_app.config.get("RASA_PUBLIC_URL", DEFAULT_RASA_URL)
    return render_template("chat/demo.html", rasa_url=rasa_url, lines=HELPLINES.services())


@bp.route("/widget.js")
def widget_js() -> Response:
    # Served at a stable path (not /static/...) so the embed snippet never changes.
    response = make_response(render_template("chat/widget.js", crisis_lines=TEXTS["widget"]))
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
