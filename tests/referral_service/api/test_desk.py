"""Every municipality's own desk: GET /api/v1/municipalities/<code>/desk and the hand-off that names it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from referral_service.extensions import db
from referral_service.models import Municipality, MunicipalityDesk

ALWAYS = [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "00:00", "closes": "24:00"}]


def test_desk_of_a_municipality(client: Any) -> None:
    response = client.get("/api/v1/municipalities/GM0090/desk")
    assert response.status_code == 200
    assert response.get_json() == {
        "name": "Gemeente Smallingerland",
        "code": "GM0090",
        "phone": "0512 58 12 34",
        "email": "gemeente@smallingerland.nl",
        "website": "https://www.smallingerland.nl",
        "visit_address": "Gauke Boelensstraat 2, 9203 RM Drachten",
        "appointment_url": "https://smallingerland.nl/afspraak_maken#select/",
        "opening_hours": [],
        "verified": "2026-03-22",
        "hours_text": None,
        "open_now": None,
    }


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/municipalities/GM9999/desk", 404), ("/api/v1/municipalities/gm0090/desk", 400)],
)
def test_desk_errors(client: Any, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_desk_is_in_the_openapi_document(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/municipalities/{code}/desk"]["get"]
    assert set(operation["responses"]) == {"200", "400", "404"}
    assert "appointment_url" in document["components"]["schemas"]["Desk"]["required"]


@pytest.fixture
def desk_app(empty_app: Flask) -> Flask:
    """Two municipalities with a desk from the register: one with hours an admin set, one without."""
    db.session.add(Municipality(code="GM0307", name="Amersfoort", province="Utrecht", province_code="PV26"))
    db.session.add(Municipality(code="GM0014", name="Groningen", province="Groningen", province_code="PV20"))
    db.session.add(MunicipalityDesk(code="GM0307", phone="14 033", website="https://www.amersfoort.nl",
                                    opening_hours=ALWAYS))  # fmt: skip
    db.session.add(MunicipalityDesk(code="GM0014", phone="14 050", website="https://gemeente.groningen.nl"))
    db.session.commit()
    empty_app.config["CENTRAL_LINE"] = None  # the desk is named when no central line is configured
    return empty_app


def test_handoff_names_number_site_hours_and_open_now(desk_app: Flask) -> None:
    body = desk_app.test_client().get("/api/v1/handoff?municipality=GM0307").get_json()
    assert body["contact"] | {"opening_hours": None} == {
        "kind": "municipality",
        "name": "Gemeente Amersfoort",
        "phone": "14 033",
        "url": "https://www.amersfoort.nl",
        "hours_text": "dag en nacht",
        "opening_hours": None,
        "open_now": True,
        "municipality_code": "GM0307",
    }
    assert body["messages"] == [
        {
            "text": "Wilt u iemand spreken? Bel Gemeente Amersfoort: 14 033. Of kijk op https://www.amersfoort.nl. "
            "Bereikbaar: dag en nacht. Er is nu iemand bereikbaar."
        }
    ]


def test_handoff_says_no_hours_when_none_are_known(desk_app: Flask) -> None:
    body = desk_app.test_client().get("/api/v1/handoff?municipality=GM0014").get_json()
    assert (body["contact"]["hours_text"], body["contact"]["open_now"]) == (None, None)
    text = body["messages"][0]["text"]
    assert text == "Wilt u iemand spreken? Bel Gemeente Groningen: 14 050. Of kijk op https://gemeente.groningen.nl."
    assert "Openingstijden" not in text
    assert "bekend" not in text
