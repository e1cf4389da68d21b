"""Admin overview (/admin): what is in the database and when it was last verified."""

from __future__ import annotations

from flask import Blueprint, render_template_string
from sqlalchemy import func, select

from ..extensions import db
from ..models import DataVersion, Municipality, Need, Scheme, Service

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Steunwijzer - beheer</title></head>
<body><main><h1>Beheer</h1>
<p>Laatst geladen: {{ loaded or "nog niet" }} &middot; {{ municipalities }} gemeenten</p>
<h2>Regelingen</h2><table><tr><th>id</th><th>naam</th><th>status</th><th>gecontroleerd</th></tr>
{% for s in schemes %}
<tr><td>{{ s.id }}</td><td>{{ s.name }}</td><td>{{ s.status }}</td><td>{{ s.last_verified or "" }}</td></tr>
{% endfor %}
</table><h2>Onderwerpen</h2><ul>{% for n in needs %}<li>{{ n.id }}: {{ n.name }}</li>{% endfor %}</ul>
<h2>Diensten</h2><table><tr><th>id</th><th>naam</th><th>telefoon</th><th>gebied</th></tr>
{% for s in services %}
<tr><td>{{ s.id }}</td><td>{{ s.name }}</td><td>{{ s.phone or "" }}</td>
<td>{{ "landelijk" if s.national else s.source_file }}</td></tr>{% endfor %}
</table></main></body></html>"""


@bp.get("/")
def overview() -> str:
    """Read-only overview of schemes, needs and services."""
    version = db.session.get(DataVersion, 1)
    return render_template_string(
        PAGE,
        loaded=version.loaded_at if version else None,
        municipalities=db.session.scalar(select(func.count()).select_from(Municipality)),
        schemes=db.session.scalars(select(Scheme).order_by(Scheme.id)).all(),
        needs=db.session.scalars(select(Need).order_by(Need.id)).all(),
        services=db.session.scalars(select(Service).order_by(Service.id)).all(),
    )
