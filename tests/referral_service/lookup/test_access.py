"""Login, roles and CSRF for /staff and POST /api/v1/lookup."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from .conftest import logged_in

BODY = {"question": "Kan ik nog Tozo aanvragen?", "place": None}


def test_page_redirects_to_login_without_session(lookup_app: Flask) -> None:
    response = lookup_app.test_client().get("/staff/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert "next=/staff/" in response.headers["Location"]


def test_api_answers_401_without_session(lookup_app: Flask) -> None:
    response = lookup_app.test_client().post("/api/v1/lookup", json=BODY)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_api_redirects_a_form_post_without_session(lookup_app: Flask) -> None:
    response = lookup_app.test_client().post("/api/v1/lookup", data={"question": "x"})
    assert response.status_code == 302


def test_api_answers_401_to_any_client_without_session(lookup_app: Flask) -> None:
    # curl and HTTP libraries accept */*: under /api/ that is JSON, whatever the body (the OpenAPI contract).
    response = lookup_app.test_client().post("/api/v1/lookup", data="x", headers={"Accept": "*/*"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("username", ["balie", "redactie", "beheer"])
def test_staff_and_higher_roles_may_look_up(lookup_app: Flask, rasa: Any, username: str) -> None:
    client = logged_in(lookup_app, username)
    assert client.get("/staff/").status_code == 200
    response = client.post("/api/v1/lookup", json=BODY, headers={"X-CSRF-Token": client.csrf})
    assert response.status_code == 200


def test_api_needs_the_csrf_header(staff: Any, rasa: Any) -> None:
    assert staff.post("/api/v1/lookup", json=BODY).status_code == 400
    wrong = staff.post("/api/v1/lookup", json=BODY, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["code"] == "csrf"
    assert rasa.calls == [], "nothing is looked up without the token"


def test_page_is_keyboard_first_and_carries_the_csrf_token(staff: Any) -> None:
    html = staff.get("/staff/").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert f'<meta name="csrf-token" content="{staff.csrf}">' in html
    assert 'id="question"' in html
    assert "autofocus" in html
    assert '<label for="place">Gemeente, woonplaats of postcode (optioneel)</label>' in html
    assert 'data-api="/api/v1/lookup"' in html
    assert '<option value="tozo">' in html
    assert 'role="alert"' in html
    assert 'role="status"' in html
    assert "Vraagherkenning is nu niet beschikbaar. Kies het onderwerp zelf." in html
    assert "https://" not in html, "no CDN"


def test_static_files_are_served(staff: Any) -> None:
    for name, marker in (("staff.js", "navigator.clipboard"), ("staff.css", ".lk-crisis")):
        with staff.get(f"/staff/static/{name}") as response:
            assert marker in response.get_data(as_text=True)


def test_form_posts_so_the_question_never_lands_in_the_url(staff: Any) -> None:
    html = staff.get("/staff/").get_data(as_text=True)
    assert 'method="post" action="/staff/"' in html
    assert f'<input type="hidden" name="csrf_token" value="{staff.csrf}">' in html
    assert "data-resubmit" not in html


def test_a_form_post_keeps_what_was_typed_for_the_script_to_search(staff: Any, rasa: Any) -> None:
    form = {"csrf_token": staff.csrf, "question": ' Tozo "terug" <betalen> ', "place": "Drachten", "need": "tozo"}
    html = staff.post("/staff/", data=form).get_data(as_text=True)
    assert 'value="Tozo &#34;terug&#34; &lt;betalen&gt;"' in html
    assert 'value="Drachten"' in html
    assert '<option value="tozo" selected>' in html
    assert 'data-resubmit="1"' in html
    assert "Uw vraag is bewaard." in html
    assert rasa.calls == [], "the page only keeps the question; staff.js searches"


def test_a_form_post_cuts_the_boxes_to_their_maxlength(staff: Any) -> None:
    form = {"csrf_token": staff.csrf, "question": "x" * 600, "place": "y" * 300}
    html = staff.post("/staff/", data=form).get_data(as_text=True)
    assert f'value="{"x" * 500}"' in html
    assert f'value="{"y" * 200}"' in html
    assert 'id="question" name="question" type="text" maxlength="500"' in html
    assert 'id="place" name="place" type="text" maxlength="200"' in html


def test_a_form_post_needs_the_csrf_token(staff: Any) -> None:
    response = staff.post("/staff/", data={"question": "Kan ik nog Tozo aanvragen?"})
    assert response.status_code == 400
    assert "Tozo" not in response.get_data(as_text=True)
