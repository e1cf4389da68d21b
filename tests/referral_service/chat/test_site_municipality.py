"""A municipality's own site (?gemeente=, data-municipality), the length limit and forget in the widget."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from referral_service.chat import bp
from referral_service.chat.limits import MAX_LENGTH, TOO_LONG

SCRIPT_TAG = re.compile(r"<script src=\"[^\"]*widget\.js\"[^>]*>", re.S)


def script_tag(page: str) -> str:
    found = SCRIPT_TAG.search(page)
    assert found, "the demo page embeds no widget"
    return found[0]


@pytest.mark.parametrize("query", ["GM0307", "gm0307", " GM0307 "])
def test_the_demo_page_plays_the_named_municipalitys_site(loaded_app: Flask, query: str) -> None:
    page = loaded_app.test_client().get("/chat/", query_string={"gemeente": query}).get_data(as_text=True)
    assert "<title>Steunwijzer – Gemeente Amersfoort</title>" in page
    assert ">Gemeente Amersfoort<span>Voorbeeldpagina</span></a>" in page
    assert 'data-municipality="GM0307"' in script_tag(page)
    assert "Gemeente Voorbeeld" not in page


@pytest.mark.parametrize("query", [None, "", "GM9999", "Amersfoort", "GM030", "GM0307<script>", "0307"])
def test_without_a_known_code_the_demo_page_is_the_example_municipality(loaded_app: Flask, query: str | None) -> None:
    args = {"gemeente": query} if query is not None else {}
    page = loaded_app.test_client().get("/chat/", query_string=args).get_data(as_text=True)
    assert "<title>Steunwijzer – Gemeente Voorbeeld</title>" in page
    assert "data-municipality" not in page
    assert "<script>" not in page.split("<body>")[1].replace(script_tag(page), "")


def test_a_host_app_without_a_database_still_serves_the_demo_page() -> None:
    app = Flask(__name__)
    app.register_blueprint(bp)
    page = app.test_client().get("/chat/?gemeente=GM0307").get_data(as_text=True)
    assert "Gemeente Voorbeeld" in page
    assert "data-municipality" not in page


def test_the_widget_gets_the_limit_and_its_hint(loaded_app: Flask) -> None:
    script = loaded_app.test_client().get("/chat/widget.js").get_data(as_text=True)
    assert f"maxLength: {MAX_LENGTH}\n" in script
    assert f'tooLong: "{TOO_LONG}",' in script
    assert str(MAX_LENGTH) in TOO_LONG


def test_the_widget_sends_the_site_code_and_deletes_the_conversation(loaded_app: Flask) -> None:
    script = loaded_app.test_client().get("/chat/widget.js").get_data(as_text=True)
    assert 'attr(script, "data-municipality")' in script
    assert "body.metadata = { municipality: CONFIG.municipality }" in script
    assert '"/webhooks/rest/forget"' in script
    assert 'window.addEventListener("pagehide", leavePage)' in script
    assert 'ui.closeBtn.addEventListener("click", endChat)' in script
