"""Staff lookup (/staff): the answer and triage the bot would give, for staff on the phone."""

from __future__ import annotations

import logging
from typing import Any

import requests
from flask import Blueprint, current_app, jsonify, render_template_string

from ..api.routes import build_answer
from ..errors import bad_request, query_text
from ..extensions import db
from ..resolve import resolve

bp = Blueprint("lookup", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Steunwijzer - opzoeken</title></head>
<body><main><h1>Opzoeken voor medewerkers</h1>
<form action="{{ url_for('lookup.lookup') }}" method="get">
<label for="q">Vraag van de inwoner</label> <input id="q" name="q" maxlength="200" required>
<label for="need">of onderwerp</label> <input id="need" name="need" maxlength="64">
<label for="municipality">Gemeente of postcode</label> <input id="municipality" name="place" maxlength="200">
<button type="submit">Zoeken</button></form></main></body></html>"""


@bp.get("/")
def page() -> str:
    """The lookup form."""
    return render_template_string(PAGE)


def classify(text: str) -> str | None:
    """Ask Rasa's /model/parse for the intent; None when Rasa is unreachable."""
    params = {"token": current_app.config["RASA_TOKEN"]} if current_app.config.get("RASA_TOKEN") else {}
    try:
        reply = requests.post(
            f"{current_app.config['RASA_URL']}/model/parse", json={"text": text}, params=params, timeout=5
        )
        reply.raise_for_status()
        intent: str | None = reply.json().get("intent", {}).get("name")
        return intent
    except (requests.RequestException, ValueError):
        # Never log the text itself: it may hold personal data.
        log.warning("Rasa parse unavailable for the staff lookup")
        return None


@bp.get("/lookup")
def lookup() -> Any:
    """JSON: the need (given or classified by Rasa), the bot's messages and the triage."""
    q = query_text("q")
    need = query_text("need", max_length=64) or (classify(q) if q else None)
    if not need:
        raise bad_request("give 'need', or 'q' with Rasa reachable to classify it")
    place_text = query_text("place") or q
    index = current_app.extensions["resolver_index"].get(db.session)
    place = resolve(index, place_text).place if place_text else None
    answer = build_answer(need, place.code if place else None)
    return jsonify({"query": q, "messages": answer["messages"], "triage": answer["triage"]})
