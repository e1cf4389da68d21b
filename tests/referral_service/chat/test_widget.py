"""The chat widget and its demo page take the crisis lines from bot/crisis/lines.yml when served."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from referral_service.chat import bp
from referral_service.lookup.crisis import TEXTS

from ..conftest import REPO

TEMPLATES = REPO / "referral_service" / "chat" / "templates" / "chat"
# Crisis numbers as written in Dutch texts.
NUMBER = re.compile(r"\b(?:11[23]|0800-\d{4})\b")


@pytest.fixture
def chat() -> FlaskClient:
    app = Flask(__name__)
    app.register_blueprint(bp)
    return app.test_client()


def test_the_widget_gets_the_lines_of_lines_yml(chat: FlaskClient) -> None:
    script = chat.get("/chat/widget.js").get_data(as_text=True)
    written = re.search(r"^  var CRISIS = (\{.*\});$", script, re.MULTILINE)
    assert written, "widget.js has no crisis lines"
    assert json.loads(written[1]) == TEXTS["widget"]
    assert "Bel Veilig Thuis: 0800-2000." in TEXTS["widget"]["violence"]


def test_the_widget_is_revalidated_by_its_etag(chat: FlaskClient) -> None:
    first = chat.get("/chat/widget.js")
    again = chat.get("/chat/widget.js", headers={"If-None-Match": first.headers["ETag"]})
    assert (first.status_code, again.status_code) == (200, 304)
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_the_demo_page_gives_the_lines_of_lines_yml(chat: FlaskClient) -> None:
    page = chat.get("/chat/").get_data(as_text=True)
    assert "<strong>Bij nood: bel 112.</strong> Denkt u aan zelfdoding? Bel 113 of gratis 0800-0113." in page


@pytest.mark.parametrize("name", ["widget.js", "demo.html"])
def test_the_templates_write_no_crisis_number_themselves(name: str) -> None:
    # Comments may name numbers (the link pattern explains itself); texts must not.
    code = [line for line in (TEMPLATES / name).read_text().splitlines() if not line.lstrip().startswith(("//", "*"))]
    strings = re.findall(r'"[^"\n]*"|>[^<]+<', "\n".join(code))
    assert [s for s in strings if NUMBER.search(s)] == []
